"""The administrator's People and roles page, and accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import AcceptInvitationForm, InviteForm, RoleForm
from accounts.oidc import ROLES_BY_SLUG
from cpboard.roles import Capability, requires


def _get_person_for_admin(request, pk: int):
    """A person the administrator may change: anyone but a superuser (whose account only
    another superuser changes, in the admin site)."""
    people = get_user_model().objects.all()
    if not request.user.is_superuser:
        people = people.filter(is_superuser=False)
    return get_object_or_404(people, pk=pk)


@requires(Capability.ADMINISTER)
def people(request):
    return render(
        request,
        "accounts/people.html",
        {
            "rows": selectors.people_list(),
            "invitations": selectors.open_invitations(),
            "seats_ended_count": len(selectors.seats_ended()),
        },
    )


@requires(Capability.ADMINISTER)
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, _ = services.invitation_create(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=ROLES_BY_SLUG[data["role"]],
            invited_by=request.user,
        )
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. The link works for "
            f"{settings.INVITATION_DAYS} days.",
        )
        return redirect("accounts:people")
    return render(
        request, "accounts/invite.html", {"form": form, "invitation_days": settings.INVITATION_DAYS}
    )


@requires(Capability.ADMINISTER)
def person(request, pk: int):
    person = _get_person_for_admin(request, pk)
    held = [role.slug for role in selectors.person_roles(person)]
    form = RoleForm(request.POST or None, initial={"role": held[0] if held else None})
    if request.method == "POST" and form.is_valid():
        role = ROLES_BY_SLUG[form.cleaned_data["role"]]
        if services.person_set_role(person=person, role=role, changed_by=request.user):
            messages.success(
                request, f"{person.get_full_name() or person.username} is now {role.name}."
            )
        return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "form": form,
            "changes": selectors.person_changes(person),
            "seats": selectors.person_seats(person),
            "two_factor": selectors.has_two_factor(person),
        },
    )


@require_POST
@requires(Capability.ADMINISTER)
def person_active(request, pk: int):
    person = _get_person_for_admin(request, pk)
    active = request.POST.get("active") == "1"
    if person.pk == request.user.pk:
        messages.error(request, "You cannot switch off your own account.")
    elif services.people_set_active(people=[person], active=active, changed_by=request.user):
        name = person.get_full_name() or person.username
        messages.success(request, f"{name}'s account is {'on' if active else 'switched off'}.")
    return redirect("accounts:person", pk=person.pk)


@requires(Capability.ADMINISTER)
def seats_ended(request):
    councillors = selectors.seats_ended()
    if request.method == "POST":
        chosen = set(request.POST.getlist("person"))
        picked = [person for person in councillors if str(person.pk) in chosen]
        if not picked:
            messages.error(request, "Choose at least one councillor to switch off.")
        else:
            count = services.people_set_active(people=picked, active=False, changed_by=request.user)
            messages.success(request, f"{count} account{'s' if count != 1 else ''} switched off.")
            return redirect("accounts:people")
    return render(request, "accounts/seats_ended.html", {"councillors": councillors})


@login_not_required
def invitation(request, token: str):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and settings.LOCAL_PASSWORDS and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation})
