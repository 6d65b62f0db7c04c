"""How we compare on the portal's pages: the list page and its downloads, the KPI page's
section, the scorecard's comparator column, the upload page, the KPI form and library, and
the report snapshot, all from the one comparison selector."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.benchmarks import SOURCE_LINE
from performance.benchmarks.importer import import_dfe_file
from performance.benchmarks.models import DfeFigure
from performance.imports import import_kpis
from performance.judgement import Polarity, Unit
from performance.models import Kpi, Measurement
from performance.selectors import scorecard_summary
from reports.snapshot import scorecard_part
from tests.performance.dfe_files import (
    NEIGHBOURS_FILE,
    SE,
    STABILITY,
    STABILITY_FILE,
    THREE,
    council,
    ees,
    england,
)
from tests.performance.factories import KpiFactory

pytestmark = pytest.mark.django_db

Q4 = FinancialQuarter(2024, 4)  # 2024-25 Q4: DfE has published 2024-25 in the files here


@pytest.fixture(autouse=True)
def medway(settings):
    settings.DFE_LA_CODE = "887"
    settings.DFE_DEMO_NOTE = "Demo council: Medway's published figures."


@pytest.fixture
def published():
    import_dfe_file(io.BytesIO(STABILITY_FILE), "la_cla_placement_stability.csv")
    import_dfe_file(io.BytesIO(NEIGHBOURS_FILE), "sn_model_2025_wide.csv")


def approved(kpi, quarter, value):
    return Measurement.objects.create(
        kpi=kpi,
        quarter=quarter,
        value=Decimal(value),
        definition_year=kpi.definition_year,
        status=Measurement.Status.APPROVED,
    )


@pytest.fixture
def stability(published):
    kpi = KpiFactory(
        code="CLA-STAB-3PL",
        title="Children with three or more placements in the year",
        unit=Unit.PERCENTAGE,
        polarity=Polarity.LOWER,
        dfe_measure="placements_3_or_more",
    )
    approved(kpi, Q4, "13.5")
    return kpi


def test_how_we_compare_lists_linked_kpis_with_band_and_source(client_as, stability):
    response = client_as(roles.COUNCILLOR).get(reverse("performance:how-we-compare"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Children with three or more placements in the year" in text
    assert "Band C" in text
    assert "4th of 6: third quarter" in text
    assert escape(SOURCE_LINE) in text
    assert "Demo council: Medway&#x27;s published figures." in text


def test_young_people_see_how_we_compare_as_they_see_the_scorecard(client_as, stability):
    assert roles.YOUNG_PERSON.capabilities >= {roles.Capability.VIEW_BOARD}
    response = client_as(roles.YOUNG_PERSON).get(reverse("performance:how-we-compare"))

    assert response.status_code == 200


def test_how_we_compare_asks_anonymous_visitors_to_sign_in(client, stability):
    response = client.get(reverse("performance:how-we-compare"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_how_we_compare_downloads_escape_formulas(client_as, stability):
    stability.title = "=HYPERLINK(evil)"
    stability.save()
    client = client_as(roles.COUNCILLOR)
    url = reverse("performance:how-we-compare")

    text = client.get(url, {"_export": "csv"}).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["kpi_code", "kpi_title", "measure", "dfe_name"]
    assert rows[1][1] == "'=HYPERLINK(evil)"
    assert rows[1][-3:] == ["4", "6", "C"]

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url, {"_export": "xlsx"}).content))
    cell = workbook.active["B2"]
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(evil)", "s")


def test_kpi_page_says_where_the_council_stands(client_as, stability):
    response = client_as(roles.COUNCILLOR).get(stability.get_absolute_url())

    text = response.content.decode()
    assert 'id="how-we-compare"' in text
    assert "4th of 6: third quarter" in text
    # The neighbours by name with their closeness and figures.
    assert "Bracknell Forest" in text
    assert "Somewhat close" in text
    # The strip plot: every council, with the council, England, region and neighbours.
    assert "every council in 2024-25</title>" in text
    assert "Statistical neighbours</text>" in text
    assert "c: suppressed to protect confidentiality" in text
    assert escape(SOURCE_LINE) in text


def test_kpi_page_places_a_q4_figure_provisionally_before_dfe_publishes(client_as, stability):
    approved(stability, FinancialQuarter(2025, 4), "9")

    text = client_as(roles.COUNCILLOR).get(stability.get_absolute_url()).content.decode()

    # 9% among the others' 2024-25 figures (8, 10, 10, 20, 25): 2nd of 6.
    assert "2nd of 6: second quarter (provisional)" in text
    assert "DfE has not published 2025-26 yet" in text


def test_scorecard_shows_dfe_comparators_for_linked_kpis_and_typed_ones_for_others(
    client_as, stability
):
    local = KpiFactory(code="LOCAL-1", title="A local measure")
    approved(local, Q4, "5")
    local.comparators.create(year=2024, kind="england", value=7, published_for="2023-24")

    response = client_as(roles.COUNCILLOR).get(
        reverse("performance:scorecard"), {"quarter": str(Q4)}
    )

    text = response.content.decode()
    assert "Neighbours: mean 12%, median 10%" in text
    assert "Band C</strong> 4th of 6: third quarter" in text
    assert "England: 7" in text  # the local KPI's typed comparator


def test_report_snapshot_carries_the_same_comparison_and_the_source_line(stability):
    shaped = scorecard_part(scorecard_summary(Q4), public=True)

    row = next(row for row in shaped["rows"] if row["code"] == "CLA-STAB-3PL")
    assert row["benchmark"]["rank_words"] == "4th of 6: third quarter"
    assert row["benchmark"]["neighbours_median_text"] == "10%"
    assert [c["text"] for c in row["comparators"]] == ["10.0%", "12.0%", "12.0%"]
    assert SOURCE_LINE in shaped["dfe_source"]


def _many_kpis(count: int, years: int) -> None:
    """`count` linked KPIs, with DfE figures for `years` years of 40 councils."""
    rows = [
        england(2025 - back, f"CLA on 31 March,{'With 3 or more placements during the year'},1,10")
        for back in range(years)
    ]
    for back in range(years):
        for code in range(800, 840):
            rows.append(
                council(
                    2025 - back,
                    *SE,
                    str(code),
                    f"Council {code}",
                    "E06000001",
                    f"CLA on 31 March,With 3 or more placements during the year,5,{code % 17}",
                )
            )
    import_dfe_file(io.BytesIO(ees(STABILITY, *rows)), "la_cla_placement_stability.csv")
    import_dfe_file(io.BytesIO(NEIGHBOURS_FILE), "sn_model_2025_wide.csv")
    for number in range(count):
        kpi = KpiFactory(
            code=f"DFE-{number}",
            dfe_measure="placements_3_or_more",
            unit=Unit.PERCENTAGE,
            polarity=Polarity.LOWER,
        )
        approved(kpi, Q4, "7")


@pytest.mark.parametrize(("kpis", "years"), [(2, 1), (30, 5)])
def test_how_we_compare_runs_a_fixed_number_of_queries(
    client_as, django_assert_num_queries, kpis, years
):
    _many_kpis(kpis, years)
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, linked KPIs, latest approved quarter, their Q4 figures, DfE's
    # latest year per measure, the council's neighbours, the figures shown (England, regions,
    # the council and its neighbours), every council's number of those years
    with django_assert_num_queries(10):
        response = client.get(reverse("performance:how-we-compare"))
    assert len(response.context["linked"]) == kpis


@pytest.mark.parametrize("years", [1, 5])
def test_kpi_page_with_how_we_compare_runs_a_fixed_number_of_queries(
    client_as, django_assert_num_queries, years
):
    _many_kpis(1, years)
    client = client_as(roles.YOUNG_PERSON)

    # session, user, roles, KPI, figures, targets, comparators, every DfE figure of the
    # measure, the council's neighbours
    with django_assert_num_queries(9):
        response = client.get(reverse("performance:kpi-detail", args=["DFE-0"]))
    assert len(response.context["compare"]["benchmark"].years) == years


def test_performance_lead_loads_a_dfe_file_on_the_page(client_as):
    client = client_as(roles.PERFORMANCE_LEAD)
    upload = SimpleUploadedFile("la_cla_placement_stability.csv", STABILITY_FILE, "text/csv")

    response = client.post(reverse("performance:load-dfe"), {"file": upload}, follow=True)

    assert "placements_3_or_more" in response.content.decode()
    assert DfeFigure.objects.filter(measure="placements_3_or_more").count() == 12
    assert "la_cla_placement_stability.csv" in response.content.decode()  # files loaded


def test_a_bad_dfe_file_on_the_page_lists_its_problems_and_loads_nothing(client_as):
    client = client_as(roles.PERFORMANCE_LEAD)
    bad = ees(STABILITY, council(2025, *SE, "887", "Medway", "E06", f"{THREE},abc,61"))
    upload = SimpleUploadedFile("release.csv", bad, "text/csv")

    response = client.post(reverse("performance:load-dfe"), {"file": upload})

    text = response.content.decode()
    assert "Nothing was loaded" in text
    assert "Column children_count: &quot;abc&quot;" in text
    assert not DfeFigure.objects.exists()


def test_councillors_cannot_load_dfe_files(client_as):
    assert client_as(roles.COUNCILLOR).get(reverse("performance:load-dfe")).status_code == 403


def test_kpi_form_links_a_kpi_to_a_catalogue_measure(client_as, demo_board):
    client = client_as(roles.PERFORMANCE_LEAD)
    kpi = KpiFactory(code="CLA-DENTAL", subgroup=demo_board["groups"][1])
    form = client.get(reverse("performance:kpi-edit", args=[kpi.code])).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(subgroup=kpi.subgroup_id, is_active="on", dfe_measure="dental_check")

    client.post(reverse("performance:kpi-edit", args=[kpi.code]), data)

    kpi.refresh_from_db()
    assert kpi.dfe_measure == "dental_check"
    assert (
        'value="dental_check"'
        in client.get(reverse("performance:kpi-edit", args=[kpi.code])).content.decode()
    )


def test_kpi_library_import_carries_the_measure_and_refuses_an_unknown_one(make_user, demo_board):
    lead = make_user(roles.PERFORMANCE_LEAD)
    row = {
        "code": "CLA-DENTAL",
        "title": "Dental checks",
        "unit": "percentage",
        "polarity": "higher",
        "sub_group": demo_board["groups"][1].name,
        "dfe_measure": "dental_check",
    }

    import_kpis([row], user=lead)
    assert Kpi.objects.get(code="CLA-DENTAL").dfe_measure == "dental_check"

    with pytest.raises(Exception, match="is not a measure of the DfE catalogue"):
        import_kpis([{**row, "dfe_measure": "teeth"}], user=lead)


def test_a_linked_kpi_before_any_dfe_file_is_loaded_says_so(client_as):
    kpi = KpiFactory(code="CLA-DENTAL", dfe_measure="dental_check")
    approved(kpi, Q4, "80")

    text = client_as(roles.COUNCILLOR).get(kpi.get_absolute_url()).content.decode()

    assert "no DfE figures for it have been loaded yet" in text


def test_a_public_report_withholds_a_provisional_place_worked_out_from_fewer_than_5(stability):
    # Before DfE publishes 2025-26, the council's own Q4 figure is placed among the others';
    # in a public report that figure, worked out from 4 children, is never shown, and neither
    # is the place it would take, which tells a reader roughly what it is.
    small = approved(stability, FinancialQuarter(2025, 4), "25")
    small.numerator, small.denominator = 1, 4
    small.save()
    summary = scorecard_summary(FinancialQuarter(2025, 4))

    def benchmark(public):
        shaped = scorecard_part(summary, public=public)
        return next(row for row in shaped["rows"] if row["code"] == "CLA-STAB-3PL")["benchmark"]

    board, public = benchmark(public=False), benchmark(public=True)
    assert board["provisional"]
    assert board["value_text"] == "25%"
    assert board["rank_words"] == "5th of 6: bottom quarter"  # level with the 25% already there
    assert public["value_text"] == "not shown: fewer than 5 children"
    assert (public["rank"], public["of"], public["quartile"]) == (None, None, None)
    assert "5th" not in public["rank_words"]
    assert public["england_text"] == board["england_text"]  # DfE's own figures stay
