"""Cross-validation of the technique models on the PTC training set (folds by article)."""

from __future__ import annotations

import time
from pathlib import Path

from .models import SHIPPED_SI, SHIPPED_TC, SpanIdentifier, TechniqueClassifier, ptc_labels
from .ptc import kfold_articles, load_ptc_train, si_scores, tc_scores


def article_vectors(articles, encoder, log=print) -> dict:
    """MiniLM token vectors of every article (id -> array), computed once for all folds."""
    from .features import ArticleView

    t0 = time.time()
    out = {a.id: encoder.token_vectors(ArticleView(a.text)) for a in articles}
    log(f"MiniLM vectors for {len(articles)} articles in {time.time() - t0:.0f} s")
    return out


def cross_validate(root: str | Path | None = None, k: int = 5, seed: int = 0, folds: int | None = None,
                   si_params: dict | None = None, tc_params: dict | None = None, thresholds=(), log=print,
                   encoder=None, only: int | None = None, ft_logits: dict | None = None) -> dict:
    """k-fold CV by article; returns pooled SI and TC scores over the held-out folds.

    With an ``encoder`` (:class:`~frontwire.framing.encoder.MiniLMEncoder`) the models are
    those shipped (:data:`~frontwire.framing.models.SHIPPED_SI` / ``SHIPPED_TC`` settings,
    overridden by ``si_params`` / ``tc_params``); without, sparse features only.
    ``ft_logits`` (article id -> token logits of the fine-tuned SI tagger trained without that
    article's fold, from ``scripts/finetune_si.py --fold K``) are mixed in with ``ft_mix``;
    without them the span identifier is scored without the fine-tuned tagger.
    """
    arts = load_ptc_train(root)
    labels = ptc_labels()
    si_params = dict(si_params or {})
    tc_params = dict(tc_params or {})
    V = None
    if encoder is not None:
        V = article_vectors(arts, encoder, log)
        si_params = {**SHIPPED_SI, **si_params}
        tc_params = {**SHIPPED_TC, **tc_params}
    if not ft_logits:
        si_params["ft_mix"] = 0.0
    si_pred, si_gold, tc_pred, tc_gold = {}, {}, {}, {}
    sweep = {t: {} for t in thresholds}
    per_fold = []
    t_all = time.time()
    for n, (train, test) in enumerate(kfold_articles(arts, k, seed)):
        if folds is not None and n >= folds:
            break
        if only is not None and n + 1 != only:
            continue
        t0 = time.time()
        tv = [V[a.id] for a in train] if V else None
        tc = TechniqueClassifier(**tc_params).fit(
            [a.text for a in train], [[(s, e) for s, e, _ in a.labelled] for a in train], [[l for _, _, l in a.labelled] for a in train], tv)
        si = SpanIdentifier(**si_params).fit([a.text for a in train], [a.spans for a in train], tv)
        from .features import ArticleView

        for a in test:
            sp = [(s, e) for s, e, _ in a.labelled]
            view = ArticleView(a.text)
            vec = V[a.id] if V else None
            tc_gold[a.id] = a.labelled
            tc_pred[a.id] = [(s, e, l) for (s, e), (l, _) in zip(sp, tc.predict_one(a.text, sp, view, vec))] if sp else []
            si_gold[a.id] = a.spans
            ft = ft_logits.get(a.id) if ft_logits else None
            if si.ft_mix and ft is None:
                raise ValueError(f"no fine-tuned tagger logits for article {a.id} (fold {n + 1}): "
                                 f"run scripts/finetune_si.py --fold {n + 1} --save-logits DIR/fold{n + 1}.npz")
            p = si.token_proba(view, vec, ft) if view.toks else None
            si_pred[a.id] = [(s, e) for s, e, _ in si.decode(view, p)] if p is not None else []
            for t in thresholds:
                sweep[t][a.id] = [(s, e) for s, e, _ in si.decode(view, p, t)] if p is not None else []
        fold_si = si_scores({a.id: si_pred[a.id] for a in test}, {a.id: a.spans for a in test})
        fold_tc = tc_scores({a.id: tc_pred[a.id] for a in test}, {a.id: a.labelled for a in test})
        per_fold.append({"si": fold_si, "tc_micro_f1": fold_tc["micro_f1"], "seconds": round(time.time() - t0)})
        log(f"fold {n + 1}/{k}: SI F1 {fold_si['f1']:.4f}  TC micro-F1 {fold_tc['micro_f1']:.4f}  ({time.time() - t0:.0f} s)")
    out = {"k": k, "seed": seed, "si_params": si_params, "tc_params": tc_params, "si": si_scores(si_pred, si_gold),
           "tc": tc_scores(tc_pred, tc_gold, labels), "folds": per_fold, "seconds": round(time.time() - t_all)}
    if thresholds:
        out["si_threshold_sweep"] = {t: si_scores(v, si_gold)["f1"] for t, v in sweep.items()}
    return out


def format_report(res: dict) -> str:
    """The printed form of :func:`cross_validate`'s result."""
    si, tc = res["si"], res["tc"]
    lines = [
        f"PTC train, {res['k']}-fold cross-validation by article (seed {res['seed']})",
        f"SI  precision {si['precision']:.4f}  recall {si['recall']:.4f}  F1 {si['f1']:.4f}  ({si['n_pred']} predicted, {si['n_gold']} gold spans)",
        f"TC  micro-F1 {tc['micro_f1']:.4f}",
        "TC per technique (P / R / F1 / support):",
    ]
    for lab, d in tc["per_technique"].items():
        lines.append(f"  {lab:40s} {d['precision']:.3f} {d['recall']:.3f} {d['f1']:.3f} {d['support']:5d}")
    if res.get("si_threshold_sweep"):
        lines.append("SI F1 by threshold: " + ", ".join(f"{t}: {f:.4f}" for t, f in res["si_threshold_sweep"].items()))
    if res.get("folds"):
        lines.append("per fold: SI F1 " + " / ".join(f"{f['si']['f1']:.3f}" for f in res["folds"])
                     + "; TC micro-F1 " + " / ".join(f"{f['tc_micro_f1']:.3f}" for f in res["folds"]))
    return "\n".join(lines)
