"""Challenges: raising one about a KPI, an action, a risk or a highlight report, its page,
its answer, and the challenge log."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from cpboard.exports import table_export
from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, can, requires
from subgroups import access, selectors, services
from subgroups.forms import ChallengeAnswerForm, ChallengeForm
from subgroups.tables import ChallengeTable
from subgroups.views.challenge_subjects import subject_choices, subject_named
from subgroups.views.common import history_for, safe_next


@requires(Capability.RAISE_CHALLENGES)
def challenge_raise(request: HttpRequest) -> HttpResponse:
    """Raise a challenge about the item named by ?about=app_label.model:pk (from the item's
    page), or, without it, about an item chosen on the form."""
    about = request.GET.get("about", "")
    subject = subject_named(about) if about else None
    board = selectors.board()
    if board is None:
        raise Http404("There is no Board to challenge through")
    label = services.subject_label(subject) if subject else "a KPI, action, risk or report"
    form = ChallengeForm(request.POST or None, subjects=None if subject else subject_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if subject is None:
            subject = subject_named(data.pop("subject"))
            label = services.subject_label(subject)
        challenge = services.challenge_raise(
            subject=subject, group=board, raised_by=request.user, **data
        )
        messages.success(
            request,
            f"Challenge raised about {label}; "
            f"{challenge.owner.get_full_name() or challenge.owner} is asked to answer by "
            f"{challenge.due_on:%-d %B %Y}.",
        )
        fallback = getattr(subject, "get_absolute_url", challenge.get_absolute_url)()
        return redirect(safe_next(request, fallback))
    return render(
        request,
        "subgroups/challenge_form.html",
        {"form": form, "label": label, "subject": subject, "about": about},
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge, rw = access.get_challenge_for_user(request.user, pk)
    return render(
        request,
        "subgroups/challenge_detail.html",
        {
            "challenge": challenge,
            "can_answer": challenge.is_open and rw,
            "history": history_for(request, challenge, ("question", "owner", "due_on", "answer")),
        },
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def challenge_answer(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = access.get_rw_challenge_for_user(request.user, pk)
    form = ChallengeAnswerForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_answer(
                challenge=challenge,
                answer=form.cleaned_data["answer"],
                answered_by=request.user,
                seen_change=form.cleaned_data["seen_change"],
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, "Answer recorded; the challenge is closed.")
            return redirect(challenge)
    return render(
        request, "subgroups/challenge_answer.html", {"form": form, "challenge": challenge}
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def challenge_log(request: HttpRequest) -> HttpResponse:
    table = ChallengeTable(selectors.challenge_log())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    exported = table_export(request, table, filename="challenge-log")
    if exported:
        return exported
    return render(
        request,
        "subgroups/challenge_log.html",
        {"table": table, "can_challenge": can(request.user, Capability.RAISE_CHALLENGES)},
    )
