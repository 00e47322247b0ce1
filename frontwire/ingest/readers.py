"""Readers: bytes of one input -> stories.  One function per format.

Each reader takes the raw bytes and the input's name and yields
:class:`~frontwire.doc.Story` objects, or :class:`~frontwire.errors.InputError`
objects for parts that cannot be read (a bad JSONL line), so that one bad part
never stops the rest.  A reader raises ``InputError`` when the whole input is
unreadable.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import PurePath
from typing import Iterator, Union

from ..doc import Story
from ..errors import InputError
from .digest import split_html_digest, split_text_digest
from .normalize import clean_text, make_story

Item = Union[Story, InputError]

#: File name starting with a timestamp, e.g. 20230210T181500Z_GB_en_c5ffbaae73.txt or 2022-05-10.html
_NAME_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2})(\d{2})(\d{2})?Z?)?(?=$|[_.\- ])")


# -- decoding -----------------------------------------------------------------
def decode(data: bytes, source: str) -> str:
    """Bytes to text: BOM, UTF-8, then charset detection; binary input is refused."""
    if not data.strip():
        raise InputError("empty input (no text)", source)
    # a byte-order mark names the encoding itself ("utf-16" reads the BOM's byte order)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary file, not text (NUL bytes)", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError("binary or undecodable data, not text", source)
    text = data.decode(best.encoding, errors="replace")
    if _mostly_unprintable(text):
        raise InputError("binary data, not text", source)
    return text


def _mostly_unprintable(text: str) -> bool:
    sample = text[:4000]
    bad = sum(1 for c in sample if not (c.isprintable() or c.isspace()))
    return bad > 0.05 * max(1, len(sample))


def date_from_name(name: str) -> str | None:
    """A publication date (or date-time) encoded at the start of a file name."""
    m = _NAME_DATE.match(PurePath(name).name)
    if not m:
        return None
    y, mo, d, hh, mm, ss = m.groups()
    if not (1900 < int(y) < 2200 and 1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    if hh:
        return f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}+00:00"
    return f"{y}-{mo}-{d}"


# -- plain text -----------------------------------------------------------------
def read_text(data: bytes, source: str, **meta) -> Iterator[Item]:
    text = clean_text(decode(data, source))
    if not text:
        raise InputError("empty input (only white space)", source)
    parts = split_text_digest(text)
    if parts:
        for i, part in enumerate(parts, 1):
            yield make_story(part.text, title=part.title, url=part.url, source=f"{source}#{i}", **meta)
        return
    first, _, rest = text.partition("\n")
    title = first.strip() if rest.startswith("\n") and _headline(first) else None
    yield make_story(text, title=title, source=source, **meta)


def _headline(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 200 and not line.endswith((".", "?\"", ".\"", ".”", ",", ";", ":"))


# -- HTML -----------------------------------------------------------------------
def read_html(data: bytes, source: str, **meta) -> Iterator[Item]:
    import lxml.html
    import trafilatura

    html = decode(data, source)
    try:
        tree = lxml.html.fromstring(html)
    except Exception as exc:  # lxml raises several types for hopeless markup
        raise InputError(f"malformed HTML ({exc.__class__.__name__}: {exc})", source) from None
    parts = split_html_digest(tree)
    page_meta = _html_metadata(html, tree)
    if parts:
        for i, part in enumerate(parts, 1):
            yield make_story(part.text, title=part.title, url=part.url or page_meta.get("url"),
                             source=f"{source}#{i}", **{**_defaults(page_meta, "outlet", "published"), **meta})
        return
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    text = (doc.text if doc is not None else "") or ""
    text = _strip_reference_list(text)
    if not text.strip():
        raise InputError("no article text found in the HTML page", source)
    title = page_meta.get("title")
    if doc is not None:
        title = title or doc.title
    merged = {**_defaults(page_meta, "outlet", "published"), **meta}
    if doc is not None:
        merged.setdefault("published", doc.date)
        merged.setdefault("outlet", doc.sitename)
    yield make_story(text, title=title, url=page_meta.get("url"), source=source, **merged)


def _defaults(d: dict, *keys: str) -> dict:
    return {k: d[k] for k in keys if d.get(k)}


def _html_metadata(html: str, tree) -> dict:
    """Title, outlet, date and URL from the page's own metadata."""

    def meta(*names: str) -> str | None:
        for n in names:
            for el in tree.xpath(f'//meta[@property="{n}" or @name="{n}" or @itemprop="{n}"]'):
                v = (el.get("content") or "").strip()
                if v:
                    return v
        return None

    site = meta("og:site_name", "application-name", "publisher")
    title = meta("og:title", "twitter:title", "headline")
    page_title = " ".join((tree.findtext(".//title") or "").split()) or None
    if page_title and site:
        # "Headline | Site" or "Headline - Site"
        page_title = re.sub(rf"\s*[|\-–—]\s*{re.escape(site)}\s*$", "", page_title) or page_title
    if not title or (site and title.strip() == site.strip()):
        title = page_title
    h1 = tree.find(".//h1")
    if not title and h1 is not None:
        title = " ".join(h1.text_content().split()) or None
    url = meta("og:url")
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    if canonical and canonical[0].startswith("http"):
        url = canonical[0]
    if url and re.match(r"^https?://[^/]+/?$", url):
        url = None  # a site root is not the story's address
    published = meta("article:published_time", "datePublished", "pubdate", "date", "dc.date", "DC.date.issued")
    return {"title": title, "outlet": site, "url": url, "published": published}


_REF_LINE = re.compile(r"^\s*\[\d+\]|^\s*(?:https?://|t dot me/)\S+")


def _strip_reference_list(text: str) -> str:
    """Drop a trailing list of numbered source links ("[12] https://...")."""
    lines = text.rstrip().split("\n")
    cut = len(lines)
    while cut > 0 and (_REF_LINE.match(lines[cut - 1]) or not lines[cut - 1].strip()):
        cut -= 1
    if len(lines) - cut >= 3:
        lines = lines[:cut]
    return "\n".join(lines)


# -- feeds ----------------------------------------------------------------------
def read_feed(data: bytes, source: str, **meta) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise InputError(f"malformed or empty feed ({reason})" if reason else "feed has no entries", source)
    outlet = meta.pop("outlet", None) or parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{i}"
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary", "") or entry.get("description", "")
        body = _html_to_text(html)
        title = " ".join((entry.get("title") or "").split()) or None
        if not body.strip() and not title:
            yield InputError("feed entry has neither title nor text", where)
            continue
        published = meta.get("published") or entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("published")
        yield make_story(body, title=title, outlet=outlet, url=entry.get("link"), published=published,
                         source=where, **{k: v for k, v in meta.items() if k != "published"})


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:
        return re.sub(r"<[^>]+>", " ", fragment)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote"):
        t = " ".join(el.text_content().split())
        if t:
            blocks.append(t)
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())


# -- JSON Lines -----------------------------------------------------------------
JSONL_FIELDS = ("title", "outlet", "url", "published", "language")


def read_jsonl(data: bytes, source: str, **meta) -> Iterator[Item]:
    text = decode(data, source)
    n = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", where)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            yield InputError('each line must be a JSON object with a non-empty "text"', where)
            continue
        fields = {k: obj.get(k) for k in JSONL_FIELDS if isinstance(obj.get(k), str)}
        n += 1
        yield make_story(obj["text"], source=where, **{**fields, **meta})
    if n == 0 and not text.strip():
        raise InputError("empty input", source)


READERS = {"text": read_text, "html": read_html, "feed": read_feed, "jsonl": read_jsonl}


def sniff(name: str, data: bytes, content_type: str | None = None) -> str:
    """Which reader a file or response needs: by extension, content type, then content."""
    suffix = PurePath(name.split("?")[0]).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".rss", ".atom"):
        return "feed"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    ct = (content_type or "").lower()
    if any(t in ct for t in ("rss", "atom", "/xml")):
        return "feed"
    if "html" in ct:
        return "html"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if (b"<rss" in data[:4096].lower() or b"<feed" in data[:4096].lower() or b"<rdf" in data[:4096].lower()) else "html"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return "html"
    if suffix == ".xml":
        return "feed"
    if suffix == ".json" or head.startswith(b"{"):
        return "jsonl"
    return "text"
