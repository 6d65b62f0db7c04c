from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from cpboard.history import StaleEdit, change_history, refuse_stale
from cpboard.roles import Capability, can, requires
from subgroups import selectors, services
from subgroups.forms import BoardGroupForm
from subgroups.models import BoardGroup
from subgroups.tables import BoardGroupTable


def _get_group_for_user(slug: str) -> BoardGroup:
    try:
        return selectors.group_detail(slug)
    except BoardGroup.DoesNotExist:
        raise Http404("No such group") from None


@requires(Capability.VIEW_BOARD)
def group_list(request: HttpRequest) -> HttpResponse:
    table = BoardGroupTable(selectors.group_list())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "subgroups/group_list.html", {"table": table})


@requires(Capability.VIEW_BOARD)
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    history = (
        change_history(group, fields=("remit", "meeting_frequency"))
        if can(request.user, Capability.VIEW_CHANGE_HISTORY)
        else None
    )
    return render(
        request,
        "subgroups/group_detail.html",
        {
            "group": group,
            "history": history,
            "can_edit": can(request.user, Capability.EDIT_GROUPS),
        },
    )


@requires(Capability.EDIT_GROUPS)
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    form = BoardGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, changed_by=request.user, **form.cleaned_data)
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{group.name}: changes saved.")
            return redirect(group)
    return render(request, "subgroups/group_form.html", {"group": group, "form": form})
