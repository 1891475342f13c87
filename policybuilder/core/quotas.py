"""IAM's size quotas for an identity policy, by how it is attached: the one table.

The validator's size check and its sentences, the forms' choice labels, the API's schema, the
command line's ``--quota`` and the combined policy's split all read it; a test holds the
README's figures to it.  Source: IAM User Guide, "IAM and AWS STS quotas" (characters counted
without whitespace; a user's, a group's or a role's inline policies count all together).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quota:
    #: The name the forms, the API and ``--quota`` use.
    name: str
    #: Characters without whitespace.
    limit: int
    #: What the quota is for, in the validator's sentences ("... allowed for a customer managed
    #: policy").
    attached_to: str
    #: The start of the forms' choice label ("Managed policy (6,144 characters)").
    title: str
    #: An inline policy's quota counts all the inline policies of its user, group or role.
    inline: bool = True

    @property
    def label(self) -> str:
        """The forms' choice: 'Managed policy (6,144 characters)', 'Inline, on a user (2,048
        in all)'."""
        return f"{self.title} ({self.limit:,} {'in all' if self.inline else 'characters'})"


def _inline(name: str, limit: int) -> Quota:
    return Quota(
        name,
        limit,
        f"the inline policies of a {name} (all of them together)",
        f"Inline, on a {name}",
    )


ALL: tuple[Quota, ...] = (
    Quota("managed", 6144, "a customer managed policy", "Managed policy", inline=False),
    _inline("user", 2048),
    _inline("group", 5120),
    _inline("role", 10240),
)
BY_NAME = {q.name: q for q in ALL}
NAMES = tuple(BY_NAME)
#: Each quota's limit by name.
LIMITS: dict[str, int] = {q.name: q.limit for q in ALL}
#: The largest identity-policy quota (a role's inline policies).
LARGEST = max(ALL, key=lambda q: q.limit)
