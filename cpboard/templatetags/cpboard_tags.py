"""Template filters of the shared kernel: thin wrappers over plain functions."""

from datetime import timedelta

from django import template

from cpboard import people

register = template.Library()


def duration_in_words(duration: timedelta) -> str:
    """ "15 minutes", "1 hour", "1 hour 30 minutes": how long, as a person would say it."""
    minutes = round(duration.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


@register.filter(name="duration_in_words")
def duration_in_words_filter(duration: timedelta | None) -> str:
    return duration_in_words(duration) if duration else ""


@register.filter(name="person_name")
def person_name_filter(person, viewer) -> str:
    """{{ action.owner|person_name:request.user|capfirst|default:"Not assigned" }}: the name
    of whoever owns, entered or wrote a record, as the viewer may read it (cpboard.people)."""
    return people.person_name(person, viewer)
