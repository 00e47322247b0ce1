"""Attribution: the PolNeAR scorer, the univocal resolution, the learned model's plumbing,
and war-reporting cues on hand-made sentences."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from frontwire.claims.polnear import ROLES, score, summarise
from frontwire.doc import Story


# ---------------------------------------------------------------- scorer
def test_overlap_scorer_counts():
    text = "The ministry said that troops advanced near the town, officials said."
    gold = {"source": [[(0, 12)], [(54, 63)]], "cue": [[(13, 17)], [(64, 68)]], "content": [[(23, 52)]]}
    # one source overlapping, one spurious; cues exact; content too long
    pred = {"source": [(4, 12), (40, 43)], "cue": [(13, 17), (64, 68)], "content": [(18, 52)]}
    counts = {r: defaultdict(int) for r in ROLES}
    score(pred, gold, counts, text)
    res = summarise(counts)
    assert res["source"]["precision"] == 0.5 and res["source"]["recall"] == 0.5
    assert res["source"]["exact_f1"] == 0.0
    assert res["cue"]["f1"] == 1.0 and res["cue"]["exact_f1"] == 1.0
    assert res["content"]["precision"] == 1.0 and res["content"]["recall"] == 1.0 and res["content"]["exact_f1"] == 0.0
    # proportional: 'ministry' (8 chars) of the 12 non-space gold characters 'The ministry' (11) ...
    assert res["source"]["prop_precision"] == pytest.approx(8 / 11, abs=1e-4)
    # ... and 'that ' (4 non-space chars) of the content is not gold
    assert res["content"]["prop_precision"] < 1.0 and res["content"]["prop_recall"] == 1.0


def test_overlap_scorer_touching_spans_do_not_overlap():
    counts = {r: defaultdict(int) for r in ROLES}
    score({"source": [(0, 5)], "cue": [], "content": []}, {"source": [[(5, 9)]]}, counts, "abcdefghij")
    assert summarise(counts)["source"]["precision"] == 0.0


# ---------------------------------------------------------------- univocal
def test_univocal_drops_the_less_likely_nested_attribution():
    from frontwire.claims.quotes import _univocal

    outer = {"cue": (10, 14), "content": (15, 60), "direct": False, "cue_tok": None, "src": (0, 9)}
    inner = {"cue": (30, 36), "content": (37, 60), "direct": False, "cue_tok": None, "src": (20, 29), "model": True, "p": 0.6}
    assert _univocal([outer, inner], "prob") == [outer]
    # a likelier nested cue wins over an unlikely outer one
    weak = dict(outer, model=True, p=0.55)
    strong = dict(inner, p=0.95)
    assert _univocal([weak, strong], "prob") == [strong]
    # "according to" never swallows the attribution it modifies
    acc = dict(outer, according=True)
    assert len(_univocal([acc, inner], "prob")) == 2


# ---------------------------------------------------------------- model plumbing
def test_linear_model_sparse_and_dense():
    from frontwire.claims.attribution_model import LinearModel

    m = LinearModel({"a": 0, "b": 1}, np.array([[1.0], [2.0]], dtype=np.float32), np.array([0.5], dtype=np.float32),
                    np.array([[1.0], [-1.0]], dtype=np.float32))
    out = m.scores([["a", "b", "zz"], []], np.array([[1.0, 0.0], [0.0, 2.0]], dtype=np.float32))
    assert out[:, 0].tolist() == pytest.approx([0.5 + 3.0 + 1.0, 0.5 - 2.0])


@pytest.fixture(scope="module")
def pipe():
    from frontwire.pipeline import Pipeline

    return Pipeline(["nlp", "quotes"]).initialize()


def _quotes(pipe, text):
    st = pipe(Story(text=text))
    return [((q["source"] or {}).get("text"), (q["source"] or {}).get("kind"), (q["cue"] or {}).get("text"), q["content"]["text"]) for q in st.quotes]


def test_model_loads_and_reads_parser_vectors(pipe):
    from frontwire.claims.attribution_model import AttributionModel, doc_tensor

    m = AttributionModel.load()
    assert m is not None
    st = pipe(Story(text="The governor said that three people were wounded."))
    t = doc_tensor(st.spacy_doc)
    assert t is not None and t.shape[0] == len(st.spacy_doc)
    m.predict(st.spacy_doc)
    said = next(tok for tok in st.spacy_doc if tok.text == "said")
    assert m.last_cue_probs[said.i] > 0.5


def test_cue_tagger_mixes_with_the_linear_model(pipe):
    from frontwire.claims.attribution_model import AttributionModel
    from frontwire.claims.attribution_tagger import TAGGER_PATH, CueTagger

    if not TAGGER_PATH.exists():
        pytest.skip("no attribution_tagger.npz")
    m = AttributionModel.load()
    assert isinstance(m.tagger, CueTagger)
    st = pipe(Story(text="The mayor chalked up the losses to bad luck. Officials said that three people were wounded."))
    doc = st.spacy_doc
    probs = m.cue_probabilities(doc)
    tp = m.last_token_probs
    assert tp.shape == (len(doc), 4) and ((tp >= 0) & (tp <= 1)).all()
    said = next(tok for tok in doc if tok.text == "said")
    assert probs[said.i] > 0.5
    # the mix is monotone in both inputs
    lo = m.tagger.cue_probs(np.array([0.2, 0.8]), np.array([0.5, 0.5]))
    assert lo[0] < lo[1]
    # without the tagger, the linear probabilities
    lin = AttributionModel.load(use_tagger=False)
    assert lin.tagger is None and lin.cue_probabilities(doc)[said.i] > 0.5


# ---------------------------------------------------------------- war-reporting cues
@pytest.mark.parametrize("text,source,kind,cue", [
    ("Russian forces captured the village of Pishchane, according to local reports.", "local reports", "unnamed", "according to"),
    ("The press service of the Southern Defence Forces conveys that 43 drones were shot down overnight.",
     "The press service of the Southern Defence Forces", "named", "conveys"),
    ("Russia's Defence Ministry claimed that its troops had taken Kurakhove.", "Russia's Defence Ministry", "named", "claimed"),
    ("Zelensky told the BBC that Ukraine would not give up territory.", "Zelensky", "named", "told"),
    ("Pro-Russian Telegram channels reported that Russian troops had entered the outskirts of Pokrovsk.",
     "Pro-Russian Telegram channels", "unnamed", "reported"),
    ("Ukrainian forces pulled out of Vuhledar, Kyiv's General Staff said, according to Reuters.", "Kyiv's General Staff", "named", "said"),
])
def test_war_reporting_cues(pipe, text, source, kind, cue):
    qs = _quotes(pipe, text)
    assert any(s == source and k == kind and c == cue for s, k, c, _t in qs), qs


def test_reported_via_keeps_both_speakers(pipe):
    qs = _quotes(pipe, "Ukrainian forces pulled out of Vuhledar, Kyiv's General Staff said, according to Reuters.")
    assert {s for s, _k, _c, _t in qs} >= {"Kyiv's General Staff", "Reuters"}


@pytest.mark.parametrize("text,want", [
    ("Zelensky: Ukraine will not give up Donbas\nThe president spoke in Kyiv.", ("Zelensky", ":", "Ukraine will not give up Donbas")),
    ("Report: Russian troops enter Kupiansk\nMore text follows here.", ("Report", ":", "Russian troops enter Kupiansk")),
    ("“We are holding the line,” — Oleksandr Syrskyi\nMore text.", ("Oleksandr Syrskyi", "—", "“We are holding the line,”")),
])
def test_punctuation_cues(pipe, text, want):
    qs = _quotes(pipe, text)
    assert any((s, c, t) == want for s, _k, c, t in qs), qs


@pytest.mark.parametrize("text", [
    "Kharkiv: three injured in overnight missile strike\nA Russian missile hit the city.",
    "Live updates: Russia launches 300 drones\nText.",
    "Zelensky says: Ukraine will not give up Donbas\nText.",
])
def test_no_colon_speaker_from_places_or_labels(pipe, text):
    assert not any(c == ":" for _s, _k, c, _t in _quotes(pipe, text))
