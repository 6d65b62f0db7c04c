"""The names policy on every page a young person reaches (cpboard.roles.may_see_staff_names):
a member of staff or a councillor is named only where the page lists who sits on a group,
beside their seat (chair, lead officer, member, ...), or in the narrative of a published
report (a public document); never as the owner, author, presenter or lead of a record. The
young person's walk is the one the accessibility tests make."""

import pytest
from django.contrib.auth import get_user_model
from lxml import html as lxml_html

from cpboard import roles
from subgroups.models import Membership
from tests.browser.crawl import Crawl, PageCheck, page_kind

pytestmark = pytest.mark.browser

YOUNG_PERSON = roles.YOUNG_PERSON.slug
SEATS = tuple(label for _, label in Membership.Role.choices)
# A list of members: a table row or a summary-list row that says the person's seat.
LISTING = "ancestor-or-self::*[self::tr or contains(@class, 'govuk-summary-list__row')][1]"
# A published report's narrative is a public document, as the secretary wrote and published
# it (a report to Council names its lead officer contact): names in it are not the portal's.
PUBLISHED_NARRATIVE = "ancestor-or-self::*[contains(@class, 'cpb-report-section')]"
# Pages where the demo names officers as owners or authors; the walk must reach each kind.
PAGES_THAT_NAME_OWNERS = {
    "strategy/actions/",
    "strategy/actions/<int:pk>/",
    "strategy/outcomes/<int:pk>/",
    "performance/kpis/<str:code>/",
    "board/meetings/<int:pk>/",
    "board/reports/<int:pk>/",
}


def staff_names() -> set[str]:
    """The full names of everyone who may see who did what: staff and councillors, who own
    the demo's KPIs, actions and risks, lead its outcomes and write its reports."""
    staff_roles = [role.name for role in roles.ROLES if role is not roles.YOUNG_PERSON]
    people = get_user_model().objects.filter(groups__name__in=staff_roles).distinct()
    return {person.get_full_name() for person in people if person.get_full_name()}


def _seat_named_beside(element) -> bool:
    listing = element.xpath(LISTING)
    if not listing:
        return False
    cells = listing[0].xpath(".//td | .//th | .//dt")
    return any(cell.text_content().strip().startswith(SEATS) for cell in cells)


def names_out_of_place(page: PageCheck, names: set[str]) -> tuple[list[str], int]:
    """Where the page names one of `names` other than beside their seat, as "name: text";
    and how many times it names them beside their seat."""
    document = lxml_html.fromstring(page.html.read_text(encoding="utf-8"))
    wrong, seated = [], 0
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            for name in names:
                if not text or name not in text or holder is None:
                    continue
                if _seat_named_beside(holder):
                    seated += 1
                elif holder.xpath(PUBLISHED_NARRATIVE):
                    continue
                else:
                    wrong.append(f"{name}: {' '.join(holder.text_content().split())[:160]}")
    return wrong, seated


def test_a_young_person_sees_staff_named_only_with_their_seat_on_a_group(crawl_of):
    crawl: Crawl = crawl_of(YOUNG_PERSON)
    names = staff_names()
    assert {"Daniel Okafor", "Ruth Kendal", "Amira Begum"} <= names
    reached = {page_kind(page.url.partition("?")[0]) for page in crawl.pages}
    assert reached >= PAGES_THAT_NAME_OWNERS, f"the walk reached only {sorted(reached)}"

    problems, seated = [], 0
    for page in crawl.pages:
        wrong, count = names_out_of_place(page, names)
        seated += count
        problems.extend(f"{page.url}: {line}" for line in wrong)

    assert not problems, "\n".join([f"{len(problems)} staff names out of place:", *problems])
    # The check can see names: the Board's page lists its members with their seats.
    assert seated > 0
