"""Secrets that are shown once and stored only as a hash (API tokens, invitation links)."""

from __future__ import annotations

import hashlib


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as stored and looked up (the token itself is never stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
