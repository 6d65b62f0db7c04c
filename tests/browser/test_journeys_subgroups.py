"""The Board's journeys through the real pages: the secretary runs next quarter's Board
meeting from arranging it to closing an action; a young person reads "You said, we did"."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from subgroups.demo import YOU_SAID, load_demo_meetings, minimal_pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def meetings_site(board_site) -> str:
    """The live server with the demo's members, meetings and "You said, we did"."""
    load_demo_meetings()
    return board_site


def test_secretary_runs_next_quarters_board_meeting_from_agenda_to_closed_action(
    meetings_site, portal_as, tmp_path
):
    day = FinancialQuarter.current().next().start + datetime.timedelta(days=60)
    paper = tmp_path / "Looked-after children sufficiency.pdf"
    paper.write_bytes(minimal_pdf("Sufficiency", ["A paper for the Board"]))
    portal = portal_as(roles.BOARD_SECRETARY)

    # Arrange the meeting: the standing items are on the agenda at once.
    portal.follow_navigation("Meetings")
    portal.follow_link("Arrange a meeting")
    portal.fill("Date", day.strftime("%d/%m/%Y"))
    portal.fill("Start time", "18:00")
    portal.fill("Place", "Civic Centre, Council Chamber")
    portal.press_button("Arrange meeting")
    expect(portal.success_banner).to_contain_text("standing items")
    expect(portal.heading).to_have_text(f"Meeting on {day.day} {day:%B %Y}")
    expect(
        portal.main.get_by_role("heading", name="1. Voice of children and young people")
    ).to_be_visible()

    # Build the agenda: an item with a paper.
    portal.follow_link("Add an agenda item")
    portal.fill("Title", "Sufficiency strategy refresh")
    portal.fill("Presenter", "Head of Commissioning")
    portal.page.get_by_label("Paper", exact=True).set_input_files(paper)
    portal.press_button("Save item")
    expect(portal.success_banner).to_contain_text("Sufficiency strategy refresh")
    expect(portal.main.get_by_role("link", name=re.compile("Download the paper"))).to_have_text(
        "Download the paper: Looked-after children sufficiency.pdf"
    )

    # Record attendance: everyone present, so the meeting is quorate.
    portal.follow_link("Record attendance")
    for radio in portal.main.get_by_role("radio", name="Present").all():
        radio.check()
    portal.press_button("Save attendance")
    expect(portal.success_banner).to_contain_text("Attendance saved")
    expect(portal.main.locator("#attendance ~ p .govuk-tag").first).to_have_text("Quorate")

    # Minutes and decisions of the first item.
    portal.follow_link("Write minutes")
    portal.fill(
        "Minutes of item 1: Voice of children and young people",
        "The children in care council asked for more say in their reviews.",
    )
    portal.fill("Decisions of item 1", "Invite the council to the next review workshop.")
    portal.press_button("Save minutes")
    expect(portal.main).to_contain_text("asked for more say in their reviews")

    # Raise an action, then close it.
    portal.follow_link("Add an action")
    portal.fill("Description", "Book the review workshop with the children in care council")
    portal.page.get_by_label("Owner", exact=True).select_option(label="Daniel Okafor")
    portal.fill("Due", (day + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
    portal.press_button("Save action")
    expect(portal.success_banner).to_contain_text("Action added")
    portal.follow_link("Book the review workshop with the children in care council")
    portal.page.get_by_role("radio", name="Closed").check()
    portal.fill("Update", "Booked for the spring half-term.")
    portal.page.get_by_label("Closed at meeting", exact=True).select_option(
        label=f"Corporate Parenting Board, {day.day} {day:%B %Y}"
    )
    portal.press_button("Save update")
    expect(portal.success_banner).to_contain_text("Closed")
    row = portal.main.get_by_role("row").filter(has_text="Book the review workshop")
    expect(row).to_contain_text("Closed")


def test_young_person_reads_what_the_board_did_with_what_young_people_said(
    meetings_site, portal_as
):
    portal = portal_as(roles.YOUNG_PERSON)

    portal.follow_navigation("You said, we did")

    expect(portal.heading).to_have_text("You said, we did")
    _, _, said, did, *_ = YOU_SAID[0]
    entry = portal.main.locator(".cpb-you-said").filter(has_text=said)
    expect(entry).to_contain_text(did)
    expect(entry.locator(".govuk-tag")).to_have_text("Done")
    expect(
        portal.main.get_by_role("heading", name="What we told you after each Board meeting")
    ).to_be_visible()
