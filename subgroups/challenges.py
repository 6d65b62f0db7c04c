"""What a challenge may be about. Each app registers its own models in its
`AppConfig.ready()` (a KPI from performance, an action or a risk from strategy), so subgroups
names no model of a higher layer; the challenge pages and services ask here."""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ChallengeSubject:
    model: type[models.Model]
    kind: str
    """What the pages call one of them: "KPI", "Risk"."""
    select_related: tuple[str, ...] = ()
    """What naming one of them reads, preloaded when they are listed as choices."""

    @property
    def label(self) -> str:
        """ "app_label.model", as a challenge's content type names it."""
        return self.model._meta.label_lower

    def choices(self) -> list[tuple[str, str]]:
        """Every object of the model as a choice "app_label.model:pk"."""
        objects = self.model._default_manager.select_related(*self.select_related)
        return [(f"{self.label}:{obj.pk}", str(obj)) for obj in objects]


_subjects: dict[str, ChallengeSubject] = {}


def register_challenge_subject(
    model: type[models.Model], kind: str, *, select_related: tuple[str, ...] = ()
) -> None:
    """Let members challenge objects of `model`, called `kind` on the pages."""
    subject = ChallengeSubject(model=model, kind=kind, select_related=select_related)
    _subjects[subject.label] = subject


def challenge_subject(label: str) -> ChallengeSubject | None:
    """The registered subject for "app_label.model", or None if it may not be challenged."""
    return _subjects.get(label)


def challenge_subjects() -> list[ChallengeSubject]:
    """Every registered subject, in the order the apps registered them (lowest layer first)."""
    return list(_subjects.values())


def challenge_kind(label: str, default: str = "Item") -> str:
    """What the pages call an object of the model "app_label.model"."""
    subject = _subjects.get(label)
    return subject.kind if subject else default
