"""numpy and pandas, imported when first used rather than when a module naming them is.

A site build that finds every KPI in the caches (the build worker, after the checks computed
them) never touches a DataFrame, yet importing pandas (with numpy and pyarrow) costs a build
worker about 90 MB and half a second. The KPI engine's modules name them through these
stand-ins; the type checker sees the real modules::

    if TYPE_CHECKING:
        import pandas as pd
    else:
        from reportal.lazy_modules import pandas as pd

The first attribute read imports the module; its attributes are then copied onto the
stand-in, so later reads cost what a module's do.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for the module ``name`` until an attribute of it is read."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self.__name)
        vars(self).update(vars(module))
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self.__name!r}>"


numpy = LazyModule("numpy")
pandas = LazyModule("pandas")
