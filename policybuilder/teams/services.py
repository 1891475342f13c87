"""Writes: every change to teams and templates goes through one of these functions.

Each takes keyword-only arguments and assumes the caller (a view, through
``access``) has already checked that the actor may do it; the rules that
belong to the data itself (the last owner, optimistic locking, only
validated values) are enforced here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from policybuilder.core import access_rules, custom, scenarios
from policybuilder.core import combine as combining
from policybuilder.core.scenarios import Scenario
from policybuilder.core.validator import Finding, errors_among, validate
from policybuilder.teams import selectors
from policybuilder.teams import values as stored_values
from policybuilder.teams.access_change import (
    prepare_access_change,
    version_access_change,
    with_access_change,
)
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

#: Words used by fixed URLs under /teams/, never given to a team as its slug.
RESERVED_SLUGS = frozenset({"new", "save", "library"})


class TemplateInvalid(Exception):
    """The values did not make a valid policy; ``errors`` maps field names to messages.

    For a scenario the names are its parameters'. For a combined policy they are
    ``parts.N`` (a mapping of that part's parameter names to messages), ``parts``,
    ``quota`` and ``document`` (the validator's errors in the merged document).
    """

    def __init__(self, errors: Mapping[str, Any]) -> None:
        super().__init__("The values do not make a valid policy.")
        self.errors = dict(errors)

    def flat(self) -> dict[str, str]:
        """Every message under a dotted name (``parts.1.account``), for one line of text each."""
        out: dict[str, str] = {}
        for name, message in self.errors.items():
            if isinstance(message, Mapping):
                out.update({f"{name}.{inner}": str(text) for inner, text in message.items()})
            else:
                out[name] = str(message)
        return out


class VersionConflict(Exception):
    """Someone saved a newer version since the one this change was based on."""

    def __init__(self, *, base_version: int, current_version: int) -> None:
        super().__init__(
            f"This template changed since you opened it: you edited version {base_version}, "
            f"it is now at version {current_version}."
        )
        self.base_version = base_version
        self.current_version = current_version


class TemplateNameTaken(TemplateInvalid):
    """Another live template of the team has this name (compared without case); under ``name``.

    A ``TemplateInvalid``, so every caller that refuses bad input refuses this one too."""

    def __init__(self, *, name: str, team: Team) -> None:
        super().__init__(
            {
                "name": f"{team.name} has a template named {name!r} already "
                "(names are compared without regard to case): choose another name."
            }
        )
        self.name = name


class LastOwner(ValidationError):
    pass


class AccessRuleViolated(TemplateInvalid):
    """The policy grants an access one of the team's rules forbids; nothing was written.

    A ``TemplateInvalid`` (under ``document``), so every caller that refuses a bad policy
    refuses this one too; ``violation`` carries the rule and the witness request.
    """

    def __init__(self, violation: access_rules.Violation) -> None:
        super().__init__({"document": violation.message})
        self.violation = violation


class RuleInvalid(Exception):
    """A team rule's input is wrong; ``errors`` maps ``name``/``actions``/``resources`` to text."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("The rule is not valid.")
        self.errors = dict(errors)


def audit_record(
    *,
    team: Team,
    actor: User | None,
    action: str,
    template: SavedTemplate | None = None,
    subject: str = "",
    detail: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        team=team,
        actor=actor,
        action=action,
        template=template,
        subject=subject or (template.name if template else ""),
        detail=detail[:500],
    )


# Teams and members ---------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "team"
    if base in RESERVED_SLUGS:
        base = f"{base}-team"
    slug, n = base, 2
    while Team.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


#: Slugs tried when teams of the same name are created at the same moment (below).
SLUG_TRIES = 5


def _insert_team(name: str, slug: str) -> Team:
    """The new team row. Without a given slug, the first free one made from the name; the check
    and the insert are two statements, so on PostgreSQL another server or worker creating a team
    of the same name in between takes it first: its insert wins, ours is refused by the unique
    constraint (inside a savepoint, so the transaction goes on) and the next free slug is taken."""
    if slug:
        return Team.objects.create(name=name, slug=slug)
    for _ in range(SLUG_TRIES - 1):
        try:
            with transaction.atomic():
                return Team.objects.create(name=name, slug=_unique_slug(name))
        except IntegrityError:
            continue
    return Team.objects.create(name=name, slug=_unique_slug(name))


@transaction.atomic
def team_create(*, name: str, owner: User, slug: str = "") -> Team:
    team = _insert_team(name.strip(), slug)
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    audit_record(
        team=team,
        actor=owner,
        action=AuditAction.MEMBER_ADDED,
        subject=str(owner),
        detail="as owner (created the team)",
    )
    return team


def _find_user(identifier: str) -> User:
    users = get_user_model()
    identifier = identifier.strip()
    matches = (
        list(users.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:2])
        if identifier
        else []
    )
    if len(matches) != 1:
        raise ValidationError(
            f"No single user has the username or e-mail address {identifier!r}."
            if len(matches) == 0
            else f"Several users match {identifier!r}; give the username."
        )
    return matches[0]


@transaction.atomic
def member_add(*, team: Team, actor: User, identifier: str, role: str = Role.VIEWER) -> Membership:
    user = _find_user(identifier)
    if Membership.objects.filter(team=team, user=user).exists():
        raise ValidationError(f"{user.get_username()} is already a member of {team.name}.")
    membership = Membership.objects.create(team=team, user=user, role=Role(role))
    audit_record(
        team=team,
        actor=actor,
        action=AuditAction.MEMBER_ADDED,
        subject=user.get_username(),
        detail=f"as {role}",
    )
    return membership


def _other_owners(membership: Membership) -> bool:
    # One change of owners per team at a time: the team's row is locked first, then its owners
    # are counted as committed. (Locking only the other owners' rows let two owners demoting
    # each other lock one row each and deadlock on PostgreSQL, a 500 for one of them.) SQLite's
    # IMMEDIATE transactions already run one writer at a time.
    list(Team.objects.select_for_update().filter(pk=membership.team_id).values_list("pk"))
    owners = Membership.objects.filter(team_id=membership.team_id, role=Role.OWNER)
    return owners.exclude(pk=membership.pk).exists()


@transaction.atomic
def member_change_role(*, membership: Membership, actor: User, role: str) -> Membership:
    role = Role(role)
    if membership.role == Role.OWNER and role != Role.OWNER and not _other_owners(membership):
        raise LastOwner(
            f"{membership.user.get_username()} is the last owner of {membership.team.name}: "
            "make someone else an owner first."
        )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        team=membership.team,
        actor=actor,
        action=AuditAction.MEMBER_ROLE,
        subject=membership.user.get_username(),
        detail=f"{old} → {role}",
    )
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, actor: User) -> None:
    if membership.role == Role.OWNER and not _other_owners(membership):
        raise LastOwner(
            f"{membership.user.get_username()} is the last owner of {membership.team.name} "
            "and cannot be removed: make someone else an owner first."
        )
    audit_record(
        team=membership.team,
        actor=actor,
        action=AuditAction.MEMBER_REMOVED,
        subject=membership.user.get_username(),
        detail=f"was {membership.role}",
    )
    membership.delete()


# Templates -----------------------------------------------------------------


def template_content(*, slug: str, raw_values: Any) -> tuple[dict[str, Any], str]:
    """The values a template stores and the document they make; raises TemplateInvalid.

    The one way values become a template's content, whatever writes it: a
    scenario's slug hands them to the scenario engine, ``combine.COMBINED`` to
    ``combine.combine`` (whose merged document must also have no validator error).
    """
    if slug == combining.COMBINED:
        return _combined_content(raw_values)
    if slug == custom.CUSTOM:
        return _custom_content(raw_values)
    try:
        scenario = scenarios.get(slug)
    except scenarios.UnknownScenario:
        raise TemplateInvalid({"scenario": f"There is no scenario {slug!r}."}) from None
    if not isinstance(raw_values, Mapping):
        raise TemplateInvalid({"values": "Give the values as an object."})
    values = stored_values.to_json(raw_values)
    shape = combining.shape_errors(scenario, values)
    if shape:
        raise TemplateInvalid(shape)
    rendering = scenarios.render(scenario, values)
    if not rendering.ok or rendering.text is None:
        raise TemplateInvalid(rendering.errors or {"__all__": "The values do not render."})
    _refuse_validator_errors(validate(rendering.text))
    return values, rendering.text


def _refuse_validator_errors(findings: Iterable[Finding]) -> None:
    """What the builder would refuse to download is not saved either."""
    errors = errors_among(findings)
    if errors:
        codes = ", ".join(sorted({f.code for f in errors}))
        raise TemplateInvalid({"document": f"The validator finds errors in the policy: {codes}."})


def _combined_content(raw_values: Any) -> tuple[dict[str, Any], str]:
    try:
        parts, quota = combining.from_stored(raw_values)
    except combining.ValuesError as exc:
        raise TemplateInvalid({exc.field: str(exc)}) from None
    parts = [combining.Part(p.scenario, stored_values.to_json(p.values)) for p in parts]
    result = combining.combine(parts, quota)
    if not result.ok or result.text is None:
        raise TemplateInvalid(result.error_fields())
    _refuse_validator_errors(result.findings)  # combine() has validated the merged document
    return combining.stored_values(parts, quota), result.text


def _custom_content(raw_values: Any) -> tuple[dict[str, Any], str]:
    """A custom policy's statements (``custom.render``), refused on any field's error."""
    rendering = custom.render(raw_values)
    if not rendering.ok or rendering.text is None:
        raise TemplateInvalid(rendering.errors or {"values": "The values do not render."})
    _refuse_validator_errors(validate(rendering.text))
    return rendering.values, rendering.text


def _refuse_rule_breaks(*, team: Team, document: str) -> None:
    """The one check of the team's rules for every write of a template's document."""
    violation = selectors.rule_violation(team, document)
    if violation is not None:
        raise AccessRuleViolated(violation)


def live_templates_named(*, team: Team, name: str):
    """The team's live templates whose name is ``name`` without regard to case (the one
    comparison: the new-name check below and the list's duplicate marker use it)."""
    return SavedTemplate.objects.annotate(lower_name=Lower("name")).filter(
        team=team, deleted_at__isnull=True, lower_name=Lower(Value(name))
    )


def _lock_team(team: Team) -> None:
    """Lock the team's row until the transaction ends (PostgreSQL; SQLite's write lock is the
    whole database already), so two name checks of one team cannot both pass at once."""
    list(Team.objects.select_for_update().filter(pk=team.pk).values_list("pk", flat=True))


def _refuse_taken_name(*, team: Team, name: str, exclude_pk: int | None = None) -> None:
    """The one check of a template's name in its team, for create, rename, copy and restore
    from the trash. Templates that already share a name are left as they are (the team's list
    marks them); only a new name is refused. The team's row is locked first."""
    _lock_team(team)
    if live_templates_named(team=team, name=name).exclude(pk=exclude_pk).exists():
        raise TemplateNameTaken(name=name, team=team)


def _free_copy_name(*, team: Team, name: str) -> str:
    """A copy's name when none is given: the source's, else "NAME (copy)", "NAME (copy 2)"..."""
    _lock_team(team)
    candidate, n = name, 1
    while live_templates_named(team=team, name=candidate).exists():
        candidate = f"{name} (copy)" if n == 1 else f"{name} (copy {n})"
        n += 1
    return candidate[:120]


def _created_detail(slug: str, values: Mapping[str, Any]) -> str:
    if slug == combining.COMBINED:
        count = len(values.get("parts") or ())
        return f"combined policy of {count} scenario(s)"
    if slug == custom.CUSTOM:
        return f"custom policy of {len(values.get('statements') or ())} statement(s)"
    return f"scenario {slug}"


@transaction.atomic
def template_create(
    *,
    team: Team,
    scenario: Scenario | str,
    raw_values: Mapping[str, Any],
    name: str,
    author: User,
    description: str = "",
    note: str = "",
) -> SavedTemplate:
    """A new template at version 1. ``scenario`` is a scenario or a slug (``combine.COMBINED``
    for a combined policy, whose ``raw_values`` are ``{"quota": ..., "parts": [...]}``)."""
    slug = scenario if isinstance(scenario, str) else scenario.slug
    values, document = template_content(slug=slug, raw_values=raw_values)
    _refuse_rule_breaks(team=team, document=document)
    _refuse_taken_name(team=team, name=name.strip())
    template = SavedTemplate.objects.create(
        team=team,
        scenario_slug=slug,
        name=name.strip(),
        description=description.strip(),
        values=values,
        document=document,
        version=1,
        created_by=author,
        updated_by=author,
    )
    TemplateVersion.objects.create(
        template=template,
        number=1,
        values=values,
        document=document,
        author=author,
        note=note.strip() or "Created",
    )
    audit_record(
        team=team,
        actor=author,
        action=AuditAction.CREATED,
        template=template,
        detail=_created_detail(slug, values),
    )
    return template


def _same_submission(
    *,
    template: SavedTemplate,
    base_version: int,
    values: dict[str, Any],
    document: str,
    author: User,
    note: str,
) -> TemplateVersion | None:
    """The version this very change already wrote, if a save arrives again.

    A browser may send one form submission twice (a double click, or Chromium re-sending a POST
    whose connection closed before the answer came back). The second one finds the template one
    version further on. When that next version is this author's, from the same base, with the
    same values, document and note, it is this change: answering "saved" is true, and a
    conflict banner would tell the admin that someone else edited the template, which is false.
    Anything else (another author, or any difference at all) is a real conflict.
    """
    version = TemplateVersion.objects.filter(template=template, number=base_version + 1).first()
    if version is None:
        return None
    same = (
        version.author_id == author.pk
        and version.values == values
        and version.document == document
        and version.note == note.strip()
    )
    if not same:
        return None
    version.repeated = True  # type: ignore[attr-defined]  # read by the callers below
    template.refresh_from_db()
    return version


def _write_version(
    *,
    template: SavedTemplate,
    values: dict[str, Any],
    document: str,
    base_version: int,
    author: User,
    note: str,
) -> TemplateVersion:
    """Check-and-increment in one conditional UPDATE, then write the version row."""
    updated = SavedTemplate.objects.filter(
        pk=template.pk, version=base_version, deleted_at__isnull=True
    ).update(
        version=F("version") + 1,
        values=values,
        document=document,
        updated_by=author,
        updated_at=timezone.now(),
    )
    if not updated:
        repeat = _same_submission(
            template=template,
            base_version=base_version,
            values=values,
            document=document,
            author=author,
            note=note,
        )
        if repeat is not None:
            return repeat
        current = SavedTemplate.objects.filter(pk=template.pk).values_list("version", flat=True)
        raise VersionConflict(base_version=base_version, current_version=current.first() or 0)
    number = base_version + 1
    version = TemplateVersion.objects.create(
        template=template,
        number=number,
        values=values,
        document=document,
        author=author,
        note=note.strip(),
    )
    template.refresh_from_db()
    return version


def template_save_version(
    *,
    template: SavedTemplate,
    raw_values: Mapping[str, Any],
    base_version: int,
    author: User,
    note: str = "",
) -> TemplateVersion:
    values, document = template_content(slug=template.scenario_slug, raw_values=raw_values)
    # Compared before the write transaction (SQLite's lock is taken when one begins); the
    # audit entry written under the lock finds the answer in the cache.
    prepare_access_change(template, base_version, document)
    return _save_version(
        template=template,
        values=values,
        document=document,
        base_version=base_version,
        author=author,
        note=note,
    )


@transaction.atomic
def _save_version(
    *,
    template: SavedTemplate,
    values: dict[str, Any],
    document: str,
    base_version: int,
    author: User,
    note: str,
) -> TemplateVersion:
    _refuse_rule_breaks(team=template.team, document=document)
    version = _write_version(
        template=template,
        values=values,
        document=document,
        base_version=base_version,
        author=author,
        note=note,
    )
    # What the version changes in access: in its audit entry, and for the view's banner.
    version.access_change = version_access_change(version)
    if getattr(version, "repeated", False):
        return version  # its audit entry was written when it was saved
    audit_record(
        team=template.team,
        actor=author,
        action=AuditAction.CHANGED,
        template=template,
        detail=with_access_change(f"version {version.number}", version.access_change)
        + (f": {note.strip()}" if note.strip() else ""),
    )
    return version


def template_restore_version(
    *, template: SavedTemplate, old: TemplateVersion, base_version: int, author: User
) -> TemplateVersion:
    """Restoring an old version writes it again as a new version (history is never rewritten).

    Values of parameters the scenario no longer has are left out, as the builder leaves them
    out when it opens the version (``values.scenario_changes`` tells the user).
    """
    raw = stored_values.known_names_only(template.scenario_slug, old.values)
    values, document = template_content(slug=template.scenario_slug, raw_values=raw)
    prepare_access_change(template, base_version, document)  # before the lock, as above
    return _restore_version(
        template=template,
        old=old,
        values=values,
        document=document,
        base_version=base_version,
        author=author,
    )


@transaction.atomic
def _restore_version(
    *,
    template: SavedTemplate,
    old: TemplateVersion,
    values: dict[str, Any],
    document: str,
    base_version: int,
    author: User,
) -> TemplateVersion:
    _refuse_rule_breaks(team=template.team, document=document)
    version = _write_version(
        template=template,
        values=values,
        document=document,
        base_version=base_version,
        author=author,
        note=f"Restored version {old.number}",
    )
    version.access_change = version_access_change(version)
    if getattr(version, "repeated", False):
        return version  # its audit entry was written when it was restored
    audit_record(
        team=template.team,
        actor=author,
        action=AuditAction.RESTORED_VERSION,
        template=template,
        detail=with_access_change(
            f"version {old.number} as version {version.number}", version.access_change
        ),
    )
    return version


@transaction.atomic
def template_trash(*, template: SavedTemplate, actor: User) -> None:
    SavedTemplate.objects.filter(pk=template.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now(), deleted_by=actor
    )
    audit_record(team=template.team, actor=actor, action=AuditAction.DELETED, template=template)


@transaction.atomic
def template_untrash(*, template: SavedTemplate, actor: User) -> None:
    """Raises TemplateNameTaken when a live template has taken its name since."""
    _refuse_taken_name(team=template.team, name=template.name, exclude_pk=template.pk)
    SavedTemplate.objects.filter(pk=template.pk).update(deleted_at=None, deleted_by=None)
    audit_record(team=template.team, actor=actor, action=AuditAction.UNDELETED, template=template)


@transaction.atomic
def trash_empty(*, team: Team, actor: User) -> int:
    trashed = list(SavedTemplate.objects.filter(team=team, deleted_at__isnull=False))
    for template in trashed:
        audit_record(
            team=team,
            actor=actor,
            action=AuditAction.PURGED,
            subject=template.name,
            detail=f"{template.version} version(s) deleted for good",
        )
    SavedTemplate.objects.filter(pk__in=[t.pk for t in trashed]).delete()
    return len(trashed)


@transaction.atomic
def template_share(*, template: SavedTemplate, target_slug: str, actor: User) -> TemplateShare:
    target = Team.objects.filter(slug=target_slug.strip()).first()
    if target is None:
        raise ValidationError(f"There is no team {target_slug.strip()!r}.")
    if target.pk == template.team_id:
        raise ValidationError("A template is already visible to its own team.")
    share, created = TemplateShare.objects.get_or_create(
        template=template, team=target, defaults={"shared_by": actor}
    )
    if not created:
        raise ValidationError(f"Already shared with {target.name}.")
    audit_record(
        team=template.team,
        actor=actor,
        action=AuditAction.SHARED,
        template=template,
        detail=f"read-only with team {target.slug}",
    )
    return share


@transaction.atomic
def template_unshare(*, share: TemplateShare, actor: User) -> None:
    template = share.template
    audit_record(
        team=template.team,
        actor=actor,
        action=AuditAction.UNSHARED,
        template=template,
        detail=f"with team {share.team.slug}",
    )
    share.delete()


@transaction.atomic
def template_publish(*, template: SavedTemplate, actor: User) -> None:
    SavedTemplate.objects.filter(pk=template.pk, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    audit_record(team=template.team, actor=actor, action=AuditAction.PUBLISHED, template=template)


@transaction.atomic
def template_unpublish(*, template: SavedTemplate, actor: User) -> None:
    SavedTemplate.objects.filter(pk=template.pk).update(published_at=None)
    audit_record(team=template.team, actor=actor, action=AuditAction.UNPUBLISHED, template=template)


@transaction.atomic
def template_copy(
    *, source: SavedTemplate, target: Team, actor: User, name: str = ""
) -> SavedTemplate:
    """ "Use as a starting point": the source's current version becomes version 1 of a copy."""
    _refuse_rule_breaks(team=target, document=source.document)
    if name.strip():
        name = name.strip()
        _refuse_taken_name(team=target, name=name)
    else:
        name = _free_copy_name(team=target, name=source.name)
    note = f"Copied from {source.team.name} / {source.name}, version {source.version}"
    copy = SavedTemplate.objects.create(
        team=target,
        scenario_slug=source.scenario_slug,
        name=name,
        description=source.description,
        values=source.values,
        document=source.document,
        version=1,
        created_by=actor,
        updated_by=actor,
        copied_from=source,
    )
    TemplateVersion.objects.create(
        template=copy,
        number=1,
        values=source.values,
        document=source.document,
        author=actor,
        note=note,
    )
    audit_record(team=target, actor=actor, action=AuditAction.COPIED, template=copy, detail=note)
    return copy


@transaction.atomic
def template_rename(*, template: SavedTemplate, name: str, actor: User) -> None:
    """A new name (no new version: the document is unchanged); raises TemplateNameTaken, or
    TemplateInvalid for an empty name."""
    name = name.strip()
    if not name:
        raise TemplateInvalid({"name": "Give the template a name."})
    _refuse_taken_name(team=template.team, name=name, exclude_pk=template.pk)
    old = template.name
    SavedTemplate.objects.filter(pk=template.pk).update(name=name, updated_at=timezone.now())
    template.name = name
    audit_record(
        team=template.team,
        actor=actor,
        action=AuditAction.RENAMED,
        template=template,
        detail=f"from {old!r}",
    )


# Team rules ----------------------------------------------------------------


def _rule_input(
    *, team: Team, name: str, actions: Iterable[str], resources: Iterable[str], rule_pk: int | None
) -> tuple[str, list[str], list[str]]:
    name = name.strip()
    actions = list(dict.fromkeys(a.strip() for a in actions))
    resources = list(dict.fromkeys(r.strip() for r in resources))
    errors = access_rules.rule_errors(name=name, actions=actions, resources=resources)
    same_name = AccessRule.objects.filter(team=team, name=name)
    if rule_pk is not None:  # a change: the rule itself is no namesake
        same_name = same_name.exclude(pk=rule_pk)
    if "name" not in errors and same_name.exists():
        errors["name"] = f"The team has a rule named {name!r} already."
    if errors:
        raise RuleInvalid(errors)
    return name, actions, resources


def _rule_detail(rule: AccessRule) -> str:
    return rule.as_rule().describe()


@transaction.atomic
def access_rule_create(
    *,
    team: Team,
    actor: User,
    name: str,
    actions: Iterable[str],
    resources: Iterable[str] = access_rules.ANY_RESOURCE,
) -> AccessRule:
    """A new rule; raises RuleInvalid with field errors. Templates already saved are not
    changed: they are refused when next saved, downloaded or exported."""
    name, actions, resources = _rule_input(
        team=team, name=name, actions=actions, resources=resources, rule_pk=None
    )
    rule = AccessRule.objects.create(
        team=team, name=name, actions=actions, resources=resources, created_by=actor
    )
    audit_record(
        team=team,
        actor=actor,
        action=AuditAction.RULE_ADDED,
        subject=name,
        detail=_rule_detail(rule),
    )
    return rule


@transaction.atomic
def access_rule_update(
    *,
    rule: AccessRule,
    actor: User,
    name: str,
    actions: Iterable[str],
    resources: Iterable[str] = access_rules.ANY_RESOURCE,
) -> AccessRule:
    before = f"{rule.name}: {_rule_detail(rule)}"
    name, actions, resources = _rule_input(
        team=rule.team, name=name, actions=actions, resources=resources, rule_pk=rule.pk
    )
    rule.name, rule.actions, rule.resources = name, actions, resources
    rule.save(update_fields=["name", "actions", "resources", "updated_at"])
    audit_record(
        team=rule.team,
        actor=actor,
        action=AuditAction.RULE_CHANGED,
        subject=name,
        detail=f"{before} → {name}: {_rule_detail(rule)}",
    )
    return rule


@transaction.atomic
def access_rule_delete(*, rule: AccessRule, actor: User) -> None:
    audit_record(
        team=rule.team,
        actor=actor,
        action=AuditAction.RULE_REMOVED,
        subject=rule.name,
        detail=_rule_detail(rule),
    )
    rule.delete()
