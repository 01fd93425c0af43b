"""The portal's language, ``zh`` or ``en``, decided the same way by every stage.

``REPORTAL_LANGUAGE`` (``reportal build --language en`` sets it for its builds; ``mkdocs build``
and ``mkdocs serve`` read it too) wins over the ``reportal`` plugin's ``language`` option in
mkdocs.yml, which wins over reportal.yml's ``language``; ``zh`` when none names a language.
"""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")
LANGUAGE_ENV = "REPORTAL_LANGUAGE"


def portal_language(option: object, settings_language: str) -> str:
    """The language of the portal being built (see the module docstring)."""
    for candidate in (os.environ.get(LANGUAGE_ENV), option, settings_language):
        if candidate in LANGUAGES:
            return str(candidate)
    return "zh"
