"""Who may see each message: the one place. A young person sees only the messages they sent;
the participation lead (Capability.HEAR_YOUNG_PEOPLE) reads every message, with the sender's
name only where it was not sent anonymously (Message.sender_for_board)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from cpboard.roles import Capability, can
from voice.models import Message

User = AbstractBaseUser | AnonymousUser


def may_send(user: User) -> bool:
    return can(user, Capability.SPEAK_TO_BOARD) or can(user, Capability.HEAR_YOUNG_PEOPLE)


def sends_for_a_group(user: User) -> bool:
    """A participation worker sends for a group session, never as a young person."""
    return can(user, Capability.HEAR_YOUNG_PEOPLE) and not can(user, Capability.SPEAK_TO_BOARD)


def get_own_message_for_user(user: User, pk: int) -> Message:
    """A message the user sent; anyone else's is a 404, whoever asks."""
    try:
        return (
            Message.objects.sent_by(user)
            .select_related("you_said")
            .prefetch_related("notices")
            .get(pk=pk)
        )
    except Message.DoesNotExist:
        raise Http404("No such message") from None


def get_message_for_lead(user: User, pk: int) -> Message:
    """Any message, for the participation lead (the view requires HEAR_YOUNG_PEOPLE)."""
    try:
        return Message.objects.select_related("sender", "you_said", "owner").get(pk=pk)
    except Message.DoesNotExist:
        raise Http404("No such message") from None
