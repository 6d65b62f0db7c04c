"""A young person tells the Board something and sees it answered: signed in through the real
sign-in form, they read their home page, send a message with the safeguarding help above the
box, the participation lead (the board secretary) publishes it as "You said" and says what was
done, and the young person finds the news on their home page."""

import re

import pytest
from playwright.sync_api import expect

from cpboard import roles

pytestmark = pytest.mark.browser

MESSAGE = "Please can the youth club stay open in the summer holidays?"


def test_a_young_person_sends_a_message_and_sees_it_answered(demo_site, portal_as):
    young = portal_as(roles.YOUNG_PERSON)

    young.go_home()
    expect(young.heading).to_have_text("Your Corporate Parenting Board")
    expect(young.main.get_by_role("heading", name="How children here are doing")).to_be_visible()
    young.main.get_by_text("What does this mean?").click()
    expect(young.main.get_by_text("A care leaver is a young person")).to_be_visible()

    young.follow_navigation("Your say")
    expect(young.heading).to_have_text("Tell the Board")
    expect(young.main.locator("#help-now")).to_contain_text("Childline")
    young.page.get_by_label("Something else").check()
    young.fill("What do you want the Board to know?", MESSAGE)
    young.press_button("Send to the Board")
    expect(young.success_banner).to_contain_text("We got your message")
    expect(young.main).to_contain_text(MESSAGE)

    lead = portal_as(roles.BOARD_SECRETARY)
    lead.go_home()
    lead.follow_navigation("Messages from young people")
    row = lead.main.get_by_role("row").filter(has_text="Something else").first
    expect(row).to_contain_text("Jay")
    row.get_by_role("link").click()
    lead.page.wait_for_load_state()
    expect(lead.main).to_contain_text(MESSAGE)
    lead.fill(
        "\u201cYou said\u201d, as everyone will read it", "Keep the youth club open in summer."
    )
    lead.page.get_by_label("Who on the Board answers it").select_option(label="Helen Ashworth")
    lead.fill("Answer by", "20/01/2031")
    lead.press_button("Publish as \u201cYou said\u201d")
    expect(lead.success_banner).to_contain_text("Published")
    lead.follow_link(re.compile(r"read message"), within=row)
    lead.page.get_by_label("We did this").check()
    lead.fill(
        "Your answer to the young person", "The youth club will open every weekday in August."
    )
    lead.press_button("Send the answer")
    expect(lead.success_banner).to_contain_text("Answered")

    young.go_home()
    news = young.main.locator(".govuk-notification-banner")
    expect(news).to_contain_text("We have news about your messages.")
    news.get_by_role("link", name=re.compile("we did this")).first.click()
    young.page.wait_for_load_state()
    expect(young.main).to_contain_text("We did this")
    expect(young.main).to_contain_text("The youth club will open every weekday in August.")
    young.follow_navigation("You said, we did")
    expect(young.main).to_contain_text("Keep the youth club open in summer.")
