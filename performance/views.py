import dataclasses
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from cpboard.exports import download, table_export
from cpboard.history import change_histories
from cpboard.quarters import FinancialQuarter
from cpboard.roles import Capability, can, reads_plain_pages, requires
from performance import access, imports, selectors, services
from performance.benchmarks import SOURCE_LINE
from performance.benchmarks.views import kpi_section
from performance.charts import kpi_trend_chart
from performance.filters import ScorecardFilter
from performance.forms import (
    CollectionRoundForm,
    ComparatorForm,
    FigureFormSet,
    ImportForm,
    KpiForm,
    ReopenFigureForm,
    ReturnFigureForm,
    TargetForm,
    figure_context,
)
from performance.tables import ScorecardTable
from subgroups.selectors import challenges_about

FIGURE_HISTORY_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "commentary",
    "status",
    "return_reason",
)


@requires(Capability.VIEW_BOARD)
def scorecard(request: HttpRequest) -> HttpResponse:
    quarters = selectors.approved_quarters()
    filters = ScorecardFilter(request.GET or None, quarters=quarters)
    quarter = filters.quarter()
    summary = selectors.scorecard_summary(quarter, filters.qs, rag=filters.wanted_rag())
    table = ScorecardTable(summary.rows, plain_titles=reads_plain_pages(request.user))
    RequestConfig(request, paginate=False).configure(table)
    exported = (
        table_export(request, table, filename=f"scorecard-{str(quarter).replace(' ', '-')}")
        if quarter
        else None
    )
    if exported:
        return exported
    return render(
        request,
        "performance/scorecard.html",
        {
            "table": table,
            "filters": filters,
            "quarter": quarter,
            "rows": summary.rows,
            "summary": summary,
            # DfE's figures stand in the comparator column of linked KPIs: say whose they are.
            "source_line": SOURCE_LINE if any(row.benchmark for row in summary.rows) else None,
            "demo_note": settings.DFE_DEMO_NOTE,
        },
    )


@requires(Capability.VIEW_BOARD)
def kpi_detail(request: HttpRequest, code: str) -> HttpResponse:
    detail, rw = access.get_kpi_for_user(request.user, code)
    kpi = detail.kpi
    compare = kpi_section(kpi, detail)
    # A KPI compared with DfE's figures shows them under "How we compare"; hand-typed
    # comparators stay on the trend chart of local KPIs only.
    compared = compare is not None and compare["benchmark"] is not None
    charted = dataclasses.replace(detail, comparators=[]) if compared else detail
    chart = kpi_trend_chart(charted, council_name=settings.COUNCIL_NAME)
    history = None
    if can(request.user, Capability.VIEW_CHANGE_HISTORY) and detail.quarters:
        by_figure = change_histories(
            [q.figure for q in detail.quarters], fields=FIGURE_HISTORY_FIELDS, limit=10
        )
        history = {q.quarter: by_figure[q.figure.pk] for q in reversed(detail.quarters)}
    return render(
        request,
        "performance/kpi_detail.html",
        {
            "detail": detail,
            "kpi": kpi,
            "chart": chart,
            "history": history,
            "can_reopen": can(request.user, Capability.APPROVE_FIGURES),
            "can_manage": rw,
            # Challenges about the KPI (subgroups' include): staff see them, young people not.
            "challenges": challenges_about(kpi)
            if can(request.user, Capability.VIEW_BOARD_REPORTS)
            else None,
            "challenge_about": f"performance.kpi:{kpi.pk}",
            "can_challenge": can(request.user, Capability.RAISE_CHALLENGES),
            "compare": compare,
            "council_name": settings.COUNCIL_NAME,
        },
    )


@requires(Capability.ENTER_FIGURES)
def entry_index(request: HttpRequest) -> HttpResponse:
    overview = selectors.collection_overview(
        user=request.user, every_kpi=can(request.user, Capability.ENTER_ANY_FIGURE)
    )
    return render(
        request,
        "performance/entry_index.html",
        {
            "overview": overview,
            "can_manage": can(request.user, Capability.MANAGE_KPIS),
            "can_approve": can(request.user, Capability.APPROVE_FIGURES),
        },
    )


@requires(Capability.ENTER_FIGURES)
def entry(request: HttpRequest, slug: str, quarter: FinancialQuarter) -> HttpResponse:
    group = selectors.group_by_slug(slug)
    if group is None:
        raise Http404("No such group")
    every_kpi = can(request.user, Capability.ENTER_ANY_FIGURE)
    kpis = selectors.kpis_to_enter(group, quarter, owner=None if every_kpi else request.user)
    if not kpis:
        raise Http404("You have no KPIs to enter for this group")
    page = selectors.entry_page(kpis, quarter)
    contexts = {
        kpi.pk: figure_context(kpi, page.previous.get(kpi.pk), page.target_text[kpi.pk])
        for kpi in kpis
    }
    formset = FigureFormSet(
        request.POST or None, kpis=kpis, measurements=page.current, contexts=contexts
    )
    if request.method == "POST" and formset.is_valid():
        submit = "submit" in request.POST
        figures = formset.figures(submitting=submit)
        if not figures:
            messages.info(request, "There were no figures to save.")
            return redirect(request.path)
        try:
            saved = services.measurements_save(
                quarter=quarter, figures=figures, user=request.user, submit=submit
            )
        except services.FigureErrors as errors:
            forms_by_kpi = {form.kpi.pk: form for form in formset.forms}
            for error in errors.errors:
                form = forms_by_kpi[error.kpi.pk]
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
                if error.latest_version is not None:
                    # Saving again, having read the message, is then a deliberate choice.
                    formset.data = formset.data.copy()
                    formset.data[f"{form.prefix}-version"] = error.latest_version
        else:
            verb = "submitted for sign-off" if submit else "saved as drafts"
            noun = "figure" if len(saved) == 1 else "figures"
            messages.success(request, f"{len(saved)} {noun} for {quarter} {verb}.")
            return redirect(request.path)
    return render(
        request,
        "performance/entry.html",
        {"group": group, "quarter": quarter, "formset": formset, "page": page},
    )


@requires(Capability.APPROVE_FIGURES)
def review(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "performance/review.html",
        {"waiting": selectors.figures_awaiting_sign_off()},
    )


@requires(Capability.APPROVE_FIGURES)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = access.get_rw_figure_for_user(request.user, pk)
    if request.method != "POST":
        return redirect("performance:review")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.measurement_approve(measurement=measurement, user=request.user, version=version)
    except services.FigureError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{measurement.kpi.code} {measurement.quarter} approved: councillors see it now.",
        )
    return redirect("performance:review")


def _reason_page(request, pk: int, *, form_class, action, template: str, done: str):
    measurement = access.get_rw_figure_for_user(request.user, pk)
    form = form_class(request.POST or None, initial={"version": measurement.version})
    if request.method == "POST" and form.is_valid():
        try:
            action(
                measurement=measurement,
                user=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.FigureError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, f"{measurement.kpi.code} {measurement.quarter} {done}.")
            return redirect(reverse("performance:review"))
    return render(request, template, {"form": form, "measurement": measurement})


@requires(Capability.APPROVE_FIGURES)
def return_figure(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_page(
        request,
        pk,
        form_class=ReturnFigureForm,
        action=services.measurement_return,
        template="performance/return_figure.html",
        done="returned to the officer",
    )


@requires(Capability.APPROVE_FIGURES)
def reopen_figure(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_page(
        request,
        pk,
        form_class=ReopenFigureForm,
        action=services.measurement_reopen,
        template="performance/reopen_figure.html",
        done="reopened for correction",
    )


@requires(Capability.MANAGE_KPIS)
def open_round(request: HttpRequest) -> HttpResponse:
    form = CollectionRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection_round = services.collection_round_open(
                user=request.user, **form.cleaned_data
            )
        except services.FigureError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{collection_round.quarter} is open for entry.")
            return redirect("performance:entry-index")
    return render(request, "performance/open_round.html", {"form": form})


@requires(Capability.MANAGE_KPIS)
def kpi_edit(request: HttpRequest, code: str) -> HttpResponse:
    kpi = access.get_rw_kpi_for_user(request.user, code)
    form = KpiForm(request.POST or None, instance=kpi)
    if request.method == "POST" and form.is_valid():
        services.kpi_update(kpi=kpi, user=request.user, **form.cleaned_data)
        messages.success(request, f"{kpi.code}: changes saved.")
        return redirect(kpi)
    return render(request, "performance/kpi_form.html", {"kpi": kpi, "form": form})


@requires(Capability.MANAGE_KPIS)
def kpi_target(request: HttpRequest, code: str) -> HttpResponse:
    kpi = access.get_rw_kpi_for_user(request.user, code)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_set(
                kpi=kpi,
                applies_from=form.cleaned_data["year"],
                target=form.cleaned_data["target"],
                amber_threshold=form.cleaned_data["amber_threshold"],
                user=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{kpi.code}: target from {target.financial_year} set.")
            return redirect(kpi)
    return render(request, "performance/target_form.html", {"kpi": kpi, "form": form})


def _import_page(request, *, template: str, run, can_approve: bool = False):
    form = ImportForm(request.POST or None, request.FILES or None, can_approve=can_approve)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run(upload, form.cleaned_data.get("approve", False))
        except imports.ImportRefused as error:
            refused = error.errors
            form.add_error(
                "file",
                f"Nothing was imported: {len(refused)} problem{'s' if len(refused) != 1 else ''} "
                "in the file, listed below. Correct them and import the whole file again.",
            )
        else:
            messages.success(request, f"{upload.name}: {result.describe()}")
            return redirect(request.path)
    return render(request, template, {"form": form, "refused": refused})


@requires(Capability.ENTER_FIGURES)
def import_figures(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        template="performance/import_figures.html",
        run=lambda upload, approve: imports.import_measurements_file(
            upload, upload.name, user=request.user, approve=approve
        ),
        can_approve=can(request.user, Capability.APPROVE_FIGURES),
    )


@requires(Capability.MANAGE_KPIS)
def import_kpis(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        template="performance/import_kpis.html",
        run=lambda upload, approve: imports.import_kpis_file(
            upload, upload.name, user=request.user
        ),
    )


@requires(Capability.MANAGE_KPIS)
def export_kpis(request: HttpRequest, fmt: str) -> HttpResponse:
    content = io.BytesIO()
    imports.export_kpis(content, fmt)
    return download(content.getvalue(), fmt=fmt, filename="kpi-library")


@requires(Capability.MANAGE_KPIS)
def kpi_comparator(request: HttpRequest, code: str) -> HttpResponse:
    kpi = access.get_rw_kpi_for_user(request.user, code)
    form = ComparatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comparator = services.comparator_set(kpi=kpi, user=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"{kpi.code}: {comparator.get_kind_display()} figure from "
            f"{comparator.financial_year} saved.",
        )
        return redirect(kpi)
    return render(request, "performance/comparator_form.html", {"kpi": kpi, "form": form})
