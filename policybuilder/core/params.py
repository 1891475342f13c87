"""Typed scenario parameters.

Each parameter knows its label, help text, example value and the rule a
value must satisfy.  ``clean()`` turns raw input (strings from a form, the
command line or the JSON API) into a typed value, or raises
:class:`ParamError` with a message written for the person who typed it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from policybuilder.core import regions

Raw = Any


class ParamError(ValueError):
    """A value broke a parameter's rule; ``str(error)`` is the user-facing message."""


# Patterns are used with fullmatch: "$" would also accept a trailing newline.
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MRK_RE = re.compile(r"mrk-[0-9a-f]{32}")
ACCOUNT_RE = re.compile(r"[0-9]{12}")
ARN_RE = re.compile(
    r"arn:(?P<partition>[^:]*):(?P<service>[^:]*):(?P<region>[^:]*):(?P<account>[^:]*):"
    r"(?P<resource>.*)"
)
#: The account ID the hints and examples show: an ordinary one, not one of the documentation
#: accounts (111122223333...) that the validator reports as placeholders.
EXAMPLE_ACCOUNT = "402961837514"
TAG_PUNCTUATION = frozenset("_.:/=+-@ ")
MAX_TAGS = 50


def _text(raw: Raw) -> str:
    """A single raw value as stripped text ('' for None)."""
    if raw is None:
        return ""
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    if not isinstance(raw, str):
        raw = str(raw)
    return raw.strip()


def as_list(raw: Raw) -> list[Any]:
    """A multi-valued raw input as a list; a lone string is one item, anything else refused.

    Raw values come from forms, the command line and JSON API bodies, where a
    client can send ``true`` or ``42`` for a list: that is a rule broken, not
    a crash.
    """
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list | tuple):
        return list(raw)
    raise ParamError("Give a list of values.")


@dataclass(frozen=True)
class Param:
    """A named, typed scenario parameter."""

    name: str
    label: str
    help: str
    example: Any
    required: bool = True
    default: Any = None
    #: Only asked for when every (other parameter, value) pair holds.
    only_when: tuple[tuple[str, Any], ...] = ()
    kind: ClassVar[str] = "text"
    multiple: ClassVar[bool] = False

    def clean(self, raw: Raw) -> Any:
        text = _text(raw)
        if not text:
            if self.default is not None:
                return self.default
            if self.required:
                raise ParamError("This field is required.")
            return None
        return self.clean_text(text)

    def clean_text(self, text: str) -> Any:
        return text

    def describe(self) -> dict[str, Any]:
        """The parameter as plain data (for ``list_scenarios --format json`` and the API)."""
        return {
            "name": self.name,
            "type": self.kind,
            "label": self.label,
            "help": self.help,
            "required": self.required,
            "multiple": self.multiple,
            "example": self.example_raw(),
        }

    def example_raw(self) -> Any:
        return self.example


@dataclass(frozen=True)
class ChoiceParam(Param):
    choices: tuple[tuple[str, str], ...] = ()
    kind: ClassVar[str] = "choice"

    def clean_text(self, text: str) -> str:
        values = [value for value, _ in self.choices]
        if text not in values:
            raise ParamError(f"Choose one of: {', '.join(values)}.")
        return text

    def describe(self) -> dict[str, Any]:
        return super().describe() | {"choices": [v for v, _ in self.choices]}


@dataclass(frozen=True)
class BooleanParam(Param):
    kind: ClassVar[str] = "boolean"
    required: bool = False
    default: Any = False

    def clean(self, raw: Raw) -> bool:
        text = _text(raw).lower()
        if text in ("", "0", "false", "no", "off"):
            return False
        if text in ("1", "true", "yes", "on"):
            return True
        raise ParamError("Enter true or false.")


@dataclass(frozen=True)
class PartitionParam(Param):
    """The partition; left empty, it comes from an ARN given elsewhere, else ``aws``."""

    kind: ClassVar[str] = "partition"
    required: bool = False

    def clean_text(self, text: str) -> str:
        if text not in regions.PARTITIONS:
            raise ParamError(f"Partition must be one of {', '.join(regions.PARTITIONS)}.")
        return text

    def describe(self) -> dict[str, Any]:
        return super().describe() | {"choices": list(regions.PARTITIONS)}


@dataclass(frozen=True)
class RegionParam(Param):
    kind: ClassVar[str] = "region"

    def clean_text(self, text: str) -> str:
        if text not in regions.all_regions():
            raise ParamError(f"{text!r} is not an AWS region (for example us-east-1).")
        return text


@dataclass(frozen=True)
class AccountParam(Param):
    kind: ClassVar[str] = "account"

    def clean_text(self, text: str) -> str:
        text = text.replace("-", "") if re.fullmatch(r"\d{4}-\d{4}-\d{4}", text) else text
        if not ACCOUNT_RE.fullmatch(text):
            digits = sum(c in "0123456789" for c in text)
            if text.isascii() and text.isdigit():
                raise ParamError(f"An AWS account ID has exactly 12 digits; this has {digits}.")
            raise ParamError(
                f"An AWS account ID is exactly 12 digits, for example {EXAMPLE_ACCOUNT}."
            )
        return text


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"


def parse_arn(text: str, *, service: str, what: str) -> Arn:
    """Parse an ARN of the given service, checking partition, region and account."""
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise ParamError("An ARN contains no spaces, line breaks or control characters.")
    m = ARN_RE.fullmatch(text)
    if not m:
        raise ParamError(f"{text!r} is not a well-formed ARN (arn:partition:service:...).")
    arn = Arn(**m.groupdict())
    if arn.service != service:
        raise ParamError(f"This is an ARN for {arn.service or 'no service'}, not {what}.")
    if arn.partition not in regions.PARTITIONS:
        raise ParamError(f"Unknown partition {arn.partition!r} in the ARN.")
    if arn.region not in regions.all_regions():
        raise ParamError(f"Unknown region {arn.region!r} in the ARN.")
    if regions.partition_of_region(arn.region) != arn.partition:
        raise ParamError(f"Region {arn.region} is not in partition {arn.partition}.")
    if not ACCOUNT_RE.fullmatch(arn.account):
        raise ParamError(f"The account in the ARN must be 12 digits, not {arn.account!r}.")
    return arn


def _not_an_instance_type(kind: str) -> str:
    """The message for an ARN whose resource type is not "instance": a misspelling (one or
    two letters off) is named as one; another type says what the ARN is of."""
    expected = "…:instance/ID"
    if kind and _letters_off(kind.lower(), "instance") <= 2:
        return f"The resource type in the ARN is misspelt: {kind!r} is not 'instance' ({expected})."
    if not kind:
        return f"The ARN names no resource type: an instance ARN ends {expected}."
    return f"This is a {kind} ARN, not an instance ARN: give the instance ARN itself ({expected})."


def _letters_off(a: str, b: str) -> int:
    """Levenshtein distance, for short words."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@dataclass(frozen=True)
class ConnectInstance:
    """An Amazon Connect instance: its ID, and the location when an ARN gave it."""

    instance_id: str
    partition: str | None = None
    region: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class ConnectInstanceParam(Param):
    kind: ClassVar[str] = "connect_instance"

    def clean_text(self, text: str) -> ConnectInstance:
        if text.startswith("arn:"):
            arn = parse_arn(text, service="connect", what="an Amazon Connect instance")
            m = re.fullmatch(r"instance/([^/]+)", arn.resource)
            kind = re.split(r"[/:]", arn.resource, maxsplit=1)[0]
            if not m and kind != "instance":
                raise ParamError(_not_an_instance_type(kind))
            if not m:
                raise ParamError(
                    "Give the instance ARN itself (…:instance/ID), not an ARN of a resource "
                    "inside the instance."
                )
            instance_id = m.group(1).lower()
            if not UUID_RE.fullmatch(instance_id):
                raise ParamError(f"The instance ID in the ARN is not a UUID: {m.group(1)!r}.")
            return ConnectInstance(instance_id, arn.partition, arn.region, arn.account)
        if not UUID_RE.fullmatch(text.lower()):
            raise ParamError(
                "Enter the instance ID, a UUID such as a1b2c3d4-5678-90ab-cdef-0123456789ab, "
                "or the whole instance ARN."
            )
        return ConnectInstance(text.lower())


@dataclass(frozen=True)
class KmsKey:
    key_id: str
    partition: str | None = None
    region: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class KmsKeyParam(Param):
    kind: ClassVar[str] = "kms_key"

    def clean_text(self, text: str) -> KmsKey:
        if text.startswith("alias/") or re.match(r"^arn:[^:]*:kms:[^:]*:[^:]*:alias/", text):
            raise ParamError(
                "An alias cannot be used here: IAM policies match KMS keys by key ARN. Enter the "
                "key ID or key ARN (see the key's page in the KMS console)."
            )
        if text.startswith("arn:"):
            arn = parse_arn(text, service="kms", what="a KMS key")
            m = re.fullmatch(r"key/(.+)", arn.resource)
            if not m:
                raise ParamError("A KMS key ARN ends in key/ and the key ID.")
            key_id = self._key_id(m.group(1))
            return KmsKey(key_id, arn.partition, arn.region, arn.account)
        return KmsKey(self._key_id(text))

    @staticmethod
    def _key_id(text: str) -> str:
        lowered = text.lower()
        if UUID_RE.fullmatch(lowered) or MRK_RE.fullmatch(lowered):
            return lowered
        raise ParamError(
            "A KMS key ID is a UUID (1234abcd-12ab-34cd-56ef-1234567890ab) or, for a "
            "multi-Region key, mrk- followed by 32 hex digits."
        )


#: Text of ASCII letters, digits, spaces and the tag punctuation: nothing to object to.
_PLAIN_TAG_TEXT = re.compile(r"[A-Za-z0-9 _.:/=+\-@]*")


def _tag_text_problem(text: str) -> str | None:
    """Why a tag key or value breaks AWS's tag character set, or None."""
    if _PLAIN_TAG_TEXT.fullmatch(text):
        return None  # the common case, without a look-up of each character's category
    for ch in text:
        if ord(ch) > 0xFF:
            return (
                f"{ch!r} cannot be used: IAM policy documents accept only characters up to "
                "U+00FF (Latin-1)."
            )
        if ch in TAG_PUNCTUATION:
            continue
        category = unicodedata.category(ch)
        if category[0] in "LN" or category == "Zs":
            continue
        name = {"\n": "a line break", "\t": "a tab", '"': "a double quote", "\\": "a backslash"}
        shown = name.get(ch, repr(ch))
        return f"{shown} is not allowed in tags. Use letters, digits, spaces and _ . : / = + - @."
    return None


@dataclass(frozen=True)
class Tag:
    key: str
    value: str


def clean_tag_key(key: str) -> str:
    key = key.strip()
    if not key:
        raise ParamError("A tag key cannot be empty.")
    if len(key) > 128:
        raise ParamError(f"A tag key is at most 128 characters; this has {len(key)}.")
    if key.lower().startswith("aws:"):
        raise ParamError("Tag keys starting with aws: are reserved for AWS.")
    problem = _tag_text_problem(key)
    if problem:
        raise ParamError(f"Tag key: {problem}")
    return key


def clean_tag_value(value: str) -> str:
    if len(value) > 256:
        raise ParamError(f"A tag value is at most 256 characters; this has {len(value)}.")
    problem = _tag_text_problem(value)
    if problem:
        raise ParamError(f"Tag value: {problem}")
    return value


@dataclass(frozen=True)
class TagKeyParam(Param):
    kind: ClassVar[str] = "tag_key"

    def clean_text(self, text: str) -> str:
        return clean_tag_key(text)


@dataclass(frozen=True)
class TagsParam(Param):
    """One or more tag key/value pairs.

    Raw input is a list whose items are ``(key, value)`` pairs or ``"key=value"``
    strings (split at the first ``=``, so a key cannot contain ``=`` there).
    """

    kind: ClassVar[str] = "tags"
    multiple: ClassVar[bool] = True

    def clean(self, raw: Raw) -> tuple[Tag, ...]:
        items = self._pairs(raw)
        if not items:
            raise ParamError("Add at least one tag.")
        if len(items) > MAX_TAGS:
            raise ParamError(f"At most {MAX_TAGS} tags.")
        tags = []
        seen: set[str] = set()
        for key, value in items:
            key = clean_tag_key(key)
            if key.lower() in seen:
                raise ParamError(f"The tag key {key!r} is given twice; each key once.")
            seen.add(key.lower())
            tags.append(Tag(key, clean_tag_value(value)))
        return tuple(tags)

    @staticmethod
    def _pairs(raw: Raw) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for item in as_list(raw):
            if isinstance(item, str):
                if not item.strip():
                    continue
                if "=" not in item:
                    raise ParamError(f"Write each tag as KEY=VALUE; {item!r} has no '='.")
                key, _, value = item.partition("=")
                pairs.append((key, value))
            elif isinstance(item, Sequence) and len(item) == 2:
                key, value = item
                if not str(key or "").strip() and not str(value or ""):
                    continue
                pairs.append((str(key or ""), str(value or "")))
            else:
                raise ParamError("Each tag is a key and a value.")
        return pairs

    def example_raw(self) -> list[str]:
        return [f"{t.key}={t.value}" for t in self.example]


@dataclass(frozen=True)
class ActionsParam(Param):
    """The scenario's actions as a checklist: all default ones checked, at least one kept."""

    kind: ClassVar[str] = "actions"
    multiple: ClassVar[bool] = True
    choices: tuple[str, ...] = field(default=())
    defaults: tuple[str, ...] = field(default=())
    required: bool = False

    @cached_property
    def _by_lower(self) -> dict[str, str]:
        """Each choice by its lower-case name, once per parameter (cleaned on every preview)."""
        return {c.lower(): c for c in self.choices}

    def clean(self, raw: Raw) -> tuple[str, ...]:
        items = as_list(raw)
        if not items:
            return self.defaults
        # Plain loops, one look-up per action: the live preview cleans the checklist on every
        # keystroke.
        by_lower = self._by_lower
        chosen: set[str] = set()
        unknown: list[str] = []
        for item in items:
            for part in str(item).split(","):
                wanted = part.strip()
                if wanted:
                    found = by_lower.get(wanted.lower())
                    if found is None:
                        unknown.append(wanted)
                    else:
                        chosen.add(found)
        if unknown:
            raise ParamError(
                f"Not an action of this scenario: {', '.join(unknown)}. "
                f"Choose from: {', '.join(self.choices)}."
            )
        if not chosen:
            raise ParamError("Keep at least one action.")
        return tuple(c for c in self.choices if c in chosen)

    def example_raw(self) -> list[str]:
        return list(self.defaults)

    def describe(self) -> dict[str, Any]:
        return super().describe() | {"choices": list(self.choices)}


@dataclass(frozen=True)
class ResourceIdParam(Param):
    """The ID (a UUID) of one resource: a security profile, a phone number, an assistant...

    Only the ID is taken: the partition, region, account and instance come
    from their own fields, so an ARN pasted here is refused with its ID shown.
    """

    kind: ClassVar[str] = "resource_id"
    #: What the ID names, for the messages ("security profile").
    what: str = "resource"

    def clean_text(self, text: str) -> str:
        lowered = text.lower()
        if UUID_RE.fullmatch(lowered):
            return lowered
        if text.startswith("arn:"):
            last = re.split(r"[/:]", text)[-1]
            if UUID_RE.fullmatch(last.lower()):
                raise ParamError(
                    f"Enter only the {self.what} ID, the last part of the ARN: {last.lower()}. "
                    "The instance, region and account come from their own fields."
                )
        raise ParamError(
            f"The {self.what} ID is a UUID such as a1b2c3d4-5678-90ab-cdef-0123456789ab "
            "(the last part of its ARN)."
        )


@dataclass(frozen=True)
class NameParam(Param):
    """A resource name (or the beginning of names) with the service's own character rule."""

    kind: ClassVar[str] = "name"
    #: The characters allowed, as a regex character class body (``A-Za-z0-9_.-``).
    characters: str = "A-Za-z0-9_.-"
    #: The characters in words, for the messages.
    rule: str = "letters, digits and _ . -"
    max_length: int = 255
    #: What the name names, for the messages ("event integration").
    what: str = "resource"

    def clean_text(self, text: str) -> str:
        if "*" in text or "?" in text:
            raise ParamError(
                f"Enter the {self.what} name without wildcards (* or ?); the policy adds "
                "what it needs."
            )
        if len(text) > self.max_length:
            raise ParamError(
                f"The {self.what} name is at most {self.max_length} characters; this has "
                f"{len(text)}."
            )
        bad = sorted({ch for ch in text if not re.fullmatch(f"[{self.characters}]", ch)})
        if bad:
            shown = " ".join(repr(ch) for ch in bad)
            raise ParamError(f"{shown} cannot be used: the {self.what} name has only {self.rule}.")
        return text


@dataclass(frozen=True)
class FixedIdParam(Param):
    """An ID of a fixed form other than a UUID (a Voice ID domain ID: 22 letters and digits)."""

    kind: ClassVar[str] = "fixed_id"
    pattern: str = "[A-Za-z0-9]{22}"
    rule: str = "22 letters and digits"
    what: str = "resource"

    def clean_text(self, text: str) -> str:
        if not re.fullmatch(self.pattern, text):
            raise ParamError(f"The {self.what} ID is {self.rule}, for example {self.example}.")
        return text
