"""``manage.py simulate_policy POLICY.json --requests REQUESTS.json [--format text|json]``."""

from __future__ import annotations

from policybuilder.core.semantics.cli import simulate_main
from policybuilder.web.management.core_command import CoreCommand


class Command(CoreCommand):
    help = (
        "Evaluate a JSON list of requests against an IAM identity-based policy, offline "
        "(- reads standard input). Exit status 1 for an invalid policy, 2 for a bad requests file."
    )
    main = staticmethod(simulate_main)
