"""Change history of a record, read from django-simple-history, shaped for a page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import models


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
    """The primary keys a diff value refers to: one for a foreign key, several for a
    many-to-many field (whose diff values are rows of the through table)."""
    if field.many_to_many:
        key = field.m2m_reverse_field_name()
        return [row[key] for row in value or []]
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
    numbered. Queries: the history rows with their users, one per many-to-many field for
    each change, and one per related field named."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model_fields = {name: obj._meta.get_field(name) for name in fields}
    diffs = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        delta = newer.diff_against(older, included_fields=list(fields)) if older else None
        diffs.append((newer, delta.changes if delta else []))

    wanted: dict[str, set] = defaultdict(set)
    for _, changes in diffs:
        for change in changes:
            field = model_fields[change.field]
            if field.is_relation:
                wanted[change.field].update(_related_ids(field, change.old))
                wanted[change.field].update(_related_ids(field, change.new))
    names = {
        name: {
            item.pk: str(item)
            for item in model_fields[name].related_model.objects.filter(pk__in=ids)
        }
        for name, ids in wanted.items()
    }

    entries = []
    for record, changes in diffs:
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "System",
                action=_ACTIONS.get(record.history_type, "Changed"),
                changes=[
                    FieldChange(
                        str(model_fields[c.field].verbose_name).capitalize(),
                        _display(model_fields[c.field], c.old, names.get(c.field, {})),
                        _display(model_fields[c.field], c.new, names.get(c.field, {})),
                    )
                    for c in changes
                ],
            )
        )
    return entries
