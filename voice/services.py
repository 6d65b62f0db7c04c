"""Writes of the voice app: sending a message to the Board, the participation lead's answers,
the safeguarding alert and forgetting old words.

What a young person writes is never logged nor put into an error report: the views that take
it are marked with `sensitive_post_parameters` and these functions with `sensitive_variables`,
and log lines name a message by its number only."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from cpboard.services import lock_row, model_create, model_update
from subgroups import services as board_services
from subgroups.models import YouSaidWeDid
from voice.models import Message, Notice, SafeguardingPhrase

logger = logging.getLogger(__name__)


@sensitive_variables("text")
def safeguarding_matches(text: str) -> list[str]:
    """The council's active safeguarding phrases found in `text`, as whole words."""
    return [phrase.phrase for phrase in SafeguardingPhrase.objects.active() if phrase.is_in(text)]


# The words are sensitive in every frame that holds them: the transaction is opened inside the
# function, since a decorator's own frame would show them in an error report.
@sensitive_variables("text")
def message_send(
    *,
    sender: AbstractBaseUser,
    topic: str,
    text: str,
    anonymous: bool = False,
    for_group: bool = False,
) -> Message:
    """Keep a message to the Board. If its words match a safeguarding phrase, the designated
    safeguarding contact is e-mailed as soon as it is saved (voice.tasks)."""
    with transaction.atomic():
        concern = bool(safeguarding_matches(text))
        message = model_create(
            model=Message,
            fields={
                "sender": sender,
                "topic": topic,
                "text": text.strip(),
                "anonymous": anonymous,
                "for_group": for_group,
                "safeguarding_concern": concern,
            },
            changed_by=sender,
        )
        if concern:
            from voice.tasks import send_safeguarding_alert

            message_id = message.pk
            transaction.on_commit(lambda: send_safeguarding_alert.delay(message_id))
            logger.warning(
                "Message %s matched a safeguarding phrase; alerting the contact.", message_id
            )
    return message


@transaction.atomic
def safeguarding_alert_send(*, message_id: int) -> bool:
    """E-mail the designated safeguarding contact about a message, once: True if sent now,
    False if it had been sent already. The e-mail names the sender even when the message is
    anonymous to the Board (the page told them so before they wrote)."""
    message = Message.objects.select_related("sender").get(pk=message_id)
    lock_row(message)
    message.refresh_from_db(fields=["safeguarding_alert_sent_at"])
    if message.safeguarding_alert_sent_at is not None:
        return False
    context = {
        "message": message,
        "matched": safeguarding_matches(message.text),
        "board_name": settings.BOARD_NAME,
        "council_name": settings.COUNCIL_NAME,
        "link": settings.SITE_URL + reverse("voice:moderate", kwargs={"pk": message.pk}),
    }
    send_mail(
        subject=f"{settings.BOARD_NAME}: a young person's message may need safeguarding action",
        message=render_to_string("voice/email/safeguarding_alert.txt", context),
        from_email=None,
        recipient_list=[settings.SAFEGUARDING_CONTACT_EMAIL],
    )
    message.safeguarding_alert_sent_at = timezone.now()
    message.save(update_fields=["safeguarding_alert_sent_at"])
    return True


def _move(message: Message, *, status: str, changed_by, **fields) -> Message:
    """Set the message's status (and other fields) and tell the sender."""
    if message.is_closed:
        raise ValidationError("This message has been answered and closed already.")
    now = timezone.now()
    closing = status in (Message.Status.DONE, Message.Status.NOT_POSSIBLE)
    model_update(
        instance=message,
        fields={"status": status, "closed_at": now if closing else None, **fields},
        changed_by=changed_by,
    )
    Notice.objects.create(message=message, status=status, created_at=now)
    return message


@transaction.atomic
def message_pass_to_board(
    *,
    message: Message,
    you_said: str,
    owner: AbstractBaseUser,
    reply_by: datetime.date,
    changed_by: AbstractBaseUser,
) -> YouSaidWeDid:
    """Publish a message as a "You said" entry, in the participation lead's words, with who
    answers it and by when. This is the first time anyone but the sender and the
    participation lead can read anything of it."""
    if message.status != Message.Status.RECEIVED:
        raise ValidationError("This message has been passed to the Board or answered already.")
    entry = board_services.you_said_save(
        changed_by=changed_by,
        source=YouSaidWeDid.Source.CHILDREN_IN_CARE_COUNCIL,
        raised_on=timezone.localdate(message.sent_at),
        you_said=you_said,
        status=YouSaidWeDid.Status.LISTENING,
    )
    _move(
        message,
        status=Message.Status.PASSED,
        changed_by=changed_by,
        you_said=entry,
        owner=owner,
        reply_by=reply_by,
    )
    return entry


@transaction.atomic
def message_answer(
    *, message: Message, done: bool, answer: str, changed_by: AbstractBaseUser
) -> Message:
    """Close a message: what we did, or why we could not. A message passed to the Board
    closes its "You said" entry with the same words."""
    status = Message.Status.DONE if done else Message.Status.NOT_POSSIBLE
    _move(message, status=status, changed_by=changed_by, answer=answer)
    if message.you_said_id:
        board_services.you_said_save(
            entry=message.you_said,
            changed_by=changed_by,
            we_did=answer,
            status=YouSaidWeDid.Status.DONE if done else YouSaidWeDid.Status.NOT_POSSIBLE,
            told_on=timezone.localdate(),
        )
    return message


def notices_read(*, user: AbstractBaseUser, message: Message | None = None) -> int:
    """Mark the sender's notices read (of one message, or all); returns how many."""
    notices = Notice.objects.filter(message__sender=user, read_at__isnull=True)
    if message is not None:
        notices = notices.filter(message=message)
    return notices.update(read_at=timezone.now())


@transaction.atomic
def forget_old_message_words(*, now: datetime.datetime | None = None) -> int:
    """Blank the words of messages closed VOICE_KEEP_TEXT_DAYS ago or more; their topic,
    dates and status stay. Returns how many were forgotten. Running it twice changes nothing
    more."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.VOICE_KEEP_TEXT_DAYS)
    old = Message.objects.filter(closed_at__lte=cutoff, text_forgotten_at__isnull=True)
    return old.update(text="", answer="", text_forgotten_at=now)
