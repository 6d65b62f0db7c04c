"""Who may do what: the one place that says what each role of the portal may do.

A role is a Django group of the same name. Views ask ``can(user, Capability.X)`` or use the
``@requires(Capability.X)`` decorator; nothing else in the code tests group names. The
model permissions listed per role are what the Django admin site and ``has_perm`` see; the
``sync_roles`` management command writes the groups and their permissions to the database.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction


class Capability(StrEnum):
    """Something a person can do in the portal, independent of how a role is named."""

    VIEW_BOARD = "view_board"
    """Read the dashboard, the Board and its sub-groups, the strategy and the principles."""
    VIEW_CHANGE_HISTORY = "view_change_history"
    """See who changed a record, when, and what it said before; and so who owns, leads,
    entered, approved or wrote it (see may_see_staff_names)."""
    EDIT_GROUPS = "edit_groups"
    """Change the remit and meeting pattern of the Board and its sub-groups."""
    EDIT_STRATEGY = "edit_strategy"
    """Change the strategic outcomes and the principles they serve."""
    ENTER_FIGURES = "enter_figures"
    """Enter and submit quarterly figures for the KPIs one owns."""
    ENTER_ANY_FIGURE = "enter_any_figure"
    """Enter figures for any KPI, whoever owns it."""
    APPROVE_FIGURES = "approve_figures"
    """Approve submitted figures, return them with a reason, reopen approved ones."""
    MANAGE_KPIS = "manage_kpis"
    """Open collection rounds, import figures and the KPI library."""
    VIEW_UNAPPROVED_FIGURES = "view_unapproved_figures"
    """See figures before they are approved (councillors and reports see approved ones)."""
    VIEW_RISKS = "view_risks"
    """Read the risk register, its matrix and each risk's reviews (not young people)."""
    UPDATE_OWN_ITEMS = "update_own_items"
    """Update the actions and pledge commitments one owns, review the risks one owns, and
    answer the challenges one has been given. Editing what others own needs EDIT_STRATEGY."""
    RUN_MEETINGS = "run_meetings"
    """Arrange meetings, build agendas, upload papers, record attendance, minutes, decisions
    and the action log; keep group membership and "You said, we did"."""
    VISIT_SERVICES = "visit_services"
    """Plan visits to services one goes on, and write their reports with the other visitors
    (the secretary, who runs meetings, plans and changes any visit)."""
    RAISE_CHALLENGES = "raise_challenges"
    """Raise a question or challenge about a KPI, an action, a risk or a highlight report."""
    WRITE_HIGHLIGHT_REPORTS = "write_highlight_reports"
    """Write a sub-group's quarterly highlight report (for a group one chairs or leads)."""
    VIEW_BOARD_REPORTS = "view_board_reports"
    """Read board-restricted versions of the board pack and the annual report."""
    COMPILE_REPORTS = "compile_reports"
    """Write report narratives and compile the board pack and the annual report."""
    PUBLISH_REPORTS = "publish_reports"
    """Publish a compiled report, after which it is kept and never overwritten."""
    VIEW_SYSTEM_STATUS = "view_system_status"
    """See whether the database and the task queue are answering."""
    ADMINISTER = "administer"
    """Manage user accounts and roles in the administration site."""
    SPEAK_TO_BOARD = "speak_to_board"
    """Send the Board a message about oneself or one's group and follow what happened to it
    (only one's own messages); the home page is the one written for young people."""
    HEAR_YOUNG_PEOPLE = "hear_young_people"
    """The participation lead's work: read what young people send, pass it to the Board as a
    "You said" entry or answer why not, tell them what was done; send a message on behalf of
    a group session of the children in care council."""
    UPLOAD_STATUTORY_RETURNS = "upload_statutory_returns"
    """Upload the council's SSDA903 return to compute figures from it, and download the list
    of child references with errors of one's own uploads (child-level: only those who
    upload the return, not the administrator)."""


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    """The Django group's name, shown to people."""
    summary: str
    capabilities: frozenset[Capability]
    model_permissions: tuple[str, ...] = ()
    """Django permissions as "app_label.codename"."""


_READ_BOARD = (
    "subgroups.view_boardgroup",
    "strategy.view_strategy",
    "strategy.view_outcome",
    "strategy.view_principle",
    "performance.view_kpi",
    "performance.view_measurement",
    "strategy.view_action",
    "strategy.view_actionupdate",
    "strategy.view_outcomeprogress",
)
# The risk register: everyone who may see risks (VIEW_RISKS), not young people.
_READ_RISKS = ("strategy.view_risk", "strategy.view_riskreview")
_MANAGE_KPIS = (
    "performance.add_kpi",
    "performance.change_kpi",
    "performance.add_target",
    "performance.change_target",
    "performance.add_comparator",
    "performance.change_comparator",
    "performance.add_collectionround",
    "performance.change_collectionround",
)
_STAFF = frozenset(
    {
        Capability.VIEW_BOARD,
        Capability.VIEW_CHANGE_HISTORY,
        Capability.VIEW_RISKS,
        Capability.VIEW_BOARD_REPORTS,
    }
)

COUNCILLOR = Role(
    slug="councillor",
    name="Councillor",
    summary="Board member, lead member or champion: reads the board's dashboards and papers.",
    capabilities=_STAFF | {Capability.RAISE_CHALLENGES, Capability.VISIT_SERVICES},
    model_permissions=(*_READ_BOARD, *_READ_RISKS),
)
OFFICER = Role(
    slug="officer",
    name="Officer",
    summary="Service or performance officer: enters the figures and updates they own.",
    capabilities=_STAFF
    | {
        Capability.ENTER_FIGURES,
        Capability.VIEW_UNAPPROVED_FIGURES,
        Capability.UPDATE_OWN_ITEMS,
        Capability.WRITE_HIGHLIGHT_REPORTS,
    },
    model_permissions=(*_READ_BOARD, *_READ_RISKS),
)
PERFORMANCE_LEAD = Role(
    slug="performance-lead",
    name="Performance lead",
    summary="Checks and signs off submitted figures before councillors see them.",
    capabilities=_STAFF
    | {
        Capability.ENTER_FIGURES,
        Capability.ENTER_ANY_FIGURE,
        Capability.APPROVE_FIGURES,
        Capability.MANAGE_KPIS,
        Capability.VIEW_UNAPPROVED_FIGURES,
        Capability.UPDATE_OWN_ITEMS,
        Capability.WRITE_HIGHLIGHT_REPORTS,
        Capability.UPLOAD_STATUTORY_RETURNS,
    },
    model_permissions=(*_READ_BOARD, *_READ_RISKS, *_MANAGE_KPIS),
)
BOARD_SECRETARY = Role(
    slug="board-secretary",
    name="Board secretary",
    summary="Runs the board's meetings and keeps its groups and strategy up to date.",
    capabilities=_STAFF
    | {
        Capability.EDIT_GROUPS,
        Capability.EDIT_STRATEGY,
        Capability.UPDATE_OWN_ITEMS,
        Capability.RUN_MEETINGS,
        Capability.RAISE_CHALLENGES,
        Capability.VISIT_SERVICES,
        Capability.WRITE_HIGHLIGHT_REPORTS,
        Capability.COMPILE_REPORTS,
        Capability.PUBLISH_REPORTS,
        Capability.UPLOAD_STATUTORY_RETURNS,
        Capability.HEAR_YOUNG_PEOPLE,
    },
    model_permissions=(
        *_READ_BOARD,
        "subgroups.change_boardgroup",
        "strategy.change_outcome",
        "strategy.change_strategy",
        *_READ_RISKS,
        "strategy.add_action",
        "strategy.change_action",
        "strategy.add_risk",
        "strategy.change_risk",
    ),
)
YOUNG_PERSON = Role(
    slug="young-person",
    name="Young person",
    summary="Children in care council representative: sees what the board does with their views.",
    capabilities=frozenset({Capability.VIEW_BOARD, Capability.SPEAK_TO_BOARD}),
    model_permissions=_READ_BOARD,
)
ADMINISTRATOR = Role(
    slug="administrator",
    name="Administrator",
    summary="Manages accounts and roles and looks after the running system.",
    # Not what young people write (their own words about their lives), nor sending as one.
    capabilities=frozenset(Capability)
    - {
        Capability.UPLOAD_STATUTORY_RETURNS,
        Capability.SPEAK_TO_BOARD,
        Capability.HEAR_YOUNG_PEOPLE,
    },
    model_permissions=(
        *_READ_BOARD,
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "subgroups.add_boardgroup",
        "subgroups.change_boardgroup",
        # Meetings, members, challenges and "You said, we did" in the admin site.
        *(
            f"subgroups.{action}_{model}"
            for model in (
                "membership",
                "meeting",
                "agendaitem",
                "meetingaction",
                "challenge",
                "highlightreport",
                "yousaidwedid",
            )
            for action in ("view", "add", "change")
        ),
        "strategy.add_strategy",
        "strategy.change_strategy",
        "strategy.add_outcome",
        "strategy.change_outcome",
        *_READ_RISKS,
        "strategy.add_action",
        "strategy.change_action",
        "strategy.add_risk",
        "strategy.change_risk",
        *_MANAGE_KPIS,
        # The council keeps the safeguarding phrases, the Bright Spots results and the
        # celebrations in the administration site (voice app); never young people's messages.
        *(
            f"voice.{action}_{model}"
            for model in (
                "safeguardingphrase",
                "brightspotssurvey",
                "brightspotsresult",
                "celebration",
            )
            for action in ("view", "add", "change")
        ),
    ),
)

ROLES: tuple[Role, ...] = (
    COUNCILLOR,
    OFFICER,
    PERFORMANCE_LEAD,
    BOARD_SECRETARY,
    YOUNG_PERSON,
    ADMINISTRATOR,
)

UserLike = AbstractBaseUser | AnonymousUser


def roles_of(user: UserLike) -> list[Role]:
    """The roles a user holds, in the order of ROLES; cached on the user for the request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_cpboard_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [role for role in ROLES if role.name in names]
        user._cpboard_roles = cached
    return cached


def capabilities_of(user: UserLike) -> frozenset[Capability]:
    """Everything the user may do: the union of their roles' capabilities."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Capability)
    return frozenset().union(*(role.capabilities for role in roles_of(user)))


def can(user: UserLike, capability: Capability) -> bool:
    """Whether the user may do this."""
    return capability in capabilities_of(user)


def may_see_staff_names(user: UserLike) -> bool:
    """THE names policy: whether the user may see who did what to a record.

    Everyone who reads the board sees the names of the people who sit on the Board and its
    sub-groups, with their seat (chair, vice-chair, lead officer, member champion, partner,
    member, clerk), as the council's published papers print them. Who entered, approved,
    owns, leads, wrote, raised, answered, compiled, published, updated or changed a record
    (KPI, action, risk and meeting-action owners, outcome lead officers, authors of highlight
    reports and progress statements, challenge raisers and answerers, the change history)
    is for those who may see the change history: staff and councillors, never young people.

    Pages, tables and downloads apply it through `cpboard.people` (the `person_name` filter
    and `name_columns`); public reports carry no such names at all (reports/snapshot.py)."""
    return can(user, Capability.VIEW_CHANGE_HISTORY)


def reads_plain_pages(user: UserLike) -> bool:
    """Whether the user's home page is the one written for young people: they speak to the
    Board and see nothing of who did what (a superuser or a member of staff who also holds
    the young person role keeps the board's own pages)."""
    return can(user, Capability.SPEAK_TO_BOARD) and not may_see_staff_names(user)


def requires(capability: Capability) -> Callable:
    """View decorator: answer 403 unless the signed-in user may do this."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def people_who_can(capability: Capability, user_model):
    """Active accounts holding a role with this capability, by name (one query when used)."""
    names = [role.name for role in ROLES if capability in role.capabilities]
    return (
        user_model.objects.filter(is_active=True, groups__name__in=names)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assign_role(user: AbstractBaseUser, role: Role) -> None:
    """Add the user to the role's group (created with its permissions if missing); staff
    status for the admin site."""
    group, created = Group.objects.get_or_create(name=role.name)
    if created:
        group.permissions.set(_permissions(role.model_permissions))
    user.groups.add(group)
    if Capability.ADMINISTER in role.capabilities and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_cpboard_roles", None)


def _permissions(names: Iterable[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        names = ", ".join(sorted(".".join(pair) for pair in missing))
        raise LookupError(f"Permissions not in the database (run migrate first): {names}")
    return found


@transaction.atomic
def sync_roles() -> list[Group]:
    """Create or update one Django group per role with exactly the role's model permissions."""
    groups = []
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set(_permissions(role.model_permissions))
        groups.append(group)
    return groups
