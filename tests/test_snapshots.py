"""Data loaded once in a process and put back for each test after (tests/database.py): the
browser tests and the demo's modules rely on finding the demo exactly as it was loaded."""

import pytest

from strategy.models import Outcome, Principle
from subgroups.models import BoardGroup
from tests.database import put_back, take_snapshot
from tests.factories import UserFactory


def rows_of(snapshot) -> dict[str, list[str]]:
    return {table.model._meta.label: sorted(map(repr, table.rows)) for table in snapshot.tables}


@pytest.mark.django_db
def test_put_back_leaves_every_table_as_the_snapshot_found_it(demo_board):
    loaded = take_snapshot()
    Principle.objects.filter(number=7).update(wording="Changed")
    BoardGroup.objects.filter(pk=BoardGroup.objects.board().pk).update(name="Renamed")
    Outcome.principles.through.objects.all().delete()
    UserFactory(username="someone-new")

    rewritten = put_back(loaded)

    assert rows_of(take_snapshot()) == rows_of(loaded)
    assert rewritten == 4, "the tables of principles, groups, outcomes' principles and users"
    assert Principle.objects.get(number=7).wording.startswith("to prepare those children")
    assert not BoardGroup.objects.filter(name="Renamed").exists()
    assert Outcome.principles.through.objects.exists()
    assert loaded.row_count > 100


@pytest.mark.django_db
def test_what_is_saved_after_put_back_gets_a_key_of_its_own(demo_board):
    loaded = take_snapshot()
    put_back(loaded)

    user = UserFactory(username="after-put-back")

    assert user.pk not in {row[0] for t in loaded.tables if t.model is type(user) for row in t.rows}
