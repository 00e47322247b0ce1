"""Train the BiLSTM cue tagger over frozen MiniLM vectors (``attribution_tagger.npz``).

    pip install -e '.[train]'
    OMP_NUM_THREADS=1 nice python scripts/train_attribution_tagger.py [--work /tmp/attr_tagger]

Steps (each cached in ``--work``): spaCy parses of PolNeAR train / dev; per token the
MiniLM vectors of the framing encoder (``frontwire/framing/data/minilm.onnx``), the
labels (cue head as in ``train_attribution.py``, inside cue / source / content) and
the linear cue model's logit — out-of-fold (2 folds by article) on train, the shipped
``attribution_model.npz`` on dev; then a torch BiLSTM (4 sigmoid outputs) and the
mix of its cue-head logit with the linear one, fitted by logistic regression on dev
(so dev numbers are optimistic; see ``frontwire/claims/data/MODEL_CARD.md``) or given
by ``--mix``.  Prints the dev scores of the full ``quotes`` component at the end.

``--syn 1`` adds the parse's syntactic inputs (``attribution_tagger.syn_inputs``);
``--ensemble-with FILE`` averages the new tagger's output logits with FILE's (the shipped
tagger is the ``--syn 1`` one with the plain one as a member); ``--oof FILE`` trains two
taggers on halves of train (by article, the linear logits' folds) and writes each one's
probabilities on the other half, for choosing weights / thresholds without dev:

    python scripts/train_attribution_tagger.py --epochs 5 --mix 1,0,-0.6,0.5 --out /tmp/plain.npz
    python scripts/train_attribution_tagger.py --epochs 5 --syn 1 --mix 1,0,-0.6,0.5 --ensemble-with /tmp/plain.npz
    python scripts/train_attribution_tagger.py --epochs 5 [--syn 1] --oof /tmp/oof.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from frontwire.claims.attribution_model import AttributionModel, cue_features, is_candidate, quote_mask, sentence_context  # noqa: E402
from frontwire.claims.attribution_tagger import TAGGER_PATH, CueTagger, _logit, syn_inputs, token_inputs  # noqa: E402
from frontwire.claims.polnear import read_dir  # noqa: E402
from frontwire.framing.tagger import as_numpy, bilstm_trunk, lstm_arrays, padded_batch, train_loop  # noqa: E402
from train_attribution import cue_head, read_attributions, tokens_in  # noqa: E402


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def parses(nlp, part_dir: Path, cache: Path):
    from spacy.tokens import DocBin

    items = list(read_dir(part_dir))
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((t for _s, t, _g in items), batch_size=16))
        DocBin(docs=docs, store_user_data=False).to_disk(cache)
    return items, docs


def labels(doc, rels) -> np.ndarray:
    Y = np.zeros((len(doc), 4), np.int8)
    for rel in rels:
        ct = tokens_in(doc, rel.get("cue", []))
        if not ct:
            continue
        Y[cue_head(doc, ct), 0] = 1
        Y[sorted(ct), 1] = 1
        for role, c in (("source", 2), ("content", 3)):
            tt = tokens_in(doc, rel.get(role, []))
            if tt:
                Y[sorted(tt), c] = 1
    return Y


def oof_logits(docs, Ys, C: float = 0.2, folds: int = 2) -> list[np.ndarray]:
    """Out-of-fold logits of the linear cue model (same features and C as the shipped one)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y, g, where = [], [], [], []
    for n, (doc, Y) in enumerate(zip(docs, Ys)):
        qm = quote_mask(doc)
        sc = sentence_context(doc, qm)
        for t in doc:
            if is_candidate(t):
                X.append({f: 1 for f in cue_features(t, qm, 2, sc)})
                y.append(int(Y[t.i, 0]))
                g.append(n)
                where.append((n, t.i))
    y, g = np.array(y), np.array(g)
    oof = np.zeros(len(y))
    for f in range(folds):
        m = g % folds == f
        dv = DictVectorizer()
        Xtr = dv.fit_transform([x for x, k in zip(X, m) if not k])
        lr = LogisticRegression(C=C, max_iter=300, class_weight={0: 1.0, 1: 2.0}).fit(Xtr, y[~m])
        oof[m] = lr.decision_function(dv.transform([x for x, k in zip(X, m) if k]))
        log(f"  oof fold {f + 1}/{folds}")
    out = [np.zeros(len(d), np.float32) for d in docs]
    for (n, i), v in zip(where, oof):
        out[n][i] = v
    return out


def build(part: str, args, nlp, tagger_for_vectors: CueTagger, model: AttributionModel):
    cache = Path(args.work) / f"{part}.pkl"
    if cache.exists():
        return pickle.load(open(cache, "rb"))
    part_dir = Path(args.polnear) / part
    items, docs = parses(nlp, part_dir, Path(args.work) / f"{part}.spacy")
    ann = {}
    for a in sorted((part_dir / "attributions").glob("*.ann")):
        ann.setdefault(a.stem.rsplit("_", 1)[0], a)
    Ys = [labels(doc, read_attributions(ann[stem])) for (stem, _t, _g), doc in zip(items, docs)]
    if part == "train":
        logits = oof_logits(docs, Ys)
    else:
        logits = []
        for doc in docs:
            lo = np.zeros(len(doc), np.float32)
            for i, p in model.cue_probabilities(doc).items():
                lo[i] = _logit(np.array(p))
            logits.append(lo)
    out = []
    for n, (doc, Y, lo) in enumerate(zip(docs, Ys, logits)):
        cand = np.array([is_candidate(t) for t in doc], bool)
        out.append({"V": tagger_for_vectors.vectors(doc).astype(np.float16), "Y": Y, "cand": cand, "lr": lo,
                    "sents": [(s.start, s.end) for s in doc.sents]})
        if n % 200 == 0:
            log(f"  {part}: encoded {n}/{len(docs)}")
    pickle.dump(out, open(cache, "wb"), protocol=4)
    return out


def features(r, doc=None, dep_labels=None):
    """A cached article's tagger inputs (with the parse's syntactic inputs when ``doc`` is given)."""
    F = token_inputs(r["V"].astype(np.float32), r["cand"], r["lr"])
    if doc is not None:
        assert len(doc) == len(F)
        F = np.hstack([F, syn_inputs(doc, dep_labels, r["cand"], r["lr"])])
    return F


def sequences(data, docs=None, dep_labels=None):
    out = []
    for n, r in enumerate(data):
        F = features(r, docs[n] if docs is not None else None, dep_labels)
        for a, b in r["sents"]:
            out.append((F[a:b], r["Y"][a:b].astype(np.float32), r["cand"][a:b]))
    return out


def predict(arrays, data, docs=None, dep_labels=None) -> list[np.ndarray]:
    """(tokens, 4) probabilities of a fitted tagger for cached articles."""
    tagger = CueTagger(arrays)
    out = []
    for n, r in enumerate(data):
        F = features(r, docs[n] if docs is not None else None, dep_labels)
        P = np.zeros((len(F), 4), np.float32)
        ss = sorted(r["sents"], key=lambda s: s[1] - s[0])
        for c in range(0, len(ss), 64):
            Z = tagger.logits([F[a:b] for a, b in ss[c:c + 64]])
            for k, (a, b) in enumerate(ss[c:c + 64]):
                P[a:b] = Z[k, :b - a]
        out.append((1 / (1 + np.exp(-np.clip(P, -30, 30)))).astype(np.float16))
    return out


def fit(tr, args):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.RandomState(args.seed)
    allX = np.vstack([s[0] for s in tr[::5]])
    mu = allX.mean(0).astype(np.float32)
    sd = (allX.std(0) + 1e-3).astype(np.float32)
    del allX
    D, K = tr[0][0].shape[1], 4

    class Net(bilstm_trunk(D, args.proj, args.hidden, 0.3, args.layers)):
        def __init__(self):
            super().__init__()
            self.out = torch.nn.Linear(2 * args.hidden, K)

        def forward(self, x, lens):
            return self.out(self.drop(self.states(x, lens)))

    net = Net()
    Xs = [torch.from_numpy((s[0] - mu) / sd) for s in tr]
    Ys = [torch.from_numpy(s[1]) for s in tr]
    n, B = len(Xs), 32
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    pw = torch.tensor([2.0, 1.5, 1.0, 1.0])  # cue head and cue tokens are rare

    def batch_loss(bi):
        x, y, lens, m = padded_batch(Xs, Ys, bi)
        z = net(x, lens)
        return (torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="none", pos_weight=pw).sum(-1) * m).sum() / m.sum()

    train_loop(net, opt, n, B, args.epochs, args.lr, rng, batch_loss, log, "tagger")
    out = {**lstm_arrays(net, mu, sd), "W1": as_numpy(net.out.weight), "b1": as_numpy(net.out.bias), "nolr": np.array(0)}
    if args.syn:
        out["dep_labels"] = np.array(args.dep_labels)
    return out


def fit_mix(tagger: CueTagger, dev, docs=None, dep_labels=None) -> np.ndarray:
    """Logistic regression of the dev cue-head label on the tagger's and the linear model's logits (candidates)."""
    from sklearn.linear_model import LogisticRegression

    A, y = [], []
    for n, r in enumerate(dev):
        F = features(r, docs[n] if docs is not None else None, dep_labels)
        ss = sorted(r["sents"], key=lambda s: s[1] - s[0])
        Z = tagger.logits([F[a:b] for a, b in ss])
        z0 = np.zeros(len(F), np.float32)
        for k, (a, b) in enumerate(ss):
            z0[a:b] = Z[k, :b - a, 0]
        c = r["cand"]
        A.append(np.stack([z0[c], r["lr"][c]], 1))
        y.append(r["Y"][c, 0])
    lr = LogisticRegression(C=1.0).fit(np.vstack(A), np.concatenate(y))
    return np.array([lr.coef_[0, 0], lr.coef_[0, 1], lr.intercept_[0]], np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "attribution" / "polnear" / "data"))
    ap.add_argument("--work", default="/tmp/attr_tagger", help="cache directory (parses, vectors, labels)")
    ap.add_argument("--out", default=str(TAGGER_PATH))
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--proj", type=int, default=192)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=1, help="stacked BiLSTM layers (2: dropout 0.3 between them)")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--syn", type=int, default=0, help="1: also the parse's syntactic inputs (POS, dependency label, head offset, "
                    "the head's linear cue logit, the children's labels; see attribution_tagger.syn_inputs)")
    ap.add_argument("--ensemble-with", default="", help="comma-separated tagger files whose output logits are averaged with the "
                    "new one's (their inputs must be a prefix of the new one's: a tagger without --syn can join one with it)")
    ap.add_argument("--oof", default="", help="write out-of-fold train probabilities here (2 folds by article, as the linear "
                    "logits) instead of training the shipped tagger")
    ap.add_argument("--mix", default="fit", help="'fit' (logistic regression on dev) or 'a,b,c[,d]': p = sigmoid(a*tagger + b*linear + c [+ d*tagger in_cue]); "
                    "shipped: 1,0,-0.6,0.5 (1,0,-0.3 chosen on dev, then the in_cue weight 0.5 and bias -0.3 more on 100 train articles)")
    args = ap.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    from frontwire.nlp.backbone import load_spacy

    nlp = load_spacy()
    nlp.max_length = 2_000_000
    model = AttributionModel.load(use_tagger=False)
    dummy = CueTagger.__new__(CueTagger)
    dummy._encoder = None
    dev = build("dev", args, nlp, dummy, model)
    tr = build("train", args, nlp, dummy, model)
    log(f"cached {len(tr)} train and {len(dev)} dev articles")
    tr_docs = dev_docs = None
    args.dep_labels = None
    if args.syn:
        args.dep_labels = sorted(nlp.get_pipe("parser").labels)
        tr_docs = parses(nlp, Path(args.polnear) / "train", Path(args.work) / "train.spacy")[1]
        dev_docs = parses(nlp, Path(args.polnear) / "dev", Path(args.work) / "dev.spacy")[1]
    if args.oof:
        names = [s for s, _t, _g in read_dir(Path(args.polnear) / "train")]
        probs = {}
        for f in range(2):
            idx = [n for n in range(len(tr)) if n % 2 != f]
            held = [n for n in range(len(tr)) if n % 2 == f]
            sub = lambda ii: [tr_docs[n] for n in ii] if tr_docs is not None else None  # noqa: E731
            arrays = fit(sequences([tr[n] for n in idx], sub(idx), args.dep_labels), args)
            for n, P in zip(held, predict(arrays, [tr[n] for n in held], sub(held), args.dep_labels)):
                probs[names[n]] = P
            log(f"fold {f + 1}/2 done")
        pickle.dump(probs, open(args.oof, "wb"), protocol=4)
        log(f"wrote {args.oof}")
        return
    arrays = fit(sequences(tr, tr_docs, args.dep_labels), args)
    tagger = CueTagger(arrays)
    for path in filter(None, args.ensemble_with.split(",")):
        tagger.add_member(CueTagger.load(Path(path)))
        log(f"ensemble with {path}")
    tagger.mix = fit_mix(tagger, dev, dev_docs, args.dep_labels) if args.mix == "fit" else np.array([float(x) for x in args.mix.split(",")], np.float32)
    log(f"mix {tagger.mix.tolist()}")
    out = Path(args.out)
    np.savez_compressed(out, **tagger.arrays())
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if out == TAGGER_PATH:
        from frontwire.claims.polnear import evaluate_dir

        res = evaluate_dir(Path(args.polnear) / "dev")
        for role in ("source", "cue", "content"):
            m = res[role]
            log(f"dev {role}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")


if __name__ == "__main__":
    main()
