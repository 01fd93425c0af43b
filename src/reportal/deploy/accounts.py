"""Accounts for HTTP Basic: a credentials file -> one htpasswd file per edition.

The credentials file (YAML) maps an edition (``provider`` or a customer id) to its accounts::

    provider:
      li.na: "a long passphrase"          # provider staff: keys of data/people.yml
    huaxin:
      chen.ming: "$2b$08$..."             # a bcrypt hash is taken as it is

Each password is hashed with bcrypt (``$2b$``, read by nginx through the system's crypt()),
and ``<edition>.htpasswd`` is written for every edition, empty when it has no account (nginx
then refuses everyone there). An account name may appear under one edition only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from reportal.issues import Issue, Severity, did_you_mean
from reportal.model.registry import Registry
from reportal.portal.editions import PROVIDER

DEFAULT_ROUNDS = 8  # 15 ms per check on a 2-core VM; nginx checks on every request
MIN_PASSWORD = 12
ACCOUNT_NAME = re.compile(r"^[A-Za-z0-9._@+-]{1,64}$")
BCRYPT_HASH = re.compile(r"^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$")


@dataclass(frozen=True)
class Account:
    edition: str  # "provider" or a customer id
    name: str
    secret: str  # a password, or a bcrypt hash
    line: int


def htpasswd_name(edition: str) -> str:
    return f"{edition}.htpasswd"


def edition_ids(registry: Registry) -> list[str]:
    return [PROVIDER, *sorted(registry.customers)]


def read_accounts(path: Path, shown: str) -> tuple[list[Account], list[Issue]]:
    """Parse the credentials file; ``shown`` is how issues name it (never a host path)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        return [], [Issue(shown, None, None, "H002", f"cannot read the credentials: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return [], [Issue(shown, line, None, "H002", f"not valid YAML: {error}")]
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [_shape(shown, root.start_mark.line + 1, None)]
    return _accounts_of(root, shown)


def _accounts_of(root: yaml.MappingNode, shown: str) -> tuple[list[Account], list[Issue]]:
    accounts: list[Account] = []
    issues: list[Issue] = []
    for key, value in root.value:
        edition = str(key.value)
        if not isinstance(value, yaml.MappingNode):
            issues.append(_shape(shown, key.start_mark.line + 1, edition))
            continue
        for name, secret in value.value:
            line = name.start_mark.line + 1
            if not isinstance(secret, yaml.ScalarNode):
                issues.append(_shape(shown, line, f"{edition}.{name.value}"))
                continue
            accounts.append(Account(edition, str(name.value), str(secret.value), line))
    return accounts, issues


def _shape(shown: str, line: int, field: str | None) -> Issue:
    return Issue(
        shown,
        line,
        field,
        "H002",
        "expected `edition: {account: password}`",
        hint='e.g. `huaxin: {chen.ming: "a long passphrase"}`',
    )


def check_accounts(accounts: list[Account], registry: Registry, shown: str) -> list[Issue]:
    """Every rule an account must meet; all problems, each with its line."""
    issues: list[Issue] = []
    known = edition_ids(registry)
    first_edition: dict[str, str] = {}
    for account in accounts:
        issues += _check_one(account, known, registry, shown)
        other = first_edition.setdefault(account.name, account.edition)
        if other != account.edition:
            issues.append(
                _issue(
                    account,
                    shown,
                    "H006",
                    f"account also listed under {other!r}",
                    "one account reads one edition; give each its own name",
                )
            )
    return issues


def _check_one(account: Account, known: list[str], registry: Registry, shown: str) -> list[Issue]:
    if account.edition not in known:
        hint = did_you_mean(account.edition, known)
        return [_issue(account, shown, "H003", f"unknown edition {account.edition!r}", hint)]
    if not ACCOUNT_NAME.match(account.name):
        return [
            _issue(
                account,
                shown,
                "H005",
                "account names use A-Z a-z 0-9 . _ @ + - only",
                "e.g. `chen.ming`",
            )
        ]
    if account.edition == PROVIDER and account.name not in registry.people:
        hint = did_you_mean(account.name, registry.people)
        return [
            _issue(account, shown, "H004", "provider accounts are people of data/people.yml", hint)
        ]
    return _check_secret(account, shown)


def _check_secret(account: Account, shown: str) -> list[Issue]:
    if account.secret.startswith("$2"):
        if BCRYPT_HASH.match(account.secret):
            return []
        return [_issue(account, shown, "H005", "not a complete bcrypt hash", "hash it again")]
    if len(account.secret) < MIN_PASSWORD:
        message = f"password shorter than {MIN_PASSWORD} characters"
        return [
            _issue(account, shown, "H007", message, "use a longer passphrase", Severity.WARNING)
        ]
    return []


def _issue(
    account: Account,
    shown: str,
    code: str,
    message: str,
    hint: str | None,
    severity: Severity = Severity.ERROR,
) -> Issue:
    field = f"{account.edition}.{account.name}"
    return Issue(shown, account.line, field, code, message, hint=hint, severity=severity)


def hash_secret(secret: str, rounds: int = DEFAULT_ROUNDS) -> str:
    """A bcrypt hash of ``secret``; a secret that is a bcrypt hash already is kept."""
    if BCRYPT_HASH.match(secret):
        return secret
    return bcrypt.hashpw(secret.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def htpasswd_files(
    accounts: Iterable[Account], editions: Iterable[str], rounds: int = DEFAULT_ROUNDS
) -> dict[str, str]:
    """File name -> text: one ``name:hash`` line per account, a file for every edition."""
    lines: dict[str, list[str]] = {edition: [] for edition in editions}
    for account in accounts:
        lines[account.edition].append(f"{account.name}:{hash_secret(account.secret, rounds)}\n")
    return {htpasswd_name(edition): "".join(rows) for edition, rows in lines.items()}


def write_files(out: Path, files: Mapping[str, str], mode: int = 0o640) -> None:
    """Write each file atomically (temp file + rename), readable by owner and group only."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        temp = out / f".{name}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        temp.replace(out / name)
