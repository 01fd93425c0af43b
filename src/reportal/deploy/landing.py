"""The landing page at ``/``: the provider's name and where to go, and nothing about customers.

The page is public, so it names no customer (a list of editions would tell every visitor who
the provider's customers are). Each customer is given the address of its own edition.
"""

from __future__ import annotations

from html import escape

from reportal.deploy.csp import script_hash
from reportal.model.registry import Provider

STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:0;color:#1f2937;"
    "background:#f5f6fb}header{background:#3f51b5;color:#fff;padding:1.5rem 2rem}"
    "h1{margin:0;font-size:1.5rem}header p{margin:.3rem 0 0;opacity:.85}"
    "main{max-width:40rem;margin:2rem auto;padding:0 2rem;line-height:1.7}"
    "a{color:#3f51b5}footer{max-width:40rem;margin:2rem auto;padding:0 2rem;color:#6b7280;"
    "font-size:.85rem}"
)

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{name} · 服务报告门户</title>
<style>{style}</style>
</head>
<body>
<header><h1>{name}</h1><p>服务报告门户 · Service report portal</p></header>
<main>
<p>本门户为每位客户单独发布其服务报告，访问需要登录。请使用服务经理提供给贵方的门户地址
（形如 <code>/customers/&lt;客户标识&gt;/</code>）和账号登录。</p>
<p>Each customer reads its own reports at the address its service manager gave it
(<code>/customers/&lt;id&gt;/</code>), after signing in.</p>
<p>服务方员工：<a href="/provider/">服务商版门户</a></p>
</main>
<footer>{footer}</footer>
</body>
</html>
"""


def landing_style_hash() -> str:
    return script_hash(STYLE)


def render_landing(provider: Provider) -> str:
    footer = " · ".join(escape(part) for part in (provider.name_en, provider.phone) if part)
    return PAGE.format(name=escape(provider.name), style=STYLE, footer=footer)
