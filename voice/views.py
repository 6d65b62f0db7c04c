"""Pages of the voice app: telling the Board something, following what happened to it, the
participation lead's inbox, the Bright Spots results and the celebrations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from cpboard.roles import Capability, people_who_can, requires
from voice import access, selectors, services
from voice.forms import AnswerForm, MessageForm, PassToBoardForm


def _help_now() -> dict:
    return {"out_of_hours_phone": settings.OUT_OF_HOURS_PHONE}


@sensitive_post_parameters("text")
@sensitive_variables("form")
def send(request: HttpRequest) -> HttpResponse:
    if not access.may_send(request.user):
        raise PermissionDenied
    for_group = access.sends_for_a_group(request.user)
    form = MessageForm(request.POST or None, for_group=for_group)
    if request.method == "POST" and form.is_valid():
        message = services.message_send(
            sender=request.user,
            topic=form.cleaned_data["topic"],
            text=form.cleaned_data["text"],
            anonymous=form.cleaned_data.get("anonymous", False),
            for_group=for_group,
        )
        if not message.safeguarding_concern:
            messages.success(request, "Thank you. We got your message.")
        return redirect(message)
    return render(request, "voice/send.html", {"form": form, "for_group": for_group, **_help_now()})


@requires(Capability.SPEAK_TO_BOARD)
def my_messages(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "voice/my_messages.html",
        {
            "sent": selectors.messages_of(request.user),
            "notices": selectors.unread_notices(request.user),
        },
    )


def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Only its sender may open it: a 404 for everyone else, young people and staff alike.
    message = access.get_own_message_for_user(request.user, pk)
    services.notices_read(user=request.user, message=message)
    return render(request, "voice/message_detail.html", {"message": message, **_help_now()})


@requires(Capability.HEAR_YOUNG_PEOPLE)
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/inbox.html", {"inbox": selectors.inbox()})


@sensitive_post_parameters("you_said", "answer")
@requires(Capability.HEAR_YOUNG_PEOPLE)
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.get_message_for_lead(request.user, pk)
    owners = people_who_can(Capability.VIEW_CHANGE_HISTORY, get_user_model())
    action = request.POST.get("action") if request.method == "POST" else None
    pass_form = PassToBoardForm(
        request.POST if action == "pass" else None,
        owners=owners,
        initial={"you_said": message.text},
    )
    answer_form = AnswerForm(request.POST if action == "answer" else None)
    form = pass_form if action == "pass" else answer_form if action == "answer" else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "pass":
                services.message_pass_to_board(
                    message=message,
                    you_said=data["you_said"],
                    owner=data["owner"],
                    reply_by=data["reply_by"],
                    changed_by=request.user,
                )
                messages.success(request, "Published as \u201cYou said\u201d. The sender is told.")
            else:
                services.message_answer(
                    message=message,
                    done=data["outcome"] == "done",
                    answer=data["answer"],
                    changed_by=request.user,
                )
                messages.success(request, "Answered. The sender can read your answer.")
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("voice:inbox")
    return render(
        request,
        "voice/moderate.html",
        {
            "message": message,
            "pass_form": pass_form,
            "answer_form": answer_form,
            "error_form": form if form is not None and form.errors else None,
        },
    )


@requires(Capability.VIEW_BOARD)
def bright_spots(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "voice/bright_spots.html",
        {"surveys": selectors.latest_surveys()},
    )


@requires(Capability.VIEW_BOARD)
def celebrations(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/celebrations.html", {"celebrations": selectors.celebrations()})
