"""Count the calls of a module's function while a test runs (the function still runs).
Importable from every test folder (tests/ is on sys.path via conftest)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest


def count_calls(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[Any]:
    """The positional arguments of every call of ``module.name`` from now on."""
    calls: list[Any] = []
    original = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls
