"""Turn raw text and metadata into a :class:`~frontwire.doc.Story`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..doc import Story

_TRAILING_WS = re.compile(r"[ \t]+\n")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


#: a sentence glued to the one before it by a lost space ("Ukraine.Currently the heaviest"),
#: common in machine-translated and scraped copy; two lower-case letters before the stop keep
#: abbreviations ("St.Petersburg", "U.S.Army") and domain names ("ukrinform.ua") out
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z]{2}[.!?][\"”’])(?=[A-Z][a-z])")


def clean_text(text: str) -> str:
    """Normalise line endings and whitespace without touching the words.

    NFC-normalised; CRLF/CR become LF; control characters and zero-width
    spaces are dropped; no-break and other Unicode spaces become plain spaces;
    trailing spaces on lines and runs of blank lines are folded; a space lost
    between two sentences ("Ukraine.Currently") is put back.
    """
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING_WS.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    text = _GLUED_SENTENCE.sub(" ", text)
    return text.strip()


def normalize_date(value) -> str | None:
    """An ISO 8601 string for a date given as datetime, struct_time, ISO or free text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        return dt.datetime(*value[:6], tzinfo=dt.timezone.utc).isoformat()
    s = str(value).strip()
    try:
        if len(s) == 10:
            return dt.date.fromisoformat(s).isoformat()
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(s, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.isoformat() if parsed else None


def make_story(text: str, *, title: str | None = None, outlet: str | None = None, url: str | None = None,
               published=None, language: str | None = None, source: str | None = None) -> Story:
    """A story whose text starts with its headline (when one is known); the language is guessed when not given."""
    from .language import guess_language

    body = clean_text(text)
    title = clean_text(title).replace("\n", " ") if title else None
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}" if body else title
    return Story(text=body, title=title, outlet=outlet or None, url=url or None,
                 published=normalize_date(published), language=language or guess_language(body), source=source)
