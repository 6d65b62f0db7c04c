"""Journeys through the action plan and the risk register, as each person would try them:
an officer updates an action and reviews a risk they own and is refused on ones they do not;
a councillor reads what needs the board's attention; a young person finds no risk register."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from strategy.models import Action, Risk

pytestmark = pytest.mark.browser

OWN_ACTION = "Recruit 20 more foster carers through the regional hub"  # 2.1, the officer's
OTHERS_ACTION = "Extend the edge of care service to weekends and evenings"  # 1.1
OWN_RISK = "Sufficiency of homes for children in our care"  # CP03, the officer's
OTHERS_RISK = "Insufficient workforce (social workers)"  # CP01


@pytest.fixture
def plan_site(demo_site) -> str:
    """The whole demo (demo_site loads it as load_demo does): the action plan, the pledge and
    the risk register, with the risks that red KPIs flag for re-rating flagged."""
    return demo_site


def open_action_plan(portal) -> None:
    """The action plan is a page of the Strategy section, in its own navigation."""
    portal.follow_navigation("Strategy")
    portal.follow_link(
        "Action plan", within=portal.page.get_by_role("navigation", name="Strategy pages")
    )


def test_officer_updates_their_action_and_is_refused_on_someone_elses(plan_site, portal_as):
    quarter = str(FinancialQuarter.current())
    officer = portal_as(roles.OFFICER)

    open_action_plan(officer)
    officer.follow_link(OWN_ACTION)
    officer.follow_link("Update 2.1")
    officer.fill("Quarter", quarter)
    officer.page.get_by_label("At risk", exact=True).check()
    officer.fill("Update", "Eleven households approved; two more at panel next month.")
    officer.press_button("Save update")

    expect(officer.success_banner).to_contain_text(f"2.1: update for {quarter} saved.")
    expect(officer.heading).to_have_text(OWN_ACTION)
    newest = officer.main.locator("tbody tr").first
    expect(newest).to_contain_text("Eleven households approved")
    expect(newest.locator(".govuk-tag")).to_have_text("At risk")

    open_action_plan(officer)
    officer.follow_link(OTHERS_ACTION)
    expect(officer.main.get_by_role("link", name="Update 1.1")).to_have_count(0)
    others = Action.objects.get(reference="1.1")
    refused = officer.page.goto(reverse("strategy:action-update", args=[others.pk]))
    assert refused.status == 403


def test_officer_reviews_their_risk_and_is_refused_on_someone_elses(plan_site, portal_as):
    quarter = str(FinancialQuarter.current())
    officer = portal_as(roles.OFFICER)

    officer.follow_navigation("Risks")
    officer.follow_link(OWN_RISK)
    expect(officer.main).to_contain_text("Re-rate: KPI red")
    officer.follow_link("Review CP03")
    officer.fill("Quarter", quarter)
    officer.fill("Rating now", "AIX")
    officer.fill("What the review found", "Two more children placed out of area.")
    officer.press_button("Save review")
    expect(officer.page.locator(".govuk-error-summary")).to_contain_text(
        '"AIX" is not a risk rating'
    )
    officer.fill("Rating now", "AII")
    officer.press_button("Save review")

    expect(officer.success_banner).to_contain_text(f"CP03: review for {quarter} saved, rated AII.")
    expect(officer.summary_value("Rating now")).to_contain_text("AII")
    expect(officer.main).not_to_contain_text("Re-rate: KPI red")

    officer.follow_navigation("Risks")
    officer.follow_link(OTHERS_RISK)
    expect(officer.main.get_by_role("link", name="Review CP01")).to_have_count(0)
    others = Risk.objects.get(reference="CP01")
    refused = officer.page.goto(reverse("strategy:risk-review", args=[others.pk]))
    assert refused.status == 403


def test_councillor_reads_what_needs_the_boards_attention(plan_site, portal_as):
    councillor = portal_as(roles.COUNCILLOR)

    councillor.follow_navigation("Strategy")
    councillor.follow_link(
        "By exception", within=councillor.page.get_by_role("navigation", name="Strategy pages")
    )

    expect(councillor.heading).to_have_text("Monitoring by exception")
    expect(councillor.main).to_contain_text(OWN_ACTION)
    flagged = councillor.main.locator("#rerating + ul")
    expect(flagged).to_contain_text(OWN_RISK)
    expect(councillor.main.locator("#review-overdue + ul")).to_contain_text("Review overdue")


def test_a_young_person_finds_no_risk_register(plan_site, portal_as):
    young = portal_as(roles.YOUNG_PERSON)

    expect(young.navigation.get_by_role("link", name="Risks", exact=True)).to_have_count(0)
    open_action_plan(young)
    expect(young.main.get_by_role("link", name="Risk register")).to_have_count(0)
    young.follow_link(re.compile("Pledge and care leaver offer"))
    expect(young.heading).to_have_text("Our pledge and the care leaver offer")
    young.page.goto(reverse("strategy:exceptions"))
    expect(young.main).not_to_contain_text(OWN_RISK)
    risk_pages = (
        reverse("strategy:risk-list"),
        reverse("strategy:risk-matrix"),
        Risk.objects.get(reference="CP03").get_absolute_url(),
    )
    for url in risk_pages:
        assert young.page.goto(url).status in (403, 404)
        expect(young.main).not_to_contain_text(OWN_RISK)
