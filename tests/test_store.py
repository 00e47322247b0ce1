"""The SQLite store: idempotent adds, search, readable tables, Datasette."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess

import pytest

from conftest import EXAMPLES

from frontwire.ingest import read_path
from frontwire.store import StoreError, open_store


@pytest.fixture(scope="module")
def example_records(pipeline):
    return [pipeline(s).to_dict() for s in read_path(str(EXAMPLES))]


@pytest.fixture
def store(tmp_path, example_records):
    s = open_store(tmp_path / "t.db")
    s.add_many(example_records)
    yield s
    s.close()


def test_add_is_idempotent_by_content_hash(store, example_records):
    assert store.count() == 11
    assert store.add_many(example_records) == (0, 11)
    assert store.count() == 11
    rec = store.get(example_records[0]["id"])
    assert rec == example_records[0]  # the record comes back whole


def test_full_text_search_finds_the_story(store):
    hits = store.search("Synkivka")
    assert len(hits) == 1 and hits[0]["title"] == "Russia says its troops took a village near Kupiansk"
    assert "[Synkivka]" in hits[0]["snippet"]
    assert store.search('"Nova Kakhovka"')[0]["title"] == "Russian-installed officials report shelling of Nova Kakhovka"
    assert store.search("unbalanced \"quote") == []  # invalid FTS syntax is searched as words, no crash


def test_wal_mode_and_readable_tables(store, tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"stories", "stories_fts", "entities", "places", "quotes", "events", "figures", "techniques"} <= tables
    n, = conn.execute("SELECT count(*) FROM entities e JOIN stories s ON s.id = e.story_id").fetchone()
    assert n > 30
    if shutil.which("sqlite3"):
        out = subprocess.run(["sqlite3", str(tmp_path / "t.db"), "SELECT title FROM stories ORDER BY title LIMIT 1"],
                             capture_output=True, text=True, check=True).stdout
        assert out.strip() == "Belgorod reports shelling as Kyiv stays silent"


def test_database_opens_in_datasette(store, tmp_path):
    datasette = pytest.importorskip("datasette.app")

    async def fetch():
        ds = datasette.Datasette([str(tmp_path / "t.db")])
        r = await ds.client.get("/t/stories.json?_shape=array&_col=title")
        assert r.status_code == 200
        return r.json()

    rows = asyncio.run(fetch())
    assert len(rows) == 11 and all("title" in r for r in rows)


def test_bad_database_path_is_a_clear_error(tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not a database " * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        open_store(not_db)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "dir" / "x.db")
