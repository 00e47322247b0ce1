"""The data layer: one storage interface, SQLite (WAL + FTS5) as the embedded default.

The CLI, the exporters and the web app talk to a :class:`Store` and nothing else.
Each story is kept whole (its record, as in the JSON Schema) and flattened into
readable tables — ``stories``, ``entities``, ``places``, ``quotes``, ``events``,
``figures``, ``techniques`` and any a plugin adds — so the database opens in
Datasette or the ``sqlite3`` shell and reads like a spreadsheet.

Re-adding a story already stored (same content hash) is a no-op; every batch is
committed in one transaction, so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from ..doc import LAYERS


# -- table definitions ------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A flat table derived from each story record (``story_id`` is added first)."""

    name: str
    columns: dict[str, str]  # column -> SQL type
    rows: Callable[[dict], list[dict]]  # story record -> rows


def _place_cols(p: dict | None, prefix: str = "") -> dict:
    p = p or {}
    return {f"{prefix}name": p.get("name"), f"{prefix}geonameid": p.get("geonameid"), f"{prefix}country": p.get("country"),
            f"{prefix}admin1": p.get("admin1"), f"{prefix}lat": p.get("lat"), f"{prefix}lon": p.get("lon")}


def _span_text(s: dict | None) -> str | None:
    return s.get("text") if s else None


CORE_TABLES: tuple[Table, ...] = (
    Table("entities", {"label": "TEXT", "text": "TEXT", "start": "INTEGER", "end": "INTEGER"},
          lambda r: [{"label": e.get("label"), "text": e["text"], "start": e["start"], "end": e["end"]} for e in r.get("entities", [])]),
    Table("places", {"text": "TEXT", "name": "TEXT", "geonameid": "INTEGER", "country": "TEXT", "admin1": "TEXT",
                     "lat": "REAL", "lon": "REAL", "precision": "TEXT", "start": "INTEGER", "end": "INTEGER"},
          lambda r: [{"text": p["text"], **_place_cols(p), "precision": None if p.get("precision") is None else str(p["precision"]),
                      "start": p["start"], "end": p["end"]} for p in r.get("places", [])]),
    Table("quotes", {"source": "TEXT", "speaker": "TEXT", "source_kind": "TEXT", "cue": "TEXT", "content": "TEXT",
                     "direct": "INTEGER", "start": "INTEGER", "end": "INTEGER"},
          lambda r: [{"source": _span_text(q.get("source")), "speaker": (q.get("source") or {}).get("canonical"),
                      "source_kind": (q.get("source") or {}).get("kind"), "cue": _span_text(q.get("cue")),
                      "content": _span_text(q.get("content")), "direct": int(bool(q.get("direct"))),
                      "start": q["content"]["start"], "end": q["content"]["end"]} for q in r.get("quotes", [])]),
    Table("events", {"event_type": "TEXT", "sub_event_type": "TEXT", "date": "TEXT", "time_precision": "INTEGER",
                     "location": "TEXT", "geonameid": "INTEGER", "country": "TEXT", "admin1": "TEXT", "lat": "REAL", "lon": "REAL",
                     "geo_precision": "INTEGER", "claimed_by": "TEXT", "claimant_side": "TEXT", "reported_via": "TEXT",
                     "hedged": "INTEGER", "fatalities": "INTEGER", "actors": "TEXT", "sentence": "TEXT",
                     "start": "INTEGER", "end": "INTEGER"},
          lambda r: [{"event_type": e.get("event_type"), "sub_event_type": e.get("sub_event_type"), "date": e.get("date"),
                      "time_precision": e.get("time_precision"),
                      **{("location" if k == "name" else k): v for k, v in _place_cols(e.get("place")).items()},
                      "geo_precision": e.get("geo_precision"), "claimed_by": e.get("claimed_by"),
                      "claimant_side": e.get("claimant_side"), "reported_via": e.get("reported_via"),
                      "hedged": int(bool(e.get("hedged"))), "fatalities": e.get("fatalities"),
                      "actors": "; ".join(e.get("actors") or []), "sentence": e.get("text"),
                      "start": e.get("start"), "end": e.get("end")} for e in r.get("events", [])]),
    Table("figures", {"quantity": "REAL", "unit": "TEXT", "what": "TEXT", "period": "TEXT", "claimed_by": "TEXT",
                      "claimant_side": "TEXT", "sentence": "TEXT", "start": "INTEGER", "end": "INTEGER"},
          lambda r: [{"quantity": f.get("quantity"), "unit": f.get("unit"), "what": f.get("what"), "period": f.get("period"),
                      "claimed_by": f.get("claimed_by"), "claimant_side": f.get("claimant_side"), "sentence": f.get("text"),
                      "start": f.get("start"), "end": f.get("end")} for f in r.get("figures", [])]),
    Table("techniques", {"technique": "TEXT", "text": "TEXT", "score": "REAL", "start": "INTEGER", "end": "INTEGER"},
          lambda r: [{"technique": t.get("technique"), "text": t["text"], "score": t.get("score"),
                      "start": t["start"], "end": t["end"]} for t in r.get("techniques", [])]),
)


# -- the interface ------------------------------------------------------------------
class Store(Protocol):
    """What every backend provides (SQLite here; PostgreSQL can implement the same)."""

    url: str

    def has(self, story_id: str) -> bool: ...
    def get(self, story_id: str) -> dict | None: ...
    def add_many(self, records: Iterable[dict]) -> tuple[int, int]: ...
    def iter_records(self, *, outlet: str | None = None, since: str | None = None, until: str | None = None) -> Iterator[dict]: ...
    def search(self, query: str, *, limit: int = 20) -> list[dict]: ...
    def count(self) -> int: ...
    def close(self) -> None: ...


class StoreError(Exception):
    """The database cannot be opened or used (a user-facing, one-line reason)."""


def open_store(url: str | Path = "frontwire.db") -> Store:
    """Open (creating if needed) the store at a SQLite path or a ``postgresql://`` URL."""
    url = str(url)
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available in this version; use a SQLite file path")
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    return SQLiteStore(url)


def _extra_tables() -> list[Table]:
    from ..plugins import plugin_manager

    tables: list[Table] = []
    for group in plugin_manager().hook.register_store_tables():
        tables.extend(group or [])
    return tables


_SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SQLiteStore:
    """SQLite in WAL mode with an FTS5 index over title and text."""

    def __init__(self, path: str):
        self.url = path
        self.path = path
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{path}: folder {parent} does not exist")
        try:
            self.conn = sqlite3.connect(path, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.tables = list(CORE_TABLES) + _extra_tables()
            self._create()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable SQLite database ({exc})") from None

    # -- schema ----------------------------------------------------------------
    def _create(self) -> None:
        c = self.conn
        c.executescript(
            """
            CREATE TABLE IF NOT EXISTS stories (
                id TEXT PRIMARY KEY,
                title TEXT, outlet TEXT, url TEXT, published TEXT, language TEXT, source TEXT,
                text TEXT NOT NULL,
                words INTEGER,
                n_places INTEGER, n_quotes INTEGER, n_events INTEGER, n_figures INTEGER, n_techniques INTEGER,
                ingested_at TEXT NOT NULL,
                record TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS stories_published ON stories(published);
            CREATE INDEX IF NOT EXISTS stories_outlet ON stories(outlet);
            CREATE VIRTUAL TABLE IF NOT EXISTS stories_fts USING fts5(
                title, text, content='stories', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER IF NOT EXISTS stories_ai AFTER INSERT ON stories BEGIN
                INSERT INTO stories_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
            END;
            CREATE TRIGGER IF NOT EXISTS stories_ad AFTER DELETE ON stories BEGIN
                INSERT INTO stories_fts(stories_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            END;
            """
        )
        for t in self.tables:
            if not _SAFE_NAME.match(t.name) or not all(_SAFE_NAME.match(col) for col in t.columns):
                raise StoreError(f"bad table definition {t.name!r}")
            cols = ", ".join(f'"{col}" {typ}' for col, typ in t.columns.items())
            c.execute(f'CREATE TABLE IF NOT EXISTS "{t.name}" (story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE, {cols})')
            c.execute(f'CREATE INDEX IF NOT EXISTS "{t.name}_story" ON "{t.name}"(story_id)')
        c.commit()

    # -- writing ---------------------------------------------------------------
    def has(self, story_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None

    def add(self, record: dict) -> bool:
        added, _ = self.add_many([record])
        return added == 1

    def add_many(self, records: Iterable[dict]) -> tuple[int, int]:
        """Store records in one transaction; returns (added, already_stored)."""
        added = skipped = 0
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.conn:  # one transaction: all or nothing
            for rec in records:
                if self.has(rec["id"]):
                    skipped += 1
                    continue
                slim = {k: v for k, v in rec.items() if k != "text"}
                self.conn.execute(
                    "INSERT INTO stories (id, title, outlet, url, published, language, source, text, words, n_places, n_quotes,"
                    " n_events, n_figures, n_techniques, ingested_at, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (rec["id"], rec.get("title"), rec.get("outlet"), rec.get("url"), rec.get("published"), rec.get("language"),
                     rec.get("source"), rec["text"], len(rec["text"].split()), len(rec.get("places", [])),
                     len(rec.get("quotes", [])), len(rec.get("events", [])), len(rec.get("figures", [])),
                     len(rec.get("techniques", [])), now, json.dumps(slim, ensure_ascii=False)),
                )
                for t in self.tables:
                    rows = t.rows(rec)
                    if rows:
                        cols = ["story_id", *t.columns]
                        sql = f'INSERT INTO "{t.name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
                        self.conn.executemany(sql, [[rec["id"], *(row.get(c) for c in t.columns)] for row in rows])
                added += 1
        return added, skipped

    # -- reading ---------------------------------------------------------------
    @staticmethod
    def _record(row) -> dict:
        rec = json.loads(row["record"])
        rec["text"] = row["text"]
        # restore the schema's key order: text after title
        order = ["id", "title", "text", "outlet", "url", "published", "language", "source", *LAYERS, "profile", "schema_version"]
        return {k: rec[k] for k in order if k in rec} | {k: v for k, v in rec.items() if k not in order}

    def get(self, story_id: str) -> dict | None:
        row = self.conn.execute("SELECT text, record FROM stories WHERE id = ?", (story_id,)).fetchone()
        return self._record(row) if row else None

    def iter_records(self, *, outlet: str | None = None, since: str | None = None, until: str | None = None) -> Iterator[dict]:
        where, args = [], []
        if outlet:
            where.append("outlet = ?")
            args.append(outlet)
        if since:
            where.append("published >= ?")
            args.append(since)
        if until:
            where.append("published < ?")
            args.append(until)
        sql = "SELECT text, record FROM stories" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY published, rowid"
        for row in self.conn.execute(sql, args):
            yield self._record(row)

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM stories").fetchone()[0]

    def search(self, query: str, *, limit: int = 20) -> list[dict]:
        """Full-text search (FTS5 syntax; a query that is not valid FTS5 is searched as plain words)."""
        sql = (
            "SELECT s.id, s.title, s.outlet, s.published, s.url,"
            " snippet(stories_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(stories_fts) AS rank"
            " FROM stories_fts JOIN stories s ON s.rowid = stories_fts.rowid"
            " WHERE stories_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            words = re.findall(r"\w+", query)
            if not words:
                return []
            rows = self.conn.execute(sql, (" ".join(f'"{w}"' for w in words), limit)).fetchall()
        return [dict(r) for r in rows]

    def close(self) -> None:
        self.conn.close()
