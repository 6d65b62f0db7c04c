"""Changes to the Board and its sub-groups."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from subgroups.models import BoardGroup


@transaction.atomic
def group_update(*, group: BoardGroup, changed_by: AbstractBaseUser, **fields) -> BoardGroup:
    """Save new values for a group's fields, recording who changed it in its history."""
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    group._history_user = changed_by
    group.save()
    return group
