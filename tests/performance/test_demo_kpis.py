"""The demo KPIs: a believable scorecard, two years of approved figures and a quarter in
collection, loaded the same however often the loader runs."""

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest

from cpboard.demo import load_demo_users
from cpboard.quarters import FinancialQuarter
from performance.demo import load_demo_kpis
from performance.judgement import Polarity, Rag, Unit, compute_value
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from performance.selectors import (
    figures_awaiting_sign_off,
    kpi_detail,
    latest_approved_quarter,
    officers_owing_figures,
    scorecard,
)
from strategy.demo import load_demo_strategy
from subgroups.demo import load_demo_groups
from tests.database import rolled_back

TODAY = date(2026, 11, 22)
LATEST = FinancialQuarter(2026, 2)  # July to September 2026, the last quarter to end

# The first day of a quarter, the middle of one, and a Q1 whose previous quarter is a Q4 (when
# the annual KPIs report).
OTHER_DAYS = [date(2026, 10, 1), date(2025, 8, 14), date(2027, 4, 1)]


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The demo board and KPIs loaded once for TestTheDemoLoadedOn22November2026 and rolled
    back after it; each test runs in a savepoint inside, so what one test saves, the next
    never sees."""
    with rolled_back(django_db_blocker):
        load_demo_users()
        groups = load_demo_groups()
        strategy = load_demo_strategy()
        kpis = load_demo_kpis(today=TODAY)
        yield {"groups": groups, "strategy": strategy, "kpis": kpis}


@pytest.fixture
def demo_kpis(db, loaded) -> list[Kpi]:
    return loaded["kpis"]


def figure(code: str, quarter: FinancialQuarter = LATEST) -> Measurement:
    return Measurement.objects.get(kpi__code=code, quarter=quarter)


def snapshot() -> dict:
    """Every row and the number of history rows of each model the loader writes."""
    models = [Kpi, Target, Comparator, Measurement, CollectionRound]
    return {
        model.__name__: (list(model.objects.order_by("pk").values()), model.history.count())
        for model in models
    }


class TestTheDemoLoadedOn22November2026:
    def test_about_thirty_kpis_load_with_every_unit_and_polarity(self, demo_kpis):
        assert 28 <= Kpi.objects.count() <= 34
        assert len(demo_kpis) == Kpi.objects.count()
        assert {kpi.unit for kpi in demo_kpis} == set(Unit.values)
        assert {kpi.polarity for kpi in demo_kpis} == set(Polarity.values)
        assert {kpi.source for kpi in demo_kpis} == set(Kpi.Source.values)
        assert {kpi.frequency for kpi in demo_kpis} == set(Kpi.Frequency.values)

    def test_every_kpi_is_defined_owned_and_placed_in_the_strategy(self, demo_kpis, loaded):
        outcomes = set(loaded["strategy"].outcomes.all())
        subgroups = {group.slug for group in loaded["groups"][1:]}
        for kpi in Kpi.objects.select_related("owner", "subgroup", "outcome"):
            assert kpi.definition, kpi.code
            assert kpi.definition_reference, kpi.code
            assert kpi.outcome in outcomes, kpi.code
            assert kpi.subgroup.slug in subgroups, kpi.code
        assert {kpi.subgroup.slug for kpi in demo_kpis} == subgroups

    def test_the_officer_owns_most_kpis_and_the_performance_lead_a_few(self, demo_kpis):
        owners = [kpi.owner.username for kpi in demo_kpis]
        assert set(owners) == {"officer", "performance"}
        assert 2 <= owners.count("performance") <= 6
        assert owners.count("officer") > len(owners) * 3 / 4

    def test_every_percentage_and_rate_is_worked_out_from_its_numerator_and_denominator(
        self, demo_kpis
    ):
        fractions = Measurement.objects.filter(kpi__unit__in=[Unit.PERCENTAGE, Unit.RATE_PER_10000])
        assert fractions.count() > 150
        for measurement in fractions.select_related("kpi"):
            assert measurement.numerator is not None, measurement
            assert measurement.denominator, measurement
            assert measurement.value == compute_value(
                measurement.kpi.unit, measurement.numerator, measurement.denominator
            ), measurement
        counts = Measurement.objects.exclude(kpi__unit__in=[Unit.PERCENTAGE, Unit.RATE_PER_10000])
        assert not counts.filter(numerator__isnull=False).exists()

    def test_the_latest_quarter_on_the_scorecard_is_green_amber_and_red(self, demo_kpis):
        assert latest_approved_quarter() == LATEST
        ratings = [row.rag for row in scorecard(LATEST)]
        assert {Rag.GREEN, Rag.AMBER, Rag.RED} <= set(ratings)
        assert min(ratings.count(Rag.GREEN), ratings.count(Rag.AMBER), ratings.count(Rag.RED)) >= 3

    def test_the_scorecard_shows_kpis_improving_and_worsening(self, demo_kpis):
        directions = {row.direction for row in scorecard(LATEST) if row.direction}
        assert {"improved", "worsened"} <= directions

    def test_the_latest_figures_are_the_papers_figures(self, demo_kpis):
        rows = {row.kpi.code: row for row in scorecard(LATEST)}
        assert rows["CLA-COUNT"].value == 481
        assert rows["CLA-RATE-10K"].value == Decimal("75.0")
        assert rows["CLA-UASC"].value == 23
        assert rows["CL-COUNT"].value == 178
        assert rows["CLA-UNREG"].value == 4
        assert rows["CLA-RHA"].value == 91
        assert rows["CLA-DENTAL"].value == 73
        assert rows["CLA-LTF-MATCHED"].value == 48
        iha = rows["CLA-IHA-20WD"]
        assert (iha.figure.numerator, iha.figure.denominator, iha.value) == (11, 20, 55)
        assert iha.target.target == 80
        assert iha.rag == Rag.RED
        assert iha.small_cohort_note == "1 child = 5 points"
        adopted = Measurement.objects.filter(
            kpi__code="ADOPT-COUNT", quarter__gt=LATEST - 4, quarter__lte=LATEST
        )
        assert sum(m.value for m in adopted) == 16

    def test_the_eight_quarters_before_the_latest_are_fully_approved(self, demo_kpis):
        earlier = FinancialQuarter.range(LATEST - 8, LATEST - 1)
        for kpi in demo_kpis:
            quarters = set(
                kpi.measurements.approved()
                .filter(quarter__lt=LATEST)
                .values_list("quarter", flat=True)
            )
            if kpi.frequency == Kpi.Frequency.ANNUAL:
                assert quarters == {q for q in earlier if q.number == 4}, kpi.code
            else:
                assert quarters == set(earlier), kpi.code
        assert not Measurement.objects.filter(quarter__lt=LATEST - 8).exists()

    def test_every_figure_has_commentary_and_says_who_entered_and_approved_it(self, demo_kpis):
        for measurement in Measurement.objects.select_related("kpi__owner", "entered_by"):
            assert len(measurement.commentary) > 40, measurement
            assert measurement.entered_by == measurement.kpi.owner, measurement
            # Entered and submitted in one save of the entry form (measurements_save).
            assert measurement.entered_at == measurement.submitted_at, measurement
            if measurement.status == Measurement.Status.APPROVED:
                assert measurement.approved_by.username == "performance", measurement
                assert measurement.submitted_at < measurement.approved_at, measurement
            else:
                assert measurement.approved_by is None, measurement
                assert measurement.approved_at is None, measurement

    def test_missing_episodes_show_a_break_where_the_definition_changed(self, demo_kpis):
        detail = kpi_detail("CLA-MISSING")
        breaks = [q.quarter for q in detail.quarters if q.definition_changed]
        assert breaks == [FinancialQuarter(2025, 1)]
        assert detail.kpi.definition_year == 2025
        assert {q.figure.definition_year for q in detail.quarters} == {2023, 2025}
        assert "2025-26 definition" in figure("CLA-MISSING", FinancialQuarter(2025, 1)).commentary
        others = Measurement.objects.exclude(kpi__code="CLA-MISSING")
        assert set(others.values_list("definition_year", flat=True)) == {2023}

    def test_targets_change_between_years_and_pass_validation(self, demo_kpis):
        dental = Target.objects.filter(kpi__code="CLA-DENTAL").order_by("applies_from")
        assert [(t.applies_from, t.target) for t in dental] == [(2023, 75), (2025, 80)]
        assert [t.target for t in Target.objects.filter(kpi__code="CLA-IHA-20WD")] == [80]
        for target in Target.objects.select_related("kpi"):
            target.full_clean()
        context = [kpi for kpi in demo_kpis if kpi.is_context]
        assert len(context) == 4
        assert not Target.objects.filter(kpi__in=context).exists()
        assert all(kpi.targets.exists() for kpi in demo_kpis if not kpi.is_context)

    def test_most_kpis_have_comparators_for_the_year(self, demo_kpis):
        rows = scorecard(LATEST)
        compared = [row for row in rows if set(row.comparators) == set(Comparator.Kind.values)]
        assert len(compared) > len(rows) / 2
        assert {c.published_for for c in Comparator.objects.all()} == {"2024-25", "2025-26"}
        assert compared[0].comparators["england"].published_for == "2025-26"

    def test_the_latest_quarter_is_being_collected_with_work_left_for_the_officer(self, demo_kpis):
        collection_round = CollectionRound.objects.get()
        assert collection_round.quarter == LATEST
        assert collection_round.is_open
        # 20 days after the quarter ended has passed, so the figures are due 10 days from today.
        assert collection_round.due_on == TODAY + timedelta(days=10)

        latest = Measurement.objects.filter(quarter=LATEST)
        approved = latest.filter(status=Measurement.Status.APPROVED).count()
        quarterly = Kpi.objects.filter(frequency=Kpi.Frequency.QUARTERLY).count()
        assert quarterly / 2 < approved < quarterly

        waiting = figures_awaiting_sign_off()
        assert 2 <= len(waiting) <= 5
        assert {m.quarter for m in waiting} == {LATEST}
        returned = latest.get(status=Measurement.Status.RETURNED)
        assert "resubmit" in returned.return_reason

        owing = {user.username: kpis for user, kpis in officers_owing_figures(LATEST).items()}
        assert len(owing["officer"]) >= 4

    def test_loading_again_changes_nothing_and_adds_no_history(self, demo_kpis):
        before = snapshot()
        load_demo_kpis(today=TODAY)
        assert snapshot() == before

    def test_history_names_the_officer_who_entered_and_the_lead_who_approved(self, demo_kpis):
        approved = figure("CLA-IHA-20WD")
        history = list(approved.history.order_by("history_date"))
        assert [(h.status, h.history_user.username) for h in history] == [
            ("submitted", "officer"),
            ("approved", "performance"),
        ]
        assert history[0].history_date == approved.submitted_at
        assert history[-1].history_date == approved.approved_at

        returned = Measurement.objects.get(quarter=LATEST, status=Measurement.Status.RETURNED)
        assert [h.history_user.username for h in returned.history.order_by("history_date")] == [
            "officer",
            "performance",
        ]
        assert CollectionRound.history.get().history_user.username == "performance"

    def test_no_figure_is_for_a_quarter_that_has_not_ended(self, demo_kpis):
        for measurement in Measurement.objects.all():
            assert measurement.quarter.has_ended(TODAY), measurement
            assert measurement.entered_at.date() <= TODAY, measurement
        assert not Measurement.objects.filter(quarter__gt=LATEST).exists()

    def test_codes_follow_the_board_convention(self, demo_kpis):
        for kpi in demo_kpis:
            assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)+", kpi.code), kpi.code


def test_figures_are_due_twenty_days_after_the_quarter_while_that_is_ahead(demo_board):
    load_demo_kpis(today=date(2026, 10, 5))
    assert CollectionRound.objects.get().due_on == date(2026, 10, 20)


@pytest.mark.parametrize("today", OTHER_DAYS, ids=str)
def test_loaded_on_other_days_the_story_holds_and_no_figure_is_for_an_unended_quarter(
    demo_board, today
):
    load_demo_kpis(today=today)
    latest = FinancialQuarter.containing(today).previous()
    assert latest_approved_quarter() == latest
    for measurement in Measurement.objects.all():
        assert measurement.quarter.has_ended(today), measurement
        assert measurement.entered_at.date() <= today
        assert measurement.approved_at is None or measurement.approved_at.date() <= today
    ratings = {row.rag for row in scorecard(latest)}
    assert {Rag.GREEN, Rag.AMBER, Rag.RED} <= ratings
    detail = kpi_detail("CLA-MISSING")
    assert sum(q.definition_changed for q in detail.quarters[-8:]) == 1


def test_annual_kpis_report_in_the_fourth_quarter(demo_board):
    load_demo_kpis(today=date(2027, 4, 1))
    rows = {row.kpi.code: row for row in scorecard(FinancialQuarter(2026, 4))}
    assert rows["CLA-KS2-RWM"].figure.status == Measurement.Status.APPROVED
    assert rows["CLA-KS2-RWM"].rag == Rag.RED
    annual = Measurement.objects.filter(kpi__frequency=Kpi.Frequency.ANNUAL)
    assert {m.quarter.number for m in annual} == {4}
