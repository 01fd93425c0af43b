"""numpy and pandas are imported when first used (reportal/lazy_modules.py): importing the site
plugin, the checks and the KPI engine imports neither; reading an attribute imports the real
module and gives its objects."""

from __future__ import annotations

import json
import subprocess
import sys

from reportal.lazy_modules import LazyModule

IMPORTED = """
import json, sys
import reportal.kpi.checks, reportal.kpi.engine, reportal.kpi.snapshots, reportal.site.plugin
print(json.dumps([name for name in ("pandas", "numpy", "pyarrow") if name in sys.modules]))
"""


def test_the_plugin_and_the_engine_import_neither_numpy_nor_pandas() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_an_attribute_read_imports_the_module_and_gives_its_objects() -> None:
    lazy = LazyModule("json")
    assert repr(lazy) == "<lazy module 'json'>"
    assert lazy.dumps is json.dumps
    assert vars(lazy)["loads"] is json.loads  # copied: later reads skip __getattr__
    from reportal.kpi import cache

    assert cache.pd.DataFrame({"a": [1, 2]})["a"].sum() == 3  # the real pandas, when used
