"""Agreement between two event annotations of the same documents (inter-annotator agreement).

    python scripts/events_agreement.py tests/data/events_iaa/annotator2 tests/data/events_gold_corpus/heldout10 \
        tests/data/events_gold_corpus/heldout11

The first folder is the second annotation; the gold files of the other folders are paired with its files by their
``file`` field. Each annotation is scored against the other with the evaluator's own matching
(``frontwire.claims.evaluate``: same sub_event_type or one of the gold's ``also_accept``, same place), so the
numbers compare directly with ``frontwire evaluate events``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from frontwire.claims.evaluate import _place_match, _type_match


def _score(golds: list[dict], preds: list[dict]) -> tuple[int, int, int, int]:
    hit_pred = 0
    hit_gold = set()
    for ev in preds:
        match = next((gi for gi, ge in enumerate(golds) if _type_match(ge, ev) and _place_match(ge, ev)), None)
        if match is not None:
            hit_pred += 1
            hit_gold.add(match)
    return hit_pred, len(preds), len(hit_gold), len(golds)


def _prf(t) -> str:
    p = t[0] / t[1] if t[1] else 0.0
    r = t[2] / t[3] if t[3] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({t[1]} vs {t[3]} events)"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip())
        return 2
    second = {json.loads(p.read_text(encoding="utf-8"))["file"]: p for p in sorted(Path(argv[0]).glob("*.json"))}
    first = {}
    for d in argv[1:]:
        for p in sorted(Path(d).glob("*.json")):
            g = json.loads(p.read_text(encoding="utf-8"))
            if g["file"] in second:
                first[g["file"]] = p
    missing = sorted(set(second) - set(first))
    if missing:
        print("no first annotation for: " + ", ".join(missing), file=sys.stderr)
    a_gold = [0, 0, 0, 0]
    b_gold = [0, 0, 0, 0]
    for name in sorted(first):
        a = {s["index"]: s["events"] for s in json.loads(first[name].read_text(encoding="utf-8"))["stories"]}
        b = {s["index"]: s["events"] for s in json.loads(second[name].read_text(encoding="utf-8"))["stories"]}
        for k in sorted(set(a) | set(b)):
            a_gold = [x + y for x, y in zip(a_gold, _score(a.get(k, []), b.get(k, [])))]
            b_gold = [x + y for x, y in zip(b_gold, _score(b.get(k, []), a.get(k, [])))]
    print(f"{len(first)} documents")
    print("second annotation scored against the first:", _prf(a_gold))
    print("first annotation scored against the second:", _prf(b_gold))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
