"""Pages of the strategy: outcomes and their progress, the action plan, the pledge, the risk
register and its matrix, monitoring by exception, and the principles."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from cpboard.exports import table_export
from cpboard.history import StaleEdit, change_history, refuse_stale
from cpboard.quarters import FinancialQuarter, QuarterFormatError, neighbours
from cpboard.roles import Capability, can, requires
from strategy import access, imports, selectors, services
from strategy.charts import risk_matrix_svg
from strategy.filters import ActionFilter, RiskFilter
from strategy.forms import (
    ActionForm,
    ActionUpdateForm,
    NewRiskForm,
    OutcomeForm,
    OutcomeProgressForm,
    RiskForm,
    RiskImportForm,
    RiskReviewForm,
)
from strategy.models import Action, Risk
from strategy.tables import ActionTable, OutcomeTable, RiskTable
from subgroups.selectors import challenges_about

OUTCOME_HISTORY_FIELDS = (
    "title",
    "description",
    "lead_group",
    "lead_officer",
    "member_champion",
    "principles",
)
ACTION_HISTORY_FIELDS = ("title", "description", "owner", "due_on", "status", "principles")
RISK_HISTORY_FIELDS = (
    "title",
    "description",
    "cause",
    "consequence",
    "owner",
    "outcome",
    "mitigation",
    "likelihood",
    "impact",
    "target_likelihood",
    "target_impact",
    "review_on",
    "rerating_reason",
    "actions",
    "kpis",
)


def _quarter_asked(request: HttpRequest) -> FinancialQuarter:
    """The quarter in ?quarter=, or the current one."""
    text = request.GET.get("quarter", "")
    if text:
        try:
            return FinancialQuarter.parse(text)
        except QuarterFormatError:
            raise Http404("No such quarter") from None
    return FinancialQuarter.current()


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
    outcome, rw = access.get_outcome_for_user(request.user, pk)
    show_risks = can(request.user, Capability.VIEW_RISKS)
    history = (
        change_history(outcome, fields=OUTCOME_HISTORY_FIELDS)
        if can(request.user, Capability.VIEW_CHANGE_HISTORY)
        else None
    )
    return render(
        request,
        "strategy/outcome_detail.html",
        {
            "outcome": outcome,
            "page": selectors.outcome_page(outcome, include_risks=show_risks),
            "show_risks": show_risks,
            "history": history,
            "can_edit": can(request.user, Capability.EDIT_STRATEGY),
            "can_write_progress": rw,
        },
    )


@requires(Capability.EDIT_STRATEGY)
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome, _ = access.get_outcome_for_user(request.user, pk)
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


@requires(Capability.UPDATE_OWN_ITEMS)
def outcome_progress(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.get_rw_outcome_for_user(request.user, pk)
    form = OutcomeProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outcome_progress_record(
            outcome=outcome,
            quarter=form.cleaned_data["quarter"],
            statement=form.cleaned_data["statement"],
            written_by=request.user,
        )
        messages.success(
            request,
            f"Outcome {outcome.number}: progress statement for "
            f"{form.cleaned_data['quarter']} saved.",
        )
        return redirect(outcome)
    return render(
        request, "strategy/outcome_progress_form.html", {"outcome": outcome, "form": form}
    )


# -- The action plan and the pledge ---------------------------------------------------------


@requires(Capability.VIEW_BOARD)
def action_list(request: HttpRequest) -> HttpResponse:
    filters = ActionFilter(
        request.GET or None, queryset=selectors.action_plan_queryset(), viewer=request.user
    )
    table = ActionTable(filters.qs, viewer=request.user)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    exported = table_export(request, table, filename="action-plan")
    if exported:
        return exported
    quarter = FinancialQuarter.current()
    return render(
        request,
        "strategy/action_list.html",
        {
            "table": table,
            "filters": filters,
            "quarter": quarter,
            "summary": selectors.action_plan_summary(quarter),
            "can_add": can(request.user, Capability.EDIT_STRATEGY),
        },
    )


@requires(Capability.VIEW_BOARD)
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action, rw = access.get_action_for_user(request.user, pk)
    staff = can(request.user, Capability.VIEW_CHANGE_HISTORY)
    history = change_history(action, fields=ACTION_HISTORY_FIELDS) if staff else None
    return render(
        request,
        "strategy/action_detail.html",
        {
            "action": action,
            "history": history,
            "can_update": rw,
            "can_edit": can(request.user, Capability.EDIT_STRATEGY),
            **_challenges_context(request, action, "strategy.action"),
        },
    )


def _challenges_context(request: HttpRequest, item, label: str) -> dict:
    """What the challenges section of an item's page needs: the challenges raised about it
    (None hides the section from those who may not read challenges, young people)."""
    readable = can(request.user, Capability.VIEW_BOARD_REPORTS)
    return {
        "challenges": challenges_about(item) if readable else None,
        "challenge_about": f"{label}:{item.pk}",
        "can_challenge": can(request.user, Capability.RAISE_CHALLENGES),
    }


@requires(Capability.UPDATE_OWN_ITEMS)
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.get_rw_action_for_user(request.user, pk)
    # The owner starts from where the action stood last time and says what has changed; if
    # this quarter has an update already, the form shows it, since saving replaces it.
    quarter = FinancialQuarter.current()
    this_quarter = selectors.update_in_quarter(action, quarter)
    initial = {"status": action.status, "note": this_quarter.note if this_quarter else ""}
    form = ActionUpdateForm(request.POST or None, record=action, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update_record(
                action=action,
                quarter=data["quarter"],
                status=data["status"],
                note=data["note"],
                written_by=request.user,
                seen_change=data.get("seen_change"),
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{action.reference}: update for {data['quarter']} saved.")
            return redirect(action)
    return render(request, "strategy/action_update_form.html", {"action": action, "form": form})


@requires(Capability.EDIT_STRATEGY)
def action_create(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind", Action.Kind.ACTION)}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("seen_change", None)
        principles = list(data.pop("principles"))
        action = services.action_create(created_by=request.user, principles=principles, **data)
        messages.success(request, f"{action.reference} added.")
        return redirect(action)
    return render(request, "strategy/action_form.html", {"action": None, "form": form})


@requires(Capability.EDIT_STRATEGY)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action, _ = access.get_action_for_user(request.user, pk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        principles = list(data.pop("principles"))
        try:
            services.action_change(
                action=action, changed_by=request.user, principles=principles, **data
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{action.reference}: changes saved.")
            return redirect(action)
    return render(request, "strategy/action_form.html", {"action": action, "form": form})


@requires(Capability.VIEW_BOARD)
def pledge(request: HttpRequest) -> HttpResponse:
    quarter = FinancialQuarter.current()
    summary = selectors.action_plan_summary(quarter)
    return render(
        request,
        "strategy/pledge.html",
        {
            "quarter": quarter,
            "pledges": [r for r in summary.pledges if r.commitment.kind == Action.Kind.PLEDGE],
            "offer": [r for r in summary.pledges if r.commitment.kind == Action.Kind.OFFER],
            "can_add": can(request.user, Capability.EDIT_STRATEGY),
        },
    )


# -- The risk register -----------------------------------------------------------------------


@requires(Capability.VIEW_RISKS)
def risk_list(request: HttpRequest) -> HttpResponse:
    filters = RiskFilter(request.GET or None, queryset=Risk.objects.all())
    register = selectors.risk_register(risks=filters.qs)
    rows = filters.filter_rows(register.risks)
    table = RiskTable(rows)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    exported = table_export(request, table, filename="risk-register")
    if exported:
        return exported
    return render(
        request,
        "strategy/risk_list.html",
        {
            "register": register,
            "table": table,
            "filters": filters,
            "can_import": can(request.user, Capability.EDIT_STRATEGY),
        },
    )


@requires(Capability.VIEW_RISKS)
def risk_matrix(request: HttpRequest) -> HttpResponse:
    register = selectors.risk_register()
    return render(
        request,
        "strategy/risk_matrix.html",
        {"register": register, "chart": risk_matrix_svg(register)},
    )


@requires(Capability.VIEW_RISKS)
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk, rw = access.get_risk_for_user(request.user, pk)
    history = (
        change_history(risk, fields=RISK_HISTORY_FIELDS)
        if can(request.user, Capability.VIEW_CHANGE_HISTORY)
        else None
    )
    reviews_oldest_first = list(reversed(risk.all_reviews))
    return render(
        request,
        "strategy/risk_detail.html",
        {
            "risk": risk,
            "reviews_oldest_first": reviews_oldest_first,
            "history": history,
            "can_review": rw,
            "can_edit": can(request.user, Capability.EDIT_STRATEGY),
            **_challenges_context(request, risk, "strategy.risk"),
        },
    )


@requires(Capability.VIEW_RISKS)
def risk_review(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_rw_risk_for_user(request.user, pk)
    # The rating starts as it stands, so that a review that changes nothing is one note; if
    # this quarter has been reviewed already, the form shows that note, since saving replaces it.
    this_quarter = selectors.review_in_quarter(risk, FinancialQuarter.current())
    initial = {
        "rating": risk.rating.code if risk.rating else "",
        "note": this_quarter.note if this_quarter else "",
    }
    form = RiskReviewForm(request.POST or None, record=risk, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_review_record(
                risk=risk,
                quarter=data["quarter"],
                rating=data["rating"],
                note=data["note"],
                reviewed_by=request.user,
                next_review_on=data.get("next_review_on"),
                seen_change=data.get("seen_change"),
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(
                request,
                f"{risk.reference}: review for {data['quarter']} saved, rated {data['rating']}.",
            )
            return redirect(risk)
    return render(request, "strategy/risk_review_form.html", {"risk": risk, "form": form})


@requires(Capability.EDIT_STRATEGY)
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk, _ = access.get_risk_for_user(request.user, pk)
    form = RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("target_rating")
        try:
            services.risk_change(
                risk=risk,
                changed_by=request.user,
                actions=list(data.pop("actions")),
                kpis=list(data.pop("kpis")),
                target_likelihood=target.likelihood,
                target_impact=target.impact,
                **data,
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{risk.reference}: changes saved.")
            return redirect(risk)
    return render(request, "strategy/risk_form.html", {"risk": risk, "form": form})


@requires(Capability.EDIT_STRATEGY)
def risk_create(request: HttpRequest) -> HttpResponse:
    form = NewRiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("seen_change", None)
        rating, target = data.pop("rating"), data.pop("target_rating")
        risk = services.risk_create(
            created_by=request.user,
            actions=list(data.pop("actions")),
            kpis=list(data.pop("kpis")),
            likelihood=rating.likelihood,
            impact=rating.impact,
            target_likelihood=target.likelihood,
            target_impact=target.impact,
            **data,
        )
        messages.success(request, f"{risk.reference} added to the register, rated {rating}.")
        return redirect(risk)
    return render(request, "strategy/risk_form.html", {"risk": None, "form": form})


@requires(Capability.EDIT_STRATEGY)
def risk_import(request: HttpRequest) -> HttpResponse:
    form = RiskImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved = imports.import_risk_reviews(upload, upload.name, user=request.user)
        except imports.ReviewImportRefused as refused:
            problems = refused.problems
            form.add_error(
                "file",
                f"The file was not imported: {len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''} to fix, listed below. Nothing was saved.",
            )
        else:
            messages.success(request, f"{saved} risk review{'s' if saved != 1 else ''} imported.")
            return redirect("strategy:risk-list")
    return render(
        request,
        "strategy/risk_import.html",
        {"form": form, "problems": problems, "columns": imports.REVIEW_COLUMNS},
    )


# -- Monitoring by exception and the principles ---------------------------------------------


@requires(Capability.VIEW_BOARD)
def board_exceptions(request: HttpRequest) -> HttpResponse:
    quarter = _quarter_asked(request)
    show_risks = can(request.user, Capability.VIEW_RISKS)
    previous, following = neighbours(
        quarter,
        first=selectors.exceptions_first_quarter(include_risks=show_risks),
        last=FinancialQuarter.current(),
    )
    return render(
        request,
        "strategy/exceptions.html",
        {
            "quarter": quarter,
            "exceptions": selectors.board_exceptions(quarter, include_risks=show_risks),
            "show_risks": show_risks,
            "previous": previous,
            "next": following,
        },
    )


@requires(Capability.VIEW_BOARD)
def principle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "strategy/principle_list.html",
        {"principles": selectors.principle_overview()},
    )
