"""The board's year through the real pages: the secretary plans next quarter's Board meeting
from the work plan, arranges it, uploads its papers, sends the agenda pack, replaces a
paper and finds a new version of the whole pack listing the change; a young person gets
the public version."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpboard import roles
from subgroups.demo import paper_docx, paper_pdf, year_of_board_meetings

pytestmark = pytest.mark.browser


def test_secretary_plans_next_quarters_board_meeting_and_sends_its_agenda_pack(
    demo_site, portal_as, tasks_answered, tmp_path
):
    day = year_of_board_meetings(timezone.localdate())[1]
    when = f"{day.day} {day:%B %Y}"
    sufficiency = tmp_path / "sufficiency.pdf"
    sufficiency.write_bytes(paper_pdf("Sufficiency", [["SUFFICIENCY-V1"], ["Page two"]]))
    revised = tmp_path / "sufficiency-revised.pdf"
    revised.write_bytes(paper_pdf("Sufficiency", [["SUFFICIENCY-V2"]]))
    fostering = tmp_path / "fostering.docx"
    fostering.write_bytes(paper_docx("Fostering", ["The fostering service's year."]))
    portal = portal_as(roles.BOARD_SECRETARY)

    # The Board's work plan: next quarter's meeting is planned, with its theme.
    portal.follow_navigation("Meetings")
    portal.follow_link("Forward work plan")
    portal.follow_link("Corporate Parenting Board")
    expect(portal.heading).to_have_text("Forward work plan")
    planned = portal.main.locator("section").filter(
        has=portal.page.get_by_role("heading", name=re.compile(when))
    )
    expect(planned).to_contain_text("Placement sufficiency")
    expect(planned).to_contain_text("Not arranged yet")

    # Plan one more item: a report the officer owes.
    portal.follow_link(f"Plan an item for {when}", within=planned)
    portal.page.get_by_label("Report due from an officer").check()
    portal.fill("Title", "Fostering recruitment campaign: results")
    portal.page.get_by_label("Officer", exact=True).select_option(label="Daniel Okafor")
    portal.press_button("Save planned item")
    expect(portal.success_banner).to_contain_text("Fostering recruitment campaign")

    # Arrange the meeting from the plan: its planned items join the agenda.
    portal.follow_link(f"Arrange this meeting on {when}")
    expect(portal.page.get_by_label("Date", exact=True)).to_have_value(day.strftime("%d/%m/%Y"))
    portal.press_button("Arrange meeting")
    expect(portal.success_banner).to_contain_text("work plan's items (Placement sufficiency)")
    agenda = portal.main.locator(".cpb-agenda-item")
    expect(
        agenda.filter(has_text="Sufficiency strategy: homes for children in care")
    ).to_have_count(1)
    expect(agenda.filter(has_text="Fostering recruitment campaign: results")).to_have_count(1)

    # Upload two papers.
    for title, paper in (
        ("Sufficiency strategy: homes for children in care", sufficiency),
        ("Fostering recruitment campaign: results", fostering),
    ):
        item = agenda.filter(has_text=title)
        item.get_by_role("link", name=re.compile("^Change")).click()
        portal.page.get_by_label("Paper", exact=True).set_input_files(paper)
        portal.press_button("Save item")
        expect(portal.success_banner).to_contain_text(title)

    # Send the pack: version 1, members' and public.
    portal.follow_link("The agenda pack: the agenda and every paper in one PDF")
    # In-process (the demo) version 1 is sent by the time the page comes back; through a
    # worker the page says it is compiling, and shows the version once it is done.
    portal.press_button("Send the agenda pack", timeout=60_000)
    expect(portal.success_banner).to_contain_text(
        re.compile("Version 1 of the agenda pack sent|is compiling; it is sent when it is ready")
    )
    portal.refresh_until_shown(
        portal.main.get_by_role("link", name="Download version 1 (members' version), PDF")
    )
    with portal.page.expect_download() as download:
        portal.follow_link("Download version 1 (members' version), PDF")
    assert download.value.suggested_filename.endswith("-v1.pdf")

    # Replace a paper: a new version of the whole pack, listing the change.
    portal.follow_link("Back to the meeting")
    agenda.filter(has_text="Sufficiency strategy").get_by_role(
        "link", name=re.compile("^Change")
    ).click()
    portal.page.get_by_label("Paper", exact=True).set_input_files(revised)
    portal.press_button("Save item", timeout=60_000)
    portal.follow_link("The agenda pack: the agenda and every paper in one PDF")
    portal.refresh_until_shown(portal.main.get_by_role("heading", name=re.compile("Version 2")))
    latest = portal.main.locator(".cpb-pack-version").first
    expect(latest.get_by_role("heading")).to_contain_text("Version 2")
    expect(latest).to_contain_text("Paper replaced: sufficiency-revised.pdf (was sufficiency.pdf)")
    expect(portal.main.get_by_role("heading", name=re.compile("Version 1"))).to_contain_text(
        "Replaced"
    )

    # A young person finds the same pack, in its public version.
    young = portal_as(roles.YOUNG_PERSON)
    young.page.goto(portal.page.url)
    expect(young.main).to_contain_text("You get the public version")
    expect(young.main.get_by_role("link", name="Download version 2, PDF")).to_be_visible()
