"""``manage.py access_summary POLICY.json [--format text|json]``."""

from __future__ import annotations

from policybuilder.core.semantics.cli import summary_main
from policybuilder.web.management.core_command import CoreCommand


class Command(CoreCommand):
    help = (
        "List every action an IAM identity-based policy allows, by service and access level "
        "(- reads standard input). Exit status 1 for an invalid policy."
    )
    main = staticmethod(summary_main)
