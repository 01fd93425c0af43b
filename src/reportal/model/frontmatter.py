"""Front matter: Markdown text -> (mapping of strings, {field path: line}, body).

MkDocs swallows YAML errors and publishes broken front matter as body text, and YAML 1.1 turns
``NO`` into ``False``, ``0012`` into ``12`` and ``2024-02-30`` into an error or a date. This reader
keeps every scalar a string (the schema decides types later; only an unquoted empty value, ``~``
or ``null`` becomes ``None``), reports duplicate keys, and keeps the line of every field so each
issue can point at it. The same reader loads the registry files (``parse_yaml_document``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportal.issues import Issue

T = TypeVar("T")
FENCE = "---"
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_NODES = 100_000  # an alias bomb ("billion laughs") stops here
MAX_FRONT_MATTER_CHARS = 64 * 1024  # a report's front matter is a few hundred characters
MAX_DOCUMENT_CHARS = 4 * 1024 * 1024  # a registry file (reportal.yml, data/*.yml)
MAX_DEPTH = 32  # nested lists and mappings; PyYAML recurses once per level
_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


@dataclass(frozen=True)
class YamlDocument:
    """A YAML mapping whose scalars are strings, with the 1-based line of every field path."""

    data: dict[str, Any]
    lines: dict[str, int]
    issues: list[Issue] = field(default_factory=list)

    def line_of(self, path: str) -> int:
        """The line of ``path`` or of its closest parent; 1 if none."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1


@dataclass(frozen=True)
class FrontMatter(YamlDocument):
    """The parsed head of a report file.

    ``data`` holds strings, None, lists and dicts only. ``lines`` maps a dotted field path
    (``tags.1``, ``data_gaps.0.reason``) to its 1-based line in the file. ``body_line`` is the
    line on which ``body`` starts, so body issues can be reported with file lines.
    """

    body: str = ""
    body_line: int = 1


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
        return FrontMatter({}, {}, [_missing_fence_issue(text, file)], body, body_line)
    doc = parse_yaml_document(
        yaml_text,
        file,
        first_line=2,
        code="F004",
        allow_aliases=False,
        max_chars=MAX_FRONT_MATTER_CHARS,
    )
    return FrontMatter(doc.data, doc.lines, doc.issues, body, body_line)


def parse_yaml_document(
    text: str,
    file: str,
    first_line: int = 1,
    code: str = "D002",
    allow_aliases: bool = True,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> YamlDocument:
    """Compose ``text`` (YAML starting on ``first_line`` of ``file``) into a string mapping.

    Syntax errors become one Issue ``code`` at the YAML mark; duplicate keys are F005; a
    document that is not a mapping is F003; one over ``max_chars`` or nested deeper than
    ``MAX_DEPTH`` is F008. Never raises for bad input.
    """
    if len(text) > max_chars:
        message = f"the YAML is {len(text):,} characters long; the limit is {max_chars:,}"
        issue = Issue(file, first_line, None, "F008", message, hint="remove what does not belong")
        return YamlDocument({}, {}, [issue])
    try:
        node = _compose(text)
    except RecursionError:  # PyYAML recurses once per level: thousands of `[`
        return YamlDocument({}, {}, [_too_deep(text, file, first_line)])
    except yaml.MarkedYAMLError as error:
        return YamlDocument({}, {}, [_yaml_error_issue(error, file, first_line, code)])
    except yaml.YAMLError as error:  # e.g. a reader error: control characters in the text
        return YamlDocument(
            {}, {}, [Issue(file, first_line, None, code, f"not valid YAML: {error}")]
        )
    if node is None or (isinstance(node, ScalarNode) and node.value in NULLS):
        return YamlDocument({}, {})
    if not isinstance(node, MappingNode):
        message = "expected a mapping of `field: value` at the top level"
        return YamlDocument({}, {}, [Issue(file, first_line, None, "F003", message)])
    deep = _deepest(node)
    if deep is not None:
        return YamlDocument({}, {}, [_depth_issue(file, deep.start_mark.line + first_line)])
    builder = _Builder(file, first_line, allow_aliases)
    data = builder.mapping(node, "")
    return YamlDocument(data, builder.lines, builder.issues)


_C_LOADER: Any = getattr(yaml, "CBaseLoader", None)  # libyaml, when PyYAML was built with it
_C_MAX_CHARS = 256 * 1024
_C_MAX_BRACKETS = 4 * MAX_DEPTH


def _compose(text: str) -> Node | None:
    """Compose with libyaml when the text is small and shallow (a report's front matter: about
    5x faster than pure-Python PyYAML, the same nodes and marks); anything libyaml rejects is
    composed again by PyYAML, whose error messages the issues quote."""
    if _C_LOADER is not None and len(text) <= _C_MAX_CHARS and _brackets(text) <= _C_MAX_BRACKETS:
        try:
            return yaml.compose(text, Loader=_C_LOADER)  # type: ignore[no-any-return]
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.BaseLoader)


def _brackets(text: str) -> int:
    return text.count("[") + text.count("{")


_C_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def safe_load_with(text: str, read: Callable[[Node | None], T]) -> tuple[Any, T]:
    """``yaml.safe_load(text)`` and ``read`` of the composed document, from one parse: libyaml
    when PyYAML has it (several times faster; the same nodes, marks and data), PyYAML's own
    parser otherwise or when libyaml rejects the text (its errors are the ones issues quote;
    libyaml also stops at 1,000 nesting levels). ``read`` sees the document before the data are
    built from it, since building merges ``<<`` keys into the nodes."""
    if _C_SAFE_LOADER is not None:
        try:
            return _load_with(_C_SAFE_LOADER, text, read)
        except yaml.YAMLError:
            pass
    return _load_with(yaml.SafeLoader, text, read)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)`` through libyaml when PyYAML has it (as ``safe_load_with``)."""
    return safe_load_with(text, _nothing)[0]


def _nothing(node: Node | None) -> None:
    return None


def _load_with(loader_class: Any, text: str, read: Callable[[Node | None], T]) -> tuple[Any, T]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        seen = read(node)
        return (loader.construct_document(node) if node is not None else None), seen
    finally:
        loader.dispose()


def _deepest(root: Node) -> Node | None:
    """The first node nested deeper than ``MAX_DEPTH`` (a walk without recursion, each node once:
    aliases and alias cycles are the builder's to report), or None."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]
    return None


def _too_deep(text: str, file: str, first_line: int) -> Issue:
    """F008 at the line where the nesting passes ``MAX_DEPTH`` (YAML's scanner does not
    recurse); only run once composing has failed."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            depth += isinstance(token, _OPEN) - isinstance(token, _CLOSE)
            if depth > MAX_DEPTH:
                return _depth_issue(file, int(token.start_mark.line) + first_line)
    except yaml.YAMLError:
        pass
    return _depth_issue(file, first_line)


def _depth_issue(file: str, line: int) -> Issue:
    message = f"lists and mappings are nested more than {MAX_DEPTH} levels deep"
    return Issue(file, line, None, "F008", message, hint="flatten the value")


def _missing_fence_issue(text: str, file: str) -> Issue:
    lines = text.splitlines()
    first = lines[0].rstrip() if lines else ""
    if first == FENCE:
        return Issue(
            file,
            1,
            None,
            "F002",
            "front matter is not closed: no `---` line after the fields",
            hint="add a line `---` after the last field, before the report text",
        )
    leading = next((i for i, line in enumerate(lines[:10]) if line.strip() == FENCE), None)
    if leading is not None and all(not line.strip() for line in lines[:leading]):
        return Issue(
            file,
            leading + 1,
            None,
            "F001",
            "front matter must start at line 1 with `---` in the first column"
            + (" (found it indented)" if lines[leading] != lines[leading].lstrip() else ""),
            hint="remove the blank lines or spaces before the opening `---`",
        )
    return Issue(
        file,
        1,
        None,
        "F001",
        "the file has no front matter; a report starts with `---`, its fields, and `---`",
        hint="run `reportal new` to start from a template",
    )


def _yaml_error_issue(error: yaml.MarkedYAMLError, file: str, first_line: int, code: str) -> Issue:
    mark = error.problem_mark or error.context_mark
    line = mark.line + first_line if mark is not None else first_line
    column = mark.column + 1 if mark is not None else None
    problem = (error.problem or str(error)).strip()
    if error.context:
        problem = f"{problem} ({error.context.strip()})"
    return Issue(
        file,
        line,
        None,
        code,
        f"not valid YAML: {problem}",
        hint=_yaml_hint(problem),
        column=column,
    )


def _yaml_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return 'a value containing `: ` must be quoted, e.g. title: "A: B"'
    if "'\\t'" in problem:
        return "YAML does not allow tabs for indentation; use spaces"
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return "check the indentation and quoting: every field starts in the first column"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quote or bracket is not closed"
    if "found character" in problem and "cannot start any token" in problem:
        return "quote values that start with a special character such as `@`, `%` or a backtick"
    return None


class _Builder:
    """Turns composed YAML nodes into plain values, recording lines and duplicate keys."""

    def __init__(self, file: str, first_line: int, allow_aliases: bool) -> None:
        self.file = file
        self.offset = first_line
        self.allow_aliases = allow_aliases
        self.lines: dict[str, int] = {}
        self.issues: list[Issue] = []
        self._seen: set[int] = set()
        self._stack: set[int] = set()
        self._count = 0

    def value(self, node: Node, path: str) -> Any:
        if path:
            self.lines.setdefault(path, self.line(node))
        if not self._enter(node, path):
            return None
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
            if isinstance(node, SequenceNode):
                return [self.value(item, _join(path, str(i))) for i, item in enumerate(node.value)]
            assert isinstance(node, ScalarNode)
            return None if not node.style and node.value in NULLS else str(node.value)
        finally:
            self._stack.discard(id(node))

    def _enter(self, node: Node, path: str) -> bool:
        """Guard against aliases (when forbidden), recursive aliases and alias bombs."""
        self._count += 1
        reused = id(node) in self._seen
        line = self.lines.get(path, self.line(node))
        if reused and not self.allow_aliases:
            self._issue(line, path, "F006", "YAML anchors and aliases (`&`, `*`) are not allowed")
            return False
        if id(node) in self._stack or self._count > MAX_NODES:
            self._issue(line, path, "F006", "recursive or exploding YAML aliases")
            return False
        self._seen.add(id(node))
        self._stack.add(id(node))
        return True

    def mapping(self, node: MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._issue(
                    self.line(key_node), path, "F003", "a key must be plain text, not a list or map"
                )
                continue
            key = str(key_node.value)
            child = _join(path, key)
            if key in result:
                self._duplicate(key_node, key, child)
                continue
            self.lines[child] = self.line(key_node)
            result[key] = self.value(value_node, child)
        return result

    def _duplicate(self, key_node: Node, key: str, child: str) -> None:
        first = self.lines.get(child)
        self.issues.append(
            Issue(
                self.file,
                self.line(key_node),
                child,
                "F005",
                f"duplicate key `{key}` (first given on line {first})",
                hint="keep one of the two; YAML would silently keep the last",
            )
        )

    def _issue(self, line: int, path: str, code: str, message: str) -> None:
        self.issues.append(Issue(self.file, line, path or None, code, message))

    def line(self, node: Node) -> int:
        return int(node.start_mark.line) + self.offset


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
