"""The main journeys through the portal as they exist today, each through the real pages.

Compiling the board pack is still to come: its steps belong in tests/browser/portal.py
beside the ones used here."""

import re

import pytest
from playwright.sync_api import expect

from cpboard import roles
from performance.demo import KPIS, NOT_ENTERED
from performance.models import Unit
from strategy.demo import OUTCOMES
from subgroups.demo import SUBGROUPS

pytestmark = pytest.mark.browser

GROUP_NAMES = {slug: name for slug, name, *_ in SUBGROUPS}


def test_councillor_follows_an_outcome_from_the_home_page_to_its_lead_group(portal_as):
    number, title, lead_slug, _ = OUTCOMES[1]
    portal = portal_as(roles.COUNCILLOR)
    expect(portal.heading).to_have_text("Corporate Parenting Board")

    portal.follow_link(f"Outcome {number}: {title}")

    expect(portal.page).to_have_title(re.compile(rf"^Outcome {number} - "))
    expect(portal.heading).to_have_text(title)
    lead_group = portal.summary_value("Lead group")
    expect(lead_group).to_have_text(GROUP_NAMES[lead_slug])

    portal.follow_link(GROUP_NAMES[lead_slug], within=lead_group)

    expect(portal.page).to_have_url(re.compile(rf"/board/{lead_slug}/$"))
    expect(portal.heading).to_have_text(GROUP_NAMES[lead_slug])
    expect(portal.summary_value("Reports to")).to_have_text("Corporate Parenting Board")


def test_board_secretary_changes_an_outcome_and_sees_the_change_in_its_history(portal_as):
    number, title, *_ = OUTCOMES[2]
    description = "Every child has a plan for permanence by their second review."
    portal = portal_as(roles.BOARD_SECRETARY)

    portal.follow_navigation("Strategy")
    portal.follow_link(title)
    portal.follow_link(f"Change outcome {number}")
    expect(portal.heading).to_have_text(f"Change outcome {number}")
    portal.fill("Description", description)
    portal.press_button("Save changes")

    expect(portal.success_banner).to_contain_text(f"Outcome {number}: changes saved.")
    expect(portal.heading).to_have_text(title)
    expect(portal.main.get_by_role("paragraph").filter(has_text=description)).to_be_visible()
    latest = portal.change_history.first
    expect(latest).to_contain_text("Amira Begum")
    expect(latest.locator("dt")).to_have_text("Description")
    expect(latest.locator("ins")).to_have_text(description)


def test_administrator_sees_the_database_and_task_queue_working(portal_as, tasks_answered):
    portal = portal_as(roles.ADMINISTRATOR)

    portal.follow_navigation("System status")

    expect(portal.heading).to_have_text("System status")
    expect(portal.summary_value("Database").locator(".govuk-tag")).to_have_text("Working")
    expect(portal.summary_value("Task queue").locator(".govuk-tag")).to_have_text("Working")


def test_an_officers_figure_reaches_councillors_once_the_performance_lead_signs_it_off(
    demo_site, portal_as
):
    kpi = next(
        kpi
        for kpi in KPIS
        if kpi.latest_status is NOT_ENTERED and kpi.owner == "officer"
        if kpi.unit == Unit.PERCENTAGE
    )
    commentary = "Two long-term foster carers were approved this quarter."
    officer = portal_as(roles.OFFICER)

    officer.follow_navigation("Enter figures")
    officer.follow_link(re.compile(rf"^Enter figures for {re.escape(GROUP_NAMES[kpi.group])}, "))
    row = officer.figure_row(kpi.title)
    row.get_by_label("Numerator (children counted)").fill("150")
    row.get_by_label("Denominator (children in the group)").fill("218")
    row.get_by_label("Commentary").fill(commentary)
    officer.press_button("Submit for sign-off")

    expect(officer.success_banner).to_contain_text("submitted for sign-off")
    expect(officer.figure_row(kpi.title).locator(".govuk-tag")).to_have_text("Submitted")

    lead = portal_as(roles.PERFORMANCE_LEAD)
    lead.follow_navigation("Sign off")
    waiting = lead.waiting_figure(kpi.code)
    expect(waiting).to_contain_text(commentary)
    expect(waiting).to_contain_text("Daniel Okafor")
    waiting.get_by_role("button", name=re.compile(rf"^Approve {re.escape(kpi.code)} ")).click()

    expect(lead.success_banner).to_contain_text(f"{kpi.code}")
    expect(lead.success_banner).to_contain_text("approved: councillors see it now")
    expect(lead.waiting_figure(kpi.code)).to_have_count(0)

    councillor = portal_as(roles.COUNCILLOR)
    councillor.follow_navigation("Scorecard")
    councillor.follow_link(kpi.title)
    newest = councillor.main.locator("#figures + .cpb-table-wrapper tbody tr").first
    expect(newest).to_contain_text("150 of 218")
    expect(newest).to_contain_text(commentary)
