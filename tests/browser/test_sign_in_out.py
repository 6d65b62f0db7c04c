"""Each role's demo person signs in through the real form and out again with the button."""

import re

import pytest
from playwright.sync_api import expect

from cpboard import roles
from tests.browser.portal import SIGN_IN_URL, Portal, person_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.slug)
def test_each_role_signs_in_to_the_home_page_and_signs_out(anonymous_page, role):
    person = person_for(role)
    portal = Portal(anonymous_page)

    portal.sign_in(person)

    expect(portal.account_bar).to_have_text(f"Signed in as {person.name} ({role.name})")
    expect(anonymous_page).to_have_title(re.compile(r"^Home - "))

    portal.sign_out()
    portal.go_home()

    expect(anonymous_page).to_have_url(re.compile(re.escape(SIGN_IN_URL) + r"\?next=/$"))
    expect(portal.heading).to_have_text("Sign in")
    expect(portal.account_bar).to_have_count(0)
