"""Front matter: Markdown text -> (mapping of strings, {field path: line}, body).

MkDocs swallows YAML errors and publishes broken front matter as body text, and YAML 1.1 turns
``NO`` into ``False``, ``0012`` into ``12`` and ``2024-02-30`` into an error or a date. This reader
keeps every scalar a string (the schema decides types later), reports duplicate keys, and keeps
the line of every field so each issue can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportal.issues import Issue

FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    """The parsed head of a report file.

    ``data`` holds strings, lists and dicts only. ``lines`` maps a dotted field path
    (``tags.1``, ``data_gaps.0.reason``) to its 1-based line in the file. ``body_line`` is the line
    on which ``body`` starts, so body issues can be reported with file lines.
    """

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    issues: list[Issue] = field(default_factory=list)

    def line_of(self, path: str) -> int:
        """The line of ``path`` or of its closest parent; the opening fence if none."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return ``(yaml_text, body, body_line)``; ``yaml_text`` is None without a closed fence."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != FENCE:
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in (FENCE, "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None, text, 1


def parse_front_matter(text: str, file: str) -> FrontMatter:
    """Parse ``text`` (a whole Markdown file) named ``file`` (repo-relative) for messages."""
    text = text.removeprefix("\ufeff")
    yaml_text, body, body_line = split_front_matter(text)
    if yaml_text is None:
        return FrontMatter({}, {}, body, body_line, [_missing_fence_issue(text, file)])
    try:
        node = yaml.compose(yaml_text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as error:
        return FrontMatter({}, {}, body, body_line, [_yaml_error_issue(error, file)])
    if node is None:
        return FrontMatter({}, {}, body, body_line, [])
    if not isinstance(node, MappingNode):
        issue = Issue(file, 2, None, "F003", "front matter must be a mapping of `field: value`")
        return FrontMatter({}, {}, body, body_line, [issue])
    builder = _Builder(file)
    data = builder.mapping(node, "")
    return FrontMatter(data, builder.lines, body, body_line, builder.issues)


def _missing_fence_issue(text: str, file: str) -> Issue:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if first.strip() == FENCE or (not first.strip() and FENCE in text.splitlines()[:5]):
        return Issue(
            file,
            1,
            None,
            "F001",
            "front matter must start at line 1 with `---` in the first column",
            hint="remove the blank lines or spaces before the opening `---`",
        )
    if first.strip() == FENCE:
        return Issue(file, 1, None, "F002", "front matter is not closed by a `---` line")
    return Issue(
        file,
        1,
        None,
        "F001",
        "the file has no front matter; a report starts with `---`, its fields, and `---`",
        hint="run `reportal new` to start from a template",
    )


def _yaml_error_issue(error: yaml.MarkedYAMLError, file: str) -> Issue:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the fence
    problem = (error.problem or str(error)).strip()
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "a value containing `: ` must be quoted"
    elif "found character '\\t'" in problem:
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif "expected <block end>" in problem or "did not find expected key" in problem:
        hint = "check the indentation: every field starts in the first column"
    return Issue(file, line, None, "F004", f"front matter is not valid YAML: {problem}", hint=hint)


class _Builder:
    """Turns composed YAML nodes into plain values, recording lines and duplicate keys."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self.issues: list[Issue] = []

    def value(self, node: Node, path: str) -> Any:
        self.lines.setdefault(path, _line(node)) if path else None
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, _join(path, str(i))) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return node.value

    def mapping(self, node: MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            child = _join(path, key)
            if key in result:
                first = self.lines.get(child)
                self.issues.append(
                    Issue(
                        self.file,
                        _line(key_node),
                        child,
                        "F005",
                        f"duplicate key `{key}` (first given on line {first})",
                        hint="keep one of the two; YAML would silently keep the last",
                    )
                )
                continue
            self.lines[child] = _line(key_node)
            result[key] = self.value(value_node, child)
        return result


def _line(node: Node) -> int:
    return node.start_mark.line + 2  # 1-based, after the opening fence on line 1


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
