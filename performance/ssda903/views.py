"""Pages for uploading the SSDA903 return, following its work and reading what it found."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cpboard.exports import download
from cpboard.roles import Capability, can, requires
from performance.ssda903 import selectors, services
from performance.ssda903.forms import UploadForm
from performance.ssda903.measures import MEASURES
from performance.ssda903.models import Ssda903Upload


@requires(Capability.UPLOAD_STATUTORY_RETURNS)
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form, with the recent uploads below it."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            created = services.upload_create(
                quarter=form.cleaned_data["quarter"],
                files=[(file.name, file) for file in form.cleaned_data["files"]],
                user=request.user,
                population=form.cleaned_data["population"],
                run_validation=form.cleaned_data["run_validation"],
            )
            return redirect(created)
    else:
        form = UploadForm(initial=selectors.upload_form_initial(request.GET))
    return render(
        request,
        "performance/ssda903/upload.html",
        {"form": form, "uploads": selectors.recent_uploads()},
    )


def _get_upload(pk: int) -> Ssda903Upload:
    upload = Ssda903Upload.objects.select_related("uploaded_by").filter(pk=pk).first()
    if upload is None:
        raise Http404("No such upload")
    return upload


@requires(Capability.UPLOAD_STATUTORY_RETURNS)
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(pk)
    is_uploader = upload.uploaded_by_id == request.user.pk
    return render(
        request,
        "performance/ssda903/upload_detail.html",
        {
            "upload": upload,
            "page": selectors.upload_page(upload),
            "is_uploader": is_uploader,
            "can_approve": can(request.user, Capability.APPROVE_FIGURES),
            "error_list_until": services.error_list_available_until(upload)
            if is_uploader
            else None,
            "stale": upload.is_running
            and upload.step_at is not None
            and timezone.now() - upload.step_at > services.STALE_AFTER,
        },
    )


@requires(Capability.UPLOAD_STATUTORY_RETURNS)
def error_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The child references with errors: for the person who uploaded the return, for a day."""
    upload = _get_upload(pk)
    content = services.error_list_for(upload, request.user)
    if content is None:
        raise Http404("No list of errors to download")
    response = download(
        content, fmt="csv", filename=f"ssda903-errors-{upload.as_at:%Y-%m-%d}-{upload.pk}"
    )
    # Child-level: no copy in a shared cache or the browser's history.
    response["Cache-Control"] = "no-store, private"
    return response


@requires(Capability.VIEW_BOARD)
def measures(request: HttpRequest) -> HttpResponse:
    """Every measure's definition, as computed from the return."""
    return render(request, "performance/ssda903/measures.html", {"measures": MEASURES})
