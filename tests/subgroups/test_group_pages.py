"""The Board and sub-groups pages: the list, a group's page, and the secretary's edit form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from cpboard import roles
from subgroups.models import BoardGroup
from tests.factories import BoardFactory, SubgroupFactory

pytestmark = pytest.mark.django_db


def test_list_shows_the_board_first_then_each_subgroup_with_what_it_reports_to(client_as):
    board = BoardFactory()
    SubgroupFactory(name="Health", reports_to=board, position=4)
    SubgroupFactory(name="Housing", reports_to=board, position=3)

    response = client_as(roles.COUNCILLOR).get(reverse("subgroups:group-list"))

    names = [row.record.name for row in response.context["table"].rows]
    assert names == ["Corporate Parenting Board", "Housing", "Health"]
    assert "Reports to" in response.text


def test_list_takes_the_same_number_of_queries_however_many_groups(
    client_as, django_assert_num_queries
):
    board = BoardFactory()
    SubgroupFactory.create_batch(6, reports_to=board)
    client = client_as(roles.COUNCILLOR)

    # session, user, the user's groups (roles), count for paging, groups with their parent
    with django_assert_num_queries(5):
        response = client.get(reverse("subgroups:group-list"))
    assert response.status_code == 200


def test_the_list_can_be_sorted_by_a_column(client_as):
    board = BoardFactory()
    SubgroupFactory(name="Housing", reports_to=board, position=1)
    SubgroupFactory(name="Health", reports_to=board, position=2)

    response = client_as(roles.COUNCILLOR).get(reverse("subgroups:group-list") + "?sort=name")

    names = [row.record.name for row in response.context["table"].rows]
    assert names == ["Corporate Parenting Board", "Health", "Housing"]
    assert 'aria-sort="ascending"' in response.text


def test_a_group_page_shows_its_remit_and_meeting_pattern(client_as):
    group = SubgroupFactory(name="Health", remit="Health of children in care.")

    response = client_as(roles.YOUNG_PERSON).get(group.get_absolute_url())

    assert '<h1 class="govuk-heading-l">Health</h1>' in response.text
    assert "Health of children in care." in response.text
    assert "Quarterly" in response.text


def test_an_unknown_group_is_not_found(client_as):
    response = client_as(roles.COUNCILLOR).get("/board/no-such-group/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_young_people_do_not_see_who_changed_a_group(client_as):
    group = SubgroupFactory()

    response = client_as(roles.YOUNG_PERSON).get(group.get_absolute_url())

    assert "Change history" not in response.text


def test_secretary_changes_a_remit_and_the_change_is_kept_in_history(client_as):
    group = SubgroupFactory(remit="Old remit.")
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(
        reverse("subgroups:group-edit", args=[group.slug]),
        {"remit": "New remit.", "meeting_frequency": "monthly"},
        follow=True,
    )

    group.refresh_from_db()
    assert (group.remit, group.meeting_frequency) == ("New remit.", "monthly")
    assert f"{group.name}: changes saved." in response.text
    history = response.context["history"]
    assert history[0].who == client.user.get_full_name()
    assert {(c.field, c.old, c.new) for c in history[0].changes} == {
        ("Remit", "Old remit.", "New remit."),
        ("Meeting frequency", "Quarterly", "Monthly"),
    }


def test_an_empty_remit_is_refused_with_a_message_and_nothing_is_saved(client_as):
    group = SubgroupFactory(remit="Old remit.")

    response = client_as(roles.BOARD_SECRETARY).post(
        reverse("subgroups:group-edit", args=[group.slug]),
        {"remit": "", "meeting_frequency": "monthly"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_remit"' in response.text
    group.refresh_from_db()
    assert (group.remit, group.meeting_frequency) == ("Old remit.", "quarterly")
    assert group.history.count() == 1


@pytest.mark.parametrize("role", [roles.COUNCILLOR, roles.OFFICER, roles.YOUNG_PERSON])
def test_only_the_secretary_and_administrator_may_change_a_group(client_as, role):
    group = SubgroupFactory(remit="Old remit.")
    client = client_as(role)

    page = client.get(group.get_absolute_url())
    post = client.post(
        reverse("subgroups:group-edit", args=[group.slug]),
        {"remit": "Taken over.", "meeting_frequency": "monthly"},
    )

    assert "Change remit or meetings" not in page.text
    assert post.status_code == 403
    group.refresh_from_db()
    assert group.remit == "Old remit."


def test_a_subgroup_must_report_to_a_group():
    group = BoardGroup(name="Loose", slug="loose", kind="subgroup", remit="x")

    with pytest.raises(ValidationError, match="Choose the group this sub-group reports to"):
        group.full_clean()


def test_there_is_only_one_board():
    BoardFactory()
    second = BoardGroup(name="Second board", slug="second", kind="board", remit="x")

    with pytest.raises(ValidationError, match="There is already a Board"):
        second.full_clean()


def test_a_save_over_someone_elses_newer_change_is_refused_and_theirs_is_kept(client_as):
    group = SubgroupFactory(remit="Old remit.")
    first, second = client_as(roles.BOARD_SECRETARY), client_as(roles.ADMINISTRATOR)
    second.user.first_name, second.user.last_name = "Leigh", "O'Donnell"
    second.user.save()
    url = reverse("subgroups:group-edit", args=[group.slug])
    seen = first.get(url).context["form"].initial["seen_change"]
    second.post(
        url,
        {
            "remit": "Second's remit.",
            "meeting_frequency": "monthly",
            "seen_change": second.get(url).context["form"].initial["seen_change"],
        },
    )

    response = first.post(
        url, {"remit": "First's remit.", "meeting_frequency": "quarterly", "seen_change": seen}
    )

    assert response.status_code == 200
    assert "after you opened the page, so your changes were not saved" in response.text
    # plain words; the name as the page writes it (a name such as O'Donnell is HTML-escaped)
    assert f">{escape(second.user.get_full_name())} changed this at" in response.text
    assert "First&#x27;s remit." in response.text  # what they typed is kept
    group.refresh_from_db()
    assert group.remit == "Second's remit."

    # Saving again, having seen the warning, replaces the newer version on purpose.
    again = response.context["form"].data["seen_change"]
    first.post(
        url, {"remit": "First's remit.", "meeting_frequency": "quarterly", "seen_change": again}
    )
    group.refresh_from_db()
    assert group.remit == "First's remit."
