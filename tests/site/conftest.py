"""Site-layer fixtures: ``demo_site`` (the demo portal built once per session with
``mkdocs build --strict``); tmp portals are built with
``site_builds.make_portal`` + ``run_mkdocs``."""

from __future__ import annotations

import pytest

from site_builds import REPO_ROOT, Build, run_mkdocs


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_mkdocs(REPO_ROOT / "mkdocs.yml", tmp_path_factory.mktemp("demo") / "site")
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict of the demo portal failed:\n{build.log[-4000:]}")
    return build
