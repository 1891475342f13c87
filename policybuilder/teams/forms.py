"""Forms for the teams pages; the builder's save fields carry the ``save`` prefix."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from policybuilder.teams.models import Role

#: The builder's "Save to team" fields join the scenario form; the prefix keeps their
#: names clear of every scenario parameter.
SAVE_PREFIX = "save"


def error_lines(form: forms.Form) -> list[str]:
    """A refused form's errors as lines for a banner: "Label: message" (just the message
    for errors of the form as a whole)."""
    lines = []
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        lines.append(f"{label}: {' '.join(map(str, errors))}".lstrip(": "))
    return lines


class TeamCreateForm(forms.Form):
    name = forms.CharField(max_length=100, label="Team name")


class SaveTemplateForm(forms.Form):
    team = forms.SlugField(max_length=60, label="Team")
    name = forms.CharField(max_length=120, label="Name")
    description = forms.CharField(max_length=2000, required=False, label="Description")
    note = forms.CharField(max_length=500, required=False, label="Note for the history")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", SAVE_PREFIX)
        super().__init__(*args, **kwargs)


class SaveVersionForm(forms.Form):
    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(max_length=500, required=False, label="Note for the history")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", SAVE_PREFIX)
        super().__init__(*args, **kwargs)


class RestoreForm(forms.Form):
    expected_version = forms.IntegerField(min_value=1)


class MemberAddForm(forms.Form):
    identifier = forms.CharField(max_length=254, label="Username or e-mail address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER, required=False)


class InviteForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER, label="Role")
    email = forms.EmailField(
        required=False,
        label="E-mail address (optional)",
        help_text="The link is e-mailed there when the site sends e-mail; the new account gets "
        "this address.",
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "invite")  # beside the add-member form's fields
        super().__init__(*args, **kwargs)


class InvitationSignUpForm(UserCreationForm):
    """Username and password (twice) for someone joining by invitation; Django's password
    validators check the password (``settings.AUTH_PASSWORD_VALIDATORS``)."""


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ShareForm(forms.Form):
    team = forms.SlugField(max_length=60, label="Team slug")


class RenameForm(forms.Form):
    name = forms.CharField(max_length=120, label="New name")


class CopyForm(forms.Form):
    team = forms.SlugField(max_length=60, label="Into team")
    name = forms.CharField(max_length=120, required=False, label="Name (optional)")


class AccessRuleForm(forms.Form):
    """A team rule as typed: patterns one a line (or comma-separated); the catalogue checks
    are the service's (``services.access_rule_create``), shown beside these fields."""

    name = forms.CharField(max_length=100, label="Rule name")
    actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        label="Actions no template may grant",
        help_text="One a line, service:Action, wildcards allowed: iam:PassRole, connect:Delete*.",
    )
    resources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=100_000,
        required=False,
        label="On resources",
        help_text="One ARN pattern a line; empty means * (any resource). A policy breaks the "
        "rule when it grants one of the actions on any resource a pattern matches.",
    )
