"""Resolve the time expressions of war reporting against a story's publication date.

``resolve(text, published)`` finds the most specific expression in ``text`` and
returns ``(date, time_precision, explicit)`` with ACLED's precision (1 day,
2 week/weekend or a few days, 3 month or vaguer), or None when the text has no
time expression.  Expressions: "on January 22" / "22 January 2025" / "on the
night of January 22" (explicit date; a missing year is the publication year, or
the year before when that would lie more than a month in the future), weekdays ("on Wednesday",
"said Tuesday": the latest such day not after publication), "yesterday",
"today", "overnight", "over the past 24 hours", "this/last week", "over the
weekend", "N days ago", "weeks ago", "this/last month", "months ago", "last year".
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "a couple of": 2, "a few": 3, "several": 4, "a": 1}

_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MD = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?![\d])", re.I)
# (the month a word of its own: "the 30th Separate Motor Rifle Brigade" holds no September 30)
_DM = re.compile(r"(?<![\d])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"(?![a-z])(?:,?\s+(\d{4}))?", re.I)
_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_WD = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_MONTH_ONLY = re.compile(r"\b(?:in|since|during|early|late|mid-?|end of|beginning of)\s+" + _MON + r"(?:\s+(\d{4}))?\b", re.I)
_REL = [
    (re.compile(r"\byesterday\b", re.I), lambda p: (p - dt.timedelta(days=1), 1)),
    (re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I), lambda p: (p, 1)),
    (re.compile(r"\b(?:overnight|last night)\b", re.I), lambda p: (p, 1)),
    (re.compile(r"\b(?:over|in|during) the (?:past|last)\s+(?:some\s+)?(?:24 hours|day)\b", re.I), lambda p: (p, 1)),
    (re.compile(r"\b(\d+|one|two|three|four|five|six|a couple of|a few|several)\s+days?\s+ago\b", re.I), None),
    (re.compile(r"\b(?:over|during|at) the (?:past |last )?weekend\b|\blast weekend\b|\bthis weekend\b", re.I), lambda p: (p - dt.timedelta(days=(p.weekday() - 5) % 7 or 7 if p.weekday() < 5 else p.weekday() - 5), 2)),
    (re.compile(r"\bthis week\b|\bearlier this week\b", re.I), lambda p: (p, 2)),
    (re.compile(r"\b(?:last|past|previous) week\b|\ba week ago\b", re.I), lambda p: (p - dt.timedelta(days=7), 2)),
    (re.compile(r"\b(?:weeks|a few weeks|several weeks|two weeks|three weeks) ago\b", re.I), lambda p: (p - dt.timedelta(days=21), 3)),
    (re.compile(r"\b(?:this month|earlier this month)\b", re.I), lambda p: (p, 3)),
    (re.compile(r"\blast month\b|\ba month ago\b", re.I), lambda p: (p - dt.timedelta(days=30), 3)),
    (re.compile(r"\bmonths ago\b", re.I), lambda p: (p - dt.timedelta(days=90), 3)),
    (re.compile(r"\blast year\b|\ba year ago\b", re.I), lambda p: (p - dt.timedelta(days=365), 3)),
]


def _year_fix(d: dt.date, published: dt.date | None, explicit_year: bool) -> dt.date:
    if explicit_year or published is None:
        return d
    if d > published + dt.timedelta(days=31):  # (a date weeks ahead is a deadline or a forecast: "by June 10")
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d
    return d


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(text: str, published: dt.date | None) -> tuple[str | None, int | None, bool] | None:
    """(YYYY-MM-DD or None, time_precision, explicit) for the first expression in ``text``, or None."""
    hits: list[tuple[int, int, dt.date | None, int]] = []  # (rank, pos, date, precision)
    for m in _ISO.finditer(text):
        d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            hits.append((0, m.start(), d, 1))
    for rx, order in ((_MD, "md"), (_DM, "dm")):
        for m in rx.finditer(text):
            if order == "md":
                mon, day, year = m.group(1), m.group(2), m.group(3)
            else:
                day, mon, year = m.group(1), m.group(2), m.group(3)
            mnum = MONTHS.get(mon.lower().rstrip("."))
            if not mnum:
                continue
            if mon.lower() == "may" and order == "md" and not year and not re.match(r"May\s+\d", m.group(0)):
                continue
            y = int(year) if year else (published.year if published else None)
            if y is None:
                continue
            d = _mk(y, mnum, int(day))
            if d:
                hits.append((0, m.start(), _year_fix(d, published, bool(year)), 1))
    if published is not None:
        for m in _WD.finditer(text):
            wd = WEEKDAYS[m.group(1).lower()]
            back = (published.weekday() - wd) % 7
            hits.append((1, m.start(), published - dt.timedelta(days=back), 1))
        for rx, fn in _REL:
            for m in rx.finditer(text):
                if fn is None:
                    n = m.group(1).lower()
                    k = int(n) if n.isdigit() else NUMBERS.get(n, 3)
                    hits.append((1, m.start(), published - dt.timedelta(days=k), 1 if n.isdigit() or n in NUMBERS and n not in ("a few", "several") else 2))
                else:
                    d, p = fn(published)
                    hits.append((2, m.start(), d, p))
    for m in _MONTH_ONLY.finditer(text):
        mnum = MONTHS.get(m.group(1).lower().rstrip("."))
        year = m.group(2)
        y = int(year) if year else (published.year if published else None)
        if mnum and y:
            d = _year_fix(dt.date(y, mnum, 1), published, bool(year))
            hits.append((3, m.start(), d, 3))
    if not hits:
        return None
    rank, _pos, d, prec = min(hits, key=lambda h: (h[0], h[1]))
    return (d.isoformat() if d else None, prec, True)
