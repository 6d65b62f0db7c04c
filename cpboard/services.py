"""The save sequence every service uses, in one place (HackSoft's `model_update`, with our row
lock, stale-form check and history user added).

A service decides what to change; these helpers change it the same way everywhere: lock the
row, refuse a form opened before someone else's save, set the named fields, validate, record
who made the change in the row's history, and save. Call them inside the service's
transaction.
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from cpboard.history import check_not_stale

M = TypeVar("M", bound=models.Model)


def lock_row(instance: M, *, seen_change: int | None = None) -> M | None:
    """Lock `instance`'s row until the transaction ends, so that two saves at once are checked
    one after the other, and raise StaleEdit if `seen_change` is given and someone has saved
    the row since (cpboard.history.check_not_stale). Returns the row as stored, read under
    the lock (None if it has been deleted)."""
    stored = type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
    if seen_change is not None:
        check_not_stale(instance, seen_change)
    return stored


def model_update(
    *,
    instance: M,
    fields: Mapping[str, Any] | Iterable[str],
    data: Mapping[str, Any] | None = None,
    changed_by: AbstractBaseUser | None,
    seen_change: int | None = None,
    lock: bool = True,
    clean: bool = True,
    save_unchanged: bool = False,
) -> tuple[M, bool]:
    """Set the named `fields` of `instance` to their values in `data` (or give `fields` as a
    dict of values) and save, in one history record against `changed_by`. Returns the
    instance and whether anything changed.

    - `lock`: first lock the row (`lock_row`). Pass False when the service has locked the
      row itself, or for a row it does not lock.
    - `seen_change`: the row's latest history id when the form was opened; when given, raise
      StaleEdit (cpboard.history.check_not_stale) if someone has saved the row since.
    - A field has changed when its value differs from the stored row's (read under the lock,
      so an instance a ModelForm has already changed is still seen as changed), or for an
      unlocked row from the instance's value before the call. The save writes the named
      fields and any other that differs (`full_clean` or `auto_now` may set one), with
      `update_fields`.
    - Many-to-many fields are set before the save, which records them in the same history
      record; giving one counts as a change. On a new instance they are set after it is first
      saved, when not empty.
    - Nothing changed: nothing is saved and no history is recorded, unless `save_unchanged`
      (for services where every save is a recorded event).
    - `clean`: run `full_clean` before saving; a ValidationError leaves the row as it was.
    """
    if data is None:
        if not isinstance(fields, Mapping):
            raise TypeError("model_update needs `data` when `fields` names the fields.")
        data = fields
    names = list(fields)
    model = type(instance)
    adding = instance._state.adding
    stored = None
    if lock and not adding:
        stored = lock_row(instance, seen_change=seen_change)
    elif seen_change is not None and not adding:
        check_not_stale(instance, seen_change)
    concrete = [field for field in model._meta.concrete_fields if not field.primary_key]
    before = {field.attname: field.value_from_object(stored or instance) for field in concrete}
    related: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many:
            related[name] = data[name]
        else:
            setattr(instance, name, data[name])
    changed = adding or bool(related) or _changed_fields(instance, concrete, before)
    if not changed and not save_unchanged:
        return instance, False
    if clean:
        instance.full_clean()
    instance._history_user = changed_by
    if adding:
        instance.save()
        for name, values in related.items():
            if values:
                getattr(instance, name).set(values)
        return instance, True
    if related:
        # One history record per edit: the save below records the new links with the other
        # fields, instead of each many-to-many change adding a record of its own.
        instance.skip_history_when_saving = True
        try:
            for name, values in related.items():
                getattr(instance, name).set(values)
        finally:
            del instance.skip_history_when_saving
    # The named fields, whatever the instance held before, and any that full_clean changed.
    update_fields = [
        field.name
        for field in concrete
        if field.name in names
        or getattr(field, "auto_now", False)
        or field.value_from_object(instance) != before[field.attname]
    ]
    instance.save(update_fields=update_fields or None)
    return instance, changed


def model_create(
    *,
    model: type[M],
    fields: Mapping[str, Any],
    changed_by: AbstractBaseUser | None,
    clean: bool = True,
) -> M:
    """Add a row with `fields` (many-to-many fields included), validated unless `clean` is
    False; its history starts with who added it."""
    instance, _ = model_update(
        instance=model(), fields=fields, changed_by=changed_by, lock=False, clean=clean
    )
    return instance


def _changed_fields(
    instance: models.Model, concrete: list[models.Field], before: dict[str, Any]
) -> list[str]:
    return [
        field.name
        for field in concrete
        if field.value_from_object(instance) != before[field.attname]
    ]
