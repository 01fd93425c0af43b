"""Where `reportal pdf` looks for a built site when no ``--site`` is given."""

from __future__ import annotations

from pathlib import Path

from reportal.cli.pdf import find_editions


def built(root: Path, folder: str) -> Path:
    (root / folder / "reports").mkdir(parents=True)
    return root / folder


def test_mkdocs_site_dir_is_read_as_yaml(tmp_path: Path) -> None:
    """A quoted path with a space (a regex over the file read ``built``)."""
    site = built(tmp_path, "built site")
    (tmp_path / "mkdocs.yml").write_text('site_name: x\nsite_dir: "built site"  # here\n')
    assert find_editions(tmp_path, None) == [site]
