"""Invitations: owners make and withdraw links on the members page; the link's own page
(public: the person has no account yet) sets a username and password, or lets a signed-in
user join. The writes are ``invitations.invitation_*``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from policybuilder.teams import access, invitations
from policybuilder.teams.forms import InvitationSignUpForm, InviteForm, error_lines
from policybuilder.teams.models import Invitation, Role
from policybuilder.teams.views import _members_page
from policybuilder.web.http import AuthenticatedHttpRequest


@require_POST
def invitation_create(request: AuthenticatedHttpRequest, team_slug: str) -> HttpResponse:
    """Make a link and show it this once (the page is not cached)."""
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(
            request, team, invite_form=form, error=" ".join(error_lines(form)), status=400
        )
    issued = invitations.invitation_create(
        team=team,
        actor=request.user,
        role=form.cleaned_data["role"],
        email=form.cleaned_data["email"],
        link_for=lambda token: request.build_absolute_uri(reverse("invitation", args=[token])),
    )
    link = request.build_absolute_uri(reverse("invitation", args=[issued.token]))
    response = _members_page(request, team, new_invitation=issued, new_invitation_link=link)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def invitation_revoke(
    request: AuthenticatedHttpRequest, team_slug: str, invitation_id: int
) -> HttpResponse:
    team = access.team_for(request.user, team_slug, need=Role.OWNER)
    invitation = access.invitation_for(team, invitation_id)
    invitations.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, "Withdrew the invitation: its link no longer works.")
    return redirect("teams:members", team_slug=team.slug)


def _unusable_page(request: HttpRequest, refused: invitations.InvitationUnusable) -> HttpResponse:
    status = 404 if refused.state == "unknown" else 410
    context = {"message": str(refused), "state": refused.state}
    return render(request, "teams/invitation_unusable.html", context, status=status)


def _page(request: HttpRequest, invitation: Invitation, form=None, error: str = "", status=200):
    context = {"invitation": invitation, "form": form, "error": error}
    response = render(request, "teams/invitation.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_not_required  # a person without an account opens the link and makes one
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link's page. Anonymous: choose a username and password, then sign in. Signed in:
    join with this account."""
    try:
        invitation = invitations.invitation_for_token(token)
    except invitations.InvitationUnusable as refused:
        return _unusable_page(request, refused)
    user = request.user if request.user.is_authenticated else None
    signed_in = user is not None
    if request.method == "GET":
        form = None if signed_in else InvitationSignUpForm()
        return _page(request, invitation, form)
    form = None
    try:
        if user is not None:
            membership = invitations.invitation_accept(token=token, user=user)
        else:
            form = InvitationSignUpForm(request.POST)
            form.instance.email = invitation.email  # for the password similarity check
            if not form.is_valid():
                return _page(request, invitation, form, status=400)
            membership = invitations.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
    except invitations.InvitationUnusable as refused:
        return _unusable_page(request, refused)
    except ValidationError as exc:
        return _page(request, invitation, form, error=" ".join(exc.messages), status=400)
    team_url = reverse("teams:detail", args=[membership.team.slug])
    if signed_in:
        messages.success(request, f"You joined {membership.team.name} as {membership.role}.")
        return redirect(team_url)
    messages.success(
        request,
        f"Your account {membership.user.get_username()} is ready and you are a member of "
        f"{membership.team.name} as {membership.role}. Sign in with your new password.",
    )
    return redirect(f"{reverse('login')}?next={team_url}")
