"""Cache keys of Reportal's code (issue 10, speed): one helper hashes the package files each
cache depends on."""

from __future__ import annotations

from pathlib import Path

from reportal.cachedir import PACKAGE, code_stamp, files_stamp


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_stamp_follows_the_files_its_patterns_match_and_no_others(tmp_path: Path) -> None:
    write(tmp_path / "kpi" / "engine.py", "A = 1\n")
    write(tmp_path / "kpi" / "deep" / "texts.yml", "a: b\n")
    write(tmp_path / "site" / "plugin.py", "B = 1\n")
    patterns = ("kpi/**/*.py", "kpi/**/*.yml")
    before = files_stamp(tmp_path, patterns)
    write(tmp_path / "site" / "plugin.py", "B = 2\n")
    assert files_stamp(tmp_path, patterns) == before
    write(tmp_path / "kpi" / "deep" / "texts.yml", "a: c\n")
    assert files_stamp(tmp_path, patterns) != before
    write(tmp_path / "kpi" / "deep" / "texts.yml", "a: b\n")
    (tmp_path / "kpi" / "engine.py").rename(tmp_path / "kpi" / "engine2.py")  # a file's name
    assert files_stamp(tmp_path, patterns) != before


def test_a_stamp_names_the_library_versions_it_was_made_with(tmp_path: Path) -> None:
    write(tmp_path / "a.py", "A = 1\n")
    plain = files_stamp(tmp_path, ["*.py"])
    assert files_stamp(tmp_path, ["*.py"], ["jinja2"]) != plain
    assert files_stamp(tmp_path, ["*.py"], ["jinja2"]) != files_stamp(tmp_path, ["*.py"], ["no"])


def test_the_package_stamp_is_cached_and_matches_the_files() -> None:
    stamp = code_stamp("validate/**/*.py")
    assert code_stamp("validate/**/*.py") is stamp
    assert stamp == files_stamp(PACKAGE, ["validate/**/*.py"])
    assert stamp != code_stamp("model/**/*.py")
