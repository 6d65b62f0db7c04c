"""The upload pages: figures and the KPI library, checked whole before anything is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.models import Kpi, Measurement
from tests.factories import SubgroupFactory

pytestmark = pytest.mark.django_db

LATEST = FinancialQuarter.containing(timezone.localdate()).previous()
HEADER = "kpi_code,period,value,numerator,denominator,commentary\n"


@pytest.fixture
def kpi():
    return Kpi.objects.create(
        code="CLA-IHA-20WD",
        title="Initial health assessments",
        definition="x",
        definition_year=2024,
        unit="percentage",
        polarity="higher",
        subgroup=SubgroupFactory(),
    )


def upload(text: str, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_good_file_arrives_submitted(client_as, kpi):
    client = client_as(roles.PERFORMANCE_LEAD)

    response = client.post(
        reverse("performance:import-figures"),
        {"file": upload(HEADER + f"CLA-IHA-20WD,{LATEST},,11,20,Two late\n")},
        follow=True,
    )

    assert "figures.csv: Figures: 1 created" in response.text
    figure = Measurement.objects.get()
    assert (figure.status, str(figure.value)) == ("submitted", "55.00")


def test_a_file_with_bad_rows_saves_nothing_and_lists_each_line(client_as, kpi):
    client = client_as(roles.PERFORMANCE_LEAD)
    rows = (
        HEADER
        + f"CLA-IHA-20WD,{LATEST},,11,20,fine\n"
        + f"NO-SUCH-KPI,{LATEST},5,,,\n"
        + "CLA-IHA-20WD,2024/25 Q1,,1,2,\n"
    )

    response = client.post(reverse("performance:import-figures"), {"file": upload(rows)})

    assert "Nothing was imported: 2 problems in the file" in response.text
    problems = [(p.line, p.message) for p in response.context["refused"]]
    assert [line for line, _ in problems] == [3, 4]
    assert "NO-SUCH-KPI" in problems[0][1]
    assert not Measurement.objects.exists()


def test_only_csv_or_excel_files_are_accepted(client_as, kpi):
    client = client_as(roles.PERFORMANCE_LEAD)

    response = client.post(
        reverse("performance:import-figures"), {"file": upload("x", name="figures.pdf")}
    )

    assert "The file must be a CSV or an Excel (.xlsx) file." in response.text
    assert 'href="#id_file"' in response.text


def test_approving_on_import_is_offered_only_to_those_who_sign_off(client_as, kpi):
    officer_page = client_as(roles.OFFICER).get(reverse("performance:import-figures"))
    lead_page = client_as(roles.PERFORMANCE_LEAD).get(reverse("performance:import-figures"))

    assert 'name="approve"' not in officer_page.text
    assert 'name="approve"' in lead_page.text


def test_the_kpi_library_downloads_as_csv(client_as, kpi):
    response = client_as(roles.PERFORMANCE_LEAD).get(
        reverse("performance:export-kpis", args=["csv"])
    )

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "code,title,unit,polarity,target,amber_threshold,year,sub_group,outcome,dfe_measure,"
        "ssda903_measure"
    )
    assert "CLA-IHA-20WD" in text
    assert response["Content-Disposition"] == 'attachment; filename="kpi-library.csv"'
