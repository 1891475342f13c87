"""AWS partitions and regions, read from botocore's bundled endpoint data.

botocore is maintained by AWS and updated with every new region; reading its
JSON data files directly avoids importing the SDK itself.  Amazon Connect's
regions are those where botocore knows a ``connect`` endpoint.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

#: The partitions the builder offers (the others are closed, isolated clouds).
PARTITIONS = ("aws", "aws-cn", "aws-us-gov")


@functools.cache
def _data_dir() -> Path:
    spec = importlib.util.find_spec("botocore")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("botocore is not installed; it provides the AWS region list")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@functools.cache
def _regions_by_partition() -> dict[str, tuple[str, ...]]:
    data = json.loads((_data_dir() / "partitions.json").read_text())
    return {
        p["id"]: tuple(sorted(r for r in p["regions"] if not r.endswith("-global")))
        for p in data["partitions"]
    }


@functools.cache
def _connect_regions() -> dict[str, tuple[str, ...]]:
    data = json.loads((_data_dir() / "endpoints.json").read_text())
    out = {}
    for p in data["partitions"]:
        endpoints = p["services"].get("connect", {}).get("endpoints", {})
        out[p["partition"]] = tuple(sorted(r for r in endpoints if not r.startswith("fips-")))
    return out


def regions(partition: str) -> tuple[str, ...]:
    """Every region of a partition, Amazon Connect's first, each group sorted."""
    every = _regions_by_partition().get(partition, ())
    connect = connect_regions(partition)
    return connect + tuple(r for r in every if r not in connect)


def connect_regions(partition: str) -> tuple[str, ...]:
    """Regions of a partition where Amazon Connect is offered."""
    known = set(_regions_by_partition().get(partition, ()))
    return tuple(r for r in _connect_regions().get(partition, ()) if r in known)


def partition_of_region(region: str) -> str | None:
    for partition, names in _regions_by_partition().items():
        if region in names:
            return partition
    return None


def all_regions() -> frozenset[str]:
    return frozenset(r for names in _regions_by_partition().values() for r in names)
