"""Using the portal with the keyboard alone: the Tab key, Enter and typing, as a person who
does not use a mouse would."""

import pytest
from playwright.sync_api import Locator, Page, expect

from cpboard import roles
from strategy.demo import OUTCOMES
from tests.browser.portal import SIGN_IN_URL

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 60
# The focus moves as the key is pressed; waiting longer would only slow a failing test.
FOCUS_WAIT = 1_000
SKIP_LINK = 'a "Skip to main content"'

DESCRIBE = """el => {
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (label || el.getAttribute("aria-label") || el.textContent || el.value || "");
  return `${el.tagName.toLowerCase()} "${name.trim().replace(/\\s+/g, " ")}"`;
}"""

# What can show where the focus is. A transparent outline (GOV.UK sets one for Windows high
# contrast mode) shows nothing on its own, so it counts as none.
FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  const transparent = c => c === "transparent" || /rgba\\(.*,\\s*0\\)$/.test(c);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
    && !transparent(s.outlineColor) ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`
    : "none";
  return {outline, "box-shadow": s.boxShadow, "background": s.backgroundColor,
          "border": `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`};
}"""


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait two frames, as a person would before pressing a key: Chromium
    applies `autofocus` at its next rendering update, not when the page has loaded."""
    page.goto(url)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def focused(page: Page) -> str:
    return page.evaluate(f"({DESCRIBE})(document.activeElement)")


def tab_until(page: Page, target: Locator) -> None:
    """Press Tab until `target` has the focus."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}; the focus is on {focused(page)}")


def tab_stops(page: Page) -> list:
    """Press Tab until the focus comes round to where it started: each stop's element
    handle, description and focused style, in tab order from the skip link (or from the
    first stop reached, if the page has no skip link)."""
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        if element.evaluate("el => el === document.body"):
            continue  # between the last stop and the first, focus leaves the page
        if stops and element.evaluate("(el, first) => el === first", stops[0][0]):
            break
        stops.append((element, element.evaluate(DESCRIBE), element.evaluate(FOCUS_STYLE)))
    skip = next((i for i, stop in enumerate(stops) if stop[1] == SKIP_LINK), 0)
    return stops[skip:] + stops[:skip]


@pytest.mark.parametrize(
    ("signed_in", "url"),
    [(False, SIGN_IN_URL), (True, "/"), (True, "/accounts/password/change/")],
    ids=["sign-in", "home", "change-password"],
)
def test_the_skip_link_is_the_first_tab_stop_and_moves_the_focus_to_the_main_content(
    anonymous_page, portal_as, signed_in, url
):
    page = portal_as(roles.COUNCILLOR).page if signed_in else anonymous_page
    open_page(page, url)
    skip_link = page.get_by_role("link", name="Skip to main content")

    page.keyboard.press("Tab")

    expect(skip_link, f"the first Tab stop is {focused(page)}").to_be_focused(timeout=FOCUS_WAIT)
    box = skip_link.bounding_box()
    assert box, "the focused skip link is not shown"
    assert box["width"] > 10, "the focused skip link is not shown"
    assert box["height"] > 10, "the focused skip link is not shown"

    page.keyboard.press("Enter")

    expect(page.locator("#main-content")).to_be_focused(timeout=FOCUS_WAIT)


def test_after_the_skip_link_the_tab_order_is_username_password_sign_in(anonymous_page):
    page = anonymous_page
    open_page(page, SIGN_IN_URL)
    tab_until(page, page.get_by_role("link", name="Skip to main content"))
    page.keyboard.press("Enter")

    for target in (
        page.get_by_label("Username or e-mail address", exact=True),
        page.get_by_label("Password", exact=True),
        page.get_by_role("button", name="Sign in"),
    ):
        page.keyboard.press("Tab")
        expect(target, f"the focus went to {focused(page)}").to_be_focused(timeout=FOCUS_WAIT)


def test_every_tab_stop_on_the_sign_in_page_shows_where_the_focus_is(anonymous_page):
    page = anonymous_page
    open_page(page, SIGN_IN_URL)

    stops = tab_stops(page)
    page.evaluate("document.activeElement.blur()")

    names = [name for _, name, _ in stops]
    assert SKIP_LINK in names
    form_order = ['input "Username or e-mail address"', 'input "Password"', 'input "Sign in"']
    start = names.index(form_order[0])
    assert names[start : start + 3] == form_order, names
    unmarked = [
        f"{name}: focused {focused_style} = unfocused"
        for element, name, focused_style in stops
        if element.evaluate(FOCUS_STYLE) == focused_style
    ]
    assert not unmarked, "No visible focus indicator:\n" + "\n".join(unmarked)


def follow_the_error_summary(page: Page, field: Locator) -> None:
    """On a page just submitted with an error: the error summary has the focus, and its
    first link, followed with Enter, puts the focus in the field."""
    summary = page.locator(".govuk-error-summary")
    expect(summary, f"the focus is on {focused(page)}").to_be_focused(timeout=FOCUS_WAIT)

    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused(timeout=FOCUS_WAIT)
    page.keyboard.press("Enter")

    expect(field, f"the focus is on {focused(page)}").to_be_focused(timeout=FOCUS_WAIT)


def test_a_sign_in_error_takes_the_focus_to_the_summary_and_on_to_the_field(anonymous_page):
    page = anonymous_page
    open_page(page, SIGN_IN_URL)
    tab_until(page, page.get_by_label("Username or e-mail address", exact=True))
    page.keyboard.type("councillor")
    page.keyboard.press("Tab")  # to the password, left empty
    with page.expect_navigation():
        page.keyboard.press("Enter")

    follow_the_error_summary(page, page.get_by_label("Password", exact=True))


def test_an_outcome_form_error_takes_the_focus_to_the_summary_and_on_to_the_field(portal_as):
    number, title, *_ = OUTCOMES[0]
    portal = portal_as(roles.BOARD_SECRETARY)
    portal.follow_navigation("Strategy")
    portal.follow_link(title)
    portal.follow_link(f"Change outcome {number}")
    page = portal.page
    title_box = page.get_by_label("Title", exact=True)

    tab_until(page, title_box)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Delete")
    tab_until(page, page.get_by_role("button", name="Save changes"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    follow_the_error_summary(page, title_box)
