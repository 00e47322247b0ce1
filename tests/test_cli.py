"""The command line end to end: analyze, re-run, crash and rerun, bad inputs, search, export."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import EXAMPLES, need_shared, run_cli

from frontwire.doc import check_offsets
from frontwire.ingest import read_path
from frontwire.schema import validate


def test_analyze_seeds_gives_eleven_valid_stories(tmp_path):
    seeds = need_shared("seeds")
    db, out = tmp_path / "f.db", tmp_path / "seeds.jsonl"
    r = run_cli("analyze", str(seeds), "--db", str(db), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "11 stories read, 11 written, 0 skipped" in r.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 11
    assert records[-1]["title"] == "Doomed Kyiv Looking For Scapegoat To Blame For Defeat"
    for rec in records:
        validate(rec)
        assert check_offsets(rec) == []
    # a second run stores nothing new and still writes every story of the run
    r2 = run_cli("analyze", str(seeds), "--db", str(db), "--out", str(out))
    assert r2.returncode == 0 and "0 written, 11 already stored" in r2.stderr
    assert len(out.read_text().splitlines()) == 11
    assert sqlite3.connect(db).execute("SELECT count(*) FROM stories").fetchone()[0] == 11


def test_examples_run_and_export(tmp_path):
    db = tmp_path / "ex.db"
    r = run_cli("analyze", str(EXAMPLES), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "11 stories read, 11 written" in r.stderr
    r = run_cli("search", "Synkivka", "--db", str(db))
    assert "Russia says its troops took a village near Kupiansk" in r.stdout
    r = run_cli("export", "--db", str(db), "--format", "csv")
    lines = r.stdout.splitlines()
    assert lines[0].startswith("id,title,outlet,url,published") and len(lines) == 12
    r = run_cli("export", "--db", str(db), "--format", "jsonl", "--outlet", "River Post")
    assert [json.loads(x)["outlet"] for x in r.stdout.splitlines()] == ["River Post", "River Post"]
    r = run_cli("export", "--db", str(db), "--format", "nonsense")
    assert r.returncode == 2 and "unknown format" in r.stderr and "Traceback" not in r.stderr


def test_bad_inputs_are_named_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (tmp_path / "broken.rss").write_text("<?xml version='1.0'?><rss><channel><item><title>x")
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.write(b"Shelling was reported. " * (50 * 1024 * 1024 // 23 + 1))
    good = tmp_path / "good.txt"
    good.write_text((EXAMPLES / "plain" / "20240509T143000Z_odesa-port.txt").read_text())
    db = tmp_path / "b.db"
    r = run_cli("analyze", str(tmp_path / "missing.txt"), str(tmp_path), "http://127.0.0.1:9/unreachable",
                "--db", str(db))
    err = r.stderr
    assert r.returncode == 1
    assert "Traceback" not in err
    for name, reason in [("missing.txt", "no such file"), ("empty.txt", "empty"), ("image.png", "binary"),
                         ("broken.rss", "feed"), ("huge.txt", "too large"), ("127.0.0.1:9", "could not fetch")]:
        line = next((x for x in err.splitlines() if name in x), None)
        assert line and reason in line, (name, err)
    assert "1 stories read, 1 written" in err
    assert sqlite3.connect(db).execute("SELECT title FROM stories").fetchall() == [
        ("Odesa port infrastructure damaged in overnight missile attack",)]


def test_crash_mid_run_loses_nothing_committed(tmp_path):
    news = need_shared("corpus", "news")
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(news.iterdir())[:40]:
        (src / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-m", "frontwire", "analyze", str(src), "--db", str(db), "--batch-size", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if db.exists():
            try:
                stored = sqlite3.connect(db, timeout=1).execute("SELECT count(*) FROM stories").fetchone()[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 6:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = sqlite3.connect(db).execute("SELECT count(*) FROM stories").fetchone()[0]
    assert before >= 6 and before < 40
    r = run_cli("analyze", str(src), "--db", str(db))
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(db)
    total, distinct = conn.execute("SELECT count(*), count(DISTINCT id) FROM stories").fetchone()
    expected = {s.id for s in read_path(str(src))}  # the corpus repeats a few articles verbatim
    assert total == distinct == len(expected)
    assert "40 stories read" in r.stderr and f"{len(expected) - before} written" in r.stderr
    # the flattened tables hold no orphans or doubles for the stories stored before the crash
    assert conn.execute("SELECT count(*) FROM entities WHERE story_id NOT IN (SELECT id FROM stories)").fetchone()[0] == 0


def test_validate_command_catches_bad_offsets(tmp_path, seed_records):
    rec = dict(seed_records[0])
    rec["sentences"] = [dict(rec["sentences"][0], start=rec["sentences"][0]["start"] + 1)]
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps(rec) + "\n")
    r = run_cli("validate", str(f))
    assert r.returncode == 1 and "sentences" in r.stderr


def test_parallel_jobs_store_the_same_stories(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run_cli("analyze", str(EXAMPLES), "--db", str(tmp_path / "1.db"), "--out", str(one)).returncode == 0
    r = run_cli("analyze", str(EXAMPLES), "--db", str(tmp_path / "2.db"), "--out", str(two), "--jobs", "2")
    assert r.returncode == 0, r.stderr
    recs1 = sorted((json.loads(x) for x in one.read_text().splitlines()), key=lambda r: r["id"])
    recs2 = sorted((json.loads(x) for x in two.read_text().splitlines()), key=lambda r: r["id"])
    assert [r["id"] for r in recs1] == [r["id"] for r in recs2] and len(recs1) == 11
    assert [r["entities"] for r in recs1] == [r["entities"] for r in recs2]
