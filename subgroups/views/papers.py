"""An agenda item's paper, downloaded by those who may see the item."""

from django.http import FileResponse, Http404, HttpRequest

from cpboard.roles import Capability, requires
from subgroups import access
from subgroups.papers import KINDS


@requires(Capability.VIEW_BOARD)
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """The item's paper as an attachment, under the name it was uploaded with; 404 for an
    item the user may not see or one with no paper. Papers are never served from a public
    media address."""
    item, _ = access.get_agenda_item_for_user(request.user, pk)
    if not item.paper:
        raise Http404("This item has no paper")
    try:
        handle = item.paper.open("rb")
    except FileNotFoundError:
        raise Http404("The paper is missing from storage") from None
    extension = item.paper_name.rsplit(".", 1)[-1].lower()
    kind = KINDS.get(extension)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.paper_name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
