"""The board pack as the secretary makes it and councillors read it: create the pack, write
the chair's introduction, compile, read the PDF, publish; a councillor downloads it; a young
person does not find it."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from cpboard import roles
from cpboard.quarters import FinancialQuarter

pytestmark = pytest.mark.browser

INTRODUCTION = "Welcome to this quarter's pack. Please read the health exceptions first."


def _text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_secretary_compiles_and_publishes_the_pack_a_councillor_downloads_it(
    demo_site, portal_as, tasks_answered, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The demo holds the draft pack for the last quarter (load_demo_reports); the secretary
    # makes the one for the quarter before.
    quarter = str(FinancialQuarter.current().previous().previous())
    secretary = portal_as(roles.BOARD_SECRETARY)

    secretary.follow_navigation("Reports")
    secretary.follow_link("Create a report")
    secretary.page.get_by_label("Quarterly board pack").check()
    secretary.fill("Quarter (board packs)", quarter)
    secretary.page.get_by_label("Board only (restricted)").check()
    secretary.press_button("Create report")
    expect(secretary.heading).to_have_text(f"Board pack {quarter}")

    secretary.follow_link(re.compile(r"^Write chair's introduction"))
    secretary.fill("Chair's introduction", INTRODUCTION)
    secretary.press_button("Save section")
    expect(secretary.success_banner).to_contain_text("Chair's introduction: saved.")

    # In-process (the demo) the pack is compiled by the time the page comes back: some ten
    # seconds for its 23 pages, more on a busy machine; through a worker the page shows the
    # run's progress and reloads itself when it has finished.
    secretary.press_button("Compile", timeout=120_000)
    expect(secretary.success_banner).to_contain_text(
        re.compile("compiled: check the PDF|is compiling. This page shows its progress")
    )
    expect(secretary.summary_value("Status")).to_have_text("Ready to publish", timeout=90_000)
    with secretary.page.expect_download() as download:
        secretary.follow_link(re.compile(r"^Download version 1 \(PDF\)"))
    saved = tmp_path / "pack.pdf"
    download.value.save_as(saved)
    text = _text(saved)
    assert INTRODUCTION in text
    assert "Performance scorecard" in text

    secretary.press_button("Publish the latest version")
    expect(secretary.success_banner).to_contain_text("version 1 published")
    pack_url = secretary.page.url

    councillor = portal_as(roles.COUNCILLOR)
    councillor.follow_navigation("Reports")
    councillor.follow_link(f"Board pack {quarter}")
    with councillor.page.expect_download() as download:
        councillor.follow_link(re.compile(r"^Download version 1 \(PDF\)"))
    assert (
        download.value.suggested_filename
        == f"board-pack-{quarter.lower().replace(' ', '-')}-v1.pdf"
    )

    young = portal_as(roles.YOUNG_PERSON)
    young.follow_navigation("Reports")
    expect(young.main).not_to_contain_text(f"Board pack {quarter}")
    answer = young.page.goto(pack_url)
    assert answer.status == 404
