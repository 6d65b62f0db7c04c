"""Changes to quarterly figures: entry, submission, sign-off, return and reopening.

Every change runs in a transaction, keeps the figure's history (who, when, old and new
value), and checks the figure's version so that a stale form never overwrites a newer save.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from cpboard.services import model_create, model_update
from performance.judgement import Rag, Unit, compute_value, rag
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from performance.selectors import target_for
from performance.signals import figure_returned
from strategy.services import risk_flag_for_rerating


class FigureError(Exception):
    """A change to a figure that was refused, with the reason a person can act on.

    `field` names the form field the message belongs next to, where there is one."""

    def __init__(
        self,
        message: str,
        *,
        kpi: Kpi | None = None,
        field: str | None = None,
        latest_version: int | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.kpi = kpi
        self.field = field
        self.latest_version = latest_version
        """For a stale save: the figure's version now, which a form may carry to save again."""


class FigureErrors(Exception):
    """Several refused figures from one save; nothing in that save was written."""

    def __init__(self, errors: list[FigureError]):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class FigureInput:
    """One KPI's figure as typed in: a value, or a numerator and denominator."""

    kpi: Kpi
    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    commentary: str = ""
    version: int | None = None
    """The version the person saw when they opened the form; None for a new figure."""
    definition_year: int | None = None
    """The year of the definition the figure was counted under, when it is not the KPI's
    current one (a figure of an earlier year, counted before the definition changed)."""


def check_figure(figure: FigureInput, quarter: FinancialQuarter, today: date) -> list[FigureError]:
    """What is wrong with a figure before it is saved: every problem, each with its field."""
    kpi = figure.kpi
    errors = []

    def problem(message: str, field: str | None) -> None:
        errors.append(FigureError(message, kpi=kpi, field=field))

    if not quarter.has_ended(today):
        problem(
            f"{quarter} has not ended yet. Enter its figures from "
            f"{quarter.next().start.day} {quarter.next().start:%B %Y}.",
            None,
        )
    has_fraction = figure.numerator is not None or figure.denominator is not None
    if has_fraction:
        if not kpi.has_fraction:
            problem(f"{kpi.code} is a {kpi.get_unit_display().lower()}: enter one value.", "value")
        elif figure.numerator is None:
            problem("Enter the numerator as well as the denominator.", "numerator")
        elif figure.denominator is None:
            problem("Enter the denominator as well as the numerator.", "denominator")
        elif figure.denominator == 0:
            problem("The denominator must be more than 0.", "denominator")
        elif kpi.unit == Unit.PERCENTAGE and figure.numerator > figure.denominator:
            problem(
                f"The numerator ({figure.numerator}) cannot be more than the denominator "
                f"({figure.denominator}).",
                "numerator",
            )
    elif figure.value is None:
        problem("Enter a figure.", "value")
    else:
        if figure.value < 0:
            problem("The figure cannot be negative.", "value")
        elif kpi.unit == Unit.PERCENTAGE and figure.value > 100:
            problem("A percentage must be between 0 and 100.", "value")
        elif kpi.unit == Unit.COUNT and figure.value != figure.value.to_integral_value():
            problem("A count is a whole number.", "value")
    return errors


def _value_of(figure: FigureInput) -> Decimal:
    if figure.numerator is not None and figure.denominator is not None:
        return compute_value(figure.kpi.unit, figure.numerator, figure.denominator)
    return figure.value


def _claim(measurement: Measurement, expected_version: int | None, user) -> None:
    """Move the figure to its next version, refusing if someone saved it since `expected`.

    The conditional UPDATE is atomic on every database, so two people saving the same
    version cannot both succeed."""
    expected = measurement.version if expected_version is None else expected_version
    claimed = Measurement.objects.filter(pk=measurement.pk, version=expected).update(
        version=F("version") + 1
    )
    if not claimed:
        latest = Measurement.objects.select_related("entered_by").get(pk=measurement.pk)
        who = latest.entered_by.get_full_name() if latest.entered_by else "Someone"
        raise FigureError(
            f"{who} changed this figure after you opened the page, so your change was not "
            "saved. Their figure is in the KPI's change history; to replace it with yours, "
            "check the form and save again.",
            kpi=measurement.kpi,
            latest_version=latest.version,
        )
    measurement.version = expected + 1
    measurement._history_user = user


@transaction.atomic
def measurements_save(
    *,
    quarter: FinancialQuarter,
    figures: list[FigureInput],
    user: AbstractBaseUser,
    submit: bool = False,
    today: date | None = None,
    now: datetime | None = None,
) -> list[Measurement]:
    """Save a quarter's figures from one form, as drafts or submitted for sign-off.

    All or nothing: if any figure is refused (invalid, approved and not reopened, or changed
    by someone else since the form was opened) nothing is saved and FigureErrors lists every
    refusal. Returns the saved measurements. `now` (when the figures were entered, which
    their history records) is this moment unless given, as the demo's past figures are."""
    today = today or timezone.localdate()
    errors = [error for figure in figures for error in check_figure(figure, quarter, today)]
    if errors:
        raise FigureErrors(errors)
    now = now or timezone.now()
    existing = {
        m.kpi_id: m
        for m in Measurement.objects.filter(
            quarter=quarter, kpi__in=[figure.kpi for figure in figures]
        )
    }
    saved = []
    for figure in figures:
        measurement = existing.get(figure.kpi.pk)
        try:
            if measurement is None:
                if figure.version is not None:
                    raise FigureError(
                        "This figure was deleted after you opened the page.", kpi=figure.kpi
                    )
                measurement = Measurement(kpi=figure.kpi, quarter=quarter)
                measurement._history_user = user
            else:
                if measurement.is_locked:
                    raise FigureError(
                        f"The {quarter} figure for {figure.kpi.code} is approved. Ask the "
                        "performance lead to reopen it before changing it.",
                        kpi=figure.kpi,
                    )
                if figure.version is None:
                    raise FigureError(
                        f"There is already a {quarter} figure for {figure.kpi.code}; someone "
                        "entered it after you opened the page. Reload to see it.",
                        kpi=figure.kpi,
                    )
                _claim(measurement, figure.version, user)
        except FigureError as error:
            errors.append(error)
            continue
        measurement.value = _value_of(figure)
        measurement.numerator = figure.numerator
        measurement.denominator = figure.denominator
        measurement.commentary = figure.commentary
        measurement.definition_year = figure.definition_year or figure.kpi.definition_year
        measurement.entered_by = user
        measurement.entered_at = now
        measurement.status = Measurement.Status.SUBMITTED if submit else Measurement.Status.DRAFT
        measurement.submitted_at = now if submit else None
        measurement.return_reason = ""
        saved.append(measurement)
    if errors:
        raise FigureErrors(errors)
    for measurement in saved:
        measurement._history_date = now
        measurement.save()
    return saved


def _transition(
    measurement: Measurement,
    *,
    user: AbstractBaseUser,
    version: int | None,
    allowed_from: set[str],
    to: str,
    verb: str,
) -> Measurement:
    if measurement.status not in allowed_from:
        raise FigureError(
            f"The {measurement.quarter} figure for {measurement.kpi.code} is "
            f"{measurement.get_status_display().lower()}, so it cannot be {verb}.",
            kpi=measurement.kpi,
        )
    _claim(measurement, version, user)
    measurement.status = to
    return measurement


@transaction.atomic
def measurement_approve(
    *,
    measurement: Measurement,
    user: AbstractBaseUser,
    version: int | None = None,
    now: datetime | None = None,
) -> Measurement:
    """Sign off a submitted figure: councillors and reports see it from now on. `now` (when
    it was signed off) is this moment unless given."""
    _transition(
        measurement,
        user=user,
        version=version,
        allowed_from={Measurement.Status.SUBMITTED},
        to=Measurement.Status.APPROVED,
        verb="approved",
    )
    measurement.approved_by = user
    measurement.approved_at = now or timezone.now()
    measurement._history_date = measurement.approved_at
    measurement.save()
    risks_flag_when_kpi_red(measurement.kpi)
    return measurement


def risks_flag_when_kpi_red(kpi: Kpi) -> int:
    """When the KPI's two latest approved figures are red and for consecutive periods (two
    quarters in a row; two years in a row for an annual KPI), flag each open risk that names
    the KPI for re-rating (strategy.services.risk_flag_for_rerating). Returns how many risks
    were newly flagged. One query when no risk names the KPI."""
    risks = list(kpi.risks.filter(closed_on__isnull=True))
    if not risks:
        return 0
    figures = list(kpi.measurements.approved().order_by("-quarter")[:2])
    if len(figures) < 2:
        return 0
    latest, before = figures
    step = 4 if kpi.frequency == Kpi.Frequency.ANNUAL else 1
    if latest.quarter - before.quarter != step:
        return 0
    targets = list(kpi.targets.order_by("applies_from"))
    for figure in figures:
        year_target = target_for(targets, figure.quarter)
        rating = rag(
            figure.value,
            polarity=kpi.polarity,
            target=year_target.target,
            amber_threshold=year_target.amber_threshold,
        )
        if rating != Rag.RED:
            return 0
    reason = f"{kpi.code} ({kpi.title}) was red in {before.quarter} and {latest.quarter}."
    return sum(
        risk_flag_for_rerating(risk=risk, reason=reason, quarter=latest.quarter) for risk in risks
    )


@transaction.atomic
def measurement_return(
    *,
    measurement: Measurement,
    user: AbstractBaseUser,
    reason: str,
    version: int | None = None,
    now: datetime | None = None,
) -> Measurement:
    """Send a submitted figure back to its officer with the reason it needs another look;
    its history records the return at `now`, this moment unless given."""
    if not reason.strip():
        raise FigureError(
            "Say why the figure is returned, so the officer knows what to check.",
            kpi=measurement.kpi,
            field="reason",
        )
    _transition(
        measurement,
        user=user,
        version=version,
        allowed_from={Measurement.Status.SUBMITTED},
        to=Measurement.Status.RETURNED,
        verb="returned",
    )
    measurement.return_reason = reason.strip()
    measurement._history_date = now or timezone.now()
    measurement.save()
    transaction.on_commit(lambda: figure_returned.send(sender=Measurement, measurement=measurement))
    return measurement


@transaction.atomic
def measurement_reopen(
    *,
    measurement: Measurement,
    user: AbstractBaseUser,
    reason: str,
    version: int | None = None,
) -> Measurement:
    """Reopen an approved figure for correction; it leaves the councillors' view until it is
    approved again. The reason is kept in the figure's history."""
    if not reason.strip():
        raise FigureError("Say why the figure is reopened.", kpi=measurement.kpi, field="reason")
    _transition(
        measurement,
        user=user,
        version=version,
        allowed_from={Measurement.Status.APPROVED},
        to=Measurement.Status.RETURNED,
        verb="reopened",
    )
    measurement.return_reason = f"Reopened: {reason.strip()}"
    measurement.approved_by = None
    measurement.approved_at = None
    measurement.save()
    return measurement


@transaction.atomic
def collection_round_open(
    *,
    quarter: FinancialQuarter,
    due_on: date,
    user: AbstractBaseUser,
    reminder_days: int = 5,
    today: date | None = None,
) -> CollectionRound:
    """Open a quarter for entry with the date its figures are due."""
    today = today or timezone.localdate()
    if not quarter.has_ended(today):
        raise FigureError(
            f"{quarter} has not ended yet; open its round from {quarter.next().start:%d %B %Y}.",
            field="quarter",
        )
    if due_on < today:
        raise FigureError("The due date cannot be in the past.", field="due_on")
    if CollectionRound.objects.filter(quarter=quarter).exists():
        raise FigureError(f"{quarter} is already open for entry.", field="quarter")
    return model_create(
        model=CollectionRound,
        fields={
            "quarter": quarter,
            "due_on": due_on,
            "reminder_days": reminder_days,
            "opened_by": user,
        },
        changed_by=user,
        clean=False,
    )


@transaction.atomic
def collection_round_update(
    *, collection_round: CollectionRound, user: AbstractBaseUser, **fields
) -> CollectionRound:
    """Change a round's due date or close it (`is_open=False`: its quarter takes no more
    figures), keeping who changed it in its history."""
    model_update(
        instance=collection_round,
        fields=fields,
        changed_by=user,
        lock=False,
        save_unchanged=True,
    )
    return collection_round


@transaction.atomic
def figure_reminders_send(*, today: date | None = None) -> int:
    """E-mail each officer who still owes figures for an open round whose reminder day has
    come, once per round: the round records the day its reminders went. Returns the number
    of e-mails sent. Safe to run twice: the second run finds the reminders already sent."""
    from performance.selectors import officers_owing_figures

    today = today or timezone.localdate()
    sent = 0
    rounds = CollectionRound.objects.select_for_update().filter(
        is_open=True, reminder_sent_on__isnull=True, due_on__gte=today
    )
    for collection_round in rounds:
        if today < collection_round.due_on - timedelta(days=collection_round.reminder_days):
            continue
        for officer, kpis in officers_owing_figures(collection_round.quarter).items():
            if not officer.email:
                continue
            send_mail(
                subject=f"Figures for {collection_round.quarter} are due by "
                f"{collection_round.due_on:%d %B %Y}",
                message=render_to_string(
                    "performance/email/reminder.txt",
                    {
                        "officer": officer,
                        "kpis": kpis,
                        "round": collection_round,
                        "entry_url": settings.SITE_URL + reverse("performance:entry-index"),
                        "board_name": settings.BOARD_NAME,
                    },
                ),
                from_email=None,
                recipient_list=[officer.email],
            )
            sent += 1
        collection_round.reminder_sent_on = today
        collection_round.save(update_fields=["reminder_sent_on"])
    return sent


@transaction.atomic
def kpi_create(*, user: AbstractBaseUser, **fields) -> Kpi:
    """Add a KPI with its definition; its history starts with who added it. Raises
    ValidationError for a code already used."""
    return model_create(model=Kpi, fields=fields, changed_by=user)


@transaction.atomic
def kpi_update(*, kpi: Kpi, user: AbstractBaseUser, **fields) -> Kpi:
    """Save new values for a KPI's definition, keeping who changed it in its history."""
    model_update(instance=kpi, fields=fields, changed_by=user, lock=False, save_unchanged=True)
    return kpi


@transaction.atomic
def target_set(
    *,
    kpi: Kpi,
    applies_from: int,
    target: Decimal | None,
    amber_threshold: Decimal | None,
    user: AbstractBaseUser,
) -> Target:
    """Set the target and amber threshold that apply from a financial year on. Figures of
    that year and later are judged against it; earlier years keep their own targets."""
    existing = Target.objects.filter(kpi=kpi, applies_from=applies_from).first()
    record, _ = model_update(
        instance=existing or Target(kpi=kpi, applies_from=applies_from),
        fields={"target": target, "amber_threshold": amber_threshold},
        changed_by=user,
        lock=False,
        save_unchanged=True,
    )
    return record


@transaction.atomic
def comparator_set(
    *,
    kpi: Kpi,
    kind: str,
    year: int,
    value: Decimal,
    published_for: str,
    user: AbstractBaseUser,
) -> Comparator:
    """Record a published figure (England, region or statistical neighbours) that the KPI is
    compared with from a financial year on, replacing the one for that year and kind."""
    record = Comparator.objects.filter(kpi=kpi, kind=kind, year=year).first() or Comparator(
        kpi=kpi, kind=kind, year=year
    )
    model_update(
        instance=record,
        fields={"value": value, "published_for": published_for},
        changed_by=user,
        lock=False,
        save_unchanged=True,
    )
    return record
