"""What a challenge may be about, read from what the apps registered (subgroups.challenges):
the object named in an address, and every object as grouped choices for the form."""

from django.db import models
from django.http import Http404

from subgroups.challenges import challenge_subject, challenge_subjects


def subject_named(about: str) -> models.Model:
    """The object named by "app_label.model:pk", if its model may be challenged (the apps
    register what may be: subgroups.challenges)."""
    label, _, pk = about.partition(":")
    subject = challenge_subject(label)
    if subject is None or not pk.isdigit():
        raise Http404("Nothing to challenge")
    try:
        return subject.model._default_manager.get(pk=int(pk))
    except subject.model.DoesNotExist:
        raise Http404("Nothing to challenge") from None


def subject_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Everything that may be challenged, as grouped choices "app_label.model:pk"."""
    groups = []
    for subject in challenge_subjects():
        choices = subject.choices()
        if choices:
            groups.append((f"{subject.kind}s", choices))
    return groups
