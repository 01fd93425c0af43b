"""Read and write ``mkdocs.yml`` keeping its tags (``!ENV``, ``!relative``, ``!!python/name``).

The staging step rewrites a few keys of the portal's config per edition (``edition_config.py``).
PyYAML's safe loader refuses MkDocs' custom tags, so unknown tags are kept as :class:`Tagged`
values and written back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_SITE_DIR = "site"  # MkDocs' default ``site_dir``


@dataclass(frozen=True)
class Tagged:
    """A YAML node with a tag we do not interpret: written back as it was read."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def load_config_text(text: str) -> dict[str, Any]:
    """Parse mkdocs.yml text; unknown tags become :class:`Tagged`."""
    data = yaml.load(text, Loader=_Loader)
    return data if isinstance(data, dict) else {}


def dump_config(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def site_dir(root: Path) -> Path | None:
    """Where ``mkdocs build`` in ``root`` writes the site: ``site_dir`` of its mkdocs.yml (a
    plain path; else MkDocs' default); None without a mkdocs.yml."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return None
    try:
        value = load_config_text(path.read_text(encoding="utf-8")).get("site_dir")
    except (yaml.YAMLError, UnicodeDecodeError):
        value = None  # MkDocs itself will say what is wrong with the file
    return root / (value if isinstance(value, str) and value else DEFAULT_SITE_DIR)
