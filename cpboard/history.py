"""Change history of a record, read from django-simple-history, shaped for a page.

A many-to-many link owned by a higher layer (`risk.kpis`, kept by performance.KpiRisk) is a
link model with a history of its own: `set_links` writes it one row at a time so that history
records each link made or removed, and `change_history` shows those changes on the record
under the accessor's name, as it shows the record's own many-to-many fields."""

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


def _is_link(field) -> bool:
    """A many-to-many declared on the other model, read here through its accessor."""
    return field.many_to_many and not field.concrete


def _label(field) -> str:
    if _is_link(field):
        return capfirst(field.related_model._meta.verbose_name_plural)
    return capfirst(field.verbose_name)


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
    users, one per many-to-many field (its own, or a link's history), and one per related
    field named."""
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
    links = {name: field for name, field in model_fields.items() if _is_link(field)}
    every_record = [record for records in records_by_pk.values() for record in records]
    # simple-history's diff reads many-to-many rows two queries a record; read them all at
    # once instead and compare the sets here.
    linked: dict[str, dict[int, set]] = {}
    for name, field in model_fields.items():
        if field.many_to_many and field.concrete and every_record:
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
    for pk, link_diffs in _link_changes(links, list(records_by_pk)).items():
        # Links changed in the same save as the record (same moment, same person) show in
        # the record's change; others are changes of their own.
        own = {(row.history_date, row.history_user_id): changes for row, changes in diffs[pk]}
        alone = []
        for row, changes in link_diffs:
            same_save = own.get((row.history_date, row.history_user_id))
            if same_save is None:
                alone.append((row, changes))
            else:
                same_save.extend(changes)
        merged = sorted([*diffs[pk], *alone], key=lambda diff: diff[0].history_date, reverse=True)
        diffs[pk] = merged[:limit]

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
            # A row of a link's history is a change to the record, whether made or removed.
            action=_ACTIONS.get(record.history_type, "Changed")
            if isinstance(record, model.history.model)
            else "Changed",
            changes=[
                FieldChange(
                    _label(model_fields[name]),
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


def _link_changes(links: dict, pks: list) -> dict[object, list[tuple[object, list]]]:
    """The changes to the records `pks` made through link models with history, one query a
    link: each moment one person made or removed links is one change, (history row,
    [(name, linked before, linked after)]), newest first."""
    moments: dict[object, dict[tuple, tuple[object, dict, dict]]] = defaultdict(dict)
    for name, field in links.items():
        own, other = field.field.m2m_reverse_field_name(), field.field.m2m_field_name()
        linked: dict[object, set] = defaultdict(set)
        rows = (
            field.through.history.filter(**{f"{own}_id__in": pks})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        for row in rows:
            pk, target = getattr(row, f"{own}_id"), getattr(row, f"{other}_id")
            moment = (row.history_date, row.history_user_id)
            _, before, after = moments[pk].setdefault(moment, (row, {}, {}))
            before.setdefault(name, sorted(linked[pk]))
            if row.history_type == "-":
                linked[pk].discard(target)
            else:
                linked[pk].add(target)
            after[name] = sorted(linked[pk])
    return {
        pk: [
            (row, [(name, old, after[name]) for name, old in before.items() if old != after[name]])
            for row, before, after in sorted(
                by_moment.values(), key=lambda moment: moment[0].history_date, reverse=True
            )
        ]
        for pk, by_moment in moments.items()
    }


def set_links(manager, objects, *, changed_by) -> bool:
    """Make the many-to-many `manager` (`risk.kpis`, `report.outcomes`) link exactly
    `objects`, one link row at a time, so that a link model with history records each link
    made or removed, by `changed_by`, at one moment (`manager.set()` writes in bulk and
    records nothing). That moment is the record's own change when the service gave the record
    a `_history_date` before saving it, so that the page shows one change. Call inside the
    saving transaction. Returns whether anything changed."""
    through = manager.through
    own = {manager.source_field_name: manager.instance}
    other = f"{manager.target_field_name}_id"
    links = {getattr(link, other): link for link in through._default_manager.filter(**own)}
    wanted = {obj.pk for obj in objects}
    when = getattr(manager.instance, "_history_date", None) or timezone.now()
    for pk in sorted(links.keys() - wanted):
        link = links[pk]
        link._history_user, link._history_date = changed_by, when
        link.delete()
    for pk in sorted(wanted - links.keys()):
        link = through(**own, **{other: pk})
        link._history_user, link._history_date = changed_by, when
        link.save()
    return links.keys() != wanted


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
