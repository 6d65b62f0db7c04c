"""The service navigation shows each role the sections it may use, and marks where you are."""

import pytest

from cpboard import roles

pytestmark = pytest.mark.django_db


def nav_labels(response) -> list[str]:
    return [item.label for item in response.context["navigation"]]


def test_councillor_sees_the_board_sections_but_not_administration(client_as):
    response = client_as(roles.COUNCILLOR).get("/")

    assert nav_labels(response) == [
        "Home",
        "Scorecard",
        "Board and sub-groups",
        "Meetings",
        "You said, we did",
        "Strategy",
        "Risks",
        "Reports",
    ]


def test_young_people_see_no_risk_register_in_the_navigation(client_as):
    labels = nav_labels(client_as(roles.YOUNG_PERSON).get("/"))

    assert "Risks" not in labels
    assert {"You said, we did", "Reports", "Strategy"} <= set(labels)


def test_the_action_plan_and_principles_sit_inside_the_strategy_section(client_as, demo_board):
    client = client_as(roles.COUNCILLOR)

    for path in ("/strategy/actions/", "/strategy/principles/"):
        current = [item.label for item in client.get(path).context["navigation"] if item.active]
        assert current == ["Strategy"], path


def test_officer_also_sees_figure_entry_and_the_performance_lead_sign_off(client_as):
    officer = nav_labels(client_as(roles.OFFICER).get("/"))
    lead = nav_labels(client_as(roles.PERFORMANCE_LEAD).get("/"))

    assert "Enter figures" in officer
    assert "Sign off" not in officer
    assert {"Enter figures", "Sign off"} <= set(lead)


def test_administrator_also_sees_system_status_and_administration(client_as):
    response = client_as(roles.ADMINISTRATOR).get("/")

    assert nav_labels(response)[-3:] == ["System status", "People and roles", "Administration"]
    assert 'href="/admin/"' in response.text


def test_the_section_of_the_current_page_is_marked_for_screen_readers(client_as, demo_board):
    response = client_as(roles.COUNCILLOR).get("/board/health/")

    current = [item.label for item in response.context["navigation"] if item.active]
    assert current == ["Board and sub-groups"]
    assert 'aria-current="true"' in response.text


def test_the_home_link_is_current_only_on_the_home_page(client_as):
    client = client_as(roles.COUNCILLOR)

    home = client.get("/").context["navigation"][0]
    elsewhere = client.get("/strategy/").context["navigation"][0]

    assert (home.current, elsewhere.active) == (True, False)


def test_every_page_has_a_skip_link_to_the_main_content(client_as):
    response = client_as(roles.COUNCILLOR).get("/")

    assert 'href="#main-content"' in response.text
    assert 'id="main-content"' in response.text


def test_only_the_section_holding_the_page_is_marked(client_as):
    response = client_as(roles.OFFICER).get("/performance/entry/")

    active = [item.label for item in response.context["navigation"] if item.active]
    assert active == ["Enter figures"]
