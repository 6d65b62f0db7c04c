"""The Board's oversight through the real pages: a councillor records a visit, writes its
report and adds an action from it; the secretary logs an inspection and tracks its
recommendations, which the Board's next meeting then shows."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpboard import roles
from subgroups.models import Meeting

pytestmark = pytest.mark.browser


def test_councillor_records_a_visit_and_its_report(demo_site, portal_as):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    portal = portal_as(roles.COUNCILLOR)

    portal.follow_navigation("Board and sub-groups")
    portal.follow_link("Visits programme")
    portal.follow_link("Plan a visit")
    portal.page.get_by_label("Kind of service").select_option(label="Virtual school")
    portal.fill("Service visited", "The Virtual School termly network")
    portal.fill("Where", "Civic Centre, Education offices")
    portal.fill("Date of the visit", yesterday.strftime("%d/%m/%Y"))
    expect(portal.page.get_by_label("Helen Ashworth")).to_be_checked()
    portal.press_button("Save visit")
    expect(portal.success_banner).to_contain_text("Visit planned")
    expect(portal.heading).to_have_text("The Virtual School termly network")

    portal.follow_link("Write the report")
    portal.fill("What went well", "Designated teachers value the network meeting.")
    portal.fill("What worried us", "Plans for children placed far away are late.")
    portal.fill("What young people and staff said", "Staff asked for more tutoring hours.")
    portal.page.get_by_label("Share the report with the group now").check()
    portal.press_button("Save report")
    expect(portal.success_banner).to_contain_text("shared with Corporate Parenting Board")
    expect(portal.main).to_contain_text("Plans for children placed far away are late.")

    portal.follow_link("Add an action")
    portal.fill("Action", "Report on plans for children placed outside the area.")
    portal.page.get_by_label("Owner", exact=True).select_option(label="Daniel Okafor")
    portal.fill("Due", (yesterday + datetime.timedelta(days=45)).strftime("%d/%m/%Y"))
    portal.press_button("Add to the action log")
    expect(portal.success_banner).to_contain_text("Corporate Parenting Board action log")
    actions = portal.main.get_by_role("table").filter(has_text="On the log of")
    expect(actions).to_contain_text("Report on plans for children placed outside the area.")

    portal.follow_link("Visits programme", within=portal.page.locator(".govuk-breadcrumbs"))
    who = portal.main.get_by_role("table").filter(has_text="Services visited")
    expect(who.get_by_role("row", name=re.compile("Helen Ashworth"))).to_contain_text(
        "The Virtual School termly network"
    )


def test_secretary_logs_an_inspection_and_tracks_its_recommendations(demo_site, portal_as):
    ended = timezone.localdate() - datetime.timedelta(days=2)
    portal = portal_as(roles.BOARD_SECRETARY)

    portal.follow_navigation("Board and sub-groups")
    portal.follow_link("Inspections and regulatory visits")
    portal.follow_link("Log an inspection")
    portal.page.get_by_label("Kind of inspection").select_option(label="Children's home")
    portal.page.get_by_label("The council's own").check()
    portal.fill("Service inspected", "Willow House")
    portal.fill("Inspection ended on", ended.strftime("%d/%m/%Y"))
    portal.page.get_by_label("Requires improvement to be good").check()
    portal.fill("Address of the report", "http://example.com/willow-house")
    portal.press_button("Save inspection")
    error = portal.main.locator("#id_report_url-error, .govuk-error-message").first
    expect(error).to_contain_text("on Ofsted's website")

    portal.fill("Address of the report", "https://reports.ofsted.gov.uk/provider/2/2790001")
    portal.press_button("Save inspection")
    expect(portal.success_banner).to_contain_text("Inspection logged: Willow House")
    expect(portal.summary_value("Overall judgement")).to_have_text(
        "Requires improvement to be good"
    )

    for text in (
        "Make sure every child has a key worker they know.",
        "Review the home's night-time staffing.",
    ):
        portal.follow_link("Track a recommendation")
        portal.fill("Recommendation", text)
        portal.page.get_by_label("Owner", exact=True).select_option(label="Daniel Okafor")
        portal.fill("Due", (ended + datetime.timedelta(days=60)).strftime("%d/%m/%Y"))
        portal.press_button("Track this recommendation")
        expect(portal.success_banner).to_contain_text("Board's action log")
    recommendations = portal.main.locator("#recommendations ~ div table")
    expect(recommendations.get_by_role("row")).to_have_count(3)
    expect(recommendations).to_contain_text("Review the home's night-time staffing.")

    # The Board's next meeting shows it among the inspections since its last meeting.
    upcoming = (
        Meeting.objects.filter(group__kind="board", status="planned", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    portal.page.goto(demo_site + upcoming.get_absolute_url())
    expect(portal.main.locator("#inspections ~ ul").first).to_contain_text("Willow House")
