"""Data loaded once and shared by the tests of a module (or class), rolled back after them,
and by the processes of a test run."""

import dataclasses
import fcntl
import pickle
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Field, Model
from django.utils import timezone

from reports.demo import load_demo_everything


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """A transaction for data loaded once for a module or class, rolled back after its last
    test. Each test runs in a savepoint inside it (pytest-django's `db`), so what one test
    saves, the next never sees, and a load that takes seconds is paid once instead of once per
    test. The tests of a file run in one pytest-xdist process (tests/conftest.py), so the load
    is paid once in the run, not once per process.

    Not for tests whose Celery worker thread or live server reads the data on a connection of
    its own: they cannot see a transaction that is never committed."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass(frozen=True)
class _Table:
    model: type[Model]
    fields: tuple[Field, ...]
    rows: list[tuple]
    """In the order of the primary key."""

    def read(self, using: str) -> list[tuple]:
        names = [field.attname for field in self.fields]
        return list(self.model._base_manager.using(using).order_by("pk").values_list(*names))


@dataclass(frozen=True)
class Snapshot:
    """Every row of every table of the portal, as a load left them."""

    tables: tuple[_Table, ...]

    @property
    def row_count(self) -> int:
        return sum(len(table.rows) for table in self.tables)


def take_snapshot(using: str = DEFAULT_DB_ALIAS) -> Snapshot:
    """Read every row of every table (each table's own columns, as its fields read them)."""
    existing = set(connections[using].introspection.table_names())
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.db_table not in existing:
            continue
        table = _Table(model, tuple(meta.local_concrete_fields), [])
        tables.append(dataclasses.replace(table, rows=table.read(using)))
    return Snapshot(tuple(tables))


def put_back(snapshot: Snapshot, using: str = DEFAULT_DB_ALIAS) -> int:
    """Make every table hold the snapshot's rows again, with their own keys, in one
    transaction; return how many tables had to be written. A table that holds what the
    snapshot holds is left alone, so putting back the demo after a test that changed a few
    tables takes a second, where loading it again takes most of a minute, and the 20,000
    DfE figures a migration loads are rewritten only after a test that changed them.

    Foreign keys are checked when the transaction commits (Django makes them deferrable),
    so the tables can be emptied and filled in any order. The sequence of each table written
    is set to its highest key, so that what is saved next gets a key of its own: a snapshot
    may come from another process's database (load_once), whose keys this database's
    sequences never gave out, and putting back one load after another may leave a table with
    higher keys than the last sequence set. (SQLite's keys follow the highest row by
    themselves.)"""
    connection = connections[using]
    quote = connection.ops.quote_name
    changed = [table for table in snapshot.tables if table.read(using) != table.rows]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for table in changed:
            cursor.execute(f"DELETE FROM {quote(table.model._meta.db_table)}")
        for table in changed:
            _insert(cursor, connection, table)
        models = [table.model for table in changed]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return len(changed)


def _insert(cursor, connection, table: _Table) -> None:
    """Insert the table's rows many to a statement: a round trip a row costs seconds."""
    if not table.rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in table.fields)
    row_marks = "(" + ", ".join(["%s"] * len(table.fields)) + ")"
    most_parameters = connection.features.max_query_params or 10_000
    per_statement = max(1, min(500, most_parameters // len(table.fields)))
    for start in range(0, len(table.rows), per_statement):
        rows = table.rows[start : start + per_statement]
        cursor.execute(
            f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) VALUES "
            + ", ".join([row_marks] * len(rows)),
            [
                field.get_db_prep_save(value, connection)
                for row in rows
                for field, value in zip(table.fields, row, strict=True)
            ],
        )


_migrated: dict[str, Snapshot] = {}


def keep_what_migrations_loaded(using: str = DEFAULT_DB_ALIAS) -> None:
    """Keep what the test database holds once migrated: content types, permissions, the seven
    principles, DfE's published figures and its statistical neighbours."""
    _migrated[using] = take_snapshot(using)


def put_back_what_migrations_loaded(using: str = DEFAULT_DB_ALIAS) -> None:
    """Leave the database as migrations left it, whatever a test committed."""
    put_back(_migrated[using], using)
    _left_holding.pop(using, None)


_left_holding: dict[str, str] = {}
"""By database, the load a transactional test's end left in it for the next test, in place
of what migrations loaded."""


def put_back_for_the_next_test(next_starts_from: str | None, using: str = DEFAULT_DB_ALIAS):
    """What a transactional test (a live server, a worker thread) does at its end, since it
    committed: leave the database as the next test in the process starts. That is what
    migrations loaded, unless the next test starts from a load this process has made
    (`next_starts_from`, a name given to load_once): then that load. Between two browser
    journeys on the demo, the demo's tables are then rewritten once, where emptying them and
    filling them again wrote them twice."""
    snapshot = _loaded.get((using, next_starts_from))
    if snapshot is None:
        put_back_what_migrations_loaded(using)
    else:
        put_back(snapshot, using)
        _left_holding[using] = next_starts_from


def put_back_before_a_test(starts_from: str | None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Before each test: if the last test's end left a load this test does not start from (the
    test it was left for was skipped, say), put back what migrations loaded."""
    if _left_holding.get(using, starts_from) != starts_from:
        put_back_what_migrations_loaded(using)


def left_holding_a_load() -> bool:
    return bool(_left_holding)


_loaded: dict[tuple[str, str], Snapshot] = {}

shared_folder: Path | None = None
"""A folder the processes of one pytest-xdist run share (tests/conftest.py sets it), where the
first process to load something leaves it for the others (load_once); None in a run of one
process."""


def load_once(name: str, load: Callable[[], object], using: str = DEFAULT_DB_ALIAS) -> None:
    """Run `load` the first time the test run asks for `name`, keep what the database then
    holds, and from then on put that back instead of loading again (put_back): for data many
    tests need fresh and committed, as the browser tests need the demo. Each test may change
    it; the next finds it as loaded.

    Each pytest-xdist process has a database of its own, so the first process to ask loads
    and leaves the rows, and the files the load saved, in `shared_folder`; another process
    that asks later puts them into its own database and media folder, in a second or two
    rather than the load's most of a minute. One that asks while the first is still loading
    loads too rather than wait: the two browser groups start at once, and each would
    otherwise leave a core idle."""
    snapshot = _loaded.get((using, name))
    if snapshot is not None:
        put_back(snapshot, using)
        return
    media = Path(settings.MEDIA_ROOT)
    with _shared_load(name, using) as shared:
        if shared is not None and shared.exists():
            snapshot = shared.read()
            put_back(snapshot, using)
            shared.copy_files_to(media)
        else:
            files_before = _files_under(media)
            load()
            snapshot = take_snapshot(using)
            if shared is not None:
                shared.write(snapshot, media, _files_under(media) - files_before)
    _loaded[(using, name)] = snapshot


@dataclass(frozen=True)
class _SharedLoad:
    """A load left by one process of the run for the others: its rows and saved files."""

    folder: Path

    @property
    def rows(self) -> Path:
        return self.folder / "rows.pickle"

    @property
    def files(self) -> Path:
        return self.folder / "media"

    def exists(self) -> bool:
        return self.rows.is_file()

    def write(self, snapshot: Snapshot, media: Path, saved: set[Path]) -> None:
        for path in saved:
            copy = self.files / path.relative_to(media)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        tables = [
            (t.model._meta.label_lower, [f.attname for f in t.fields], t.rows)
            for t in snapshot.tables
        ]
        written = self.rows.with_suffix(".partial")
        written.write_bytes(pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
        written.rename(self.rows)  # whole, or not there: a process that dies leaves no half

    def read(self) -> Snapshot:
        tables = []
        for label, attnames, rows in pickle.loads(self.rows.read_bytes()):
            model = apps.get_model(label)
            fields = {f.attname: f for f in model._meta.local_concrete_fields}
            tables.append(_Table(model, tuple(fields[name] for name in attnames), rows))
        return Snapshot(tuple(tables))

    def copy_files_to(self, media: Path) -> None:
        if self.files.is_dir():
            shutil.copytree(self.files, media, dirs_exist_ok=True)


@contextmanager
def _shared_load(name: str, using: str) -> Iterator[_SharedLoad | None]:
    """The run's shared copy of the load `name`, held so that no other process of the run
    reads or writes it meanwhile; None if no folder is shared or another process holds it
    (it is loading). The demo's dates follow the day, so a load is shared by the processes
    that load it on one day."""
    if shared_folder is None:
        yield None
        return
    key = re.sub(r"[^A-Za-z0-9]+", "-", f"{using}-{name}-{timezone.localdate()}")
    folder = shared_folder / key
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        try:
            yield _SharedLoad(folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.is_dir() else set()


THE_DEMO = "the demo"


def load_the_demo() -> None:
    """All that `python manage.py load_demo` loads, its compiled reports too: loaded the first
    time a process asks (most of a minute), and put back from what that load left every time
    after (a second or two: load_once)."""
    load_once(THE_DEMO, load_demo_everything)
