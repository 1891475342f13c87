"""``python -m policybuilder.core.validator FILE...``: the validate_policy command without Django.

The same arguments, output and exit status as ``manage.py validate_policy`` (both call
:func:`.cli.main`), without setting Django up: what a pipeline that validates many
files wants, since the validator itself needs no Django.
"""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin, sys.stdout))
