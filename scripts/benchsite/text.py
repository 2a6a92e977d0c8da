"""Untrusted text from data files, made safe for where it lands.

Contributed Markdown is rendered with Python-Markdown and then sanitised with nh3: only the
tags in `ALLOWED_TAGS` survive, links keep http(s) and mailto targets, and no attribute can
run script. Plain text is escaped for HTML and, where Markdown will read it again (headings),
for Markdown too.
"""

from __future__ import annotations

import functools
import html
import json
import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Python-Markdown (with its tables extension) reads a backslash before these as a literal
# character; before any other character the backslash itself would show.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@functools.cache
def converter() -> markdown.Markdown:
    """One Markdown converter, reset before each use: setting one up costs more than most
    of the texts it converts."""
    return markdown.Markdown(extensions=["fenced_code", "sane_lists", "tables"])


def markdown_html(text: str) -> Markup:
    """Block Markdown -> sanitised HTML with no blank lines, so it stays one raw HTML block."""
    rendered = converter().reset().convert(text)
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )
    # A blank line would end the surrounding HTML block and let Markdown parse the rest.
    return Markup(re.sub(r"\n\s*\n", "\n", clean).strip())


def plain_text(text: str) -> str:
    """Markdown as the plain text a reader sees: for feeds and page descriptions."""
    bare = nh3.clean(str(markdown_html(text)), tags=set())
    return " ".join(html.unescape(bare).split())


def front_matter_text(text: str) -> str:
    """Plain text as a YAML string for front matter; HTML-escaped, because the theme puts
    front-matter values into its HTML unescaped."""
    return json.dumps(html.escape(text), ensure_ascii=False)


def inline_html(text: str) -> Markup:
    """One paragraph of Markdown -> sanitised HTML without the enclosing ``<p>``."""
    block = str(markdown_html(text))
    if block.startswith("<p>") and block.endswith("</p>") and block.count("<p>") == 1:
        block = block[3:-4]
    return Markup(block)


def plain_html(text: str) -> Markup:
    """Plain text as HTML: escaped, with line breaks kept."""
    return Markup("<br>".join(html.escape(line) for line in text.splitlines()))


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text, on one line: HTML
    characters become entities, Markdown syntax gets a backslash."""
    one_line = " ".join(text.split())
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line, quote=False))


def heading_text(text: str) -> Markup:
    """Plain text for a Markdown heading."""
    return Markup(escape_markdown(text))


def fenced(code: str, language: str, title: str = "") -> Markup:
    """A fenced code block whose fence is longer than any backtick run inside the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    safe_title = title if re.fullmatch(r"[\w.\- ]+", title) else ""
    info = language + (f' title="{safe_title}"' if safe_title else "")
    return Markup(f"{fence}{info}\n{code.rstrip()}\n{fence}")
