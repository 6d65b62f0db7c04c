"""Changes to the Board and its sub-groups."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cpboard.history import check_not_stale
from subgroups.models import BoardGroup


@transaction.atomic
def group_update(
    *,
    group: BoardGroup,
    changed_by: AbstractBaseUser,
    seen_change: int | None = None,
    **fields,
) -> BoardGroup:
    """Save new values for a group's fields, recording who changed it in its history.
    Raises StaleEdit if `seen_change` is given and someone saved the group since."""
    # Lock the row so that two saves at once are checked for staleness one after the other.
    BoardGroup.objects.select_for_update().filter(pk=group.pk).first()
    if seen_change is not None:
        check_not_stale(group, seen_change)
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    group._history_user = changed_by
    group.save()
    return group
