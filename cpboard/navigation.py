"""The service navigation: which sections a user sees depends on what their roles allow."""

from dataclasses import dataclass

from django.urls import reverse

from cpboard.roles import Capability, UserLike, can


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    capability: Capability


SECTIONS: tuple[Section, ...] = (
    Section("Home", "reports:home", Capability.VIEW_BOARD),
    Section("Scorecard", "performance:scorecard", Capability.VIEW_BOARD),
    Section("Enter figures", "performance:entry-index", Capability.ENTER_FIGURES),
    Section("Sign off", "performance:review", Capability.APPROVE_FIGURES),
    Section("SSDA903 return", "performance:ssda903", Capability.UPLOAD_STATUTORY_RETURNS),
    Section("Board and sub-groups", "subgroups:group-list", Capability.VIEW_BOARD),
    Section("Meetings", "subgroups:meeting-list", Capability.VIEW_BOARD),
    Section("You said, we did", "subgroups:you-said", Capability.VIEW_BOARD),
    Section("Your say", "voice:send", Capability.SPEAK_TO_BOARD),
    Section("Messages from young people", "voice:inbox", Capability.HEAR_YOUNG_PEOPLE),
    Section("Strategy", "strategy:outcome-list", Capability.VIEW_BOARD),
    Section("Risks", "strategy:risk-list", Capability.VIEW_RISKS),
    Section("Reports", "reports:report-list", Capability.VIEW_BOARD),
    Section("System status", "cpboard:system-status", Capability.VIEW_SYSTEM_STATUS),
    Section("People and roles", "accounts:people", Capability.ADMINISTER),
    Section("Administration", "admin:index", Capability.ADMINISTER),
)


@dataclass(frozen=True)
class NavigationItem:
    label: str
    href: str
    current: bool
    """The page shown is this section's own page (aria-current="page")."""
    active: bool
    """The page shown is inside this section (aria-current="true")."""


def navigation_for(user: UserLike, path: str) -> list[NavigationItem]:
    """The navigation items the user may follow, marking the section that contains `path`."""
    allowed = [(section, reverse(section.url_name)) for section in SECTIONS]
    allowed = [(section, href) for section, href in allowed if can(user, section.capability)]
    # The section whose address is the longest start of the path holds the page, so that
    # /performance/entry/ is inside "Enter figures", not also inside "Scorecard".
    containing = [href for _, href in allowed if path == href or path.startswith(href)]
    holder = max(containing, key=len) if containing else None
    if holder == "/" and path != "/":
        holder = None
    return [
        NavigationItem(section.label, href, current=path == href, active=href == holder)
        for section, href in allowed
    ]
