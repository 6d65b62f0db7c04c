from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cpboard.history import StaleEdit, change_history, refuse_stale, with_latest_change
from cpboard.roles import Capability, can, reads_plain_pages, requires
from reports import selectors, services
from reports.dashboard import home_dashboard
from reports.forms import ReportCreateForm, SectionForm
from reports.models import Report, ReportSection
from reports.tables import ReportTable
from reports.young_people import young_people_home


@requires(Capability.VIEW_BOARD)
def home(request: HttpRequest) -> HttpResponse:
    if reads_plain_pages(request.user):
        return render(
            request,
            "reports/home_young_person.html",
            {"home": young_people_home(request.user)},
        )
    return render(request, "reports/home.html", {"dashboard": home_dashboard(request.user)})


# --- Compiled reports -------------------------------------------------------------------------


def _get_report_for_user(pk: int, user) -> Report:
    try:
        return selectors.report_detail(pk, user=user)
    except Report.DoesNotExist:
        raise Http404("No such report") from None


@requires(Capability.VIEW_BOARD)
def report_list(request: HttpRequest) -> HttpResponse:
    table = ReportTable(selectors.reports_for(request.user))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "reports/report_list.html",
        {
            "table": table,
            "can_create": can(request.user, Capability.COMPILE_REPORTS),
            "board_reader": can(request.user, Capability.VIEW_BOARD_REPORTS),
        },
    )


@requires(Capability.COMPILE_REPORTS)
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                kind=data["kind"],
                audience=data["audience"],
                quarter=data["quarter"] if data["kind"] == Report.Kind.BOARD_PACK else None,
                year=data["year"].start_year
                if data["year"] and data["kind"] != Report.Kind.BOARD_PACK
                else None,
                created_by=request.user,
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(
                request, f"{report.title} created. Write its narrative, then compile it."
            )
            return redirect(report)
    return render(request, "reports/report_form.html", {"form": form})


@requires(Capability.VIEW_BOARD)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(pk, request.user)
    board_reader = can(request.user, Capability.VIEW_BOARD_REPORTS)
    history = (
        change_history(report, fields=("status", "failure_reason", "published_file"))
        if can(request.user, Capability.VIEW_CHANGE_HISTORY)
        else None
    )
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "narrative": selectors.report_narrative(report, user=request.user),
            "files": selectors.report_files(report, user=request.user),
            "steps": services.STEPS,
            "history": history,
            "board_reader": board_reader,
            "can_compile": can(request.user, Capability.COMPILE_REPORTS),
            "can_publish": can(request.user, Capability.PUBLISH_REPORTS),
        },
    )


@requires(Capability.VIEW_BOARD)
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The compile's progress, for the report page's script to poll."""
    report = _get_report_for_user(pk, request.user)
    return JsonResponse(
        {
            "status": report.status,
            "label": report.status_label,
            "compiling": report.status == Report.Status.COMPILING and not report.is_interrupted,
            "interrupted": report.is_interrupted,
            "progress": report.progress,
            "step": report.progress_step,
            "steps": len(services.STEPS),
            "failure_reason": report.failure_reason,
        }
    )


@requires(Capability.COMPILE_REPORTS)
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    report = _get_report_for_user(pk, request.user)
    try:
        section = with_latest_change(report.sections.all()).get(key=key)
    except ReportSection.DoesNotExist:
        raise Http404("No such section") from None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_section_update(
                section=section,
                body=form.cleaned_data["body"],
                changed_by=request.user,
                seen_change=form.cleaned_data.get("seen_change"),
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{section.heading}: saved. Compile the report to see it.")
            return redirect(report)
    history = (
        change_history(section, fields=("body",))
        if can(request.user, Capability.VIEW_CHANGE_HISTORY)
        else None
    )
    return render(
        request,
        "reports/section_form.html",
        {"report": report, "section": section, "form": form, "history": history},
    )


@requires(Capability.COMPILE_REPORTS)
@require_POST
def report_compile(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(pk, request.user)
    try:
        report = services.report_compile_request(report=report, requested_by=request.user)
    except services.CompileRefused as error:
        messages.error(request, str(error))
    else:
        # The compile was queued (or, in the demo, run) as the request committed.
        report.refresh_from_db()
        if report.status == Report.Status.READY:
            messages.success(request, f"{report.title} compiled: check the PDF, then publish it.")
        elif report.status == Report.Status.COMPILING:
            messages.success(request, f"{report.title} is compiling. This page shows its progress.")
        elif report.status == Report.Status.FAILED:
            messages.error(request, report.failure_reason)
    return redirect(report)


@requires(Capability.PUBLISH_REPORTS)
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(pk, request.user)
    try:
        published = services.report_publish(report=report, published_by=request.user)
    except services.PublishRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{report.title} version {published.version} published. It is kept for good."
        )
    return redirect(report)


@requires(Capability.VIEW_BOARD)
def file_download(request: HttpRequest, pk: int, version: int) -> FileResponse:
    report = _get_report_for_user(pk, request.user)
    files = {f.version: f for f in selectors.report_files(report, user=request.user)}
    report_file = files.get(version)
    if report_file is None:
        raise Http404("No such file")
    return FileResponse(
        report_file.file.open("rb"),
        as_attachment=True,
        filename=report_file.download_name,
        content_type="application/pdf",
    )
