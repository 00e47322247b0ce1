#!/usr/bin/env python
"""Fine-tune the attribution head of the MiniLM encoder on PolNeAR and export the encoder with it.

    pip install -e '.[train]'
    OMP_NUM_THREADS=1 nice python scripts/finetune_attribution.py [--work /tmp/attr_tagger]

The head is a copy of all-MiniLM-L6-v2's layer 5 and a linear layer reading the frozen 4-layer
encoder's output (:mod:`frontwire.framing.finetune`, the same construction as the SI head of
``scripts/finetune_si.py``), trained as a word-piece tagger with four sigmoid outputs, the
attribution tagger's targets (:data:`frontwire.claims.attribution_tagger.OUTPUTS`): cue head,
inside a cue, inside a source, inside a content, on PolNeAR ``train`` (840 articles; labels per
spaCy token as in ``scripts/train_attribution_tagger.py``, each piece taking its token's).  The
frozen layers' output is computed once; an epoch costs one layer over about a million pieces
(about 4 minutes on one core).

The head is kept in ``--heads`` (``build/heads/attr_logit.pt``) and the encoder
(``frontwire/framing/data/minilm.onnx``) is exported with every head kept there, so run
``scripts/finetune_si.py`` first (or after: each export takes all heads present).  The
encoder's ``attr_logit`` output is read by :class:`frontwire.claims.attribution_tagger.CueTagger`,
whose mix weights are then fitted on PolNeAR ``dev`` (``scripts/train_attribution_tagger.py
--mix fit``) — so the dev scores are optimistic.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from frontwire.framing import finetune  # noqa: E402
from frontwire.framing.encoder import WordPiece  # noqa: E402
from frontwire.framing.techniques import DATA, ENCODER, VOCAB  # noqa: E402
from train_attribution_tagger import labels, parses  # noqa: E402
from train_attribution import read_attributions  # noqa: E402

ATTR_LOGIT = "attr_logit"


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def token_labels(doc, Y: np.ndarray):
    """``char_labels`` for :func:`finetune.piece_windows`: each piece takes the labels of the token it starts in."""
    starts = np.array([t.idx for t in doc], np.int64)
    Yf = Y.astype(np.float32)

    def char_labels(piece_starts: np.ndarray) -> np.ndarray:
        k = np.clip(np.searchsorted(starts, piece_starts, side="right") - 1, 0, len(starts) - 1)
        return Yf[k]

    return char_labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "attribution" / "polnear" / "data")
    ap.add_argument("--work", type=Path, default=Path("/tmp/attr_tagger"), help="cache directory (spaCy parses)")
    ap.add_argument("--heads", type=Path, default=ROOT / "build" / "heads")
    ap.add_argument("--out", type=Path, default=ENCODER)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    import torch

    from frontwire.nlp.backbone import load_spacy

    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    nlp = load_spacy()
    nlp.max_length = 2_000_000
    part = args.polnear / "train"
    items, docs = parses(nlp, part, args.work / "train.spacy")
    ann = {}
    for a in sorted((part / "attributions").glob("*.ann")):
        ann.setdefault(a.stem.rsplit("_", 1)[0], a)
    tok = WordPiece(DATA / VOCAB.name)
    data = []
    for (stem, _t, _g), doc in zip(items, docs):
        data.extend(finetune.piece_windows(tok, doc.text, token_labels(doc, labels(doc, read_attributions(ann[stem])))))
    log(f"{len(docs)} articles, {len(data)} windows, {sum(len(i) for i, _ in data)} pieces")
    net = finetune.train_branch(data, tok, 4, epochs=args.epochs, lr=args.lr, seed=args.seed, name=ATTR_LOGIT, log=log)
    log(f"kept the head in {finetune.save_head(net, ATTR_LOGIT, args.heads)}")
    log("encoder outputs: hidden, " + ", ".join(finetune.export_heads(args.heads, args.out, log=log)))


if __name__ == "__main__":
    main()
