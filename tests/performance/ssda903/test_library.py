"""A KPI names the SSDA903 measure it is computed from: in the KPI form, and in the KPI
library's import and export, which carry the link."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from cpboard import roles
from performance.imports import ImportRefused, export_kpis, import_kpis_file
from performance.judgement import Polarity, Unit
from performance.models import Kpi
from tests.factories import SubgroupFactory
from tests.performance.factories import KpiFactory

pytestmark = pytest.mark.django_db

HEADER = "code,title,unit,polarity,target,amber_threshold,year,sub_group,outcome,ssda903_measure"


@pytest.fixture
def lead(make_user):
    return make_user(roles.PERFORMANCE_LEAD, username="lead")


def _import(text: str, lead):
    return import_kpis_file(io.BytesIO(text.encode()), "library.csv", user=lead)


def test_the_library_links_kpis_to_measures_and_writes_the_link_back(lead):
    SubgroupFactory(name="Health", slug="health")
    _import(
        f"{HEADER}\n"
        "CLA-COUNT,Children in care,count,context,,,,Health,,cla_at_date\n"
        "CLA-DENTAL,Dental checks,percentage,higher,,,,Health,,oc2_dental\n",
        lead,
    )
    assert Kpi.objects.get(code="CLA-DENTAL").ssda903_measure == "oc2_dental"

    output = io.BytesIO()
    export_kpis(output, "csv")
    lines = output.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",dfe_measure,ssda903_measure")
    assert lines[1].endswith(",cla_at_date")

    # A library without the column leaves the links as they are; a blank cell unlinks.
    _import("code,title,unit,polarity,target,amber_threshold,year,sub_group,outcome\n"
            "CLA-DENTAL,Dental checks,percentage,higher,,,,Health,\n", lead)  # fmt: skip
    assert Kpi.objects.get(code="CLA-DENTAL").ssda903_measure == "oc2_dental"
    _import(f"{HEADER}\nCLA-DENTAL,Dental checks,percentage,higher,,,,Health,,\n", lead)
    assert Kpi.objects.get(code="CLA-DENTAL").ssda903_measure == ""


def test_an_unknown_measure_or_one_of_another_unit_is_refused_with_its_line(lead):
    SubgroupFactory(name="Health", slug="health")
    with pytest.raises(ImportRefused) as refused:
        _import(
            f"{HEADER}\n"
            "CLA-COUNT,Children in care,count,context,,,,Health,,children\n"
            "CLA-DENTAL,Dental checks,count,higher,,,,Health,,oc2_dental\n",
            lead,
        )
    text = str([str(error) for error in refused.value.errors])
    assert '"children" is not a measure of the SSDA903 return' in text
    assert "oc2_dental is a percentage, but the KPI is a count" in text
    assert not Kpi.objects.exists()


def test_the_kpi_form_offers_the_measures_of_its_unit(lead):
    kpi = KpiFactory(code="CLA-DENTAL", unit=Unit.PERCENTAGE, polarity=Polarity.HIGHER)
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("performance:kpi-edit", args=[kpi.code]))
    assert "SSDA903 measure its figures are computed from" in page.text
    form = {
        "title": kpi.title,
        "definition": kpi.definition,
        "source": "ssda903",
        "definition_year": "2024",
        "polarity": kpi.polarity,
        "frequency": kpi.frequency,
        "subgroup": kpi.subgroup_id,
        "is_active": "on",
        "ssda903_measure": "cla_at_date",
    }
    refused = client.post(reverse("performance:kpi-edit", args=[kpi.code]), form)
    assert "cla_at_date is a count, but this KPI is a percentage" in refused.text
    saved = client.post(
        reverse("performance:kpi-edit", args=[kpi.code]), {**form, "ssda903_measure": "oc2_dental"}
    )
    assert saved.status_code == 302
    kpi.refresh_from_db()
    assert kpi.ssda903_measure == "oc2_dental"
