from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from cpboard.history import StaleEdit, change_history, refuse_stale
from cpboard.roles import Capability, can, requires
from strategy import selectors, services
from strategy.forms import OutcomeForm
from strategy.models import Outcome
from strategy.tables import OutcomeTable


def _get_outcome_for_user(pk: int) -> Outcome:
    try:
        return selectors.outcome_detail(pk)
    except Outcome.DoesNotExist:
        raise Http404("No such outcome") from None


@requires(Capability.VIEW_BOARD)
def outcome_list(request: HttpRequest) -> HttpResponse:
    current = selectors.current_strategy_outcomes()
    table = OutcomeTable(current.outcomes)
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request, "strategy/outcome_list.html", {"strategy": current.strategy, "table": table}
    )


@requires(Capability.VIEW_BOARD)
def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _get_outcome_for_user(pk)
    history = (
        change_history(outcome, fields=("title", "description", "lead_group", "principles"))
        if can(request.user, Capability.VIEW_CHANGE_HISTORY)
        else None
    )
    return render(
        request,
        "strategy/outcome_detail.html",
        {
            "outcome": outcome,
            "history": history,
            "can_edit": can(request.user, Capability.EDIT_STRATEGY),
        },
    )


@requires(Capability.EDIT_STRATEGY)
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _get_outcome_for_user(pk)
    form = OutcomeForm(request.POST or None, instance=outcome)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        principles = list(data.pop("principles"))
        try:
            services.outcome_update(
                outcome=outcome, changed_by=request.user, principles=principles, **data
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"Outcome {outcome.number}: changes saved.")
            return redirect(outcome)
    return render(request, "strategy/outcome_form.html", {"outcome": outcome, "form": form})


@requires(Capability.VIEW_BOARD)
def principle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "strategy/principle_list.html",
        {"principles": selectors.principles_with_outcomes()},
    )
