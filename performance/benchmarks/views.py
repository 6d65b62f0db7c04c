"""The "How we compare" page, its download, and the page where the performance lead loads
DfE's files. The KPI page's part is `kpi_section`, called by performance.views.kpi_detail."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cpboard.exports import EXPORT_PARAMETER, FORMATS, download, spreadsheet_bytes
from cpboard.roles import Capability, requires
from performance.benchmarks import SOURCE_LINE, charts, selectors
from performance.benchmarks.catalogue import catalogue
from performance.benchmarks.forms import DfeFileForm
from performance.benchmarks.importer import import_dfe_file
from performance.benchmarks.models import DfeRelease
from performance.imports import ImportRefused

EXPORT_COLUMNS = (
    "kpi_code",
    "kpi_title",
    "measure",
    "dfe_name",
    "year",
    "provisional",
    "value",
    "england",
    "region",
    "region_value",
    "neighbours_mean",
    "neighbours_median",
    "neighbours_with_data",
    "rank",
    "of",
    "quartile",
)


def _number(value):
    return None if value is None else value.normalize()


def _figure(row):
    if row is None:
        return None
    return _number(row.value) if row.value is not None else row.symbol


def export_rows(linked: list[selectors.LinkedComparison]) -> list[list]:
    rows = []
    for item in linked:
        found = item.comparison
        rows.append(
            [
                item.kpi_code,
                item.kpi_title,
                found.measure.key,
                found.measure.name,
                str(found.financial_year),
                "yes" if found.provisional else "no",
                _number(found.value) if found.value is not None else found.symbol,
                _figure(found.england),
                found.region.name if found.region else None,
                _figure(found.region),
                _number(found.neighbours_mean),
                _number(found.neighbours_median),
                found.neighbours_with_data,
                found.rank,
                found.of,
                found.quartile,
            ]
        )
    return rows


@requires(Capability.VIEW_BOARD)
def how_we_compare(request: HttpRequest) -> HttpResponse:
    linked = selectors.how_we_compare()
    fmt = request.GET.get(EXPORT_PARAMETER)
    if fmt in FORMATS:
        content = spreadsheet_bytes(
            fmt, EXPORT_COLUMNS, export_rows(linked), title="How we compare"
        )
        return download(content, fmt=fmt, filename="how-we-compare")
    if fmt is not None:
        messages.error(request, "This list can be downloaded as CSV or Excel (XLSX) only.")
    return render(
        request,
        "performance/benchmarks/how_we_compare.html",
        {
            "linked": linked,
            "ranked": [item for item in linked if item.comparison.rank is not None],
            "context": [item for item in linked if item.comparison.rank is None],
            "source_line": SOURCE_LINE,
            "demo_note": settings.DFE_DEMO_NOTE,
        },
    )


def kpi_section(kpi, detail) -> dict | None:
    """What the KPI page's "How we compare" shows for a linked KPI (two queries), or None."""
    if kpi.dfe_measure not in catalogue():
        return None  # a local KPI (or a key a later catalogue no longer has)
    approved_q4 = {
        q.quarter.start_year: q.figure.value
        for q in detail.quarters
        if q.quarter.number == 4 and q.figure.status == q.figure.Status.APPROVED
    }
    found = selectors.kpi_benchmark(kpi.dfe_measure, approved_q4)
    if found is None:
        return {
            "measure": catalogue()[kpi.dfe_measure],
            "benchmark": None,
            "source_line": "",
            "demo_note": "",
        }
    prefix = kpi.code.lower()
    return {
        "measure": found.latest.measure,
        "benchmark": found,
        "strip": charts.strip_plot(
            found.latest, council_name=settings.COUNCIL_NAME, id_prefix=f"strip-{prefix}"
        ),
        "years_chart": charts.years_chart(
            found, council_name=settings.COUNCIL_NAME, id_prefix=f"years-{prefix}"
        ),
        "source_line": SOURCE_LINE,
        "demo_note": settings.DFE_DEMO_NOTE,
    }


@requires(Capability.MANAGE_KPIS)
def load_dfe_file(request: HttpRequest) -> HttpResponse:
    form = DfeFileForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_dfe_file(upload, upload.name, user=request.user)
        except ImportRefused as error:
            refused = error.errors
            form.add_error(
                "file",
                "Nothing was loaded: the file has problems, listed below. Download it from "
                "DfE again, or correct them, and load the whole file again.",
            )
        else:
            messages.success(request, f"{upload.name}: {result.describe()}")
            return redirect(request.path)
    return render(
        request,
        "performance/benchmarks/load.html",
        {
            "form": form,
            "refused": refused,
            "releases": list(DfeRelease.objects.select_related("loaded_by")[:20]),
            "catalogue": list(catalogue().values()),
        },
    )
