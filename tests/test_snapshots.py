"""Data loaded once in a test run and put back for each test after (tests/database.py): the
browser tests and the demo's modules rely on finding the demo exactly as it was loaded, in
whichever process of the run they are."""

import fcntl
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cpboard.demo import load_demo_users
from strategy.models import Outcome, Principle
from subgroups.demo import load_demo_groups
from subgroups.models import BoardGroup
from tests import database
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


@pytest.fixture
def another_process(tmp_path, monkeypatch, settings):
    """A run of several processes, seen from one of them: the folder they share, and a
    function that makes this process start afresh (nothing loaded yet, its database as
    migrations left it, an empty media folder), as another process of the run would."""
    monkeypatch.setattr(database, "shared_folder", tmp_path / "shared")
    monkeypatch.setattr(database, "_loaded", {})
    monkeypatch.setattr(database, "_left_holding", {})
    settings.MEDIA_ROOT = tmp_path / "media-first"

    def start_afresh() -> None:
        database._loaded.clear()
        database.put_back_what_migrations_loaded()
        settings.MEDIA_ROOT = tmp_path / "media-second"

    return start_afresh


def _load_board_and_a_paper() -> None:
    """A load that saves rows (one under a key far past the database's own) and a file."""
    load_demo_users()
    load_demo_groups()
    UserFactory(pk=100_000, username="far-key")
    paper = Path(settings.MEDIA_ROOT) / "papers" / "agenda.pdf"
    paper.parent.mkdir(parents=True)
    paper.write_bytes(b"%PDF-1.7 an agenda")


@pytest.mark.django_db
def test_a_load_made_by_another_process_is_put_back_with_its_files_and_keys(another_process):
    database.load_once("the board", _load_board_and_a_paper)
    loaded = rows_of(take_snapshot())
    another_process()
    assert not BoardGroup.objects.exists()

    database.load_once("the board", lambda: pytest.fail("loaded again instead of shared"))

    assert rows_of(take_snapshot()) == loaded
    paper = Path(settings.MEDIA_ROOT) / "papers" / "agenda.pdf"
    assert paper.read_bytes() == b"%PDF-1.7 an agenda"
    # What is saved next gets a key past every key the other process's load used, whatever
    # this database's sequences had reached.
    assert UserFactory(username="after-the-share").pk > 100_000


@pytest.mark.django_db
def test_a_process_that_asks_while_another_is_loading_loads_itself(another_process):
    folder = database.shared_folder / f"default-the-board-{timezone.localdate()}"
    folder.mkdir(parents=True)
    with open(folder / "lock", "w") as held_by_another_process:
        fcntl.flock(held_by_another_process, fcntl.LOCK_EX)
        database.load_once("the board", _load_board_and_a_paper)

    assert BoardGroup.objects.exists()
    assert not (folder / "rows.pickle").exists()


@pytest.mark.django_db
def test_a_committed_test_leaves_the_demo_only_for_a_next_test_that_starts_from_it(
    another_process,
):
    database.load_once(database.THE_DEMO, _load_board_and_a_paper)
    demo = rows_of(take_snapshot())
    BoardGroup.objects.filter(pk=BoardGroup.objects.board().pk).update(name="Changed")

    database.put_back_for_the_next_test(database.THE_DEMO)
    assert rows_of(take_snapshot()) == demo
    database.put_back_before_a_test(database.THE_DEMO)
    assert rows_of(take_snapshot()) == demo
    # The test it was left for did not run (it was skipped): the next finds what migrations
    # loaded.
    database.put_back_before_a_test(None)
    assert not BoardGroup.objects.exists()

    database.load_once(database.THE_DEMO, _load_board_and_a_paper)
    database.put_back_for_the_next_test(None)
    assert not BoardGroup.objects.exists()


@pytest.mark.django_db
def test_keys_stay_past_every_row_whichever_load_is_put_back_after_another(another_process):
    """Two loads left by another process, put back in turn: the table of the second holds
    fewer rows, and then the first's come back; what is saved next still gets a key of its
    own (on PostgreSQL a sequence set to the second load's highest key would give out one of
    the first's)."""

    def load_two_far_keys():
        UserFactory(pk=100_000, username="far-key")
        UserFactory(pk=100_001, username="farther-key")

    database.load_once("two far keys", load_two_far_keys)
    database.put_back_what_migrations_loaded()
    database.load_once("one far key", lambda: UserFactory(pk=100_000, username="far-key"))
    another_process()
    for name in ("two far keys", "one far key", "two far keys"):
        database.load_once(name, lambda: pytest.fail("loaded again instead of shared"))

    assert UserFactory(username="after-both").pk > 100_001
