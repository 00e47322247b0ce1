"""Digest pages: one page bundling several stories, each a headline, a lede and a
"Keep reading"-style link.  Split them into their stories.

Text digests are split at lines that are only a continuation link; HTML digests
at the continuation anchors, each story being the block around one anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A line (or link text) that ends a story in a digest.
CONTINUATION = re.compile(
    r"^\s*(?:keep|continue|read)\s+(?:reading|more|on|the\s+(?:full\s+)?(?:story|article))"
    r"|^\s*(?:full\s+story|more\s*»|read\s+full\s+(?:story|article))",
    re.IGNORECASE,
)
_CONT_LINE = re.compile(CONTINUATION.pattern + r"[^\n]{0,20}$", re.IGNORECASE)


@dataclass
class DigestPart:
    title: str | None
    text: str  # headline + lede(s), headline first
    url: str | None = None


def is_continuation(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= 40 and bool(_CONT_LINE.match(line))


def split_text_digest(text: str) -> list[DigestPart] | None:
    """Split a text at continuation lines; None when it is not a digest.

    A text is a digest when it has at least two continuation lines, or one
    followed by more text (a single trailing "Read more" is just a link).
    """
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if is_continuation(line)]
    if not marks:
        return None
    tail = "\n".join(lines[marks[-1] + 1:]).strip()
    if len(marks) < 2 and not tail:
        return None
    parts: list[DigestPart] = []
    prev = 0
    for i in marks + ([len(lines)] if tail else []):
        chunk = "\n".join(lines[prev:i]).strip()
        prev = i + 1
        if chunk:
            parts.append(_part(chunk))
    return parts or None


def _part(chunk: str, url: str | None = None) -> DigestPart:
    first = chunk.split("\n", 1)[0].strip()
    title = first if _looks_like_headline(first) else None
    return DigestPart(title=title, text=chunk, url=url)


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= 250 and not line.endswith((".", ",", ";", ":"))


def split_html_digest(tree) -> list[DigestPart] | None:
    """Split an lxml HTML tree at continuation anchors; None when it is not a digest."""
    anchors = [a for a in tree.iter("a") if is_continuation(a.text_content() or "")]
    if len(anchors) < 2:
        return None
    parts = []
    for a in anchors:
        block = a
        # climb to the largest ancestor that still holds only this one continuation link
        while block.getparent() is not None:
            parent = block.getparent()
            if sum(1 for x in parent.iter("a") if x in anchors) > 1:
                break
            block = parent
        heading = next((h for h in block.iter("h1", "h2", "h3", "h4") if h.text_content().strip()), None)
        title = " ".join(heading.text_content().split()) if heading is not None else None
        paras = []
        for el in block.iter("p"):
            t = " ".join(el.text_content().split())
            if t and not is_continuation(t):
                paras.append(t)
        if not paras:
            continue
        body = "\n\n".join(paras)
        text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
        parts.append(DigestPart(title=title, text=text, url=a.get("href")))
    return parts or None
