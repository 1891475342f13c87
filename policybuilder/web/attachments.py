"""Every download the site serves: one response builder and one rule for its file name."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from policybuilder.core import exports

#: Characters a file name keeps: IAM's policy-name characters, so an export's name is also a
#: valid policy name; none of them can end the header's quoted string or name a directory.
_UNSAFE = re.compile(r"[^A-Za-z0-9_+=,.@-]")


def file_stem(requested: str, default: str) -> str:
    """The stem a person typed (``.json`` dropped, spaces as ``_``, only safe characters, no
    leading dot), or ``default`` when nothing usable is left."""
    stem = requested.strip().removesuffix(".json").replace(" ", "_")
    stem = _UNSAFE.sub("", stem).lstrip(".")[:100]
    return stem or default


def attachment(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    """A download of ``content`` named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_attachment(export: exports.Export) -> HttpResponse:
    """A download of one export (:func:`policybuilder.core.exports.export`)."""
    return attachment(export.content, export.filename, f"{export.media_type}; charset=utf-8")
