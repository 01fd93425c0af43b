"""Staging trees: what each edition's build can see (no rendering here; see test_editions_leak)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from reportal.portal.editions import Edition, all_editions, forbidden_texts, resolve_editions
from reportal.publish.staging import stage_edition
from reportal.site.yamlconfig import Tagged, dump_config, load_config_text
from reportal.validate.portal import load_portal

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"


@pytest.fixture
def portal_root(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    shutil.copytree(FIXTURE, root)
    return root


def stage(root: Path, edition_id: str, tmp_path: Path) -> Path:
    portal = load_portal(root)
    edition = next(e for e in all_editions(portal) if e.id == edition_id)
    config = stage_edition(portal, edition, tmp_path / "stage" / edition_id, tmp_path / "out")
    return config.parent


def all_text(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(folder.rglob("*")) if p.is_file())


def test_customer_stage_holds_only_its_issued_public_reports(portal_root: Path, tmp_path: Path):
    staged = stage(portal_root, "huaxin", tmp_path)
    reports = sorted(p.name for p in (staged / "reports").rglob("*.md"))
    assert reports == [
        "SR-HUAXIN-2026-01-01.md",  # approved
        "SR-HUAXIN-2026-02-01.md",  # superseded
        "SR-HUAXIN-2026-02-02.md",  # approved amendment
    ]  # not the draft 03-01, not the confidentiality: internal 04-01, nothing of dingsheng


def test_customer_stage_has_no_internal_section_no_foreign_data(portal_root: Path, tmp_path: Path):
    staged = stage(portal_root, "huaxin", tmp_path)
    text = all_text(staged)
    assert "CANARY-HUAXIN-PUB-0103" in text  # public text next to a nested internal section
    for secret in ("-INT-", "-DRAFT-", "-CONF-", "DINGSHENG", "dingsheng", "鼎盛", "PROVIDER-DATA"):
        assert secret not in text, secret
    assert (staged / "data/exports/huaxin/tickets.csv").is_file()
    assert not (staged / "data/exports/dingsheng").exists()
    assert not (staged / "data/notes.txt").exists()


def test_registry_yaml_is_filtered_but_still_valid(portal_root: Path, tmp_path: Path):
    staged = stage(portal_root, "huaxin", tmp_path)
    customers = yaml.safe_load((staged / "data/customers.yml").read_text("utf-8"))
    assert list(customers) == ["huaxin"]
    people = yaml.safe_load((staged / "data/people.yml").read_text("utf-8"))
    assert all("dingsheng" not in (p.get("roles") or {}) for p in people.values())
    staged_portal = load_portal(staged)
    assert [i for i in staged_portal.issues if i.is_error] == []
    assert len(staged_portal.reports) == 3


def test_provider_stage_holds_everything_uncut(portal_root: Path, tmp_path: Path):
    staged = stage(portal_root, "provider", tmp_path)
    assert len(list((staged / "reports").rglob("*.md"))) == 7
    text = all_text(staged / "reports")
    assert "CANARY-HUAXIN-INT-0104" in text and "CANARY-DINGSHENG-REVIEW-0201" in text
    assert (staged / "data/exports/dingsheng/tickets.csv").is_file()


def test_config_is_rewritten_for_the_edition(portal_root: Path, tmp_path: Path):
    config_file = portal_root / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text("utf-8").replace(
            "edition: provider", "edition: provider\n      root: .."
        ),
        "utf-8",
    )
    staged = stage(portal_root, "huaxin", tmp_path)
    config = load_config_text((staged / "mkdocs.yml").read_text("utf-8"))
    assert config["site_dir"] == str(tmp_path / "out")
    assert config["site_name"] == "泄漏测试门户 · 华信银行"
    assert config["site_url"] == "https://reports.example/customers/huaxin/"
    plugin = next(
        p["reportal"] for p in config["plugins"] if isinstance(p, dict) and "reportal" in p
    )
    assert plugin == {"edition": "huaxin"}  # `root: ..` would point the build back at the portal
    # the staff home gives way to the customer's own
    home = (staged / "docs/index.md").read_text("utf-8")
    assert home.startswith("---\nrender_macros: false\n") and "## 最新报告" in home


def test_mkdocs_tags_survive_the_rewrite() -> None:
    text = (
        "theme:\n  language: !ENV [LANG, zh]\nx: !!python/name:material.extensions.emoji.twemoji\n"
    )
    config = load_config_text(text)
    assert config["theme"]["language"] == Tagged("!ENV", ["LANG", "zh"])
    again = dump_config(config)
    assert "!ENV" in again and "!!python/name:material.extensions.emoji.twemoji" in again
    assert load_config_text(again) == config


def test_resolve_editions(portal_root: Path):
    portal = load_portal(portal_root)
    assert [e.id for e in resolve_editions(portal, "all")[0]] == ["provider", "dingsheng", "huaxin"]
    assert resolve_editions(portal, "huaxin")[0] == [Edition("huaxin", "huaxin")]
    editions, issues = resolve_editions(portal, "acme")
    assert editions == [] and issues[0].code == "E001" and "huaxin" in (issues[0].hint or "")


def test_forbidden_texts_of_a_customer(portal_root: Path):
    portal = load_portal(portal_root)
    numbers = forbidden_texts(portal, Edition("huaxin", "huaxin"))
    assert "SR-HUAXIN-2026-03-01" in numbers and "SR-DINGSHENG-2026-01-01" in numbers
    assert "SR-HUAXIN-2026-02-01" not in numbers
    assert forbidden_texts(portal, Edition("provider")) == []


def test_site_name_shows_registry_text_as_text(portal_root: Path, tmp_path: Path) -> None:
    """Material prints site_name unescaped in the header, nav and <title> of every page."""
    customers = portal_root / "data/customers.yml"
    text = customers.read_text("utf-8")
    customers.write_text(text.replace("short_name: 华信银行", 'short_name: "华信<b>银行"'), "utf-8")
    staged = stage(portal_root, "huaxin", tmp_path)
    config = load_config_text((staged / "mkdocs.yml").read_text("utf-8"))
    assert config["site_name"] == "泄漏测试门户 · 华信&lt;b&gt;银行"


@pytest.mark.parametrize("edition_id", ["provider", "huaxin"])
def test_data_is_linked_but_docs_and_configs_are_copies(
    portal_root: Path, tmp_path: Path, edition_id: str
) -> None:
    """Exports are hard-linked into the stage (free to make and delete); everything staging
    rewrites is a copy, so writing the stage can never write through to the portal."""
    staged = stage(portal_root, edition_id, tmp_path)
    exports = [p for p in (staged / "data/exports").rglob("*") if p.is_file()]
    assert exports
    for path in exports:
        original = portal_root / path.relative_to(staged)
        assert path.stat().st_ino == original.stat().st_ino
    for path in [staged / "mkdocs.yml", *(p for p in (staged / "docs").rglob("*") if p.is_file())]:
        original = portal_root / path.relative_to(staged)
        if original.exists():
            assert path.stat().st_ino != original.stat().st_ino, path
    before = (portal_root / "mkdocs.yml").read_text(encoding="utf-8")
    assert (staged / "mkdocs.yml").read_text(encoding="utf-8") != before  # rewritten: a copy
