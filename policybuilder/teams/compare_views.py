"""The compare page (``/compare/``): two policies side by side, with what one allows that the
other does not.

Each side is pasted, or chosen from the versions of a template the user may read: their
teams' templates and those shared with their teams are listed; any template
``selectors.visible_templates`` gives them (published ones too) may be named in the URL
(``?old=PK:VERSION&new=PK``, a bare PK meaning the current version). A template they cannot
read is a 404, whatever they chose or typed. Each witness request is evaluated on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import Policy, PolicyError, load_policy, load_request
from policybuilder.teams import access, selectors
from policybuilder.teams.access_change import AccessChange, between
from policybuilder.teams.models import SavedTemplate, TemplateShare, TemplateVersion
from policybuilder.web.access_panel import DECISIONS
from policybuilder.web.http import AuthenticatedHttpRequest

PASTE = "paste"
SIDES = (("old", "A"), ("new", "B"))
MAX_TEXT = 256 * 1024


@dataclass
class Side:
    key: str  # "old" or "new": the form's field prefix
    letter: str  # "A" or "B"
    source: str = PASTE  # PASTE or "PK:VERSION"
    text: str = ""
    title: str = ""
    error: str = ""
    policy: Policy | None = None

    @property
    def label(self) -> str:
        return f"policy {self.letter}"


def _version(user: Any, source: str) -> TemplateVersion:
    """The version ``PK:NUMBER`` (or the current one of ``PK``) of a template the user may
    read; anything else is a 404."""
    pk_text, _, number_text = source.partition(":")
    try:
        pk = int(pk_text)
        number = int(number_text) if number_text else None
    except ValueError:
        raise Http404("No such template version") from None
    template = get_object_or_404(selectors.visible_templates(user).select_related("team"), pk=pk)
    return get_object_or_404(
        template.versions.select_related("template__team"),
        number=template.version if number is None else number,
    )


def _choices(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The templates of the user's teams and those shared with them, each with its versions."""
    mine = selectors.teams_of(user)
    shared = TemplateShare.objects.filter(team__in=mine).values("template")
    templates = list(
        selectors.visible_templates(user)
        .filter(Q(team__in=mine) | Q(pk__in=shared))
        .select_related("team")
        .order_by("team__name", "name", "pk")
    )
    numbers: dict[int, list[int]] = {}
    rows = TemplateVersion.objects.filter(template__in=[t.pk for t in templates]).order_by(
        "template_id", "-number"
    )
    for template_id, number in rows.values_list("template_id", "number"):
        numbers.setdefault(template_id, []).append(number)
    groups = []
    for template in templates:
        options = [
            (
                f"{template.pk}:{n}",
                f"version {n}" + (" (current)" if n == template.version else ""),
            )
            for n in numbers.get(template.pk, [])
        ]
        groups.append((f"{template.team.name} / {template.name}", options))
    return groups


def _title(template: SavedTemplate, number: int) -> str:
    return f"{template.team.name} / {template.name}, version {number}"


def _side(user: Any, key: str, letter: str, data: Any) -> Side:
    side = Side(key=key, letter=letter, source=str(data.get(f"{key}_source") or PASTE))
    if side.source != PASTE:
        version = _version(user, side.source)
        side.source = f"{version.template.pk}:{version.number}"
        side.text = version.document
        side.title = _title(version.template, version.number)
    else:
        side.text = str(data.get(f"{key}_text", ""))
        side.title = "Pasted policy"
    if not side.text.strip():
        side.error = "Paste a policy or choose a saved one."
    elif len(side.text) > MAX_TEXT:
        side.error = f"The policy is larger than {MAX_TEXT // 1024} KB."
    else:
        try:
            side.policy = load_policy(side.text)
        except PolicyError as exc:
            side.error = f"This policy cannot be compared: {exc.message} (at {exc.path})."
    return side


@dataclass
class Outcome:
    side: Side
    decision: str
    text: str
    explanation: list[str]


def _witness_rows(change: AccessChange, sides: list[Side]) -> list[tuple[str, str, list[Outcome]]]:
    """Each witness (what it shows, its JSON) with its evaluation on each side."""
    rows = []
    for label, shape, text in change.witnesses:
        request = load_request(shape)
        outcomes = []
        for side in sides:
            assert side.policy is not None  # compared only when both sides read
            evaluation = evaluate(side.policy, request)
            outcomes.append(
                Outcome(
                    side=side,
                    decision=evaluation.decision,
                    text=DECISIONS.get(evaluation.decision, evaluation.decision),
                    explanation=list(evaluation.explanation),
                )
            )
        rows.append((label, text, outcomes))
    return rows


@require_http_methods(["GET", "POST"])
def compare_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.teams_pages(request.user)
    if request.method == "POST":
        data: Any = request.POST
    else:
        # ?old=PK:VERSION&new=PK:VERSION (the version history's links) choose saved versions.
        data = {f"{key}_source": request.GET[key] for key, _ in SIDES if request.GET.get(key)}
    sides = [_side(request.user, key, letter, data) for key, letter in SIDES]
    asked = request.method == "POST" or all(s.source != PASTE for s in sides)
    change, witnesses = None, []
    if asked and all(s.policy is not None for s in sides):
        old, new = sides
        change = between(old.text, new.text, old_label=old.label, new_label=new.label)
        witnesses = _witness_rows(change, sides)
    context = {
        "sides": sides,
        "asked": asked,
        "change": change,
        "witnesses": witnesses,
        "choices": _choices(request.user),
        "paste": PASTE,
    }
    status = 400 if asked and change is None else 200
    return render(request, "teams/compare.html", context, status=status)
