"""Recognising a customer across visits without storing who they are.

A customer is identified by the keyed hash (HMAC-SHA256 under the organisation's secret
`customer_key`) of ONE normalised identifier, chosen in this order: e-mail address,
phone number, loyalty id. The kind is part of the hashed value, so a loyalty id can never
collide with a phone number. The same e-mail with different case or surrounding spaces
gives the same hash; another organisation (another key) gives a different hash.
"""

from __future__ import annotations

import re
from typing import Any

from lytt.lib.hashing import keyed_hash

_SPACES = re.compile(r"\s+")
_PHONE_NOISE = re.compile(r"[\s\-().]")


def normalise_email(value: str) -> str:
    return _SPACES.sub("", value or "").lower()


def normalise_phone(value: str) -> str:
    """Digits with an optional leading "+"; "00" becomes "+"."""
    cleaned = _PHONE_NOISE.sub("", value or "")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    plus = cleaned.startswith("+")
    digits = re.sub(r"\D", "", cleaned)
    return ("+" if plus else "") + digits if digits else ""


def normalise_loyalty_id(value: str) -> str:
    return _SPACES.sub("", value or "").upper()


def normalised_identifier(
    email: str | None = None, phone: str | None = None, loyalty_id: str | None = None
) -> str | None:
    """ "kind:value" for the first identifier given, or None (an anonymous customer)."""
    if email and (v := normalise_email(email)):
        return f"email:{v}"
    if phone and (v := normalise_phone(phone)):
        return f"phone:{v}"
    if loyalty_id and (v := normalise_loyalty_id(loyalty_id)):
        return f"loyalty:{v}"
    return None


def customer_key(
    org: Any, email: str | None = None, phone: str | None = None, loyalty_id: str | None = None
) -> str | None:
    """The keyed hash recognising this customer in `org`, or None when anonymous."""
    identifier = normalised_identifier(email, phone, loyalty_id)
    if identifier is None:
        return None
    return keyed_hash(org.customer_key, identifier)
