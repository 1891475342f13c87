"""``python -m policybuilder.core.validator FILE...``: the validate_policy command without Django.

The same arguments, output and exit status as ``manage.py validate_policy`` (both call
:func:`.cli.main`), without setting Django up: what a pipeline that validates many
files wants, since the validator itself needs no Django.
"""

from __future__ import annotations

import gc
import sys

from .cli import main

#: The cyclic garbage collector's first threshold for this one-shot command (CPython's
#: default is 700). Validating many files allocates millions of small objects that live to
#: the end (the catalogue's tables, the caches, the findings) and almost no cycles: with the
#: default, the collector re-scans them over and over: on the 1,523 managed policies, 566
#: collections and 0.37 s, a sixth of the command's CPU time. The whole run makes about
#: 310,000 containers that live and a few hundred in cycles: with a million, it collects
#: nothing (with 100,000, 3 young-generation collections took 0.09 to 0.13 s to free 500
#: objects); a larger run collects once per million new containers, the same cost per
#: object, and the peak memory is the same (about 200 MB). Only this command sets it: a
#: long-running process (the web server, manage.py validate_policy) keeps Python's default.
GC_THRESHOLD = 1_000_000

if __name__ == "__main__":
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    status = main(sys.argv[1:], sys.stdin, sys.stdout)
    # The interpreter's shutdown runs full collections over everything still alive (the
    # catalogue, the caches, the findings: about 200 MB after the managed policies): 0.4 to
    # 0.5 s, a fifth of the command's time, to find no garbage. Frozen objects are left out
    # of those collections; the report is written and the process ends the same way.
    gc.freeze()
    sys.exit(status)
