"""Internal sections are cut from the Markdown of customer editions before rendering."""

from __future__ import annotations

import re

import markdown
import pytest

from reportal.portal.internal import count_internal, cut_internal

EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.superfences"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


CASES = {
    "plain": '!!! internal "内部备注"\n    SECRET one\n',
    "no title": "!!! internal\n    SECRET\n",
    "empty title": '!!! internal ""\n    SECRET\n',
    "collapsible": '??? internal "内部"\n    SECRET\n',
    "collapsible open": "???+ internal\n    SECRET\n",
    "upper case": "!!! Internal\n    SECRET\n",
    "extra class": '!!! internal inline end "x"\n    SECRET\n',
    "tab indented body": "!!! internal\n\tSECRET\n",
    "blank lines inside": "!!! internal\n    SECRET 1\n\n\n    SECRET 2\n",
    "blank line with spaces": "!!! internal\n    SECRET 1\n   \n    SECRET 2\n",
    "crlf": "!!! internal\r\n    SECRET 1\r\n\r\n    SECRET 2\r\n",
    "lone cr": "before\r!!! internal\r    SECRET\r",
    "nested code fence": "!!! internal\n    ```\n    SECRET code\n    ```\n    SECRET after\n",
    "deeply nested list": "- a\n\n    - b\n\n        !!! internal\n            SECRET\n",
    "list item": "- item\n\n    ??? internal\n        SECRET\n\n    back\n",
    "tab marker in list": "- item\n\n\t???+ internal\n\t    SECRET\n",
    "inside note": '!!! note "n"\n    public\n\n    !!! internal\n        SECRET\n\n    public 2\n',
    "inside internal": "!!! internal\n    SECRET\n\n    !!! note\n        SECRET nested\n",
    "two in a row": "!!! internal\n    SECRET 1\n!!! internal\n    SECRET 2\n",
    "in a code fence": "```\n!!! internal\n    SECRET shown as code\n```\n",
    "unclosed fence": "```\n\n!!! internal\n    SECRET\n",
    "no space": "!!!internal\n    SECRET\n",
    "no space, title": '!!!internal "内部"\n    SECRET\n',
    "no space, two classes": "!!!internal inline\n    SECRET\n",
    "collapsible, no space": "???internal\n    SECRET\n",
    "collapsible open, no space": '???+internal "内部"\n    SECRET\n',
    "no space in a list": "- item\n\n    !!!Internal\n        SECRET\n",
}

# Marker lines as authors might write them: the cut must take every one that the admonition
# and details extensions render as an internal section.
MARKERS = [
    *(f"{m}{gap}{cls}{title}" for m in ("!!!", "???", "???+") for gap in ("", " ", "  ", "\t")
      for cls in ("internal", "Internal", "internal note", "note internal", "internals")
      for title in ("", ' "t"', '"t"', '  "t"', ' ""')),
    "!!! internal ", "??? internal  ", '???+ "t"', "!!!", "???", "!!!-internal",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_cut_removes_every_secret(name: str) -> None:
    text = "# 标题\n\npublic start\n\n" + CASES[name] + "\npublic end\n"
    cut = cut_internal(text)
    assert "SECRET" not in cut
    assert "SECRET" not in render(cut)
    assert "public start" in render(cut) and "public end" in render(cut)


def test_the_secrets_are_really_rendered_without_the_cut() -> None:
    """The cases are real admonitions: uncut, Python-Markdown shows each secret."""
    for name, case in CASES.items():
        if "fence" in name and "nested" not in name:
            continue
        assert "SECRET" in render("x\n\n" + case), name


def test_text_after_the_block_stays() -> None:
    text = "a\n\n!!! internal\n    SECRET\n\n    SECRET 2\nb stays\n\n    indented code stays?\n"
    cut = cut_internal(text)
    assert "b stays" in cut and "SECRET" not in cut


def test_public_parts_of_a_note_stay() -> None:
    text = CASES["inside note"]
    html = render(cut_internal(text))
    assert "public" in html and "public 2" in html and 'class="admonition note"' in html


def test_line_count_is_kept() -> None:
    text = "l1\n\n!!! internal\n    SECRET\n\n    SECRET\nl7\n"
    cut = cut_internal(text)
    assert cut.count("\n") == text.count("\n")
    assert cut.splitlines()[6] == "l7"


def test_other_admonitions_and_words_are_not_cut() -> None:
    text = '!!! note "internal 一词出现在标题里"\n    keep\n\n!!! internals\n    keep 2\n'
    assert cut_internal(text) == text
    assert count_internal(text) == 0


@pytest.mark.parametrize("marker", MARKERS)
def test_the_cut_takes_what_the_extensions_render_as_internal(marker: str) -> None:
    text = f"public start\n\n{marker}\n    SECRET\n\npublic end\n"
    html = render(text)
    classes = re.findall(r'<(?:div|details) class="([^"]*)"', html)
    rendered_internal = any("internal" in found.split() for found in classes)
    if rendered_internal or count_internal(text):
        assert "SECRET" not in render(cut_internal(text)), marker
    assert count_internal(text) >= rendered_internal
    assert "public end" in render(cut_internal(text))


def test_count_internal() -> None:
    assert count_internal(CASES["two in a row"]) == 2
    assert count_internal(CASES["inside internal"]) == 1
