"""Body checks: report bodies are untrusted input.

A body is parsed with Jinja's own parser (never rendered here) and its syntax tree walked: the
only thing allowed between ``{{ }}`` is a call of an allow-listed macro
(``reportal.model.macros.ALLOWED_MACROS``) with literal arguments; every statement
(``{% … %}``), variable, attribute or item access, filter, test, or call on a call is an error
with its file line. Raw ``<script>``, embedding tags, event-handler attributes and
``javascript:``-style URLs are errors too (the site layer also sanitises the HTML).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import jinja2
from jinja2 import nodes

from reportal.cachedir import cache_dir, code_stamp
from reportal.issues import Issue, did_you_mean
from reportal.model.macros import ALLOWED_MACROS, MacroSpec
from reportal.model.report import Report
from reportal.validate.body_memo import body_key, open_body_memo
from reportal.validate.pickled_memo import PickledMemo
from reportal.validate.placeholders import check_placeholders
from reportal.validate.report_memo import READING_CODE

if TYPE_CHECKING:
    from reportal.model.portal import Portal

FIELD = "body"
MEMO_FORMAT = "reportal-bodies/1"
_ENV = jinja2.Environment(autoescape=False)  # default delimiters, as mkdocs-macros uses
_STATEMENT_TAGS = {
    "Assign": "set",
    "AssignBlock": "set",
    "CallBlock": "call",
    "FilterBlock": "filter",
    "FromImport": "from … import",
    "ExprStmt": "do",
    "EvalContextModifier": "autoescape",
    "ScopedEvalContextModifier": "autoescape",
    "OverlayScope": "overlay",
}
_LITERAL_TYPES = (str, int, float, bool, type(None))
_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_EMBED = re.compile(
    r"<\s*(iframe|frame|frameset|object|embed|applet|style|base|meta|link|form)\b", re.IGNORECASE
)
# Chart containers come only from the chart macros (the sanitiser takes hand-made ones apart).
_CHART_MARKUP = re.compile(r"\breportal-chart\b|\bdata-(?:figure|chart-seal)\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
_HANDLER = re.compile(r"""[\s"'/](on[a-z]+)\s*=""", re.IGNORECASE)
_BAD_URL = re.compile(
    r"""(?:\]\(\s*<?|\]:\s*<?|<|=\s*["']?)\s*((?:java|vb|live)script\s*:|data\s*:\s*text/html)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Finding:
    """A problem at a line of the body (1-based within the body)."""

    line: int
    code: str
    message: str
    hint: str | None = None


def check_body(portal: Portal) -> list[Issue]:
    """Every body issue of ``portal``: valid reports, and those rejected for their front matter.
    A body checked before with the same text is taken from the body memo
    (``validate/body_memo.py``); the macro calls found are kept for ``macro_calls``."""
    bodies = [(r.path, r.body, r.body_line) for r in portal.reports]
    bodies += [(r.path, r.body, r.body_line) for r in portal.rejected]
    memo = open_body_memo(cache_dir(portal.root), memo_salt())
    analyses = {body: analyse_body(body, memo) for _, body, _ in bodies}
    if not portal.staged:  # like the report memo: the whole portal's check keeps it
        memo.save()
    _CALLS.clear()
    _CALLS.update((body, analysis.calls) for body, analysis in analyses.items())
    issues = [
        issue
        for path, body, body_line in bodies
        for issue in _issues(path, body_line, analyses[body].findings)
    ]
    return issues + check_placeholders(portal)


def check_report_body(report: Report) -> list[Issue]:
    return check_body_text(report.path, report.body, report.body_line)


def check_body_text(path: str, body: str, body_line: int) -> list[Issue]:
    """Issues of one body that starts on line ``body_line`` of the file ``path``."""
    return _issues(path, body_line, analyse_body(body).findings)


def _issues(path: str, body_line: int, findings: Iterable[_Finding]) -> list[Issue]:
    return [
        Issue(path, body_line + f.line - 1, FIELD, f.code, f.message, hint=f.hint) for f in findings
    ]


@dataclass(frozen=True)
class BodyAnalysis:
    """What one body's checks found (lines within the body) and its macro calls."""

    findings: tuple[_Finding, ...]
    calls: tuple[MacroCall, ...]


def analyse_body(body: str, memo: PickledMemo | None = None) -> BodyAnalysis:
    """The checks of ``body`` (Jinja, then HTML), taken from ``memo`` when it holds them."""
    if memo is None:
        return _analyse(body)
    key = body_key(memo, body)
    known = memo.get(key)
    if isinstance(known, BodyAnalysis):
        return known
    analysis = _analyse(body)
    memo.put(key, analysis)
    return analysis


def memo_salt() -> str:
    """What a body's checks depend on besides its text: the checking code, Jinja's version and
    the macro allow-list (read each time: a test may change it)."""
    macros = repr(list(ALLOWED_MACROS.values()))
    return hashlib.sha256(f"{MEMO_FORMAT}\0{_code_salt()}\0{macros}".encode()).hexdigest()


@cache
def _code_salt() -> str:
    return code_stamp(*READING_CODE, packages=("jinja2",))


# ---- Jinja -----------------------------------------------------------------------------------


def _analyse(body: str) -> BodyAnalysis:
    """One parse of ``body`` for its Jinja findings and its macro calls, then the HTML rules."""
    try:
        template = _ENV.parse(body)
    except jinja2.TemplateSyntaxError as error:
        return BodyAnalysis((_syntax_error(error), *_html_findings(body)), ())
    findings = [*_raw_blocks(body), *_template_findings(template), *_html_findings(body)]
    return BodyAnalysis(tuple(findings), tuple(_calls_of(template)))


def _syntax_error(error: jinja2.TemplateSyntaxError) -> _Finding:
    hint = 'only `{{ macro("literal") }}` calls are allowed; write `{` as text outside them'
    return _Finding(error.lineno or 1, "B001", f"Jinja syntax error: {error.message}", hint)


def _template_findings(template: nodes.Template) -> list[_Finding]:
    findings: list[_Finding] = []
    for node in template.body:
        if isinstance(node, nodes.Output):
            findings += [f for child in node.nodes for f in _check_output(child)]
        else:
            findings.append(_statement(node))
    return findings


def _raw_blocks(body: str) -> Iterator[_Finding]:
    """``{% raw %}`` vanishes from the syntax tree, but would print a literal ``{{ }}``."""
    try:
        for line, token, _ in _ENV.lexer.tokeniter(body, None):
            if token == "raw_begin":
                yield _Finding(line, "B002", "`{% raw %}` blocks are not allowed in reports")
    except jinja2.TemplateSyntaxError:
        return


def _statement(node: nodes.Node) -> _Finding:
    name = type(node).__name__
    tag = _STATEMENT_TAGS.get(name, name.lower())
    message = f"`{{% {tag} %}}` statements are not allowed in reports"
    hint = "report bodies may only call allow-listed macros: " + _allowed_list()
    return _Finding(node.lineno, "B002", message, hint)


def _check_output(node: nodes.Node) -> list[_Finding]:
    if isinstance(node, nodes.TemplateData):
        return []
    if isinstance(node, nodes.Call):
        return _check_call(node)
    if isinstance(node, (nodes.Filter, nodes.Test)):
        kind = "filters (`|`)" if isinstance(node, nodes.Filter) else "tests (`is`)"
        message = f"{kind} are not allowed: `{_describe(node)}`"
        return [_Finding(node.lineno, "B008", message, "write the macro call alone")]
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        message = f"attribute or item access `{_describe(node)}` is not allowed"
        return [_Finding(node.lineno, "B005", message, "only `{{ macro(...) }}` calls are allowed")]
    if isinstance(node, nodes.Name):
        message = f"`{{{{ {node.name} }}}}` reads a template variable; only macro calls are allowed"
        return [_Finding(node.lineno, "B003", message, "allowed macros: " + _allowed_list())]
    message = f"`{{{{ {_describe(node)} }}}}` is not a macro call"
    return [_Finding(node.lineno, "B003", message, "allowed macros: " + _allowed_list())]


def _check_call(call: nodes.Call) -> list[_Finding]:
    if not isinstance(call.node, nodes.Name):
        message = f"`{_describe(call.node)}(…)` is not an allow-listed macro"
        return [_Finding(call.lineno, "B005", message, "call a macro by its plain name")]
    spec = ALLOWED_MACROS.get(call.node.name)
    if spec is None:
        message = f"`{call.node.name}` is not an allow-listed macro"
        hint = did_you_mean(call.node.name, ALLOWED_MACROS)
        return [_Finding(call.lineno, "B004", message, hint)]
    return _check_arguments(call, spec)


def _check_arguments(call: nodes.Call, spec: MacroSpec) -> list[_Finding]:
    findings: list[_Finding] = []
    values = [*call.args, *(kw.value for kw in call.kwargs)]
    for value in values:
        if not _is_literal(value):
            message = f"argument `{_describe(value)}` of {spec.name}() is not a literal"
            hint = 'write a quoted text or a number, e.g. kpi_table("sla")'
            findings.append(_Finding(value.lineno, "B006", message, hint))
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        message = f"`*args` / `**kwargs` are not allowed in {spec.name}()"
        findings.append(_Finding(call.lineno, "B006", message))
    findings += [_Finding(call.lineno, "B007", m, _signature(spec)) for m in _arity(call, spec)]
    return findings


def _arity(call: nodes.Call, spec: MacroSpec) -> list[str]:
    problems: list[str] = []
    if len(call.args) > len(spec.positional):
        given, most = len(call.args), len(spec.positional)
        problems.append(f"{spec.name}() takes at most {most} positional argument(s), got {given}")
    filled = set(spec.positional[: len(call.args)])
    for keyword in call.kwargs:
        if keyword.key not in spec.parameters:
            problems.append(f"{spec.name}() has no argument `{keyword.key}`")
        elif keyword.key in filled:
            problems.append(f"{spec.name}() got `{keyword.key}` twice")
        filled.add(keyword.key)
    missing = [p for p in spec.positional[: spec.required] if p not in filled]
    if missing:
        problems.append(f"{spec.name}() is missing `{', '.join(missing)}`")
    return problems


def _is_literal(node: nodes.Node) -> bool:
    return literal_value(node) is not NOT_LITERAL


NOT_LITERAL = object()


def literal_value(node: nodes.Node) -> object:
    """The value of a literal macro argument (a quoted text, a number, ``-3``, true, none),
    else ``NOT_LITERAL``."""
    if isinstance(node, nodes.Const):
        return node.value if isinstance(node.value, _LITERAL_TYPES) else NOT_LITERAL
    if isinstance(node, (nodes.Neg, nodes.Pos)) and isinstance(node.node, nodes.Const):
        value = node.node.value
        if isinstance(value, (int, float)):
            return -value if isinstance(node, nodes.Neg) else value
    return NOT_LITERAL


@dataclass(frozen=True)
class MacroCall:
    """One macro call of a body with its literal arguments (line within the body)."""

    name: str
    line: int
    args: tuple[object, ...] = ()
    kwargs: Mapping[str, object] = field(default_factory=dict)

    def argument(self, position: int, name: str) -> object:
        return self.args[position] if len(self.args) > position else self.kwargs.get(name)


_CALLS: dict[str, tuple[MacroCall, ...]] = {}  # the last ``check_body``'s bodies -> calls


def macro_calls(body: str) -> list[MacroCall]:
    """The calls in ``body`` of plain names whose arguments are all literals (what the checks
    above let through); none when the body does not parse. A body the last ``check_body``
    of this process checked is not parsed again."""
    known = _CALLS.get(body)
    if known is not None:
        return list(known)
    try:
        template = _ENV.parse(body)
    except jinja2.TemplateSyntaxError:
        return []
    return list(_calls_of(template))


def _calls_of(template: nodes.Template) -> Iterator[MacroCall]:
    for call in template.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        args = tuple(literal_value(arg) for arg in call.args)
        kwargs = {keyword.key: literal_value(keyword.value) for keyword in call.kwargs}
        if not any(value is NOT_LITERAL for value in (*args, *kwargs.values())):
            yield MacroCall(call.node.name, call.lineno, args, kwargs)


def _describe(node: nodes.Node) -> str:
    """A short source-like rendering of an expression node for messages."""
    if isinstance(node, nodes.Name):
        return str(node.name)
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_describe(node.node)}[{_describe(node.arg)}]"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        inner = _describe(node.node) if node.node is not None else "…"
        return f"{inner} | {node.name}"
    if isinstance(node, nodes.Test):
        return f"{_describe(node.node)} is {node.name}"
    return type(node).__name__.lower() + " expression"


def _signature(spec: MacroSpec) -> str:
    return f"usage: {spec.signature()}"


def _allowed_list() -> str:
    return ", ".join(f"{name}()" for name in ALLOWED_MACROS)


# ---- HTML ------------------------------------------------------------------------------------


def _html_findings(body: str) -> list[_Finding]:
    findings: list[_Finding] = []
    for number, line in enumerate(body.splitlines(), start=1):
        findings += _line_findings(number, line)
    for tag in _TAG.finditer(body):
        for handler in _HANDLER.finditer(tag.group(0)):
            at = body.count("\n", 0, tag.start() + handler.start(1)) + 1
            message = f"event-handler attribute `{handler.group(1)}=` is not allowed"
            findings.append(_Finding(at, "B012", message, "remove the attribute"))
    return findings


def _hidden_jinja(number: int, line: str) -> list[_Finding]:
    """``\\{\\{`` (a Markdown escape) and ``&#123;&#123;`` (a character reference) pass Jinja as
    text and become a literal ``{{`` on the page, which the build refuses."""
    shown = html.unescape(re.sub(r"\\([{}%#])", r"\1", line))
    for mark in ("{{", "{%"):
        if shown.count(mark) > line.count(mark):
            message = f"the page would show a literal `{mark}` (written with escapes or `&#123;`)"
            hint = "a report cannot show double braces: write them apart, e.g. `{ {`"
            return [_Finding(number, "B009", message, hint)]
    return []


def _line_findings(number: int, line: str) -> list[_Finding]:
    findings: list[_Finding] = []
    if _SCRIPT.search(line):
        message = "raw `<script>` is not allowed in reports"
        hint = "charts come from allow-listed macros such as trend_chart()"
        findings.append(_Finding(number, "B010", message, hint))
    for match in _EMBED.finditer(line):
        message = f"raw `<{match.group(1).lower()}>` is not allowed in reports"
        findings.append(_Finding(number, "B011", message, "link to the content instead"))
    if _CHART_MARKUP.search(line):
        message = "a hand-made chart (`reportal-chart`, `data-figure`) is not allowed in reports"
        hint = 'charts come from the chart macros, e.g. trend_chart("sla.resolution")'
        findings.append(_Finding(number, "B014", message, hint))
    findings += _hidden_jinja(number, line)
    decoded = html.unescape(line).replace("\t", "")
    for match in _BAD_URL.finditer(decoded):
        scheme = re.sub(r"\s+", "", match.group(1)).lower()
        message = f"`{scheme}` URLs are not allowed"
        findings.append(_Finding(number, "B013", message, "link to an https:// address instead"))
    return findings
