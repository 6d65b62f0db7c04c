"""The risk register: owners and the secretary review risks quarter by quarter, ratings are
validated as the papers write them, the matrix and register read a fixed number of queries,
a KPI red two quarters running flags its risks, and young people never see any of it."""

import datetime
import io
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.quarters import FinancialQuarter, FinancialYear
from performance import services as performance_services
from performance.models import Measurement
from strategy import selectors, services
from strategy.charts import risk_matrix_svg
from strategy.models import Risk, RiskReview
from strategy.ratings import Rating
from tests.factories import OutcomeFactory, UserFactory
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory
from tests.strategy.factories import RiskFactory, RiskReviewFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def review_url(risk: Risk) -> str:
    return reverse("strategy:risk-review", args=[risk.pk])


def review_form(**fields) -> dict:
    return {"quarter": "2024-25 Q3", "rating": "BII", "note": "Vacancies rose."} | fields


# -- Reviewing a risk ---------------------------------------------------------------------------


def test_the_owner_reviews_their_risk_and_the_register_takes_the_new_rating(client_as):
    client = client_as(roles.OFFICER)
    risk = RiskFactory(owner=client.user, likelihood="C", impact="II")
    services.risk_flag_for_rerating(risk=risk, reason="KPI-1 was red twice.")

    response = client.post(review_url(risk), review_form(next_review_on="2030-03-31"), follow=True)

    risk.refresh_from_db()
    assert (risk.rating.code, risk.review_on) == ("BII", datetime.date(2030, 3, 31))
    assert not risk.needs_rerating
    review = risk.reviews.get()
    assert (review.rating.code, review.note, review.reviewed_by) == (
        "BII",
        "Vacancies rose.",
        client.user,
    )
    assert "rated BII" in response.text


def test_without_a_next_review_date_the_next_review_is_three_months_on(client_as):
    client = client_as(roles.BOARD_SECRETARY)
    risk = RiskFactory()

    client.post(review_url(risk), review_form())

    risk.refresh_from_db()
    assert 89 <= (risk.review_on - timezone.localdate()).days <= 92


@pytest.mark.parametrize("role", [roles.OFFICER, roles.PERFORMANCE_LEAD, roles.COUNCILLOR])
def test_a_risk_someone_else_owns_cannot_be_reviewed(client_as, role):
    risk = RiskFactory(likelihood="C", impact="II")
    client = client_as(role)

    page = client.get(risk.get_absolute_url())
    response = client.post(review_url(risk), review_form())

    assert page.status_code == 200
    assert f"Review {risk.reference}" not in page.text
    assert response.status_code == 403
    risk.refresh_from_db()
    assert risk.rating.code == "CII"
    assert not risk.reviews.exists()


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        ("EII", '"EII" is not a risk rating'),
        ("BV", '"BV" is not a risk rating'),
        ("2B", '"2B" is not a risk rating'),
        ("B", '"B" is not a risk rating'),
        ("IIB", '"IIB" is not a risk rating'),
        ("", 'Enter the rating, such as "BII"'),
    ],
)
def test_a_malformed_rating_is_refused_next_to_the_field_and_nothing_is_saved(
    client_as, rating, message
):
    client = client_as(roles.BOARD_SECRETARY)
    risk = RiskFactory(likelihood="C", impact="II")

    response = client.post(review_url(risk), review_form(rating=rating))

    assert response.status_code == 200
    assert 'href="#id_rating"' in response.text
    assert message in unescape(response.text)
    assert "Likelihood letter A to D, then impact numeral I to IV" in response.text
    risk.refresh_from_db()
    assert risk.rating.code == "CII"
    assert not RiskReview.objects.exists()


def test_a_review_from_a_stale_form_is_refused(client_as):
    client = client_as(roles.OFFICER)
    risk = RiskFactory(owner=client.user)
    seen = client.get(review_url(risk)).context["form"].initial["seen_change"]
    services.risk_review_record(
        risk=risk,
        quarter=FinancialQuarter(2024, 3),
        rating=Rating.parse("AI"),
        note="The secretary re-rated it.",
        reviewed_by=UserFactory(),
    )

    response = client.post(review_url(risk), review_form(seen_change=seen))

    assert "your changes were not saved" in response.text
    risk.refresh_from_db()
    assert risk.rating.code == "AI"


def test_a_late_review_of_an_earlier_quarter_keeps_the_current_rating():
    risk = RiskFactory()
    user = UserFactory()
    services.risk_review_record(
        risk=risk,
        quarter=FinancialQuarter(2024, 4),
        rating=Rating.parse("BII"),
        note="Q4",
        reviewed_by=user,
    )

    services.risk_review_record(
        risk=risk,
        quarter=FinancialQuarter(2024, 3),
        rating=Rating.parse("DIV"),
        note="Q3",
        reviewed_by=user,
    )

    risk.refresh_from_db()
    assert risk.rating.code == "BII"
    assert risk.reviews.count() == 2


def test_the_risk_page_shows_the_rating_at_each_review_and_the_change_history(client_as):
    risk = RiskFactory()
    for number, (likelihood, impact) in enumerate([("A", "II"), ("B", "II"), ("C", "II")], 1):
        RiskReviewFactory(
            risk=risk,
            quarter=FinancialQuarter(2024, number),
            likelihood=likelihood,
            impact=impact,
            note=f"Review {number}",
        )

    response = client_as(roles.COUNCILLOR).get(risk.get_absolute_url())

    assert [r.rating.code for r in response.context["reviews_oldest_first"]] == [
        "AII",
        "BII",
        "CII",
    ]
    assert "Rating over time" in response.text
    assert "Change history" in response.text


# -- Changing a risk -------------------------------------------------------------------------


def test_the_secretary_changes_a_risk_and_its_target_rating_with_history(client_as):
    client = client_as(roles.BOARD_SECRETARY)
    risk = RiskFactory(title="Old title")
    kpi = KpiFactory(code="SW-VACANCY")
    url = reverse("strategy:risk-edit", args=[risk.pk])

    response = client.post(
        url,
        {
            "title": "Insufficient workforce",
            "owner": "",
            "outcome": "",
            "review_on": "2030-01-31",
            "target_rating": "ciii",
            "kpis": [kpi.pk],
        },
        follow=True,
    )

    risk.refresh_from_db()
    assert (risk.title, risk.target.code) == ("Insufficient workforce", "CIII")
    assert list(risk.kpis.all()) == [kpi]
    changes = {c.field: c.new for c in response.context["history"][0].changes}
    assert changes["Title"] == "Insufficient workforce"
    assert changes["Target likelihood"] == "C"
    assert f"SW-VACANCY {kpi.title}" in changes.values()


def test_a_malformed_target_rating_saves_nothing(client_as):
    risk = RiskFactory(title="Kept")

    response = client_as(roles.BOARD_SECRETARY).post(
        reverse("strategy:risk-edit", args=[risk.pk]),
        {"title": "Changed", "review_on": "2030-01-31", "target_rating": "DV"},
    )

    assert '"DV" is not a risk rating' in unescape(response.text)
    risk.refresh_from_db()
    assert risk.title == "Kept"


# -- Importing reviews -------------------------------------------------------------------------


def upload(text: str, name: str = "reviews.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def test_a_file_of_reviews_is_imported_and_the_latest_sets_the_rating(client_as):
    RiskFactory(reference="CP01", likelihood="C", impact="II")
    client = client_as(roles.BOARD_SECRETARY)
    text = (
        "risk,quarter,reviewed_on,rating,note\n"
        "CP01,2024-25 Q4,2025-04-10,BII,Vacancies rose.\n"
        "CP01,2024-25 Q3,2025-01-10,CII,Steady.\n"
    )

    response = client.post(reverse("strategy:risk-import"), {"file": upload(text)}, follow=True)

    assert "2 risk reviews imported" in response.text
    risk = Risk.objects.get(reference="CP01")
    assert risk.rating.code == "BII"
    assert [str(r.quarter) for r in risk.reviews.order_by("quarter")] == [
        "2024-25 Q3",
        "2024-25 Q4",
    ]


def test_a_file_with_one_malformed_rating_saves_nothing_and_says_which_line(client_as):
    RiskFactory(reference="CP01", likelihood="C", impact="II")
    text = (
        "risk,quarter,reviewed_on,rating,note\n"
        "CP01,2024-25 Q3,2025-01-10,CII,Steady.\n"
        "CP01,2024-25 Q4,2025-04-10,B2,Vacancies rose.\n"
        "CP99,2024-25 Q4,10/04/2025,BII,\n"
    )

    response = client_as(roles.BOARD_SECRETARY).post(
        reverse("strategy:risk-import"), {"file": upload(text)}
    )

    problems = [(p.line, p.message) for p in response.context["problems"]]
    assert (
        3,
        '"B2" is not a risk rating. Likelihood letter A to D, then impact numeral I '
        'to IV, as in "BII" (likely, major).',
    ) in problems
    assert {line for line, _ in problems} == {3, 4}
    assert len([1 for line, _ in problems if line == 4]) == 3
    assert "Nothing was saved" in response.text
    assert not RiskReview.objects.exists()
    assert Risk.objects.get(reference="CP01").rating.code == "CII"


def test_an_xlsx_file_of_reviews_is_imported(client_as):
    RiskFactory(reference="CP03")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["risk", "quarter", "reviewed_on", "rating", "note"])
    sheet.append(["CP03", "2024-25 Q3", datetime.date(2025, 1, 12), "AII", "Homes short."])
    content = io.BytesIO()
    book.save(content)
    file = SimpleUploadedFile("reviews.xlsx", content.getvalue())

    client_as(roles.BOARD_SECRETARY).post(reverse("strategy:risk-import"), {"file": file})

    assert Risk.objects.get(reference="CP03").rating.code == "AII"


# -- The register, the matrix and their queries ---------------------------------------------


def make_register(count: int) -> None:
    outcome = OutcomeFactory()
    owner = UserFactory()
    codes = ["AI", "BII", "CIII", "DIV", "BI", "CII"]
    for number in range(count):
        rating = Rating.parse(codes[number % len(codes)])
        risk = RiskFactory(
            outcome=outcome,
            owner=owner,
            likelihood=rating.likelihood,
            impact=rating.impact,
            review_on=TODAY - datetime.timedelta(days=number % 2),
        )
        for quarter in (1, 2, 3):
            RiskReviewFactory(risk=risk, quarter=FinancialQuarter(2024, quarter))


@pytest.mark.parametrize("count", [3, 30])
def test_the_register_reads_a_fixed_number_of_queries_however_many_risks(
    client_as, django_assert_max_num_queries, count
):
    make_register(count)
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, the open risks with owners and outcomes, filter choices
    # (outcomes, owners and their roles)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("strategy:risk-list"))
    assert len(response.context["table"].rows) == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_matrix_reads_a_fixed_number_of_queries_however_many_risks(
    client_as, django_assert_max_num_queries, count
):
    make_register(count)
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, the open risks with owners and outcomes
    with django_assert_max_num_queries(4):
        response = client.get(reverse("strategy:risk-matrix"))
    assert len(response.context["register"].risks) == count


def test_risks_past_their_review_date_say_so_in_the_register(client_as):
    RiskFactory(title="Late risk", review_on=TODAY - datetime.timedelta(days=1))
    RiskFactory(title="Reviewed risk", review_on=TODAY)

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:risk-list"))

    cells = {r.record.risk.title: r.get_cell("attention") for r in response.context["table"].rows}
    assert "Review overdue" in cells["Late risk"]
    assert cells["Reviewed risk"] == "No"


def test_the_register_exports_ratings_as_codes(client_as):
    RiskFactory(reference="CP01", title="Workforce", likelihood="B", impact="II")
    client = client_as(roles.COUNCILLOR)

    csv = client.get(reverse("strategy:risk-list"), {"_export": "csv"}).content.decode()
    xlsx = client.get(reverse("strategy:risk-list"), {"_export": "xlsx"})

    assert "CP01,Workforce" in csv
    assert ",BII,DIII," in csv
    values = [
        c.value
        for row in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
        for c in row
    ]
    assert "BII" in values


def test_the_matrix_is_an_accessible_svg_with_counts_and_references_in_each_cell():
    RiskFactory(reference="CP01", likelihood="B", impact="II")
    RiskFactory(reference="CP03", likelihood="B", impact="II")
    RiskFactory(reference="CP02", likelihood="C", impact="II")

    svg = str(risk_matrix_svg(selectors.risk_register()))

    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert "BII: CP01, CP03" in svg
    assert ">2 risks<" in svg
    assert ">CP01, CP03<" in svg
    assert ">1 risk<" in svg
    assert ">A<" in svg
    assert ">IV<" in svg
    assert ">very likely<" in svg
    assert ">catastrophic<" in svg
    assert "style=" not in svg
    assert svg.count("<text") == svg.count('font-family="Arial')


def test_the_matrix_on_a_5x5_scale_has_25_cells(settings):
    settings.RISK_SCALE = "5x5"
    RiskFactory(likelihood="4", impact="3", target_likelihood="2", target_impact="2")

    register = selectors.risk_register()

    assert [len(row) for row in register.cells] == [5] * 5
    assert register.risks[0].rating.code == "4x3"


# -- Young people -----------------------------------------------------------------------------


def test_young_people_find_no_risk_register_anywhere(client_as):
    risk = RiskFactory(title="Secret workforce risk", likelihood="A", impact="I")
    client = client_as(roles.YOUNG_PERSON)
    urls = [
        reverse("strategy:risk-list"),
        reverse("strategy:risk-matrix"),
        reverse("strategy:risk-import"),
        risk.get_absolute_url(),
        review_url(risk),
        reverse("strategy:risk-edit", args=[risk.pk]),
    ]

    answers = [client.get(url).status_code for url in urls]
    pages = [
        client.get(url)
        for url in (
            risk.outcome.get_absolute_url(),
            reverse("strategy:exceptions"),
            reverse("strategy:action-list"),
            "/",
        )
    ]

    assert all(code in (403, 404) for code in answers)
    for page in pages:
        assert "Secret workforce risk" not in page.text
        assert "Risk register" not in page.text
    assert "Risks" not in [item.label for item in pages[0].context["navigation"]]


# -- The red-KPI rule -------------------------------------------------------------------------


def approve(kpi, quarter: FinancialQuarter, value: str) -> None:
    lead = UserFactory()
    figure = MeasurementFactory(kpi=kpi, quarter=quarter, value=Decimal(value))
    performance_services.measurement_approve(measurement=figure, user=lead)


@pytest.fixture
def watched():
    """A risk named by a KPI with target 80 and amber down to 70."""
    kpi = KpiFactory(code="CLA-IHA")
    TargetFactory(kpi=kpi, applies_from=2024, target=Decimal("80"), amber_threshold=Decimal("70"))
    risk = RiskFactory()
    risk.kpis.add(kpi)
    return kpi, risk


def test_a_kpi_red_two_quarters_in_a_row_flags_its_risks_for_re_rating(watched):
    kpi, risk = watched

    approve(kpi, FinancialQuarter(2024, 2), "55")
    risk.refresh_from_db()
    assert not risk.needs_rerating
    approve(kpi, FinancialQuarter(2024, 3), "60")

    risk.refresh_from_db()
    assert risk.needs_rerating
    assert risk.rerating_reason.startswith("CLA-IHA")
    assert "2024-25 Q2 and 2024-25 Q3" in risk.rerating_reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((FinancialQuarter(2024, 2), "75"), (FinancialQuarter(2024, 3), "60")),  # amber, red
        ((FinancialQuarter(2024, 1), "55"), (FinancialQuarter(2024, 3), "60")),  # a gap
        ((FinancialQuarter(2024, 2), "55"), (FinancialQuarter(2024, 3), "85")),  # red, green
    ],
)
def test_a_kpi_not_red_two_quarters_running_flags_nothing(watched, first, second):
    kpi, risk = watched

    approve(kpi, *first)
    approve(kpi, *second)

    risk.refresh_from_db()
    assert not risk.needs_rerating


def test_a_submitted_figure_does_not_count_until_approved(watched):
    kpi, risk = watched
    approve(kpi, FinancialQuarter(2024, 2), "55")

    MeasurementFactory(kpi=kpi, quarter=FinancialQuarter(2024, 3), value=Decimal("50"))

    risk.refresh_from_db()
    assert not risk.needs_rerating
    assert Measurement.objects.filter(kpi=kpi).count() == 2


def test_the_next_review_clears_the_flag_and_a_risk_reviewed_since_is_not_flagged(watched):
    kpi, risk = watched
    approve(kpi, FinancialQuarter(2024, 2), "55")
    approve(kpi, FinancialQuarter(2024, 3), "60")
    services.risk_review_record(
        risk=risk,
        quarter=FinancialQuarter(2024, 4),
        rating=Rating.parse("BII"),
        note="Re-rated after two red quarters.",
        reviewed_by=UserFactory(),
    )
    risk.refresh_from_db()
    assert not risk.needs_rerating

    flagged = performance_services.risks_flag_when_kpi_red(kpi)

    assert flagged == 0
    risk.refresh_from_db()
    assert not risk.needs_rerating


# -- Selectors for reports ---------------------------------------------------------------------


def test_risk_movement_over_a_year_says_higher_lower_unchanged_new_or_closed():
    year = FinancialYear(2024)

    def risk_with(reference, before, after, **fields):
        risk = RiskFactory(reference=reference, opened_on=datetime.date(2023, 4, 1), **fields)
        if before:
            RiskReviewFactory(
                risk=risk,
                quarter=FinancialQuarter(2023, 4),
                reviewed_on=datetime.date(2024, 3, 10),
                likelihood=before[0],
                impact=before[1:],
            )
        if after:
            RiskReviewFactory(
                risk=risk,
                quarter=FinancialQuarter(2024, 4),
                reviewed_on=datetime.date(2025, 3, 10),
                likelihood=after[0],
                impact=after[1:],
            )
        return risk

    risk_with("R1", "CII", "BII")
    risk_with("R2", "BII", "CII")
    risk_with("R3", "CII", "CII")
    new = RiskFactory(reference="R4", opened_on=datetime.date(2024, 9, 1))
    RiskReviewFactory(
        risk=new, quarter=FinancialQuarter(2024, 4), reviewed_on=datetime.date(2025, 3, 10)
    )
    risk_with("R5", "CII", None, closed_on=datetime.date(2024, 12, 1))

    moved = {
        m.risk.reference: (m.movement, m.start and m.start.code, m.end and m.end.code)
        for m in selectors.risk_movement(year)
    }

    assert moved == {
        "R1": ("higher", "CII", "BII"),
        "R2": ("lower", "BII", "CII"),
        "R3": ("unchanged", "CII", "CII"),
        "R4": ("new", None, "CII"),
        "R5": ("closed", "CII", None),
    }


def test_the_register_as_of_a_past_date_uses_the_ratings_reviewed_by_then():
    risk = RiskFactory(likelihood="A", impact="I")
    RiskReviewFactory(
        risk=risk,
        quarter=FinancialQuarter(2024, 3),
        reviewed_on=datetime.date(2025, 1, 10),
        likelihood="C",
        impact="III",
    )

    register = selectors.risk_register(as_of=datetime.date(2025, 2, 1))

    assert register.risks[0].rating.code == "CIII"
    assert selectors.risk_register().risks[0].rating.code == "AI"


def test_risks_to_review_for_an_owner_lists_those_due_soon_or_flagged(make_user):
    officer = make_user(roles.OFFICER)
    due = RiskFactory(owner=officer, review_on=TODAY + datetime.timedelta(days=5))
    flagged = RiskFactory(owner=officer, review_on=TODAY + datetime.timedelta(days=80))
    services.risk_flag_for_rerating(risk=flagged, reason="KPI red twice.")
    RiskFactory(owner=officer, review_on=TODAY + datetime.timedelta(days=80))
    RiskFactory(review_on=TODAY)

    assert selectors.risks_to_review_for(officer) == [due, flagged]


def new_risk(**fields) -> dict:
    return {
        "reference": "CP06",
        "title": "Care leavers without suitable homes",
        "review_on": "2030-01-31",
        "rating": "BIII",
        "target_rating": "CIII",
    } | fields


def test_the_secretary_adds_a_risk_with_its_first_rating(client_as):
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(reverse("strategy:risk-create"), new_risk(), follow=True)

    risk = Risk.objects.get(reference="CP06")
    assert (risk.rating.code, risk.target.code) == ("BIII", "CIII")
    assert "CP06 added to the register, rated BIII." in response.text
    assert risk.history.get().history_user == client.user


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": "B3"}, '"B3" is not a risk rating'),
        ({"target_rating": "E"}, '"E" is not a risk rating'),
        ({"rating": ""}, "This field is required."),
        ({"review_on": "soon"}, "Enter a valid date."),
    ],
)
def test_a_new_risk_with_a_bad_rating_or_date_adds_nothing(client_as, fields, message):
    response = client_as(roles.BOARD_SECRETARY).post(
        reverse("strategy:risk-create"), new_risk(**fields)
    )

    assert response.status_code == 200
    assert message in unescape(response.text)
    assert not Risk.objects.exists()


def test_the_register_filters_by_owner_and_by_what_needs_attention(client_as, make_user):
    owner = make_user(roles.OFFICER)
    RiskFactory(title="Mine, high", owner=owner, likelihood="A", impact="II")
    RiskFactory(title="Mine, low", owner=owner, likelihood="D", impact="IV")
    RiskFactory(title="Someone else's, high", likelihood="A", impact="I")
    client = client_as(roles.COUNCILLOR)

    mine = client.get(reverse("strategy:risk-list"), {"owner": owner.pk})
    high = client.get(reverse("strategy:risk-list"), {"owner": owner.pk, "attention": "high"})

    def titles(response):
        return sorted(row.record.risk.title for row in response.context["table"].rows)

    assert titles(mine) == ["Mine, high", "Mine, low"]
    assert titles(high) == ["Mine, high"]


def test_on_a_5x5_scale_the_review_form_takes_numeric_ratings_only(client_as, settings):
    settings.RISK_SCALE = "5x5"
    risk = RiskFactory(likelihood="3", impact="3", target_likelihood="2", target_impact="2")
    client = client_as(roles.BOARD_SECRETARY)

    refused = client.post(review_url(risk), review_form(rating="BII"))
    client.post(review_url(risk), review_form(rating="4x5"))

    assert '"BII" is not a risk rating' in unescape(refused.text)
    assert "Likelihood 1 to 5, then x, then impact 1 to 5" in refused.text
    risk.refresh_from_db()
    assert (risk.rating.code, risk.rating.words) == ("4x5", "likely, catastrophic")


def test_the_review_form_starts_from_the_rating_as_it_stands(client_as):
    client = client_as(roles.OFFICER)
    risk = RiskFactory(owner=client.user, likelihood="B", impact="III")

    form = client.get(review_url(risk)).context["form"]

    assert form["rating"].value() == "BIII"


def test_the_review_form_shows_this_quarters_review_which_saving_replaces(client_as):
    client = client_as(roles.OFFICER)
    risk = RiskFactory(owner=client.user)
    RiskReviewFactory(risk=risk, quarter=FinancialQuarter.current(), note="Vacancies fell.")

    form = client.get(review_url(risk)).context["form"]

    assert form["note"].value() == "Vacancies fell."


@pytest.mark.parametrize(
    ("likelihood", "impact", "words"),
    [("B", "II", "likely, major, high risk"), ("D", "III", "rare, moderate, low risk")],
)
def test_a_rating_says_its_level_in_words_on_the_register_and_the_risk_page(
    client_as, likelihood, impact, words
):
    # Its tag's colour shows the level too, but colour is never the only signal (WCAG 1.4.1).
    client = client_as(roles.BOARD_SECRETARY)
    risk = RiskFactory(likelihood=likelihood, impact=impact)

    for url in (reverse("strategy:risk-list"), risk.get_absolute_url()):
        response = client.get(url)
        assert f'<span class="cpb-rating-words">{words}</span>' in response.text, url
