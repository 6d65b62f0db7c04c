"""Change history of a record, read from django-simple-history, shaped for a page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import capfirst


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    """"Created", "Changed" or "Deleted"."""
    changes: list[FieldChange]


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _related_ids(field: models.Field, value) -> list:
    """The primary keys a change refers to: one for a foreign key, a list for many-to-many."""
    if field.many_to_many:
        return list(value or [])
    return [] if value is None else [value]


def _display(field: models.Field, value, names: dict) -> str:
    if field.many_to_many:
        shown = sorted(names.get(pk, f"#{pk}") for pk in _related_ids(field, value))
        return "; ".join(shown) or "(none)"
    if value in (None, ""):
        return "(blank)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return names.get(value, f"#{value}")
    return str(value)


def change_history(
    obj: models.Model, fields: tuple[str, ...], limit: int = 20
) -> list[HistoryEntry]:
    """The latest `limit` changes to `obj`, newest first, naming who made each change and the
    old and new value of each of `fields` that changed. Related records are named, not
    numbered. Queries, whatever the length of the history: the history rows with their
    users, one per many-to-many field, and one per related field named."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    return _entries(type(obj), {obj.pk: records}, fields, limit).get(obj.pk, [])


def change_histories(
    objects: list[models.Model], fields: tuple[str, ...], limit: int = 20
) -> dict[object, list[HistoryEntry]]:
    """change_history() for several records of one model, by primary key, in the same few
    queries however many records there are (a KPI page shows every quarter's figure)."""
    if not objects:
        return {}
    model = type(objects[0])
    by_pk: dict[object, list] = defaultdict(list)
    for record in (
        model.history.model.objects.filter(id__in=[obj.pk for obj in objects])
        .select_related("history_user")
        .order_by("-history_date")
    ):
        by_pk[record.id].append(record)
    records = {pk: rows[: limit + 1] for pk, rows in by_pk.items()}
    entries = _entries(model, records, fields, limit)
    return {obj.pk: entries.get(obj.pk, []) for obj in objects}


def _entries(
    model: type[models.Model],
    records_by_pk: dict[object, list],
    fields: tuple[str, ...],
    limit: int,
) -> dict[object, list[HistoryEntry]]:
    """Turn each record's history rows (newest first, up to limit + 1) into entries."""
    model_fields = {name: model._meta.get_field(name) for name in fields}
    plain = [name for name, field in model_fields.items() if not field.many_to_many]
    every_record = [record for records in records_by_pk.values() for record in records]
    # simple-history's diff reads many-to-many rows two queries a record; read them all at
    # once instead and compare the sets here.
    linked: dict[str, dict[int, set]] = {}
    for name, field in model_fields.items():
        if field.many_to_many and every_record:
            rows = getattr(every_record[0], name).model.objects.filter(history__in=every_record)
            target = field.m2m_reverse_field_name()
            by_record: dict[int, set] = defaultdict(set)
            for history_id, pk in rows.values_list("history_id", f"{target}_id"):
                by_record[history_id].add(pk)
            linked[name] = by_record

    diffs: dict[object, list[tuple[models.Model, list[tuple[str, object, object]]]]] = {}
    for pk, records in records_by_pk.items():
        diffs[pk] = []
        for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
            changes: list[tuple[str, object, object]] = []
            if older is not None:
                delta = newer.diff_against(older, included_fields=plain)
                changes = [(c.field, c.old, c.new) for c in delta.changes]
                for name, by_record in linked.items():
                    before, after = by_record[older.history_id], by_record[newer.history_id]
                    if before != after:
                        changes.append((name, sorted(before), sorted(after)))
            diffs[pk].append((newer, changes))

    wanted: dict[str, set] = defaultdict(set)
    for record_diffs in diffs.values():
        for _, changes in record_diffs:
            for name, old, new in changes:
                field = model_fields[name]
                if field.is_relation:
                    wanted[name].update(_related_ids(field, old))
                    wanted[name].update(_related_ids(field, new))
    names = {
        name: {
            item.pk: str(item)
            for item in model_fields[name].related_model.objects.filter(pk__in=ids)
        }
        for name, ids in wanted.items()
    }

    def entry(record, changes) -> HistoryEntry:
        user = record.history_user
        return HistoryEntry(
            when=record.history_date,
            who=(user.get_full_name() or user.get_username()) if user else "System",
            action=_ACTIONS.get(record.history_type, "Changed"),
            changes=[
                FieldChange(
                    capfirst(model_fields[name].verbose_name),
                    _display(model_fields[name], old, names.get(name, {})),
                    _display(model_fields[name], new, names.get(name, {})),
                )
                for name, old, new in changes
            ],
        )

    return {
        pk: [entry(record, changes) for record, changes in record_diffs]
        for pk, record_diffs in diffs.items()
    }


def latest_change(obj: models.Model) -> int | None:
    """The id of the record's latest history row: what an edit form was opened on. A record
    read with `with_latest_change()` carries it already, read in the same query, so no save
    can fall between reading the record and reading its latest change."""
    if hasattr(obj, "latest_change_id"):
        return obj.latest_change_id
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


def with_latest_change(queryset: models.QuerySet) -> models.QuerySet:
    """Annotate each record with `latest_change_id`, its latest history row's id."""
    history = queryset.model.history.model
    return queryset.annotate(
        latest_change_id=Subquery(
            history.objects.filter(id=OuterRef("pk"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
    )


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened.

    `latest_change` is their change's id: a form that shows this error carries it, so saving
    again is a deliberate choice to replace their version."""

    def __init__(self, message: str, latest_change: int):
        super().__init__(message)
        self.message = message
        self.latest_change = latest_change


def check_not_stale(obj: models.Model, seen_change: int | None) -> None:
    """Refuse a save made from a form opened before the record's latest change, naming who
    made that change. Call inside the saving transaction, after locking the row."""
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    if latest is None or latest.history_id == seen_change:
        return
    user = latest.history_user
    who = (user.get_full_name() or user.get_username()) if user else "Someone"
    when = timezone.localtime(latest.history_date)
    raise StaleEdit(
        f"{who} changed this at {when:%H:%M on %d %B %Y} after you opened the "
        "page, so your changes were not saved. Their version is in the change history; to "
        "replace it with yours, check the form and save again.",
        latest.history_id,
    )


def refuse_stale(form, error: StaleEdit) -> None:
    """Show a stale save's refusal on the bound form, keeping what the person typed, and
    let a second save replace the newer version knowingly."""
    form.data = form.data.copy()
    form.data["seen_change"] = error.latest_change
    form.add_error(None, error.message)
