"""Start-up of a long-running process: load what every validation reads, then freeze.

The web server calls :func:`warm` once its application is loaded (``policybuilder/wsgi.py``),
and ``benchmarks/validate_corpus.py`` calls the same function before its warm figure, so that
the benchmark measures what the server does.
"""

from __future__ import annotations

import gc

#: A small policy that goes through every layer of the validator: the grammar's rules, an
#: action of a small service, an ARN, a global condition key, a Sid.
_PROBE = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Probe",
      "Effect": "Allow",
      "Action": ["sts:GetCallerIdentity"],
      "Resource": "arn:aws:iam::210987654321:role/probe",
      "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-2"}}
    }
  ]
}"""


def warm(*, freeze: bool = True) -> None:
    """Load the validator's fixed data (the schema's rules, the operators, the global
    condition keys, the catalogue's list of services) by validating a small policy; then,
    with ``freeze``, collect once and move every object alive to the garbage collector's
    permanent generation.

    What a process holds after its start-up (the modules, Django's URLs and templates, these
    tables) lives until it exits; left in the collector's oldest generation, it is scanned
    again by every full collection, which lands on whichever request is running (the Python
    documentation of ``gc.freeze`` recommends freezing after start-up). Catalogue services
    are still loaded on first use, after the freeze: a worker holds only those its requests
    name (``benchmarks/memory.py``).
    """
    from policybuilder.core.validator import validate

    validate(_PROBE)
    if freeze:
        gc.collect()  # no garbage is frozen: only what is alive now
        gc.freeze()
