"""Hashing helpers: token digests and keyed customer identifiers."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    """A URL-safe random token that starts with a readable prefix (e.g. "lytt_")."""
    return f"{prefix}{secrets.token_urlsafe(32)}"


def keyed_hash(key: str, value: str) -> str:
    """HMAC-SHA256 of a normalised identifier under an organisation's secret key."""
    return hmac.new(key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()
