"""Internal sections: provider-only text cut from the Markdown of customer editions.

An internal section is an admonition whose classes include ``internal``::

    !!! internal "内部备注"
        Only the provider reads this.

``??? internal`` and ``???+ internal`` (collapsible) work the same way, at any indentation
(inside lists or other admonitions), with tabs or spaces. The marker is read as leniently as
Python-Markdown's admonition (``!!! ?classes``) and pymdownx.details (``???+? ?classes``) read
it, and more so: no space after the marker (``!!!internal``, ``???+internal``), several spaces
or a tab; classes are the words before the title's ``"``, in any case. Anything those extensions
render as an internal section is cut, and so is a near miss such as ``!!!\tinternal``, whose
indented text would otherwise reach customers as a code block.

The block is the marker line plus every following line that is blank or indented deeper than the
marker; it ends at the first non-blank line indented no deeper. Cut lines are replaced by empty
lines so that line numbers in messages about the staged copy still match the author's file.

Markers inside fenced code blocks are cut too: Python-Markdown ignores an unclosed fence, and
fences end with their container, so honouring fences here could leave a real admonition in a
customer edition. Cutting a code sample costs a little fidelity; leaking costs confidentiality.
"""

from __future__ import annotations

import re

INTERNAL_CLASS = "internal"
_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)(?P<rest>.*)$")
_TAB = 4


def cut_internal(markdown: str) -> str:
    """Return ``markdown`` with every internal admonition blanked out (line count kept)."""
    lines = _split_lines(markdown)
    keep = [True] * len(lines)
    index = 0
    while index < len(lines):
        if _is_internal_marker(lines[index]):
            end = _block_end(lines, index)
            keep[index:end] = [False] * (end - index)
            index = end
            continue
        index += 1
    return "".join(
        line if kept else _line_ending(line) for line, kept in zip(lines, keep, strict=True)
    )


def count_internal(markdown: str) -> int:
    """How many internal sections ``markdown`` holds."""
    return sum(1 for line in _split_lines(markdown) if _is_internal_marker(line))


def _is_internal_marker(line: str) -> bool:
    match = _MARKER.match(line.rstrip("\n"))
    if match is None:
        return False
    classes = match.group("rest").split('"', 1)[0].split()
    return INTERNAL_CLASS in (name.lower() for name in classes)


def _block_end(lines: list[str], start: int) -> int:
    """Index after the last line of the block opened at ``start``."""
    marker_indent = _indent_width(lines[start])
    end = start + 1
    for index in range(start + 1, len(lines)):
        if not lines[index].strip():
            continue
        if _indent_width(lines[index]) <= marker_indent:
            break
        end = index + 1
    return end


def _indent_width(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(_TAB))


def _split_lines(markdown: str) -> list[str]:
    """Lines as Python-Markdown sees them (it turns CR LF and lone CR into LF first)."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    return re.findall(r"[^\n]*\n|[^\n]+", text)


def _line_ending(line: str) -> str:
    return "\n" if line.endswith("\n") else ""
