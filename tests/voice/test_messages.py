"""Telling the Board: a young person sends a message, the participation lead publishes it as
"You said" or answers why not, and the young person follows it; safeguarding words reach the
designated contact at once; an anonymous sender's name never reaches the Board."""

import datetime
import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from subgroups.models import YouSaidWeDid
from tests.factories import UserFactory
from voice import services
from voice.models import Message, Notice, SafeguardingPhrase

pytestmark = pytest.mark.django_db

WORDS = "We want the Board to meet at the youth centre once a year."
SECRET_NAME = ("Zephyrine", "Quilliam")
UNREPORTED_WORDS = "Nobody must read this in an error report."


def send(client, text=WORDS, **extra):
    data = {"topic": "board", "text": text, **extra}
    return client.post(reverse("voice:send"), data)


def test_the_help_to_talk_to_someone_now_comes_before_the_box_to_type_in(client_as, settings):
    settings.OUT_OF_HOURS_PHONE = "01632 960 123"

    page = client_as(roles.YOUNG_PERSON).get(reverse("voice:send")).text

    help_starts = page.index("If you are not safe, talk to someone now")
    assert help_starts < page.index("<textarea")
    help_text = page[help_starts : page.index("<textarea")]
    for who in (
        "your social worker",
        "your independent reviewing officer",
        "01632 960 123",
        "Childline",
        "0800 1111",
    ):
        assert who in help_text


def test_a_young_person_sends_a_message_and_sees_that_we_got_it(client_as):
    client = client_as(roles.YOUNG_PERSON)

    response = send(client)

    message = Message.objects.get()
    assert response.status_code == 302
    assert response.url == message.get_absolute_url()
    assert (message.sender, message.text, message.status) == (client.user, WORDS, "received")
    page = client.get(message.get_absolute_url()).text
    assert "We got your message" in page
    assert "The Board can see your name." in page
    assert "We got your message" in client.get(reverse("voice:my-messages")).text
    assert not mail.outbox


def test_an_empty_or_too_long_message_is_refused_by_the_field(client_as):
    client = client_as(roles.YOUNG_PERSON)

    empty = send(client, text="   ", topic="")
    long = send(client, text="a" * 1001)

    assert empty.status_code == long.status_code == 200
    assert "Write what you want the Board to know." in empty.text
    assert "Choose what your message is about." in empty.text
    assert "Your message is too long. Use 1000 letters or fewer." in long.text
    assert not Message.objects.exists()


def test_words_that_suggest_a_child_is_at_risk_are_emailed_to_the_safeguarding_contact_at_once(
    client_as, settings, django_capture_on_commit_callbacks, caplog, tasks_in_process
):
    settings.SAFEGUARDING_CONTACT_EMAIL = "dsl@council.example"
    client = client_as(roles.YOUNG_PERSON)
    text = "My carer's boyfriend HURT ME again last night."

    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = send(client, text=text, anonymous="on")

    message = Message.objects.get()
    assert message.safeguarding_concern
    assert message.safeguarding_alert_sent_at is not None
    [alert] = mail.outbox
    assert alert.to == ["dsl@council.example"]
    assert text not in alert.subject
    assert text in alert.body
    # Safety comes before anonymity: the contact is told who sent it.
    assert client.user.get_username() in alert.body
    assert "hurt me" in alert.body
    # The young person is shown who to talk to now.
    page = client.get(response.url).text
    assert "We have told the person at the council who keeps children safe" in page
    assert "Childline" in page
    assert "0800 1111" in page
    # The words are in no log line.
    assert "HURT ME" not in caplog.text
    assert f"Message {message.pk} matched a safeguarding phrase" in caplog.text


def test_the_alert_is_sent_once_however_often_the_task_runs(
    make_user, django_capture_on_commit_callbacks, tasks_in_process
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(
            sender=make_user(roles.YOUNG_PERSON), topic="home", text="I am not safe here."
        )

    assert services.safeguarding_alert_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1


def test_a_phrase_matches_whole_words_only_and_the_council_can_add_one(make_user):
    sender = make_user(roles.YOUNG_PERSON)

    meal = services.message_send(sender=sender, topic="home", text="The hurt meal was cold.")
    SafeguardingPhrase.objects.create(phrase="locked in")
    locked = services.message_send(sender=sender, topic="home", text="They LOCKED  IN my room.")

    assert not meal.safeguarding_concern
    assert locked.safeguarding_concern


def _lead_client(client_as):
    return client_as(roles.BOARD_SECRETARY)


def _pass(client, message, *, owner, you_said="Meet at the youth centre once a year."):
    return client.post(
        reverse("voice:moderate", kwargs={"pk": message.pk}),
        {"action": "pass", "you_said": you_said, "owner": owner.pk, "reply_by": "20/01/2031"},
    )


def test_nothing_a_young_person_writes_reaches_others_until_it_is_published(client_as, make_user):
    writer = client_as(roles.YOUNG_PERSON)
    send(writer)
    message = Message.objects.get()
    other = client_as(roles.YOUNG_PERSON)
    councillor = client_as(roles.COUNCILLOR)

    assert other.get(message.get_absolute_url()).status_code == 404
    assert councillor.get(message.get_absolute_url()).status_code == 404
    assert WORDS not in other.get(reverse("voice:my-messages")).text
    assert WORDS not in other.get(reverse("subgroups:you-said")).text

    lead = _lead_client(client_as)
    response = _pass(lead, message, owner=make_user(roles.COUNCILLOR))

    assert response.status_code == 302
    entry = YouSaidWeDid.objects.get()
    assert entry.you_said == "Meet at the youth centre once a year."
    assert entry.source == YouSaidWeDid.Source.CHILDREN_IN_CARE_COUNCIL
    # Published in the participation lead's words, not the young person's.
    you_said_page = other.get(reverse("subgroups:you-said")).text
    assert "Meet at the youth centre once a year." in you_said_page
    assert WORDS not in you_said_page


def test_the_sender_gets_a_message_when_it_is_passed_and_again_when_it_is_answered(
    client_as, make_user
):
    writer = client_as(roles.YOUNG_PERSON)
    send(writer)
    message = Message.objects.get()
    lead = _lead_client(client_as)
    owner = make_user(roles.COUNCILLOR)

    _pass(lead, message, owner=owner)
    home = writer.get(reverse("reports:home")).text

    message.refresh_from_db()
    assert (message.status, message.owner, message.reply_by) == (
        "passed",
        owner,
        datetime.date(2031, 1, 20),
    )
    assert "We have news about your messages." in home
    assert "passed to the board" in home

    writer.get(message.get_absolute_url())  # reading it clears the news
    assert "We have news" not in writer.get(reverse("reports:home")).text

    response = lead.post(
        reverse("voice:moderate", kwargs={"pk": message.pk}),
        {"action": "answer", "outcome": "done", "answer": "We will meet there in June."},
    )

    assert response.status_code == 302
    page = writer.get(message.get_absolute_url()).text
    assert "We did this" in page
    assert "We will meet there in June." in page
    entry = YouSaidWeDid.objects.get()
    assert (entry.we_did, entry.status, entry.told_on) == (
        "We will meet there in June.",
        YouSaidWeDid.Status.DONE,
        timezone.localdate(),
    )
    assert list(Notice.objects.values_list("status", flat=True)) == ["done", "passed"]


def test_the_participation_lead_answers_why_not_and_the_young_person_reads_it(client_as):
    writer = client_as(roles.YOUNG_PERSON)
    send(writer, text="Can we paint our bedrooms?")
    message = Message.objects.get()
    lead = _lead_client(client_as)

    lead.post(
        reverse("voice:moderate", kwargs={"pk": message.pk}),
        {"action": "answer", "outcome": "not-possible", "answer": "Each foster family decides."},
    )
    again = lead.post(
        reverse("voice:moderate", kwargs={"pk": message.pk}),
        {"action": "answer", "outcome": "done", "answer": "Changed our minds."},
    )

    page = writer.get(message.get_absolute_url()).text
    assert "We could not do this" in page
    assert "Each foster family decides." in page
    assert not YouSaidWeDid.objects.exists()
    # A closed message is not answered twice: the form says so by the page's error summary.
    assert again.status_code == 200
    assert "This message has been answered and closed already." in again.text


def test_the_lead_is_told_what_is_missing_from_a_publication(client_as):
    send(client_as(roles.YOUNG_PERSON))
    message = Message.objects.get()

    response = _lead_client(client_as).post(
        reverse("voice:moderate", kwargs={"pk": message.pk}),
        {"action": "pass", "you_said": "", "owner": "", "reply_by": "31/02/2031"},
    )

    assert response.status_code == 200
    for error in (
        "Write what the young person said, as it will be published.",
        "Choose who answers it.",
        "Enter the date as day/month/year, like 20/01/2027.",
    ):
        assert error in response.text
    assert Message.objects.get().status == "received"


def test_the_board_never_sees_the_name_of_an_anonymous_sender(client_as, make_user):
    first, last = SECRET_NAME
    sender = UserFactory(first_name=first, last_name=last, role=roles.YOUNG_PERSON)
    services.message_send(sender=sender, topic="workers", text=WORDS, anonymous=True)
    message = Message.objects.get()
    lead = _lead_client(client_as)
    _pass(lead, message, owner=make_user(roles.COUNCILLOR))
    entry = YouSaidWeDid.objects.get()
    admin = client_as(roles.ADMINISTRATOR)
    board_pages = {
        lead: [
            reverse("voice:inbox"),
            reverse("voice:moderate", kwargs={"pk": message.pk}),
            reverse("reports:home"),
            reverse("subgroups:you-said"),
            reverse("subgroups:you-said-edit", kwargs={"pk": entry.pk}),
        ],
        client_as(roles.COUNCILLOR): [reverse("reports:home"), reverse("subgroups:you-said")],
        admin: [
            reverse("admin:index"),
            reverse("admin:subgroups_yousaidwedid_changelist"),
            reverse("admin:subgroups_yousaidwedid_change", args=[entry.pk]),
            reverse("admin:subgroups_yousaidwedid_history", args=[entry.pk]),
        ],
    }

    for client, paths in board_pages.items():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert first not in response.text, path
            assert last not in response.text, path
    assert "Anonymous" in lead.get(reverse("voice:inbox")).text


def test_a_named_sender_is_named_to_the_participation_lead(client_as):
    sender = UserFactory(first_name="Priya", last_name="Named", role=roles.YOUNG_PERSON)
    services.message_send(sender=sender, topic="school", text=WORDS)

    assert "Priya Named" in _lead_client(client_as).get(reverse("voice:inbox")).text


def test_a_participation_worker_sends_for_a_group_session(client_as):
    lead = _lead_client(client_as)

    form = lead.get(reverse("voice:send")).text
    send(lead)

    message = Message.objects.get()
    assert "What did the group want the Board to know?" in form
    assert 'name="anonymous"' not in form
    assert message.for_group
    assert not message.anonymous
    assert "for a group session" in lead.get(reverse("voice:inbox")).text


def test_the_inbox_takes_a_fixed_number_of_queries(client_as, django_assert_num_queries):
    lead = _lead_client(client_as)
    lead.get(reverse("voice:inbox"))
    for n in range(4):
        sender = UserFactory(role=roles.YOUNG_PERSON)
        message = services.message_send(sender=sender, topic="home", text=f"Message {n}")
        if n % 2:
            services.message_answer(
                message=message, done=True, answer="Done.", changed_by=lead.user
            )
    # Session, user, the user's roles; the messages with their senders, owners and entries.
    with django_assert_num_queries(4):
        response = lead.get(reverse("voice:inbox"))
    assert response.text.count(": read message ") == 4


def test_the_words_of_a_closed_message_are_forgotten_after_the_kept_time(make_user, settings):
    settings.VOICE_KEEP_TEXT_DAYS = 365
    lead = make_user(roles.BOARD_SECRETARY)
    sender = make_user(roles.YOUNG_PERSON)
    old = services.message_send(sender=sender, topic="home", text="Old words.")
    services.message_answer(message=old, done=True, answer="Old answer.", changed_by=lead)
    Message.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=366)
    )
    recent = services.message_send(sender=sender, topic="home", text="Recent words.")
    services.message_answer(message=recent, done=True, answer="Recent.", changed_by=lead)
    still_open = services.message_send(sender=sender, topic="home", text="Open words.")

    out = io.StringIO()
    call_command("forget_message_words", stdout=out)
    call_command("forget_message_words", stdout=out)

    texts = dict(Message.objects.values_list("pk", "text"))
    assert texts == {old.pk: "", recent.pk: "Recent words.", still_open.pk: "Open words."}
    old.refresh_from_db()
    assert (old.answer, old.status) == ("", "done")
    assert out.getvalue().splitlines() == [
        "Forgot the words of 1 message(s).",
        "Forgot the words of 0 message(s).",
    ]
    # The words were never in the change history.
    assert not hasattr(Message.history.model, "text")


def test_forgetting_old_words_runs_nightly_as_a_task_that_names_a_real_function():
    from django.conf import settings as django_settings

    from voice import tasks

    entry = django_settings.CELERY_BEAT_SCHEDULE["forget-old-message-words"]

    assert entry["task"] == tasks.forget_old_message_words.name
    assert entry["schedule"].hour == {4}


def test_an_error_report_shows_a_message_as_stars(rf, make_user, monkeypatch):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.views.debug import ExceptionReporter
    from django.views.decorators.debug import sensitive_variables

    from voice import views

    # A failure below the service while it holds the words (the database gone, say).
    @sensitive_variables()
    def failing(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "safeguarding_matches", failing)
    request = rf.post(reverse("voice:send"), {"topic": "home", "text": UNREPORTED_WORDS})
    request.user = make_user(roles.YOUNG_PERSON)
    request.session = {}
    request._messages = FallbackStorage(request)

    with pytest.raises(RuntimeError) as failure:
        views.send(request)

    # From the view down, as Django reports it (the first frame is this test's own).
    report = ExceptionReporter(request, failure.type, failure.value, failure.tb.tb_next)
    text = report.get_traceback_text()
    assert "the database went away" in text
    assert "message_send" in text
    assert "Nobody must read" not in text
    html = report.get_traceback_html()
    assert "Nobody must read" not in html
    assert "text" in html
