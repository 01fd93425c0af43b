"""What identifies a customer in text: the names, ids, codes, addresses and contacts that must
not appear in another customer's edition. The editions decide with it what an edition may not
hold; the publish scan (``publish/scan.py``) looks for these texts in every built file.

An id or code (``TOKEN``) must stand on its own to count; shorter texts are left out.
"""

from __future__ import annotations

import re

from reportal.model.registry import Registry

TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z._@+-]*[0-9A-Za-z]")
MIN_TOKEN = 3  # shorter ids or codes would match stray letters in minified scripts
MIN_TEXT = 2  # a Chinese personal name can have two characters
MIN_ADDRESS_PART = 4  # parts of an address between spaces and digits, e.g. "华信大厦"
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")


def identifying_texts(registry: Registry, customer: str) -> list[str]:
    """What identifies every customer but ``customer``: names, id, code, address (whole and its
    longer parts), contact name, e-mail and phone. A text that ``customer``, the provider or a
    person in ``people.yml`` also uses is left out (two customers on one street)."""
    own = [compact_text(text).lower() for text in _own_texts(registry, customer)]
    found: list[str] = []
    for cid, other in sorted(registry.customers.items()):
        if cid != customer:
            texts = [cid, other.name, other.short_name, other.code, *_address_texts(other.address)]
            contact = other.contact or {}
            texts += [str(contact.get(key) or "") for key in ("name", "email", "phone")]
            found += [t for t in texts if _long_enough(t) and not _is_own(t, own)]
    unique: dict[str, str] = {}  # "huaxin" and its code "HUAXIN" match alike
    for text in found:
        unique.setdefault(text.strip().casefold(), text.strip())
    return list(unique.values())


def _own_texts(registry: Registry, customer: str) -> list[str]:
    provider = registry.settings.provider
    texts = [provider.name, provider.name_en, provider.address, provider.phone]
    texts += [text for person in registry.people.values() for text in (person.name, person.email)]
    mine = registry.customers.get(customer)
    if mine is not None:
        texts += [customer, mine.name, mine.short_name, mine.code, mine.address]
        texts += [str(value) for value in (mine.contact or {}).values()]
    return [text for text in texts if text]


def _address_texts(address: str) -> list[str]:
    parts = re.split(r"[\s\d]+", address)
    return [address, *(p for p in parts if len(p) >= MIN_ADDRESS_PART and not p.isascii())]


def _long_enough(text: str) -> bool:
    text = text.strip()
    return len(text) >= (MIN_TOKEN if TOKEN.fullmatch(text) else MIN_TEXT)


def _is_own(text: str, own: list[str]) -> bool:
    compact = compact_text(text).lower()
    return any(compact in mine for mine in own)


def compact_text(text: str) -> str:
    """``text`` without white space and zero-width characters."""
    for char in _ZERO_WIDTH:
        if char in text:
            text = text.replace(char, "")
    return "".join(text.split())
