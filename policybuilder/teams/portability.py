"""A team's templates, with their whole history, as one JSON document and back.

For moving a team between installations (SQLite to PostgreSQL, one organisation's server to
another) and for keeping an offline copy. Users are referred to by username, because primary
keys mean nothing in another database; a username that does not exist where the file is
imported leaves that author (or member) out, and the import says so.

``export_team`` and ``import_team`` only read and write the database; the management commands
``export_team`` and ``import_team`` handle files and messages. The format is versioned
(``FORMAT``/``FORMAT_VERSION``) and checked field by field on import, so a damaged or foreign
file is refused with the place that is wrong instead of half-imported.

Shares with other teams are carried by the other team's slug and restored, when the import is
asked to (``restore_shares``), where a team of that slug exists: the slug may belong to another
team here than the one the file meant. The import names the local teams either way, and the
slugs that have no team here; "copied from" is carried when the original
is in the same team. Not carried: "copied from" another team's template (nothing identifies it
in another database). Library publication is its timestamp.

The team's rules (``access_rules``: accesses no template may grant) are carried with their
name, patterns, author and date. The key is optional, so files written before rules existed
still import; a rule in the file is checked as the rules page checks one (``service:Action``
of a service in the catalogue, resource patterns not empty), and a bad one is refused naming
its field (``access_rules[0].actions``). Templates are imported as they are, even one that
breaks an imported rule: it is then refused when next saved, downloaded or exported.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from policybuilder.core import access_rules as rules_core
from policybuilder.teams.models import (
    AccessRule,
    AuditAction,
    AuditEntry,
    Membership,
    Role,
    SavedTemplate,
    Team,
    TemplateShare,
    TemplateVersion,
)
from policybuilder.teams.services import RESERVED_SLUGS, TemplateInvalid, template_content

FORMAT = "policybuilder-team"
FORMAT_VERSION = 1
#: The deepest a template's values may nest lists and objects: a combined policy's go six
#: deep (the values, their parts, a part, its values, a list of tags, a tag); no form makes more.
MAX_VALUE_DEPTH = 20
#: Version numbers go into a positive integer column (PostgreSQL's ``integer``).
MAX_VERSION_NUMBER = 2_147_483_647


class PortabilityError(Exception):
    """The file cannot be imported; the message says where and why."""


@dataclass
class ImportResult:
    team: Team
    templates: int = 0
    versions: int = 0
    audit_entries: int = 0
    shares: int = 0
    access_rules: int = 0
    #: Usernames in the file with no account here: their authorship and membership are dropped.
    missing_users: set[str] = field(default_factory=set)
    #: Team slugs that templates were shared with and that do not exist here: not shared.
    missing_teams: set[str] = field(default_factory=set)
    #: Teams of this installation that the file shares templates with (slug: how many
    #: templates): they receive read access only when the import is told to restore shares.
    local_share_teams: Counter[str] = field(default_factory=Counter)
    #: Names that several live templates of the file share (compared without case), as the file
    #: spells them first. Imported as they are (the team's list marks them); a new template, a
    #: rename or a copy of such a name is refused (``services.TemplateNameTaken``).
    duplicate_names: list[str] = field(default_factory=list)


# Export ---------------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def export_team(team: Team, *, audit: bool = False) -> dict[str, Any]:
    """Everything about the team's templates (trashed ones too), as JSON-ready data."""
    templates = list(
        SavedTemplate.objects.filter(team=team)
        .select_related("created_by", "updated_by", "deleted_by")
        .prefetch_related("versions__author", "shares__team", "shares__shared_by")
        .order_by("pk")
    )
    local_ids: dict[int | None, int] = {
        template.pk: index for index, template in enumerate(templates, start=1)
    }
    exported = []
    for template in templates:
        versions = sorted(template.versions.all(), key=lambda v: v.number)
        shares = sorted(template.shares.all(), key=lambda share: share.team.slug)
        exported.append(
            {
                "id": local_ids[template.pk],
                "scenario": template.scenario_slug,
                "name": template.name,
                "description": template.description,
                "values": template.values,
                "document": template.document,
                "version": template.version,
                "created_by": _name(template.created_by),
                "updated_by": _name(template.updated_by),
                "created_at": _when(template.created_at),
                "updated_at": _when(template.updated_at),
                "deleted_at": _when(template.deleted_at),
                "deleted_by": _name(template.deleted_by),
                "published_at": _when(template.published_at),
                "copied_from": local_ids.get(template.copied_from_id),
                "shared_with": [
                    {
                        "team": share.team.slug,
                        "shared_by": _name(share.shared_by),
                        "created_at": _when(share.created_at),
                    }
                    for share in shares
                ],
                "versions": [
                    {
                        "number": v.number,
                        "values": v.values,
                        "document": v.document,
                        "author": _name(v.author),
                        "created_at": _when(v.created_at),
                        "note": v.note,
                    }
                    for v in versions
                ],
            }
        )
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "team": {"name": team.name, "slug": team.slug, "created_at": _when(team.created_at)},
        "members": [
            {"username": m.user.get_username(), "role": m.role, "created_at": _when(m.created_at)}
            for m in team.memberships.select_related("user").order_by("pk")
        ],
        "templates": exported,
        "access_rules": [
            {
                "name": rule.name,
                "actions": list(rule.actions),
                "resources": list(rule.resources),
                "created_by": _name(rule.created_by),
                "created_at": _when(rule.created_at),
            }
            for rule in team.access_rules.select_related("created_by").order_by("pk")
        ],
    }
    if audit:
        data["audit"] = [
            {
                "actor": _name(entry.actor),
                "action": entry.action,
                "template": local_ids.get(entry.template_id),
                "subject": entry.subject,
                "detail": entry.detail,
                "created_at": _when(entry.created_at),
            }
            for entry in team.audit_entries.select_related("actor").order_by("created_at", "pk")
        ]
    return data


# Checking a file ------------------------------------------------------------------------------


def _column(model: type[models.Model], name: str) -> int:
    """A text column's length in the database: what a value in the file must fit."""
    column = model._meta.get_field(name)
    assert isinstance(column, models.CharField) and column.max_length, f"{name} has no length"
    return column.max_length


def _refuse(why: str, tail: str = "") -> PydanticCustomError:
    """A rule of the format broken: ``why`` is said after the field's place (and ``tail``, the
    place inside a template's values)."""
    return PydanticCustomError("portability", "{why}", {"why": why, "tail": tail})


def _storable_problem(value: str) -> str | None:
    """Why text cannot be stored by every database: PostgreSQL refuses a NUL character, and
    half of a UTF-16 surrogate pair (which JSON can spell, ``\\ud800``) cannot be written as
    UTF-8 at all."""
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    return None


def _storable(value: str) -> str:
    problem = _storable_problem(value)
    if problem:
        raise _refuse(problem)
    return value


def _parse_time(raw: str) -> datetime:
    """An ISO 8601 date and time as the database stores it (UTC when no offset is given)."""
    try:
        parsed = parse_datetime(raw)
    except ValueError:  # well formed, but no such day or time (February 30th, 25:61)
        raise _refuse(f"{raw!r} is not a possible date") from None
    if parsed is None:
        raise _refuse(f"{raw!r} is not an ISO 8601 date and time")
    parsed = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
    try:
        parsed.astimezone(UTC)  # what the database stores
    except OverflowError:
        raise _refuse(f"{raw!r} is out of range") from None
    return parsed


def _policy_text(text: str) -> str:
    """A policy document's text: a JSON object, as every page, diff and export reads it."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        raise _refuse("is not JSON") from None
    if not isinstance(parsed, dict):
        raise _refuse("is not a policy document (a JSON object)")
    return text


def _json_values(values: dict[str, Any]) -> dict[str, Any]:
    """A template's (or version's) values: JSON that the database stores as it is and the
    pages can show: not too deep, text without NUL, finite numbers."""
    pending: list[tuple[Any, str, int]] = [(values, "", 1)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_VALUE_DEPTH:
            raise _refuse(f"nested deeper than {MAX_VALUE_DEPTH} levels")
        problem = None
        if isinstance(value, dict):
            for name, item in value.items():
                problem = problem or _storable_problem(name)
                pending.append((item, f"{path}.{name}", depth + 1))
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            problem = _storable_problem(value)
        elif isinstance(value, float) and not math.isfinite(value):
            problem = "not a finite number"
        if problem:
            raise _refuse(problem, path)
    return values


def _one_of(choices: list[str], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            raise _refuse(f"{value!r} is not {what}")
        return value

    return check


Text = Annotated[str, AfterValidator(_storable)]
Time = Annotated[Text, AfterValidator(_parse_time)]
Document = Annotated[Text, AfterValidator(_policy_text)]
Values = Annotated[dict[str, Any], AfterValidator(_json_values)]
#: A version number: a whole number that its column (PostgreSQL's ``integer``) holds.
VersionNumber = Annotated[int, Field(ge=1, le=MAX_VERSION_NUMBER)]


#: Text that fits its model's column: SQLite would not say, PostgreSQL would fail half-way
#: through the import.
TeamName = Annotated[str, Field(max_length=_column(Team, "name")), AfterValidator(_storable)]
TeamSlug = Annotated[str, Field(max_length=_column(Team, "slug")), AfterValidator(_storable)]
ScenarioSlug = Annotated[
    str, Field(max_length=_column(SavedTemplate, "scenario_slug")), AfterValidator(_storable)
]
TemplateName = Annotated[
    str, Field(max_length=_column(SavedTemplate, "name")), AfterValidator(_storable)
]
VersionNote = Annotated[
    str, Field(max_length=_column(TemplateVersion, "note")), AfterValidator(_storable)
]
RuleName = Annotated[str, Field(max_length=_column(AccessRule, "name")), AfterValidator(_storable)]
AuditSubject = Annotated[
    str, Field(max_length=_column(AuditEntry, "subject")), AfterValidator(_storable)
]
AuditDetail = Annotated[
    str, Field(max_length=_column(AuditEntry, "detail")), AfterValidator(_storable)
]


class _Part(BaseModel):
    # No coercion (a version number of "2" or true is wrong), and keys of other releases kept.
    model_config = ConfigDict(strict=True, extra="allow")


class TeamIn(_Part):
    name: TeamName
    slug: TeamSlug
    created_at: Time


class MemberIn(_Part):
    username: Text
    role: Annotated[Text, AfterValidator(_one_of(Role.values, "a role"))]
    created_at: Time


class VersionIn(_Part):
    number: VersionNumber
    values: Values
    document: Document
    author: Text | None
    created_at: Time
    note: VersionNote


class ShareIn(_Part):
    team: TeamSlug
    shared_by: Text | None
    created_at: Time


class TemplateIn(_Part):
    id: int
    scenario: ScenarioSlug
    name: TemplateName
    description: Text
    document: Document
    values: Values
    version: VersionNumber
    created_by: Text | None
    updated_by: Text | None
    deleted_by: Text | None
    created_at: Time
    updated_at: Time
    deleted_at: Time | None
    published_at: Time | None
    versions: list[VersionIn]
    #: Files written before shares were carried have none.
    shared_with: list[ShareIn] | None = None


class AccessRuleIn(_Part):
    name: RuleName
    actions: list[str]
    resources: list[str]
    created_by: Text | None
    created_at: Time


class AuditIn(_Part):
    actor: Text | None
    action: Annotated[Text, AfterValidator(_one_of(AuditAction.values, "an audit action"))]
    template: int | None
    subject: AuditSubject
    detail: AuditDetail
    created_at: Time


class TeamFile(_Part):
    """The export format, declared once: ``check`` refuses a file that does not fit it."""

    format_version: int
    team: TeamIn
    members: list[MemberIn]
    templates: list[TemplateIn]
    #: Files written before team rules existed have none.
    access_rules: list[AccessRuleIn] | None = None
    audit: list[AuditIn] | None = None


_EXPECTED = {
    "int_type": "int",
    "string_type": "str",
    "list_type": "list",
    "dict_type": "dict",
    "none_required": "None",
}


def _place(loc: tuple[int | str, ...]) -> str:
    """A place in the file as the messages name it: ``templates[0].versions[1].note``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _refusal(error: ErrorDetails) -> PortabilityError:
    """The first rule the file breaks, as a message naming the field (``where: why``)."""
    loc, kind, given = error["loc"], error["type"], error["input"]
    # A key of the file itself is "file.templates"; any deeper one starts at its key.
    where = f"file.{loc[0]}" if len(loc) == 1 else _place(loc) or "file"
    if kind == "missing":
        return PortabilityError(f"{_place(loc[:-1]) or 'file'}: {loc[-1]!r} is missing")
    if kind == "model_type":
        return PortabilityError(f"{_place(loc) or 'file'}: expected an object")
    if kind in _EXPECTED:
        return PortabilityError(f"{where}: expected {_EXPECTED[kind]}, got {type(given).__name__}")
    if kind == "string_unicode":  # half of a surrogate pair, found measuring the length
        return PortabilityError(f"{where}: is not valid Unicode text")
    if kind in ("string_too_long", "too_long"):
        return PortabilityError(f"{where}: longer than {error['ctx']['max_length']} characters")
    if kind in ("greater_than_equal", "less_than_equal"):
        return PortabilityError(f"{where}: {given} is not between 1 and {MAX_VERSION_NUMBER}")
    tail = (error.get("ctx") or {}).get("tail", "")
    return PortabilityError(f"{where}{tail}: {error['msg']}")


def _time(mapping: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    """A date and time of a file that ``check`` accepted, as the database stores it."""
    raw = mapping.get(key)
    if raw is None and optional:
        return None
    return _parse_time(str(raw))


def check(data: Any) -> None:
    """Raise PortabilityError unless ``data`` is a complete, consistent team export: first
    its form (``TeamFile``), then what no field can say alone (ids, numbers and names that
    must be unique, references, documents that follow from their values)."""
    if not isinstance(data, Mapping):
        raise PortabilityError("the file does not hold a JSON object")
    if data.get("format") != FORMAT:
        raise PortabilityError(f"not a policybuilder team export (format is not {FORMAT!r})")
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT_VERSION:
        raise PortabilityError(f"format_version {version} is not supported (only {FORMAT_VERSION})")
    try:
        TeamFile.model_validate(data)
    except ValidationError as invalid:
        raise _refusal(invalid.errors()[0]) from None
    usernames = set()
    for i, member in enumerate(data["members"]):
        username = member["username"]
        if username in usernames:
            raise PortabilityError(f"members[{i}].username: {username!r} is listed twice")
        usernames.add(username)
    ids = set()
    for i, template in enumerate(data["templates"]):
        where = f"templates[{i}]"
        if template["id"] in ids:
            raise PortabilityError(f"{where}.id: {template['id']} is used twice")
        ids.add(template["id"])
        numbers = [version_data["number"] for version_data in template["versions"]]
        current = template["version"]
        if len(set(numbers)) != len(numbers) or current not in numbers:
            raise PortabilityError(
                f"{where}: version numbers must be unique and include the current one ({current})"
            )
        shared_with = set()
        for j, share in enumerate(template.get("shared_with") or []):
            if share["team"] in shared_with:
                raise PortabilityError(
                    f"{where}.shared_with[{j}].team: {share['team']!r} is listed twice"
                )
            shared_with.add(share["team"])
    for i, template in enumerate(data["templates"]):
        ref = template.get("copied_from")
        if ref is not None and (isinstance(ref, bool) or ref not in ids):
            raise PortabilityError(f"templates[{i}].copied_from: no template has id {ref!r}")
    _check_access_rules(data)
    _check_contents(data["templates"])
    for i, entry in enumerate(data.get("audit") or []):
        ref = entry["template"]
        if ref is not None and ref not in ids:
            raise PortabilityError(f"audit[{i}].template: no template has id {ref}")


def _check_contents(templates: list[Mapping[str, Any]]) -> None:
    """Every version is what a save would have written: its values render (through the one
    path every write takes, ``services.template_content``) to a document with no validator
    error, and that document is the one in the file. The template's own document and values
    are those of its current version. A file edited by hand, or damaged, is refused here with
    the template and field named, before anything is written.

    The rule is strict on purpose: a document that does not follow from its values would be
    shown, diffed and exported as if it did. A file exported by a release whose scenarios
    rendered differently is refused the same way; the message says so, and the old release
    can re-export the team after its templates are saved again.
    """
    for i, template in enumerate(templates):
        where = f"templates[{i}]"
        slug = template["scenario"]
        current = None
        for j, version_data in enumerate(template["versions"]):
            vwhere = f"{where}.versions[{j}]"
            try:
                _, rendered = template_content(slug=slug, raw_values=version_data["values"])
            except TemplateInvalid as exc:
                name, message = next(iter(exc.flat().items()))
                raise PortabilityError(f"{vwhere}.values.{name}: {message}") from None
            if rendered != version_data["document"]:
                raise PortabilityError(
                    f"{vwhere}.document: is not what {slug!r} renders from the version's values "
                    "(edited by hand, or exported by a release whose scenarios differ)"
                )
            if version_data["number"] == template["version"]:
                current = version_data
        if current is not None and (
            template["document"] != current["document"] or template["values"] != current["values"]
        ):
            number = template["version"]
            raise PortabilityError(
                f"{where}.document: is not the document of its current version ({number})"
            )


def _check_access_rules(data: Mapping[str, Any]) -> None:
    """The optional ``access_rules``: each rule as the rules page would accept it."""
    names: set[str] = set()
    for i, rule in enumerate(data.get("access_rules") or []):
        where = f"access_rules[{i}]"
        name = rule["name"]
        errors = rules_core.rule_errors(
            name=name, actions=rule["actions"], resources=rule["resources"]
        )
        if errors:
            key = next(iter(errors))
            raise PortabilityError(f"{where}.{key}: {errors[key]}")
        if name.strip() in names:
            raise PortabilityError(f"{where}.name: two rules are named {name.strip()!r}")
        names.add(name.strip())


# Import ---------------------------------------------------------------------------------------


def _user_finder(result: ImportResult) -> Callable[[str | None], Any]:
    User = get_user_model()
    cache: dict[str, Any] = {}

    def find(username: str | None) -> Any:
        if username is None:
            return None
        if username not in cache:
            cache[username] = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
            if cache[username] is None:
                result.missing_users.add(username)
        return cache[username]

    return find


def _duplicate_names(templates: list[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, list[str]] = {}
    for item in templates:
        if item.get("deleted_at") is None:
            seen.setdefault(item["name"].strip().lower(), []).append(item["name"])
    return [names[0] for names in seen.values() if len(names) > 1]


@transaction.atomic
def import_team(
    data: Any, *, slug: str | None = None, restore_shares: bool = False
) -> ImportResult:
    """Create the team from an export; ``slug`` renames it. Refuses a slug already in use.

    Shares name the other team by slug only, and a slug here may belong to another team than
    the one the file meant: they are restored only with ``restore_shares``; either way
    ``local_share_teams`` names the teams of this installation that would (or did) receive read
    access.

    Timestamps are written with ``QuerySet.update`` after each create, because ``auto_now`` and
    ``auto_now_add`` fields ignore the values given to ``create``.
    """
    check(data)
    team_data = data["team"]
    new_slug = slug if slug is not None else team_data["slug"]
    if not new_slug or slugify(new_slug) != new_slug or len(new_slug) > 60:
        raise PortabilityError(f"{new_slug!r} is not a valid team slug (lowercase, digits, -)")
    if new_slug in RESERVED_SLUGS:
        raise PortabilityError(f"{new_slug!r} is a word the site's URLs use; choose another slug")
    if Team.objects.filter(slug=new_slug).exists():
        raise PortabilityError(
            f"a team with the slug {new_slug!r} exists already; "
            "import under another slug with --rename NEW_SLUG"
        )
    team = Team.objects.create(name=team_data["name"], slug=new_slug)
    Team.objects.filter(pk=team.pk).update(created_at=_time(team_data, "created_at", "team"))
    result = ImportResult(team=team)
    user = _user_finder(result)

    for member in data["members"]:
        found = user(member["username"])
        if found is not None:
            created = Membership.objects.create(team=team, user=found, role=member["role"])
            Membership.objects.filter(pk=created.pk).update(
                created_at=_time(member, "created_at", "member")
            )

    templates_by_id: dict[int, SavedTemplate] = {}
    for item in data["templates"]:
        template = SavedTemplate.objects.create(
            team=team,
            scenario_slug=item["scenario"],
            name=item["name"],
            description=item["description"],
            values=item["values"],
            document=item["document"],
            version=item["version"],
            created_by=user(item["created_by"]),
            updated_by=user(item["updated_by"]),
            deleted_by=user(item["deleted_by"]),
            deleted_at=_time(item, "deleted_at", "template", optional=True),
            published_at=_time(item, "published_at", "template", optional=True),
        )
        SavedTemplate.objects.filter(pk=template.pk).update(
            created_at=_time(item, "created_at", "template"),
            updated_at=_time(item, "updated_at", "template"),
        )
        templates_by_id[item["id"]] = template
        result.templates += 1
        for version_data in item["versions"]:
            version = TemplateVersion.objects.create(
                template=template,
                number=version_data["number"],
                values=version_data["values"],
                document=version_data["document"],
                author=user(version_data["author"]),
                note=version_data["note"],
            )
            TemplateVersion.objects.filter(pk=version.pk).update(
                created_at=_time(version_data, "created_at", "version")
            )
            result.versions += 1

    result.duplicate_names = _duplicate_names(data["templates"])
    for item in data["templates"]:
        template = templates_by_id[item["id"]]
        if item.get("copied_from") is not None:
            SavedTemplate.objects.filter(pk=template.pk).update(
                copied_from=templates_by_id[item["copied_from"]]
            )
        for share in item.get("shared_with") or []:
            if share["team"] == team.slug:
                continue  # imported under the slug it was shared with: its own team sees it
            target = Team.objects.filter(slug=share["team"]).first()
            if target is None:
                result.missing_teams.add(share["team"])
                continue
            result.local_share_teams[target.slug] += 1
            if not restore_shares:
                continue
            new_share = TemplateShare.objects.create(
                template=template, team=target, shared_by=user(share["shared_by"])
            )
            TemplateShare.objects.filter(pk=new_share.pk).update(
                created_at=_time(share, "created_at", "share")
            )
            result.shares += 1

    for rule in data.get("access_rules") or []:
        new_rule = AccessRule.objects.create(
            team=team,
            name=rule["name"].strip(),
            actions=[a.strip() for a in rule["actions"]],
            resources=[r.strip() for r in rule["resources"]],
            created_by=user(rule["created_by"]),
        )
        AccessRule.objects.filter(pk=new_rule.pk).update(
            created_at=_time(rule, "created_at", "access rule")
        )
        result.access_rules += 1

    for entry in data.get("audit") or []:
        new_entry = AuditEntry.objects.create(
            team=team,
            actor=user(entry["actor"]),
            action=entry["action"],
            template=templates_by_id.get(entry["template"]),
            subject=entry["subject"],
            detail=entry["detail"],
        )
        AuditEntry.objects.filter(pk=new_entry.pk).update(
            created_at=_time(entry, "created_at", "audit")
        )
        result.audit_entries += 1
    return result
