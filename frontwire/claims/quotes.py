"""Attribution component: who says what, with source / cue / content spans.

Rules over the spaCy dependency parse (``story.spacy_doc``):

* a *cue verb* (``data/cues.json``: say, claim, tell, confirm, believe ...) with a
  subject gives the source; the content is its clausal complement ("said that
  ..."), the clause it is attached to ("X happened, the MoD said"), or its object
  for verbs that take a claim as object ("confirmed strikes in ...");
* "according to X" gives source X and the clause it modifies as content;
* direct quotations (“...”) next to a cue become the content, ``direct=True``;
  a quotation that continues the previous speaker's quote keeps that speaker;
* sources are resolved to a canonical actor with :mod:`.actors` ("the MoD",
  "Russia's Defence Ministry" -> "Russian Ministry of Defence"), unnamed sources
  ("local reports") are marked ``kind="unnamed"``, pronouns ("he said") are linked
  to the nearest fitting named speaker (``kind="pronoun"``).

Without a parse (``spacy_doc`` is None) only "according to" and quotations with
an adjacent "X said" are found, by regular expressions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..doc import Story
from ..pipeline import component
from .actors import ActorLexicon

DATA = Path(__file__).parent / "data"

_QUOTE_RE = re.compile(r"“[^“”]{2,}?”|\"[^\"\n]{2,}?\"")
_TITLES = re.compile(
    r"^(?:(?:the|former|then|acting|deputy|vice|us|u\.s\.|ukrainian|russian|british|french|german|american|"
    r"president|prime minister|minister|foreign minister|defen[cs]e minister|secretary|senator|sen\.|rep\.|gov\.|governor|"
    r"general|gen\.|lt|lt\.|maj\.|major|colonel|col\.|mayor|spokesman|spokeswoman|spokesperson|mr\.?|mrs\.?|ms\.?|dr\.?|chief|head|"
    r"lieutenant|commander|ambassador|chancellor|pope)\s+)+",
    re.IGNORECASE,
)
_STRIP = " \t\n,;:—–-"
#: reporting verbs whose attributions the model may never veto (claimants of events depend on them)
_CORE_CUES = frozenset({"say", "tell", "claim", "report", "state", "announce", "confirm", "deny", "add", "accuse",
                        "allege", "warn", "write", "insist", "believe", "convey", "quote", "cite", "identify", "acknowledge", "admit"})


#: documents that speak through a participle: "a statement announcing ...", "a letter urging ..."
_SPEAKING_THINGS = frozenset({"statement", "letter", "report", "release", "memo", "post", "tweet", "message", "video", "ad",
                              "advertisement", "email", "note", "petition", "resolution", "filing", "complaint", "lawsuit", "op-ed",
                              "editorial", "column", "speech", "poll", "survey", "study"})

#: common nouns that speak in a headline's "Poll: ..." / "Report: ..."
_HEADLINE_SOURCES = frozenset({"poll", "polls", "report", "survey", "study", "sources", "officials", "analysts", "experts", "witnesses", "residents"})


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


class _Ctx:
    """Per-story memory used to resolve generic and pronoun sources."""

    def __init__(self, story: Story):
        self.story = story
        self.generic_sides: dict[str, str] = {}  # generic kind -> last side resolved
        self.last_side: str | None = None  # last russia/ukraine side among government/military sources
        self.last_institution = None  # last government/military actor quoted
        self.named: list[tuple[int, dict]] = []  # (offset, source span) of named speakers, in order
        persons = [e for e in story.entities if e["label"] == "PERSON"]
        self.persons = persons
        self.orgs = [e for e in story.entities if e["label"] in ("ORG",)]


@component("quotes", assigns=["quotes"], requires=["sentences", "entities"])
class QuoteExtractor:
    def __init__(self, use_model: bool = True):
        self.cues = None
        self.lexicon = None
        self.use_model = use_model
        self.model = None
        self.model_in_quotes = True  # PolNeAR annotates attributions nested in quotations too
        self.rule_veto = 0.3  # rule cues below this model probability are dropped
        self.model_sourceless = 0.6  # model attributions without a source are kept above this cue probability
        #: rule attributions whose source span gets a lower in-source probability from the cue tagger are dropped
        #: (0.3, not tuned; on PolNeAR dev source F1 0.835 -> 0.840, on 100 train articles 0.845 -> 0.850)
        self.source_veto = 0.3
        #: drop an attribution whose cue lies inside another one's content (PolNeAR is univocal:
        #: "X said Y claimed Z" is one attribution, X -> "Y claimed Z")
        self.univocal = "prob"
        #: when the nested cue is the likelier one, the outer attribution loses the nested span from its content
        #: instead of going altogether
        self.univocal_trim = True
        #: rule attributions without a source (no subject in the parse) take the model's source for their cue
        self.rule_source_from_model = True

    def initialize(self) -> None:
        if self.cues is None:
            self.cues = _load("cues.json")
            self.verbs = set(self.cues["verbs"])
            self.require_clause = set(self.cues["require_clause"])
            self.nominal_object = set(self.cues["nominal_object"])
            self.object_clause = set(self.cues["object_clause"])
            self.pronouns = dict(self.cues["pronouns"])
            self.lexicon = ActorLexicon()
            if self.use_model:
                from .attribution_model import AttributionModel

                self.model = AttributionModel.load()

    def __call__(self, story: Story) -> Story:
        self.initialize()
        doc = story.spacy_doc
        if doc is None:
            story.quotes = self._regex_quotes(story)
        else:
            story.quotes = self._parse_quotes(story, doc)
        return story

    # ------------------------------------------------------------------ parse
    def _parse_quotes(self, story: Story, doc) -> list[dict]:
        text = story.text
        all_segments = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
        segments = [q for q in all_segments if len(text[q[0]:q[1]].split()) >= 3]
        raw: list[dict] = []  # {"src": (s,e)|None, "cue": (s,e), "content": (s,e), "direct", "cue_tok", "src_tok"}
        for tok in doc:
            low = tok.lower_
            if low == "according" and any(c.lower_ == "to" for c in tok.children):
                r = self._according(tok, doc)
                if r:
                    raw.append(r)
                continue
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in self.verbs:
                continue
            r = self._verb_cue(tok, doc)
            if r:
                raw.append(r)

        # a cue inside a quotation is the quoted speaker's own wording, not a new attribution
        raw = [r for r in raw if not any(qs < r["cue"][0] and r["cue"][1] < qe for qs, qe in segments)]
        raw.extend(self._punctuation_cues(doc, text, all_segments))
        # attach direct quotations to the nearest adjacent cue
        used_segments = set()
        for r in raw:
            cs, ce = r["cue"]
            best = None
            for qs, qe in all_segments:
                gap_after = text[qe:cs]  # quote ... cue
                gap_before = text[ce:qs]  # cue ... quote
                if 0 <= cs - qe <= 80 and "\n" not in gap_after and not _QUOTE_RE.search(gap_after) and '"' not in gap_after and "“" not in gap_after:
                    if r["src"] is None or r["src"][0] >= qe:
                        best = (qs, qe)
                elif 0 <= qs - ce <= 40 and (("\n" not in gap_before and re.search(r"[,:]\s*$", gap_before)) or re.fullmatch(r"\s*:\s*", gap_before)):
                    best = (qs, qe)
                elif qs <= cs and ce <= qe:
                    best = None
                    break
            if best:
                cstart, cend = r["content"] if r["content"] else (None, None)
                # the parse content is replaced by the quotation when it lies in it or is empty
                if cstart is None or (cstart >= best[0] - 2 and cend <= best[1] + 2) or (best[0] <= cstart < best[1]) or (r["cue"][0] > best[1] and cend <= r["cue"][0]):
                    r["content"] = best
                    r["direct"] = True
                    used_segments.add(best)
        # quotations continuing the previous speaker (same paragraph, right after a quoted attribution)
        for qs, qe in segments:
            if (qs, qe) in used_segments or any(r["content"] and r["content"][0] <= qs < r["content"][1] for r in raw):
                continue
            prev = [r for r in raw if r["direct"] and r["content"][1] <= qs and r["src"]]
            if not prev:
                continue
            p = max(prev, key=lambda r: r["content"][1])
            between = text[max(p["content"][1], (p["cue"] or p["content"])[1], p["src"][1]):qs]
            if "\n" in between or len(between) > 120:
                continue
            raw.append({"src": p["src"], "cue": None, "content": (qs, qe), "direct": True, "cue_tok": None, "src_tok": p["src_tok"], "cont_of": p})

        for r in raw:
            if not r["content"] and r["cue"]:
                r["content"] = _block_after(text, r["cue"][1])
        raw = [r for r in raw if r["content"] and r["content"][1] > r["content"][0]]
        if self.model is not None:
            probs = self.model.cue_probabilities(doc)
            # a rule cue the model finds very unlikely is dropped ("know", "want" used plainly),
            # except "according to" and cues attached to a quotation
            raw = [r for r in raw if r.get("according") or r["direct"] or r["cue_tok"] is None
                   or r["cue_tok"].lemma_.lower() in _CORE_CUES or probs.get(r["cue_tok"].i, 1.0) >= self.rule_veto]
            tp = self.model.last_token_probs
            if self.source_veto and tp is not None and len(tp) == len(doc):
                # a rule source the cue tagger gives no source probability to is a mis-parse ("the real Dred Scott
                # said", "an architect saying") or a nested attribution: the cue is left to the model
                # (not under an "according to": "..., the General Staff said, according to Reuters" keeps both,
                # as in the univocal step, where PolNeAR would keep Reuters alone)
                acc = [r["content"] for r in raw if r.get("according") and r["content"]]
                raw = [r for r in raw if r.get("according") or r["cue_tok"] is None or r["src"] is None
                       or any(a <= r["cue"][0] and r["cue"][1] <= b for a, b in acc)
                       or _max_prob(doc, tp, r["src"], 2) >= self.source_veto]
            if self.rule_source_from_model:
                # a rule cue whose parse gives no subject (", suggesting ...", "said Col. X, a spokesman") takes the
                # model's source for its head, when that lies outside the cue and the content
                free = [r for r in raw if r["src"] is None and r["cue_tok"] is not None and not r.get("according")]
                for r, src in zip(free, self.model.sources_for(doc, [r["cue_tok"] for r in free])):
                    if src is None or (src[0] < r["cue"][1] and r["cue"][0] < src[1]) \
                            or (r["content"] and src[0] < r["content"][1] and r["content"][0] < src[1]):
                        continue
                    sp = doc.char_span(*src, alignment_mode="expand")
                    r["src"], r["src_tok"] = src, (sp.root if sp is not None and len(sp) else None)
                    r["model"] = True  # (the source is the model's: the quote counts as a learned one for events)
            # roles are predicted only for cues the rules left free
            taken = [(r["cue"][0], r["cue"][1]) for r in raw if r["cue"]]
            covered = [r["content"] for r in raw if r["content"]] + [r["src"] for r in raw if r["src"]]

            def free(t):
                cs, ce = t.idx, t.idx + len(t)
                return not any(a < ce and cs < b for a, b in taken) and not any(a <= cs and ce <= b for a, b in covered)

            preds = self.model.predict(doc, probs, keep=free)
            raw.extend(self._model_attributions(doc, raw, segments, preds))
        if self.univocal:
            raw = _univocal(raw, self.univocal, self.model.last_cue_probs if self.model is not None else None, text, self.univocal_trim)
        raw.sort(key=lambda r: (r["cue"] or r["content"])[0])
        ctx = _Ctx(story)
        out = []
        seen = set()
        for r in raw:
            key = (r["src"], r["cue"], r["content"])
            if key in seen:
                continue
            seen.add(key)
            q = self._build(story, r, ctx)
            if q:
                out.append(q)
        return out

    def _model_attributions(self, doc, raw: list[dict], segments, preds) -> list[dict]:
        """Attributions the learned model finds where the rules found no cue."""
        taken = [(r["cue"][0], r["cue"][1]) for r in raw if r["cue"]]
        covered = [r["content"] for r in raw if r["content"]] + [r["src"] for r in raw if r["src"]]
        out = []
        for m in preds:
            cs, ce = m["cue"]
            if any(a < ce and cs < b for a, b in taken) or any(a <= cs and ce <= b for a, b in covered):
                continue
            if not self.model_in_quotes and any(qs < cs and ce < qe for qs, qe in segments):
                continue
            if m["content"] is None:
                # "“...?” he asks." (the parser puts the quotation in a sentence of its own), "X reports:" + a paragraph
                m["content"] = _adjacent_quote(doc.text, m["cue"], m["source"], segments) or _block_after(doc.text, m["cue"][1])
            if m["content"] is None or (m["source"] is None and m["p"] < self.model_sourceless):
                continue
            if m["source"] is not None and m["source"][0] < ce and cs < m["source"][1]:
                continue
            tok = doc[m["cue_i"]]
            src_tok = None
            sp = doc.char_span(*m["source"], alignment_mode="expand") if m["source"] is not None else None
            if sp is not None and len(sp):
                src_tok = sp.root
            out.append({"src": m["source"], "cue": _cue_span(tok), "content": m["content"], "direct": False, "cue_tok": tok, "src_tok": src_tok, "model": True})
        return out

    def _punctuation_cues(self, doc, text: str, segments) -> list[dict]:
        """Attributions cued by punctuation: “...” ― Name; and a line opening with "Speaker: ...".

        The speaker before a colon must be a person or organisation named by the
        entity recogniser (never a place: "Kharkiv: three injured") or a transcript's
        upper-case name ("WALLACE: ...").
        """
        out = []
        ends = {qe: (qs, qe) for qs, qe in segments}
        for m in re.finditer(r"[”\"][ \t]*([―—])[ \t]*", text):
            q = ends.get(m.start() + 1)
            line_start = text.rfind("\n", 0, m.start()) + 1
            if q is None and text[line_start] in "“”\"":  # a paragraph-long quotation, however it opens
                q = (line_start, m.start() + 1)
            name = _name_at(doc, m.end())
            if q is None or name is None:
                continue
            out.append({"src": name[0], "cue": (m.start(1), m.end(1)), "content": q, "direct": True, "cue_tok": None, "src_tok": name[1]})
        for sent in doc.sents:
            st = sent.start
            line_start = text.rfind("\n", 0, doc[st].idx) + 1
            if text[line_start:doc[st].idx].strip():
                continue
            k = next((i for i in range(st, min(st + 6, sent.end)) if doc[i].text == ":"), None)
            if k is None or k == st:
                continue
            head = doc[st:k]
            if not all(t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART", "NUM") or t.text in (".", "-", "’", "'") for t in head):
                continue  # "Trump said: ..." is the verb's; the head must be a bare name
            ents = {t.ent_type_ for t in head}
            named = bool(ents & {"PERSON", "ORG"}) and not ents & {"GPE", "LOC", "DATE", "TIME", "CARDINAL"}
            transcript = len(head) <= 2 and all(t.is_alpha and t.is_upper and len(t) > 2 for t in head)
            generic = len(head) == 1 and head[0].is_title and head[0].lower_ in _HEADLINE_SOURCES
            if not (named or transcript or generic):
                continue
            cs = doc[k].idx + 1
            line_end = text.find("\n", cs)
            line_end = len(text) if line_end < 0 else line_end
            if len(text[cs:line_end].split()) < 3:
                continue
            out.append({"src": (head[0].idx, head[-1].idx + len(head[-1])), "cue": (doc[k].idx, doc[k].idx + 1),
                        "content": (cs, line_end), "direct": False, "cue_tok": None, "src_tok": head.root})
        return out

    def _verb_cue(self, tok, doc):
        lemma = tok.lemma_.lower()
        subj = _subject(tok)
        content = None
        # 1. clausal complement
        comps = [c for c in tok.children if c.dep_ in ("ccomp",) or (c.dep_ == "xcomp" and lemma in self.object_clause)]
        if comps:
            content = _span_of(comps)
        # 2. attached to the clause it reports: "X happened, the MoD said"
        nested = tok.dep_ == "ccomp" and tok.head.i < tok.i and tok.head.lemma_.lower() in self.verbs and tok.head.pos_ == "VERB"
        # ("The campaign says [the candidate will announce plans]": the clause the cue hangs from is the outer
        # speaker's cue, not content reported by this one)
        if content is None and not nested and tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.pos_ in ("VERB", "AUX") and (tok.head.i < tok.i or tok.dep_ == "parataxis"):
            head = tok.head
            mine = {x.i for x in tok.subtree}
            if head.i < tok.i:
                rest = [t for t in head.subtree if t.i < min(mine)]
            else:
                rest = [t for t in head.subtree if t.i > max(mine)]
            content = _tok_range(rest)
        # 3. object as claim
        if content is None and lemma in (self.nominal_object | self.object_clause):
            objs = [c for c in tok.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
            if lemma in self.object_clause:
                xc = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "oprd")]
                if xc:
                    objs = [c for c in tok.children if c.dep_ in ("dobj",)] + xc
                elif lemma not in self.nominal_object:
                    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "about", "as")]
                    objs = [c for c in tok.children if c.dep_ == "dobj"] + preps if preps else []
            if objs:
                content = _span_of(objs)
        # 4. "said:" / "said," before a quotation, or after one: content found later from segments
        if content is None:
            if lemma in self.require_clause:
                return None
            content = None
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            prv = doc[tok.i - 1] if tok.i > 0 else None
            quote_near = (nxt is not None and nxt.text in (":", ",", "“", '"')) or (prv is not None and prv.text in ("”", '"', ",", "“")) or (subj is not None and subj.i > tok.i)
            if not quote_near:
                return None
        rel_pron = None
        if subj is not None and tok.dep_ == "relcl" and subj == tok.head:
            rel_pron = next((c for c in tok.children if c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that")), None)
        elif subj is not None and tok.dep_ in ("conj", "xcomp"):
            # "demonstrators, who have taken to the streets and called for ...": the relative pronoun
            t = tok
            while t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
                t = t.head
            if t.dep_ == "relcl" and subj == t.head:
                rel_pron = next((c for c in t.children if c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that")), None)
        if subj is None and content is not None and tok.dep_ in ("parataxis", "ccomp", "advcl", "conj") and tok.tag_ in ("VBD", "VBZ", "VBP"):
            # "X happened, Kyiv's General Staff said": the parser hung the speaker on the reported
            # clause (as an apposition); the noun phrase right before the cue is the source
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if prev is not None and prev.pos_ in ("PROPN", "NOUN") and prev.dep_ in ("appos", "conj", "npadvmod", "dobj", "pobj"):
                np_ = _compact(prev)
                if np_ is not None and content[0] < np_[0]:
                    subj = prev
                    content = _tok_range([t for t in doc[:prev.i + 1] if content[0] <= t.idx < np_[0]])
        if subj is None:
            if content is None or tok.tag_ in ("VB", "VBN") or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return None
            src = None
        else:
            src = _compact(subj)
        cue = _cue_span(tok)
        if src is not None and content is not None and src[0] >= content[0] and src[1] <= content[1]:
            return None  # the "subject" lies inside the reported clause: a mis-parse
        r = {"src": src, "cue": cue, "content": content, "direct": False, "cue_tok": tok, "src_tok": subj}
        if rel_pron is not None:
            # "X, who said ...": the span is the relative pronoun, the actor is resolved from X
            r["resolve_src"] = src
            r["src"] = (rel_pron.idx, rel_pron.idx + len(rel_pron))
        return r

    def _according(self, tok, doc):
        to = next(c for c in tok.children if c.lower_ == "to")
        pobj = [c for c in to.children if c.dep_ == "pobj"]
        if not pobj:
            return None
        src = _compact(pobj[0], keep_appos=True)
        cue = (tok.idx, to.idx + len(to))
        # the clause it modifies
        head = tok.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head.i != head.i:
            head = head.head
        pp = set(t.i for t in tok.subtree)
        toks = [t for t in head.subtree if t.i not in pp]
        if head.lemma_.lower() in self.verbs and head.pos_ == "VERB":
            # "the MoD said ... according to TASS": the content is what was said
            sub = self._verb_cue(head, doc)
            content = sub["content"] if sub else None
            if content is None:
                toks = [t for t in toks if t.i < head.i]
                content = _tok_range(toks)
        else:
            content = _tok_range(toks)
        if content is None:
            return None
        return {"src": src, "cue": cue, "content": content, "direct": False, "cue_tok": tok, "src_tok": pobj[0], "according": True}

    # ------------------------------------------------------------------ build
    def _build(self, story: Story, r: dict, ctx: _Ctx) -> dict | None:
        text = story.text
        cs, ce = _trim(text, *r["content"])
        if ce - cs < 2:
            return None
        direct = bool(r["direct"]) or text[cs] in "“\""
        content = story.span(cs, ce)
        cue = story.span(*r["cue"]) if r["cue"] else None
        source = None
        if r["src"] is not None:
            ss, se = _trim(text, *r["src"])
            if not (re.search(r"[^\W\d_]{2}", text[ss:se]) or text[ss:se] == "I") or text[ss:se].lower() in ("’s", "'s", "let"):
                return None
            if se > ss:
                source = story.span(ss, se, **self._resolve(story, ss, se, r, ctx, (cs, ce)))
        if cue is not None and r.get("cue_tok") is not None and r["cue_tok"].lemma_.lower() in set(self.cues["hedging_cues"]):
            content["hedged"] = True
        q = {"source": source, "cue": cue, "content": content, "direct": direct}
        if r.get("model"):
            q["method"] = "model"
        return q

    def _resolve(self, story: Story, ss: int, se: int, r: dict, ctx: _Ctx, content: tuple[int, int]) -> dict:
        text = story.text
        phrase = text[ss:se]
        low = phrase.lower().strip()
        lex = self.lexicon
        if r.get("cont_of") is not None and r["cont_of"].get("_resolved"):
            return dict(r["cont_of"]["_resolved"])
        # pronoun
        if r.get("resolve_src") is not None and r["resolve_src"] != (ss, se):
            rs, re_ = _trim(text, *r["resolve_src"])
            res = self._resolve(story, rs, re_, {k: v for k, v in r.items() if k != "resolve_src"}, ctx, content)
            r["_resolved"] = res
            return res
        if low in self.pronouns:
            res = self._antecedent(story, ss, self.pronouns[low], ctx)
            r["_resolved"] = res
            return res
        persons = [e for e in ctx.persons if e["start"] >= ss and e["end"] <= se]
        head_tok = r.get("src_tok")
        head_word = head_tok.lower_ if head_tok is not None else phrase.split()[-1].lower()
        is_proper = bool(persons) or any(e["start"] >= ss and e["end"] <= se for e in ctx.orgs)
        if lex.unnamed_heads.fullmatch(head_word) and not persons:
            is_proper = False
        if persons:
            name = _full_name(persons[0]["text"], ctx.persons)
            spec = lex.specific(name) or lex.specific(phrase)
            side = spec.side if spec else (lex.qualifier_side(phrase) or "unattributed")
            res = {"canonical": name, "kind": "named", "side": side, "actor": spec.canonical if spec else None}
        else:
            content_side = None
            for _s, _e, a in lex.mentions(text[content[0]:content[1]]):
                if a.side in ("russia", "ukraine") and a.kind == "military":
                    content_side = a.side
                    break
            actor = lex.resolve(phrase, is_proper=is_proper)
            gkey = _generic_key(lex, phrase)
            if actor.generic and gkey == "military" and ctx.last_institution is not None:
                # "the military further issued ...": the institution just quoted
                actor = ctx.last_institution
            elif actor.generic and gkey == "authorities" and _place_side(story, ss, content) is not None:
                # a governor, mayor, "local officials": the authorities of the place they speak about
                actor = lex.resolve(phrase, context_side=_place_side(story, ss, content), is_proper=is_proper)
            elif actor.generic:
                side = ctx.generic_sides.get(gkey) or ctx.last_side or content_side
                actor = lex.resolve(phrase, context_side=side, is_proper=is_proper)
            kind = "unnamed" if actor.kind == "unnamed" else "named"
            res = {"canonical": actor.canonical, "kind": kind, "side": actor.side, "actor": actor.canonical}
            if actor.side in ("russia", "ukraine") and actor.kind in ("government", "military"):
                ctx.generic_sides[gkey] = actor.side
                ctx.last_side = actor.side
                ctx.last_institution = actor
        if res["kind"] == "named":
            ctx.named.append((ss, {**res, "start": ss, "person": bool(persons) or res.get("actor") in (None,) and is_proper}))
        r["_resolved"] = res
        return res

    def _antecedent(self, story: Story, offset: int, want: str, ctx: _Ctx) -> dict:
        """The nearest fitting named speaker before ``offset`` for a pronoun source."""
        lex = self.lexicon
        if want == "person":
            cands = [(s, d) for s, d in ctx.named if s < offset and d.get("person")]
            ents = [e for e in ctx.persons if e["end"] <= offset]
            doc = story.spacy_doc
            if doc is not None and ents:
                # prefer people who are the subject of their clause ("Amanda Sloat, ... adviser to President Biden, was caught")
                subj = []
                for e in ents:
                    sp = doc.char_span(e["start"], e["end"], alignment_mode="expand")
                    if sp is not None and sp.root.dep_ in ("nsubj", "nsubjpass"):
                        subj.append(e)
                if subj and offset - subj[-1]["start"] < 1200:
                    ents = subj
            if ents:
                e = ents[-1]
                if not cands or e["start"] > cands[-1][0]:
                    name = _full_name(e["text"], ctx.persons)
                    spec = lex.specific(name)
                    return {"canonical": name, "kind": "pronoun", "side": spec.side if spec else "unattributed", "actor": spec.canonical if spec else None}
        elif want == "org":
            cands = [(s, d) for s, d in ctx.named if s < offset and not d.get("person")]
        else:
            cands = [(s, d) for s, d in ctx.named if s < offset]
        if cands and offset - cands[-1][0] < 1500:
            d = cands[-1][1]
            return {"canonical": d["canonical"], "kind": "pronoun", "side": d["side"], "actor": d.get("actor")}
        return {"canonical": None, "kind": "pronoun", "side": "unattributed", "actor": None}

    # ------------------------------------------------------------------ regex fallback
    def _regex_quotes(self, story: Story) -> list[dict]:
        text = story.text
        out = []
        ctx = _Ctx(story)
        for m in re.finditer(r"\baccording to ((?:the )?[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*|(?:the |local |unofficial )?[a-z]+ (?:reports|sources|officials|ministry|military))", text):
            sent = _sentence_bounds(story, m.start())
            left = text[sent[0]:m.start()].rstrip(" ,")
            right = text[m.end():sent[1]].strip(" ,.")
            cstart, cend = (sent[0], sent[0] + len(left)) if len(left) >= len(right) else (m.end(), m.end() + len(text[m.end():sent[1]]) )
            cs, ce = _trim(text, cstart, cend)
            if ce - cs < 3:
                continue
            r = {"src": (m.start(1), m.end(1)), "cue_tok": None}
            src = story.span(m.start(1), m.end(1), **self._resolve(story, m.start(1), m.end(1), r, ctx, (cs, ce)))
            out.append({"source": src, "cue": story.span(m.start(), m.start() + 12), "content": story.span(cs, ce), "direct": False})
        for m in re.finditer(r"(“[^“”]{2,}?”|\"[^\"\n]{2,}?\")\s*,?\s*(?:(said|says|added|told)\s+((?:[A-Z][\w’'.-]*\s?){1,4}|he|she|they|it)|((?:the )?(?:[A-Z][\w’'.-]*\s?){1,4}|he|she|they|it)\s+(said|says|added|told))", text):
            if m.group(2):
                cue, src = (m.start(2), m.end(2)), (m.start(3), m.end(3))
            else:
                cue, src = (m.start(5), m.end(5)), (m.start(4), m.end(4))
            ss, se = _trim(text, *src)
            r = {"src": (ss, se), "cue_tok": None}
            cs, ce = m.start(1), m.end(1)
            source = story.span(ss, se, **self._resolve(story, ss, se, r, ctx, (cs, ce)))
            out.append({"source": source, "cue": story.span(*cue), "content": story.span(cs, ce), "direct": True})
        out.sort(key=lambda q: q["content"]["start"])
        return out


# ---------------------------------------------------------------------- helpers
def _univocal(raw: list[dict], mode: str, probs: dict[int, float] | None = None, text: str | None = None, trim: bool = True) -> list[dict]:
    """Resolve attributions whose cue lies inside the content of another one.

    PolNeAR-style attribution is univocal ("X said Y claimed Z" is X -> "Y claimed Z").
    ``mode`` "all": drop the nested one; "prob": drop the nested one when its cue is
    no likelier than the outer one's, else drop the outer one — or, with ``trim``, cut the
    nested attribution out of the outer one's content when at least three words remain.
    """
    probs = probs or {}

    def inside(a, b):
        return b is not None and b[0] <= a[0] and a[1] <= b[1]

    def p(r):
        if r.get("according"):
            return 1.0
        if "p" in r:
            return r["p"]
        return 1.0 if r["cue_tok"] is None else probs.get(r["cue_tok"].i, 1.0)

    drop = set()
    for i, r in enumerate(raw):
        c = r["cue"]
        if c is None:
            continue
        for j, o in enumerate(raw):
            if j == i or j in drop or not inside(c, o["content"]) or (o["cue"] and inside(o["cue"], r["content"])):
                continue
            if o.get("according"):
                continue  # "X happened, the General Staff said, according to Reuters": both stand
            if mode == "all" or p(o) >= p(r):
                drop.add(i)
                break
            if mode == "prob":
                piece = _outside(o["content"], r, text) if trim and text is not None else None
                if piece is None:
                    drop.add(j)
                else:
                    # the outer attribution keeps its source and cue; its content loses the likelier nested one
                    # (a content run on too far: "Ham also noted [while he acknowledged ...]")
                    o["content"] = piece
    return [r for i, r in enumerate(raw) if i not in drop]


def _max_prob(doc, tp, span: tuple[int, int], col: int) -> float:
    """The highest of the tagger's ``col`` probabilities over the tokens of a character span."""
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    if sp is None or not len(sp):
        return 1.0
    return float(tp[sp.start:sp.end, col].max())


def _outside(content: tuple[int, int], r: dict, text: str, min_words: int = 3):
    """The longer part of ``content`` left of or right of attribution ``r`` (None if under ``min_words``)."""
    parts = [x for x in (r["src"], r["cue"], r["content"]) if x]
    lo, hi = min(x[0] for x in parts), max(x[1] for x in parts)
    best = None
    for a, b in ((content[0], min(lo, content[1])), (max(hi, content[0]), content[1])):
        if b <= a:
            continue
        a, b = _trim(text, a, b)
        n = len(text[a:b].split())
        if n >= min_words and (best is None or n > best[0]):
            best = (n, (a, b))
    return best[1] if best else None


def _adjacent_quote(text: str, cue: tuple[int, int], src, segments):
    """A quotation right before the cue ("“...,” he asks") or right after it ("asked: “...”"), same paragraph."""
    cs, ce = cue
    for qs, qe in segments:
        gap = text[qe:cs]
        if 0 <= cs - qe <= 40 and "\n" not in gap and not any(c in gap for c in "“”\"") and (src is None or src[0] >= qe):
            return (qs, qe)
        gap = text[ce:qs]
        if 0 <= qs - ce <= 20 and "\n" not in gap and re.fullmatch(r"[^.;“”\"]*[,:]\s*", gap):
            return (qs, qe)
    return None


def _block_after(text: str, end: int):
    """The paragraph after "X added:" when the colon ends the line (a block quotation without quote marks)."""
    m = re.match(r"[ \t]*:[ \t]*\n\s*", text[end:end + 40])
    if m is None:
        return None
    s = end + m.end()
    e = text.find("\n", s)
    e = len(text) if e < 0 else e
    if len(text[s:e].split()) < 3:
        return None
    return (s, e)


def _name_at(doc, offset: int):
    """The proper name starting at character ``offset`` (same line): ((start, end), head token) or None."""
    t = next((x for x in doc if x.idx >= offset), None)
    if t is None or t.idx != offset or not (t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")):
        return None
    run = [t]
    while run[-1].i + 1 < len(doc) and "\n" not in run[-1].whitespace_:
        n = doc[run[-1].i + 1]
        if n.pos_ == "PROPN" or (n.ent_iob_ == "I" and n.ent_type_ in ("PERSON", "ORG")):
            run.append(n)
        else:
            break
    return (run[0].idx, run[-1].idx + len(run[-1])), run[-1]


def _subject(tok):
    if tok.lemma_.lower() in ("quote", "cite"):
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
    if tok.dep_ in ("advcl", "xcomp", "pcomp", "pobj") and tok.lower_ == "saying" and tok.head.lemma_.lower() in ("quote", "cite", "as"):
        h = tok.head if tok.head.lemma_.lower() != "as" else tok.head.head
        for c in h.children:
            if c.dep_ == "nsubjpass":
                return c
    for c in tok.children:
        if c.dep_ in ("nsubj",):
            if c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return tok.head
            return c
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    if tok.tag_ == "VBG" and tok.dep_ == "acl" and tok.head.lemma_.lower() in _SPEAKING_THINGS:
        return tok.head  # "a statement announcing ..."
    if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.pos_ == "ADP" and tok.head.head.pos_ in ("VERB", "AUX") and tok.head.head.i != tok.head.i:
        # "he began by saying ...", "after saying ..., she was whisked away": the subject of the verb above
        v = tok.head.head
        s = _subject(v)
        if s is None:
            s = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        return s
    if tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
        if tok.dep_ == "advcl" and tok.tag_ != "VBG":
            return None
        return _subject(tok.head)
    return None


_CUT = {"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "parataxis"}


def _compact(tok, keep_appos: bool = False):
    """The source phrase: the subject's subtree without relative clauses and appositions."""
    cut = _CUT - ({"appos", "punct"} if keep_appos else set())
    cut_prep = tok.pos_ in ("PROPN", "PRON") and not keep_appos
    banned = set()
    for c in tok.children:
        if c.dep_ in cut or (cut_prep and c.dep_ == "prep" and c.lower_ != "of"):
            # (a name keeps its "of" phrase: "the Territorial Defense of the DNR", "the Ministry of Defence")
            banned.update(t.i for t in c.subtree)
    toks = [t for t in tok.subtree if t.i not in banned]
    # keep a contiguous run around the head
    run = [tok]
    ids = {t.i for t in toks}
    i = tok.i - 1
    while i in ids:
        run.insert(0, tok.doc[i])
        i -= 1
    i = tok.i + 1
    while i in ids:
        run.append(tok.doc[i])
        i += 1
    if run and sum(t.text == "(" for t in run) > sum(t.text == ")" for t in run) and run[-1].i + 1 < len(tok.doc) \
            and tok.doc[run[-1].i + 1].text == ")":
        run.append(tok.doc[run[-1].i + 1])  # "the Donetsk People's Republic (DNR)": close the bracket
    while run and run[-1].is_punct and run[-1].text not in (")",):
        run.pop()
    if keep_appos and run and run[-1].text == ")" and not any(t.text == "(" for t in run):
        run.pop()
    if not run:
        return None
    return (run[0].idx, run[-1].idx + len(run[-1]))


def _span_of(toks):
    sub = [t for c in toks for t in c.subtree]
    return _tok_range(sub)


def _tok_range(toks):
    toks = [t for t in toks if not t.is_space]
    if not toks:
        return None
    toks.sort(key=lambda t: t.i)
    while toks and toks[0].is_punct and toks[0].text not in ("“", '"', "("):
        toks.pop(0)
    while toks and toks[-1].is_punct and toks[-1].text not in ("”", '"', ")"):
        toks.pop()
    if not toks:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1]))


def _cue_span(tok):
    parts = [tok] + [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and abs(c.i - tok.i) <= 3]
    parts.sort(key=lambda t: t.i)
    return (parts[0].idx, parts[-1].idx + len(parts[-1]))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s] in _STRIP or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in _STRIP or text[e - 1].isspace()):
        e -= 1
    # a lone closing or opening quote mark at an edge
    seg = text[s:e]
    if seg.endswith(("”", '"')) and seg.count("“") + seg.count('"') - (1 if seg.endswith('"') else 0) == 0:
        e -= 1
    if seg.startswith(("“",)) and "”" not in seg:
        s += 1
    while s < e and (text[s] in _STRIP or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in _STRIP or text[e - 1].isspace()):
        e -= 1
    return s, e


def _full_name(name: str, persons: list[dict]) -> str:
    clean = _TITLES.sub("", name).strip(" ,’'s")
    last = clean.split()[-1] if clean.split() else clean
    best = clean
    for p in persons:
        t = _TITLES.sub("", p["text"]).strip(" ,")
        if t.split() and t.split()[-1] == last and len(t) > len(best) and len(t.split()) <= 4:
            best = t
    return best


def _place_side(story: Story, src_start: int, content: tuple[int, int]) -> str | None:
    """Side owning the places named in the content (or the source's sentence): UA -> ukraine, RU -> russia."""
    sent = story.sentence_at(src_start)
    lo = min(content[0], sent["start"] if sent else src_start)
    hi = max(content[1], sent["end"] if sent else src_start)
    for p in story.places:
        if lo <= p["start"] < hi and p.get("country") in ("UA", "RU") and p.get("precision") != "country":
            return {"UA": "ukraine", "RU": "russia"}[p["country"]]
    for p in story.places:
        if lo <= p["start"] < hi and p.get("country") in ("UA", "RU"):
            return {"UA": "ukraine", "RU": "russia"}[p["country"]]
    return None


def _generic_key(lex: ActorLexicon, phrase: str) -> str:
    for g, rx in lex.generic:
        if rx.search(phrase):
            return g["generic"]
    return "other"


def _sentence_bounds(story: Story, offset: int) -> tuple[int, int]:
    s = story.sentence_at(offset)
    if s:
        return s["start"], s["end"]
    text = story.text
    a = max(text.rfind(".", 0, offset), text.rfind("\n", 0, offset)) + 1
    b = min([x for x in (text.find(".", offset), text.find("\n", offset)) if x >= 0] or [len(text)])
    return a, b
