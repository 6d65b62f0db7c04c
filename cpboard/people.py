"""How a person is named on a page or in a download: the one place that applies the names
policy, `cpboard.roles.may_see_staff_names`.

Templates name whoever owns, leads, entered, approved, wrote, raised or answered a record
through the `person_name` filter (cpboard_tags), and tables leave out the columns that name
them through `name_columns`; none of them repeats the rule. The people who sit on the Board
and its sub-groups are named with their seat for everyone (`Membership.person_name`), as the
council's papers print them.
"""

from django.contrib.auth.models import AbstractBaseUser

from cpboard.roles import UserLike, may_see_staff_names

WITHHELD = "a named council officer"
"""What someone who may not see staff names reads in place of the name."""


def full_name(person: AbstractBaseUser | str | None) -> str:
    """A user's full name, or their username when no name is recorded; a name given as text
    (someone without an account) as it is; "" for nobody."""
    if not person:
        return ""
    if isinstance(person, str):
        return person
    return person.get_full_name() or person.get_username()


def person_name(person: AbstractBaseUser | str | None, viewer: UserLike) -> str:
    """The person's name as `viewer` may read it: the name for those who may see staff names,
    WITHHELD for the others, and "" when there is nobody (so that a page can say "Not
    assigned")."""
    name = full_name(person)
    if not name or may_see_staff_names(viewer):
        return name
    return WITHHELD


def name_columns(viewer: UserLike, *columns: str) -> tuple[str, ...]:
    """Of a table's `columns` that name staff, those to leave out of the page and of its CSV
    and XLSX for `viewer`: all of them for someone who may not see staff names, none
    otherwise. Pass the result as the table's `exclude`."""
    return () if may_see_staff_names(viewer) else columns
