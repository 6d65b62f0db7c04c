"""A meeting's agenda pack: its page (every version, what changed in each), sending it, and
downloading a version. Members of the meeting's group download the members' version, with
the restricted papers; everyone else, young people included, the public one."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cpboard.roles import Capability, requires
from reports import agenda_packs
from reports.models import AgendaPack, AgendaPackVersion
from subgroups import access
from subgroups.models import may_see_restricted


def _versions(meeting) -> tuple[AgendaPack | None, list[AgendaPackVersion]]:
    pack = AgendaPack.objects.filter(meeting=meeting).first()
    if pack is None:
        return None, []
    return pack, list(pack.versions.select_related("sent_by").order_by("-version"))


@requires(Capability.VIEW_BOARD)
def agenda_pack(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, can_run = access.get_meeting_for_user(request.user, pk)
    pack, versions = _versions(meeting)
    members = may_see_restricted(request.user, meeting.group)
    for version in versions:
        version.shown_changes = (
            version.changes if members else agenda_packs.public_changes(version.changes)
        )
    return render(
        request,
        "reports/agenda_pack.html",
        {
            "meeting": meeting,
            "pack": pack,
            "versions": versions,
            "members": members,
            "can_send": can_run,
        },
    )


@requires(Capability.RUN_MEETINGS)
@require_POST
def agenda_pack_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
    try:
        pack = agenda_packs.agenda_pack_send(meeting=meeting, requested_by=request.user)
    except agenda_packs.PackRefused as error:
        messages.error(request, str(error))
        return redirect("reports:agenda-pack", pk=meeting.pk)
    # The compile was queued (or, in the demo, run) as the request committed.
    pack.refresh_from_db()
    if pack.status == AgendaPack.Status.SENT:
        latest = pack.versions.order_by("-version").first()
        messages.success(request, f"Version {latest.version} of the agenda pack sent.")
    elif pack.status == AgendaPack.Status.COMPILING:
        messages.success(request, "The agenda pack is compiling; it is sent when it is ready.")
    else:
        messages.error(request, f"The agenda pack could not be compiled: {pack.failure_reason}")
    return redirect("reports:agenda-pack", pk=meeting.pk)


def _version_file(request: HttpRequest, pk: int, version: int, *, public: bool) -> FileResponse:
    meeting, _ = access.get_meeting_for_user(request.user, pk)
    row = (
        AgendaPackVersion.objects.filter(pack__meeting=meeting, version=version)
        .select_related("pack")
        .first()
    )
    if row is None:
        raise Http404("No such version of the agenda pack")
    members = not public and may_see_restricted(request.user, meeting.group)
    stored = row.members_file if members else row.public_file
    slug = meeting.group.slug
    name = f"agenda-pack-{slug}-{meeting.starts_at:%Y-%m-%d}-v{version}" + (
        "" if members else "-public"
    )
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.VIEW_BOARD)
def agenda_pack_download(request: HttpRequest, pk: int, version: int) -> FileResponse:
    """The version for this person: the members' to members of the group, the public one to
    everyone else."""
    return _version_file(request, pk, version, public=False)


@requires(Capability.VIEW_BOARD)
def agenda_pack_public(request: HttpRequest, pk: int, version: int) -> FileResponse:
    """The public version, for anyone (the secretary publishes it on the council's site)."""
    return _version_file(request, pk, version, public=True)
