"""The CI templates and pre-commit hooks `reportal init` ships (and the demo portal uses): valid
YAML of the expected shape, calling only Reportal commands that exist, with options that exist.

Each `reportal …` line of a workflow is run in a portal made by `reportal init` holding an
approved report, in the order CI runs them (a pull request, then the merge), and must exit 0.
Other lines (apt-get, pip, git push, rsync) need a network or a server and are not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportal.authoring.init import SKELETON_DIR
from reportal.cli.main import COMMANDS

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TODAY = "2026-12-06"
GITHUB = (".github/workflows/reportal-preview.yml", ".github/workflows/reportal-publish.yml")
GITLAB = ".gitlab-ci.yml"
# Values the forge gives the workflows' expressions and variables in this test.
EXPRESSIONS = {"github.base_ref": "main"}
GITLAB_VARIABLES = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_COMMIT_BRANCH": "main"}
REPORTAL_CALL = re.compile(r"(?:^|[;&|(]\s*|\bdo\s+|\bthen\s+)reportal\s+([a-z-]+)")
PLACEHOLDER = re.compile(r"（待填写：[^）]*）")


def skeleton(rel: str) -> Path:
    return SKELETON_DIR / "/".join(p.replace(".", "dot-", 1) if p.startswith(".") else p
                                   for p in rel.split("/"))  # fmt: skip


def load(rel: str) -> Any:
    return yaml.safe_load(skeleton(rel).read_text("utf-8"))


@pytest.mark.parametrize("rel", [*GITHUB, GITLAB, ".pre-commit-config.yaml"])
def test_the_demo_portal_uses_the_templates_init_ships(rel: str) -> None:
    assert (REPO_ROOT / rel).read_text("utf-8") == skeleton(rel).read_text("utf-8")


def test_pull_request_workflow_checks_and_previews_without_secrets() -> None:
    text = skeleton(GITHUB[0]).read_text("utf-8")
    flow = load(GITHUB[0])
    assert list(flow[True]) == ["pull_request"]  # YAML 1.1 reads the key `on` as True
    assert flow["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    steps = flow["jobs"]["preview"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "reportal check --format github" in runs
    assert re.search(r"^reportal build --format github$", runs, re.M)  # with PDFs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"


def test_default_branch_workflow_freezes_builds_archives_and_publishes() -> None:
    flow = load(GITHUB[1])
    assert flow[True]["push"]["branches"] == ["main"]
    steps = flow["jobs"]["publish"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [next(i for i, run in enumerate(runs) if marker in run)
             for marker in ("reportal build --freeze", "git push", "reportal archive",
                            "reportal verify", "site/customers/*/")]  # fmt: skip
    assert order == sorted(order)
    publish = steps[-1]
    assert "REPORTAL_DEPLOY_TARGET" in publish["if"]  # skipped until a server is configured


def test_gitlab_pipeline_has_the_same_two_jobs() -> None:
    pipeline = load(GITLAB)
    assert pipeline["stages"] == ["preview", "publish"]
    preview, publish = pipeline["preview"], pipeline["publish"]
    assert "merge_request_event" in preview["rules"][0]["if"]
    assert preview["artifacts"]["paths"] == ["site/"]
    assert publish["rules"][0]["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
    script = "\n".join(publish["script"])
    assert script.index("reportal build --freeze") < script.index("reportal archive")


def test_every_reportal_call_names_a_command() -> None:
    for rel in (*GITHUB, GITLAB):
        lines = _reportal_lines(skeleton(rel).read_text("utf-8"))
        called = [c for line in lines for c in REPORTAL_CALL.findall(line)]
        assert called, rel
        assert set(called) <= set(COMMANDS), rel


def test_pre_commit_hooks_run_real_commands(tmp_path: Path) -> None:
    local = load(".pre-commit-config.yaml")
    (repo,) = local["repos"]
    assert repo["repo"] == "local"
    published = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {h["id"] for h in published} == {h["id"] for h in repo["hooks"]}
    portal = _portal(tmp_path)
    for hook in [*repo["hooks"], *published]:
        program, command, *_ = hook["entry"].split()
        assert (program, command in COMMANDS, hook["pass_filenames"]) == ("reportal", True, False)
        assert re.match(hook["files"], "reports/example/2026/SR-EXAMPLE-2026-11-01.md") or (
            "codeowners" in hook["id"] and re.match(hook["files"], "data/people.yml")
        )
        result = _shell(hook["entry"], portal, {})
        assert result.returncode == 0, f"{hook['id']}: {result.stdout}{result.stderr}"


@pytest.mark.slow
def test_github_workflows_reportal_steps_pass_in_a_new_portal(tmp_path: Path) -> None:
    portal = _portal(tmp_path)
    ran: list[str] = []
    for rel in GITHUB:  # the pull request, then the merge
        flow = load(rel)
        for job in flow["jobs"].values():
            env = _expand(job.get("env", {}))
            for step in job["steps"]:
                if _reportal_lines(step.get("run", "")):
                    step_env = {**env, **_expand(step.get("env", {}))}
                    ran += _run_reportal_lines(step["run"], portal, step_env)
    assert [REPORTAL_CALL.findall(line)[0] for line in ran] == [
        "check", "codeowners", "build", "build", "archive", "verify"]  # fmt: skip
    assert list((portal / "reports/example/2026").glob("*.snapshot.json"))  # --freeze froze it
    assert list((portal / "archive/example").glob("*.manifest.json"))


@pytest.mark.slow
def test_gitlab_pipeline_reportal_lines_pass_in_a_new_portal(tmp_path: Path) -> None:
    portal = _portal(tmp_path)
    pipeline = load(GITLAB)
    ran: list[str] = []
    for name in ("preview", "publish"):
        for item in pipeline[name]["script"]:
            ran += _run_reportal_lines(item, portal, GITLAB_VARIABLES)
    assert len(ran) == 6
    assert list((portal / "archive/provider").glob("*.tar"))


def _reportal_lines(script: str) -> list[str]:
    """The lines of a shell script that call reportal (each runs on its own)."""
    lines = (text.strip() for text in script.splitlines())
    return [line for line in lines if not line.startswith("#") and REPORTAL_CALL.search(line)]


def _run_reportal_lines(script: str, portal: Path, env: dict[str, str]) -> list[str]:
    lines = _reportal_lines(script)
    for line in lines:
        result = _shell(line, portal, env)
        assert result.returncode == 0, f"{line}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
    return lines


def _shell(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "REPORTAL_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}  # fmt: skip
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", line], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=240)  # fmt: skip


def _expand(env: dict[str, str]) -> dict[str, str]:
    """``${{ name }}`` expressions replaced by this test's values (unknown ones: an error)."""
    return {key: re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: EXPRESSIONS[m[1]], str(value))
            for key, value in env.items()}  # fmt: skip


def _portal(tmp_path: Path) -> Path:
    """`reportal init`, one approved report (not yet frozen), a git repository whose default
    branch is also `origin/main`."""
    root = tmp_path / "portal"
    for args in (("init", str(root)), ("new", "--customer", "example", "--period", "2026-11")):
        result = _shell(" ".join(["reportal", *args]), tmp_path if args[0] == "init" else root, {})
        assert result.returncode == 0, result.stderr
    (report,) = (root / "reports").rglob("*.md")
    text = PLACEHOLDER.sub("本期服务平稳。", report.read_text("utf-8"))
    text = text.replace("status: draft", "status: approved\napproved_on: 2026-12-06\n"
                        "issued: 2026-12-06")  # fmt: skip
    report.write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "portal"],
                 ["update-ref", "refs/remotes/origin/main", "HEAD"]):  # fmt: skip
        subprocess.run([*git, *args], cwd=root, check=True, capture_output=True)
    shutil.rmtree(root / ".reportal-cache", ignore_errors=True)
    return root


def test_the_default_branch_keeps_the_cache_and_pull_requests_only_read_it() -> None:
    """``.reportal-cache/`` (KPI values, converted pages, PDFs) is kept between publications: a
    build from it computes only what changed. A pull request restores it and never saves one
    (its pickles are read by the next build: only the default branch writes them)."""
    preview = load(GITHUB[0])["jobs"]["preview"]["steps"]
    publish = load(GITHUB[1])["jobs"]["publish"]["steps"]
    restored = [s for s in preview if s.get("uses", "").startswith("actions/cache")]
    kept = [s for s in publish if s.get("uses", "").startswith("actions/cache")]
    assert [s["uses"] for s in restored] == ["actions/cache/restore@v4"]
    assert [s["uses"] for s in kept] == ["actions/cache@v4"]
    for step in (*restored, *kept):
        assert step["with"]["path"] == ".reportal-cache"
    build = next(i for i, s in enumerate(publish) if "reportal build" in s.get("run", ""))
    assert publish.index(kept[0]) < build
    pipeline = load(GITLAB)
    assert pipeline["preview"]["cache"]["policy"] == "pull"
    assert pipeline["publish"]["cache"]["policy"] == "pull-push"
    for job in ("preview", "publish"):
        assert pipeline[job]["cache"]["paths"] == [".reportal-cache/"]
