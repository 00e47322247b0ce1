"""The ``techniques`` component: persuasion-technique spans (the 14 PTC labels) in a story.

Two layers, both recorded in each span's ``source``:

* ``"model"`` — the PTC-trained models of :mod:`frontwire.framing.models`: span
  identification (SI) finds the fragments, technique classification (TC) labels
  each in its article; ``score`` is SI confidence × TC probability.
* ``"lexicon"`` — loaded terms for the parties and the war from
  ``data/loaded_terms.tsv`` (either side's vocabulary, by the same method), marked
  ``Loaded_Language`` or ``Name_Calling,Labeling`` where the model did not already
  mark the same words with one of those two techniques.

The SemEval outputs (``frontwire techniques --format semeval-*``) use the model
layer only, so they stay comparable with PTC scores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..doc import Story
from ..pipeline import component
from .features import ArticleView
from .lexicon import DATA, load_lexicons
from .models import SpanIdentifier, TechniqueClassifier

SI_MODEL = DATA / "si_model.npz"
TC_MODEL = DATA / "tc_model.npz"
ENCODER = DATA / "minilm.onnx"  # outputs `hidden` (frozen vectors) and `si_logit` (the fine-tuned SI branch)
VOCAB = DATA / "minilm_vocab.txt"
SI_LOGIT = "si_logit"
LEXICAL_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
LEXICON_SCORE = 0.5


def load_models(data_dir: Path = DATA) -> tuple[SpanIdentifier, TechniqueClassifier]:
    si_path, tc_path = data_dir / SI_MODEL.name, data_dir / TC_MODEL.name
    if not (si_path.exists() and tc_path.exists()):
        raise RuntimeError(f"technique models missing in {data_dir}: rebuild them with `python scripts/train_techniques.py`")
    return SpanIdentifier.load(si_path), TechniqueClassifier.load(tc_path)


def load_encoder(data_dir: Path = DATA):
    """The shipped MiniLM encoder (None when it is not there)."""
    from .encoder import shared_encoder

    onnx, vocab = data_dir / ENCODER.name, data_dir / VOCAB.name
    return shared_encoder(str(onnx), str(vocab)) if onnx.exists() and vocab.exists() else None


class TechniqueFinder:
    """SI + TC (+ lexicon) over plain text; what the component and the CLI share."""

    def __init__(self, data_dir: Path = DATA, lexicon: bool = True, threshold: float | None = None, finetuned: bool = True):
        self.si, self.tc = load_models(data_dir)
        if threshold is not None:
            self.si.threshold = threshold
        needs = self.si.head is not None or self.tc.Wd is not None or self.tc.nn is not None
        self.encoder = load_encoder(data_dir) if needs else None
        if needs and self.encoder is None:
            raise RuntimeError(f"the technique models need {ENCODER.name} in {data_dir}: rebuild with `python scripts/train_techniques.py`")
        # the fine-tuned SI branch's logit comes out of the same encoder run (`scripts/finetune_si.py`)
        self.finetuned = bool(finetuned and self.si.ft_mix and self.encoder is not None)
        if self.finetuned and SI_LOGIT not in self.encoder.outputs:
            raise RuntimeError(f"{ENCODER.name} in {data_dir} has no {SI_LOGIT} output: rebuild it with `python scripts/finetune_si.py`")
        self.lexicons = load_lexicons(data_dir) if lexicon else None

    def _vecs(self, view: ArticleView):
        return self.encoder.token_vectors(view) if self.encoder is not None else None

    def _ft(self, view: ArticleView):
        return self.encoder.token_vectors(view, SI_LOGIT)[:, 0] if self.finetuned else None

    def model_spans(self, text: str) -> list[tuple[int, int, str, float]]:
        view = ArticleView(text)
        if not view.toks:
            return []
        vecs = self._vecs(view)
        spans = self.si.decode(view, self.si.token_proba(view, vecs, self._ft(view)))
        labels = self.tc.predict_one(text, [(s, e) for s, e, _ in spans], view, vecs)
        return [(s, e, lab, round(conf * p, 4)) for (s, e, conf), (lab, p) in zip(spans, labels)]

    def classify(self, text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        view = ArticleView(text)
        vecs = self._vecs(view) if (self.tc.Wd is not None or self.tc.nn is not None) else None
        return [lab for lab, _ in self.tc.predict_one(text, list(spans), view, vecs)]

    def find(self, text: str) -> list[dict]:
        """All technique spans as ``{start, end, technique, score, source}``, sorted."""
        out = [{"start": s, "end": e, "technique": lab, "score": sc, "source": "model"} for s, e, lab, sc in self.model_spans(text)]
        if self.lexicons is not None:
            lexical = [(d["start"], d["end"]) for d in out if d["technique"] in LEXICAL_TECHNIQUES]
            for s, e, term in self.lexicons.loaded_matches(text):
                if any(s < b and a < e for a, b in lexical):
                    continue
                out.append({"start": s, "end": e, "technique": term.technique, "score": LEXICON_SCORE, "source": "lexicon", "term": term.group})
        out.sort(key=lambda d: (d["start"], d["end"], d["technique"]))
        return out


@component("techniques", assigns=["techniques"], requires=["sentences"])
class TechniqueTagger:
    """Persuasion-technique spans (PTC labels) with scores, model and lexicon layers."""

    #: SI token threshold of the component: stricter than the F1-tuned one of the SemEval
    #: output, so that what an analyst sees in a story is mostly right.
    DEFAULT_THRESHOLD = 0.35

    def __init__(self, lexicon: bool = True, threshold: float | None = DEFAULT_THRESHOLD, data_dir: str | None = None,
                 finetuned: bool = True):
        self.lexicon = lexicon
        self.threshold = threshold
        self.finetuned = finetuned  # mix in the fine-tuned SI branch's logit (free: the same encoder run)
        self.data_dir = Path(data_dir) if data_dir else DATA
        self.finder: TechniqueFinder | None = None

    def initialize(self) -> None:
        if self.finder is None:
            self.finder = TechniqueFinder(self.data_dir, lexicon=self.lexicon, threshold=self.threshold, finetuned=self.finetuned)

    def __call__(self, story: Story) -> Story:
        self.initialize()
        story.techniques = [
            story.span(d["start"], d["end"], **{k: v for k, v in d.items() if k not in ("start", "end")})
            for d in self.finder.find(story.text)
        ]
        return story
