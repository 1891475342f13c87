"""Demo data for `make run`: a team owned by the administrator, with a few saved templates,
one combined policy and two team rules.

Running it again changes nothing: the team, the membership and each template
are looked up by their slug or name first.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from policybuilder.core import combine, scenarios
from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role, SavedTemplate, Team

TEAM_NAME = "Contact centre admins"
TEAM_SLUG = "contact-centre-admins"

#: (scenario slug, template name, description), filled with the scenario's example values.
DEMO_TEMPLATES = (
    (
        "view-own-permissions",
        "Agents: view own IAM permissions",
        "Lets each agent see the IAM policies attached to their own user.",
    ),
    (
        "users-by-resource-tag",
        "Supervisors: manage users tagged Department=Support",
        "Supervisors manage only the Connect users their department tagged.",
    ),
    (
        "campaigns-onboarding",
        "Outbound campaigns: onboarding",
        "Set up outbound campaigns on the production instance.",
    ),
)

#: A combined policy of several scenarios, each with its example values.
DEMO_COMBINED = (
    "Supervisors: users by tag, and campaigns read-only",
    "One role's policy, combined from two scenarios.",
    ("users-by-resource-tag", "campaigns-read-only"),
)


#: (name, action patterns, resource patterns): the demo team's rules, which no demo template
#: breaks; the rules page shows them and a save that grants one is refused.
DEMO_RULES = (
    ("No instance deletion", ["connect:DeleteInstance"], ["*"]),
    ("No passing roles", ["iam:PassRole"], ["*"]),
)


def _demo_templates() -> list[tuple[str, str, str, dict]]:
    """(scenario slug, name, description, raw values) of every demo template."""
    out = []
    for slug, name, description in DEMO_TEMPLATES:
        out.append((slug, name, description, scenarios.get(slug).example_values()))
    name, description, slugs = DEMO_COMBINED
    parts = [{"scenario": s, "values": scenarios.get(s).example_values()} for s in slugs]
    out.append((combine.COMBINED, name, description, {"quota": "managed", "parts": parts}))
    return out


class Command(BaseCommand):
    help = "Create the demo team and its saved templates (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="The demo team's owner.")

    @transaction.atomic
    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        owner = User.objects.filter(username=username).first()
        if owner is None:
            raise CommandError(f"No user {username!r}: run `manage.py bootstrap` first.")
        team = Team.objects.filter(slug=TEAM_SLUG).first()
        if team is None:
            team = services.team_create(name=TEAM_NAME, owner=owner, slug=TEAM_SLUG)
            self.stdout.write(f"Created the team {TEAM_NAME!r}.")
        elif not Membership.objects.filter(team=team, user=owner).exists():
            Membership.objects.create(team=team, user=owner, role=Role.OWNER)
        created = 0
        for slug, name, description, raw_values in _demo_templates():
            if SavedTemplate.objects.filter(team=team, name=name).exists():
                continue
            services.template_create(
                team=team,
                scenario=slug,
                raw_values=raw_values,
                name=name,
                description=description,
                note="Demo template from the scenarios' example values",
                author=owner,
            )
            created += 1
        for name, actions, resources in DEMO_RULES:
            if not team.access_rules.filter(name=name).exists():
                services.access_rule_create(
                    team=team, actor=owner, name=name, actions=actions, resources=resources
                )
        self.stdout.write(
            self.style.SUCCESS(f"Demo team {team.slug}: {created} template(s) added.")
            if created
            else f"Demo team {team.slug} is set up; nothing to do."
        )
