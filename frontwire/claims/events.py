"""Event and figure component: located, dated, typed events that keep who claims them.

For every sentence, trigger patterns (``data/events.json``) propose ACLED event
types; each place of the sentence (``story.places``, from the geoparser) inside
the clause of a trigger becomes one event, typed by its nearest trigger.  Around
that core:

* territory: "captured / liberated" by a side -> *Non-state actor overtakes
  territory* unless the taker owns the place (*Government regains territory*);
  "lost X" -> taken by the other side; "pulled out of" -> *Non-violent transfer*;
* places: a settlement placed "in the Y region" whose gazetteer match lies in
  another region (or has no match) becomes the region at geo_precision 3; a
  region that only locates a settlement is not an event of its own; "Kyiv's
  military", "the Kyiv regime" are actors, not event locations; country-level
  places give no event;
* irrealis ("will", "doomed to", "attempted", "could") and negation before a
  trigger block it;
* claimant: the quote whose content holds the trigger (source canonical + side),
  else a quote in the same sentence, else a quote in the paragraph whose content
  tells the same kind of event; outlets (TASS, Reuters) become ``reported_via``;
  ``hedged`` from hedging words and hedging cues ("claimed", "believe");
* date: the sentence's own time expression, else the paragraph's, else the
  publication date at precision 2 (see :mod:`.dates`);
* one event per (sub_event_type, place, date).

Figures: the numbers that count something ("1,400 troops", "30 to 40%") which the
learned figure finder (:mod:`.figure_model`) keeps; in a sentence that names no place
also a number with a known unit and a loss verb beside it (the rules' figures, which
are all the figures without the model).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from pathlib import Path

import numpy as np

from ..doc import Story
from ..pipeline import component
from ..places.gazetteer import haversine
from . import dates
from .actors import ActorLexicon

DATA = Path(__file__).parent / "data"

_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "dozen": 12, "a dozen": 12, "dozens": 24, "hundreds": 200, "a hundred": 100}


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


_PREPS = r"(?:of|in|on|at|to|near|into|around|against|toward|towards|from|for|over)"
#: a trigger pattern whose last word is a preposition, alone or in a final group ("assaults? (?:on|in|near|against)")
_PREP_END = re.compile(rf"(?:\b{_PREPS}|\((?:\?:)?(?:[a-z ]+\|)*{_PREPS}(?:\|[a-z ]+)*\))$")


def _words(items, flags=re.I) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(items) + r")(?![\w-])", flags)


@component("events", assigns=["events", "figures"], requires=["sentences", "places", "quotes"])
class EventExtractor:
    def __init__(self, use_model: bool = True):
        self.cfg = None
        #: add the events the learned typer (:mod:`.event_model`) finds at places where the rules found none
        self.use_model = use_model
        self.model = None
        #: the learned figure finder (:mod:`.figure_model`); without it, the rule figures of ``_rule_figures``
        self.figure_model = None

    def initialize(self) -> None:
        if self.cfg is not None:
            return
        self.cfg = _load("events.json")
        if self.use_model:
            from .event_model import EventModel
            from .figure_model import FigureModel

            self.model = EventModel.load()
            self.figure_model = FigureModel.load()
        fig = _load("figures.json")
        self.triggers = []
        for t in self.cfg["triggers"]:
            # a pattern ending in a preposition ends at a word's end ("defense of" is not in "defense official",
            # "offensive in" not in "offensive including")
            pats = [p + r"(?![\w-])" if _PREP_END.search(p) else p for p in t["patterns"]]
            self.triggers.append((t, re.compile(r"(?<![\w-])(?:" + "|".join(pats) + r")", re.I)))
        #: the trigger of a strike whose means the words leave open (typed by its weapons: ``_weapon_split``)
        self.generic_strike = next((d for d, _rx in self.triggers if d.get("role") == "generic_strike"), None)
        #: each sub-event type's event type, as the triggers give it (the first trigger of a sub-event decides)
        self.event_type_of: dict[str, str] = {}
        for t, _rx in self.triggers:
            self.event_type_of.setdefault(t["sub_event_type"], t["event_type"])
        self.irrealis = _words(self.cfg["irrealis"])
        self.infinitive_ok = re.compile(r"\b(?:" + "|".join(self.cfg["infinitive_ok_before"]["patterns"]) + r")\s+to\s+$", re.I)
        self.skip_sentence = re.compile("|".join(self.cfg["skip_sentence"]), re.I)
        self.summary_heading = re.compile(self.cfg["summary_heading"]["pattern"], re.I | re.M)
        self.loss_excluded = _words(self.cfg["loss_excluded_objects"])
        self.gap_excluded = _words(self.cfg["territory_gap_excluded"])
        self.territory_list_intro = re.compile(self.cfg["territory_list_intro"]["pattern"], re.I)
        self.background = {k: re.compile("|".join(v), re.I) for k, v in self.cfg["background_before"].items() if k != "_doc"}
        self.examples_before = re.compile(self.cfg["examples_before"]["pattern"], re.I)
        fc = self.cfg["forecast_after_trigger"]
        self.forecast_clause_end, self.forecast = re.compile(fc["clause_end"], re.I), re.compile(fc["pattern"], re.I)
        self.imprecise = _words(self.cfg["imprecise_location"])
        self.not_place_after = re.compile(r"^\s*(?:" + "|".join(self.cfg["not_a_place_after"]) + r")(?![\w-])", re.I)
        self.capitals = [(re.compile(c["pattern"], re.I), c["place"], bool(c.get("replaces_area"))) for c in self.cfg["capitals"]]
        self.locator_before = re.compile(r"(?:" + "|".join(self.cfg["locator_before"]["patterns"]) + r")$", re.I)
        self.region_list_before = re.compile(r"\b(?:" + "|".join(self.cfg["region_list_before"]["patterns"]) + r")\s+", re.I)
        self.including_before = re.compile(self.cfg["locator_before"]["settlements_including"]["before"], re.I)
        self.including_after = re.compile(self.cfg["locator_before"]["settlements_including"]["after"])
        self.direction_near_before = re.compile(self.cfg["locator_before"]["direction_near"]["before"], re.I)
        self.direction_near_after = re.compile(self.cfg["locator_before"]["direction_near"]["after"], re.I)
        self.strike_object = re.compile(self.cfg["strike_object_clash"]["clash"], re.I)
        self.strike_object_gap = int(self.cfg["strike_object_clash"]["max_gap"])
        self.raion_after = re.compile(self.cfg["raion_after"]["pattern"], re.I)
        self.adjacent_before = re.compile(self.cfg["adjacent_before"]["pattern"], re.I)
        self.route_before = re.compile(r"\b(?:" + "|".join(self.cfg["route_before"]["patterns"]) + r")$", re.I)
        self.attack_direction = re.compile(self.cfg["route_before"]["attack_before_direction"]["pattern"], re.I)
        self.weapon_list = re.compile(self.cfg["weapon_list"]["pattern"], re.I)
        wp = self.cfg["weapon_premodifier"]
        self.weapon_premod = re.compile(wp["pattern"], re.I)
        self.weapon_premod_kinds = [(k, re.compile(v, re.I)) for k, v in wp.items() if not k.startswith("_") and k != "pattern"]
        self.attack_verb = re.compile(self.cfg["attack_with_weapons"]["pattern"], re.I)
        self.attack_support = re.compile(self.cfg["attack_with_weapons"]["support"], re.I)
        self.actor_lemmas = set(self.cfg["actor_place_verbs"]["lemmas"])
        self.actor_complements = set(self.cfg["actor_place_verbs"]["copula_complements"])
        self.event_countries = set(self.cfg["event_countries"]["codes"])
        self.protests_anywhere = bool(self.cfg["event_countries"].get("protests_anywhere"))
        self.weapon_types = [(k, _words(v)) for k, v in self.cfg["weapon_types"].items() if k != "_doc"]
        self.launched_from = re.compile(self.cfg["launch_platform_before"]["pattern"], re.I)
        self.background_days = self.cfg["background_days"]["days"]
        self.new_report = re.compile(self.cfg["background_days"]["new_report"], re.I)
        self.war_start = (self.cfg["war_start"]["date"], _words(self.cfg["war_start"]["patterns"]))
        self.reporting_cue = _words(self.cfg["reporting_cues"]["patterns"])
        self.aim_before = _words(self.cfg["aim_before"]["patterns"])
        self.irrealis_object = re.compile(self.cfg["irrealis_noun_object"]["pattern"], re.I)
        self.imprecise_after = re.compile(r"^\s*(?:" + "|".join(self.cfg["imprecise_location_after"]["patterns"]) + r")(?![\w-])", re.I)
        self.visit_before = _words(self.cfg["visit_before"]["patterns"])
        self.anaphora = re.compile(self.cfg["anaphora"]["pattern"], re.I)
        self.anaphora_back = self.cfg["anaphora"]["sentences_back"]
        self.area_anaphora = re.compile(self.cfg["area_anaphora"]["pattern"], re.I)
        self.area_anaphora_precision = int(self.cfg["area_anaphora"]["geo_precision"])
        self.second_event_distance = int(self.cfg.get("second_event", {}).get("max_distance", 120))
        self.official_of = re.compile(self.cfg["official_of_place"]["pattern"], re.I)
        self.officials_after = re.compile(self.cfg["official_of_place"]["officials_after"], re.I)
        #: "Odesa officials", "the Kharkiv authorities": the place's name (case-sensitive capital)
        self.officials_name = re.compile(r"\s*(?:the\s+)?([A-Z][\w’'-]+)(?=(?i:" + self.officials_after.pattern + "))")
        self.officials_not_local = set(self.cfg["official_of_place"]["officials_not_local"])
        self.title_before_name = re.compile(self.cfg["official_of_place"]["title_before_name"], re.I)
        self.victim_title = re.compile(self.cfg["official_of_place"]["victim_title"], re.I)
        self.unconfirmed_cue = re.compile(self.cfg["unconfirmed_cue"]["pattern"], re.I)
        self.compass = self.cfg["bearing"]["compass"]
        self.direction_of = re.compile(self.cfg["bearing"]["direction_of"].replace("{compass}", self.compass), re.I)
        self.far_from_town = re.compile(self.cfg["far_from_town"]["pattern"].replace("{compass}", self.compass), re.I)
        self.far_km = float(self.cfg["far_from_town"]["km"])
        self.named_battle = re.compile(self.cfg["named_battle"]["trigger"], re.I)
        self.border_pair = re.compile("|".join(self.cfg["border_pair"]["patterns"]))
        self.republic_acronyms = set(self.cfg["republic_acronyms"]["names"])
        self.ongoing = _words(self.cfg["named_battle"]["ongoing"])
        self.hedges = _words([re.escape(h) for h in _load("hedges.json")["phrases"]])
        self.death = re.compile(
            r"(?<![\w,])(\d[\d,]*|" + "|".join(_WORDNUM) + r")\s+(?:\w+\s+){0,3}?(?:" + "|".join(self.cfg["fatality_nouns"]) +
            r")\s+(?:were\s+|was\s+|have been\s+|had been\s+|are\s+)?(?:killed|dead|died)|(?:killing|killed)\s+(?:at least\s+)?(\d[\d,]*|" +
            "|".join(_WORDNUM) + r")\b", re.I)
        self.fig_units = fig["units"]
        self.fig_verbs = fig["verbs"]
        self.fig_periods = fig["periods"]
        self.unit_verbs = {k: set(v) for k, v in fig["unit_verbs"].items() if k != "_doc"}
        units = sorted(self.fig_units, key=len, reverse=True)
        # (not a number after a hyphen: "Kh-22 missiles", "Tu-95 bombers" name a weapon)
        self.fig_re = re.compile(
            r"(?<![\w$€£.,-])((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million))?|" + "|".join(k for k in _WORDNUM if " " not in k) +
            r")\s+((?:[A-Za-z’'-]+\s+){0,3}?)(" + "|".join(re.escape(u) for u in units) + r")(?![\w-])", re.I)
        self.fig_verb_re = _words([re.escape(v) for v in sorted(self.fig_verbs, key=len, reverse=True)])
        self.period_re = _words([re.escape(p) for p in sorted(self.fig_periods, key=len, reverse=True)])
        ex = self.cfg["explosion_default"]
        self.explosion_words = _words(ex["patterns"])
        self.explosion_default = (ex["sub_event_type"], ex["event_type"])
        ad = self.cfg["air_defence_explosion"]
        self.air_defence_explosion = (re.compile(ad["pattern"], re.I), ad["sub_event_type"], ad["event_type"])
        do = self.cfg["disrupted_object"]
        self.disrupted_sub, self.disrupted_gap = do["sub_event_type"], int(do["max_gap"])
        self.proform = re.compile(self.cfg["proform"]["pattern"], re.I)
        self.carried_types = set(self.cfg["carried_place"]["event_types"])
        self.region_word_after = re.compile(r"^\s+(?:" + "|".join(self.cfg["region_words_after"]["patterns"]) + r")\b", re.I)
        self.region_word_phrase = re.compile(r"\b([A-Z][\w’'-]+)\s+(?:" + "|".join(self.cfg["region_words_after"]["patterns"]) + r")\b")
        self.pl_region_endings = self.cfg["polish_region_adjective"]["endings"]
        self.pl_region_min_pop = self.cfg["polish_region_adjective"]["min_population"]
        self.descriptive = re.compile(self.cfg["descriptive_claimant"]["pattern"], re.I)
        self.previous_quote_chars = self.cfg["descriptive_claimant"]["previous_quote_chars"]
        self.transcript_intro = re.compile(self.cfg["transcript_intro"]["pattern"], re.I)
        self.not_harm_conj = frozenset(self.cfg["conjoined_non_harm"]["lemmas"])
        self.purpose_after = re.compile("|".join(self.cfg["purpose_after_trigger"]["patterns"]), re.I)
        self.forces_at = re.compile(self.cfg["forces_at"]["pattern"], re.I)
        self.axis_after = re.compile(self.cfg["withdrawal_axis_after"]["pattern"])
        self.via_after = re.compile(self.cfg["objective_before_via"]["pattern"])
        self.enclosing_region = {k: v for k, v in self.cfg["enclosing_region"].items() if not k.startswith("_")}
        neg = self.cfg["negated_clause_after_trigger"]
        self.negated_after = re.compile("|".join(neg["patterns"]), re.I)
        self.negated_before = re.compile(neg["denied_clause_before_place"]["pattern"])
        self.next_conjunct = re.compile(neg["denied_clause_before_place"]["next_conjunct"])
        self.lexicon = ActorLexicon()

    # ------------------------------------------------------------------
    def __call__(self, story: Story) -> Story:
        self.initialize()
        story.events, story.figures = self.extract(story)
        return story

    def extract(self, story: Story) -> tuple[list[dict], list[dict]]:
        text = story.text
        sents = _split_footnotes(text, story.sentences or _regex_sentences(text))
        paras = _paragraphs(text)
        pub = story.published_datetime()
        pub_date = pub.date() if pub else None
        doc = story.spacy_doc
        events: list[dict] = []
        figures: list[dict] = []
        strike_type = None
        told = []  # per sentence: did it tell an event?
        summary = self._summary_blocks(text)
        for si, sent in enumerate(sents):
            s0, s1 = sent["start"], sent["end"]
            stext = text[s0:s1]
            trig = [] if self.skip_sentence.search(stext) or _old_year(stext, pub_date) or any(a <= s0 < b for a, b in summary) \
                else self._triggers(stext, s0)
            for t in trig:
                if t["def"].get("role") != "generic_strike" and t["def"]["event_type"] == "Explosions/Remote violence":
                    strike_type = t["def"]
            evs = self._sentence_events(story, doc, sent, trig, paras, sents, si, pub_date, strike_type, self._antecedents(story, sents, si, paras)) if trig else []
            if trig and not evs and si > 0 and not told[si - 1]:
                carried = self._carried_place(story, sents, si, paras)
                if carried is not None:
                    evs = self._sentence_events(story, doc, sent, trig, paras, sents, si, pub_date, strike_type, carried=carried)
            told.append(bool(evs))
            events.extend(evs)
            figures.extend(self._figures(story, sent, evs, paras, sents, si))
        raw = events
        events = _dedupe(_drop_region_topics(text, _drop_direction_topics(text, events, self.direction_of, self.compass)))
        if self.model is not None:
            events += self._model_events(story, sents, paras, pub_date, events, raw)
        return events, _dedupe_figures(figures)

    def _model_events(self, story: Story, sents, paras, pub_date, rule_events: list[dict], raw_events: list[dict] | None = None) -> list[dict]:
        """Events of the learned typer: for each (type, place) the story's likeliest mention, when its
        probability reaches the model's threshold and the rules found no event at that place (an added clash
        where the rules tell a capture would code one fight twice), nor any in its sentence, even one they then
        dropped as a topic (``raw_events``: "ground attacks to the east and south of Kupyansk", located by the
        villages of the next sentence).
        They carry ``"method": "model"``, their ``score`` and no trigger; date, claimant and hedging are the
        rules' own for that sentence."""
        from .event_model import encode_mentions

        told = [(ev["start"], ev["end"]) for ev in (rule_events if raw_events is None else raw_events)] + \
            [(m["start"], m["end"]) for ev in rule_events for m in ev.get("mentions", [])]
        # only in sentences the rules found no event in: where they did, they chose its places (not the direction of
        # an advance, not a negated attack)
        free = [p for p in story.places if not any(a <= p["start"] < b for a, b in told)]
        eligible = self._event_places(story, sents, free)
        rows = encode_mentions(story.text, story.sentences, [p for p in free if (p["start"], p["end"]) in eligible])
        if not rows:
            return []
        P = self.model.predict_proba(np.stack([r["x"] for r in rows]))
        best: dict[tuple, tuple[float, dict, int]] = {}
        for r, p in zip(rows, P):
            place, prec = eligible[(r["place"]["start"], r["place"]["end"])]
            for j, sub in enumerate(self.model.types):
                key = (sub, _place_key(place))
                if p[j] >= self.model.threshold and p[j] > best.get(key, (0.0,))[0]:
                    best[key] = (float(p[j]), place, prec)
        have = {_place_key(ev["place"]) for ev in rule_events}
        sstarts = [s["start"] for s in sents]
        out = []
        for (sub, key), (score, place, prec) in sorted(best.items(), key=lambda kv: kv[1][1]["start"]):
            if key in have:
                continue
            si = max(0, bisect.bisect_right(sstarts, place["start"]) - 1)
            t = {"start": place["start"], "end": place["end"], "text": place["text"],
                 "def": {"sub_event_type": sub, "event_type": self.event_type_of.get(sub, "Battles")}}
            ev = self._make_event(story, sents[si], sents, si, paras, pub_date, None, place, prec, t)
            if ev is None:
                continue
            ev.update({"trigger": None, "method": "model", "score": round(score, 3)})
            out.append(ev)
        return _dedupe(out)

    def _event_places(self, story: Story, sents: list[dict], places: list[dict]) -> dict[tuple[int, int], tuple[dict, int]]:
        """The mentions that can be an event's place, by (start, end): (the place record, geo_precision), as
        :meth:`_sentence_places` keeps them (no locators, speakers' towns, titles, rivers ...), in the sentences
        that hold one of ``places``."""
        out = {}
        for sent in sents:
            if any(sent["start"] <= p["start"] < sent["end"] for p in places):
                for place, prec in self._sentence_places(story, sent):
                    out.setdefault((place["start"], place["end"]), (place, prec))
        return out

    def _summary_blocks(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the bullet lines right after a summary heading ("Key Takeaways\n- ...\n- ...")."""
        out = []
        for m in self.summary_heading.finditer(text):
            a = pos = m.end() + 1
            while pos < len(text) and text.startswith("- ", pos):
                nl = text.find("\n", pos)
                pos = len(text) if nl < 0 else nl + 1
            if pos > a:
                out.append((a, pos))
        return out

    # ------------------------------------------------------------------ triggers
    def _triggers(self, stext: str, s0: int) -> list[dict]:
        out = []
        raw = []
        for tdef, rx in self.triggers:
            for m in rx.finditer(stext):
                raw.append((m.start(), m.end(), tdef))
                before = stext[max(0, m.start() - 70):m.start()]
                # irrealis / negation in the words just before the trigger, within the clause
                clause = re.split(r"[,;:—–]|\bwhile\b|\bas\b|\bafter\b|\bwhere\b|\bbut\b", before)[-1]
                if self.irrealis.search(clause) and not _past_conjunct(clause, m.group(0), self.irrealis):
                    obj = self.irrealis_object.search(clause)
                    # (but "focused on offensive operations around X": the noun trigger is what they did)
                    if obj is None or re.match(r"\w+ing\b", m.group(0)) or self.irrealis.search(clause[:obj.start()]):
                        continue
                aim = re.search(r"\bto\s+(?:(?:launch|conduct|mount|begin|start|stage)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?)?$", clause)
                if aim and not self.infinitive_ok.search(clause[:aim.start()] + "to "):
                    continue  # "to retake", "ordered ... to capture": an aim, not an event
                bg = self.background.get(tdef["sub_event_type"])
                if (bg is not None and bg.search(clause)) or self.background["*"].search(clause):
                    continue
                if self.examples_before.search(before):
                    continue  # "significant events such as the Moskva sinking, prisoner exchanges ...": an example
                if self.forecast.search(self.forecast_clause_end.split(stext[m.end():], 1)[0]):
                    continue  # "... for an assault on the capital in the coming 24-96 hours": a forecast
                # a trigger word quoted as a word ("the words “regain Crimea”") is a mention, not an event
                q = re.search(r"[“\"]([^“”\"]{0,40})$", stext[:m.start()])
                if q and re.match(r"[^“”\"]{0,40}[”\"]", stext[m.start():]) and len((q.group(1) + stext[m.start():m.start() + 40].split("”")[0]).split()) <= 4:
                    continue
                out.append({"start": s0 + m.start(), "end": s0 + m.end(), "def": tdef, "text": m.group(0)})
        for m in self.proform.finditer(stext):
            # "are moving to regain control ..., having already done so in Kyiv Oblast": the earlier
            # trigger's event (even one told as an aim) happened at the places after "done so"
            prev = [r for r in raw if r[1] <= m.start()]
            if prev:
                a, _b, tdef = max(prev, key=lambda r: (r[1], r[2]["priority"]))
                ds = m.start() + re.search(r"(?:done|did)\s+so", m.group(0), re.I).start()
                out.append({"start": s0 + ds, "end": s0 + m.end(), "def": tdef, "text": stext[ds:m.end()], "proform": True})
        def object_of(t: dict, verb, gap: int, breaks: str) -> bool:
            """Whether ``t`` follows a trigger ``verb`` accepts within ``gap`` characters, with none of ``breaks`` between."""
            return any(verb(u) and 0 <= t["start"] - u["end"] <= gap and not re.search(breaks, stext[u["end"] - s0:t["start"] - s0])
                       for u in out)

        # a clash word that a strike hits ("airstrikes hit two Russian strongholds in ..."): the strike's target
        out = [t for t in out if not (t["def"]["event_type"] == "Battles" and self.strike_object.match(t["text"])
                                      and object_of(t, lambda u: u["def"]["event_type"] == "Explosions/Remote violence",
                                                    self.strike_object_gap, r"[,;:]"))]
        # a weapon an interception downs ("shot down 13 Shahed-136 drones"): no strike of its own
        out = [t for t in out if not (t["def"]["event_type"] == "Explosions/Remote violence"
                                      and object_of(t, lambda u: u["def"]["sub_event_type"] == self.disrupted_sub,
                                                    self.disrupted_gap, r"[^\s\w-]"))]
        # overlapping triggers: keep the higher priority / longer one
        out.sort(key=lambda t: (t["start"], -t["def"]["priority"], -(t["end"] - t["start"])))
        kept: list[dict] = []
        for t in out:
            if kept and t["start"] < kept[-1]["end"]:
                if t["def"]["priority"] > kept[-1]["def"]["priority"]:
                    kept[-1] = t
                continue
            kept.append(t)
        return kept

    # ------------------------------------------------------------------ places
    def _actor_place(self, doc, p: dict) -> bool:
        """Is the place the subject of a verb of saying, wanting, refusing ... (its government, not a location)?"""
        if doc is None:
            return False
        span = doc.char_span(p["start"], p["end"], alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        tok = span.root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False
        head = tok.head
        if head.lemma_.lower() in self.actor_lemmas:
            return True
        return head.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") and c.lower_ in self.actor_complements for c in head.children)

    def _listed_region(self, text: str, s0: int, p: dict, places: list[dict]) -> dict | None:
        """A settlement name listed after "the regions of" / "the region of" stands for its region."""
        if _is_region(p) or not p.get("admin1"):
            return None
        head = text[s0:p["start"]]
        ms = list(self.region_list_before.finditer(head))
        if not ms:
            return None
        seg = head[ms[-1].end():]
        off = s0 + ms[-1].end()
        for o in sorted(places, key=lambda x: -x["start"]):
            if off <= o["start"] and o["end"] <= p["start"]:
                seg = seg[:o["start"] - off] + " P " + seg[o["end"] - off:]
        if not re.fullmatch(r"(?:\s*(?:the\s+)?P\s*,?\s*(?:and\s+)?|\s*\w+(?:ern)?\s+of\s+(?:central\s+)?P\s*,?\s*(?:and\s+)?)*\s*(?:the\s+)?", seg):
            return None
        return _region_of(p)

    def _sentence_places(self, story: Story, sent: dict) -> list[tuple[dict, int]]:
        """(place dict, geo_precision) for the event locations of a sentence."""
        text = story.text
        doc = story.spacy_doc
        s0, s1 = sent["start"], sent["end"]
        places = [p for p in story.places if s0 <= p["start"] < s1]
        for rx, pl, replaces_area in self.capitals:
            for m in rx.finditer(text, s0, s1):
                over = [p for p in places if p["start"] < m.end() and m.start() < p["end"]]
                if replaces_area and over and all(not p.get("geonameid") and rx.search(p.get("name") or "") for p in over):
                    places = [p for p in places if not any(p is o for o in over)]  # the geoparser's landmark area
                    over = []
                if not over:
                    places.append(story.span(m.start(), m.end(), **pl))
        places = [self._region_word(text, p) for p in places]
        for m in self.region_word_phrase.finditer(text, s0, s1):
            if not any(p["start"] < m.end() and m.start() < p["end"] for p in places):
                reg = self._polish_region(m.group(1))
                if reg is not None:
                    places.append(story.span(m.start(), m.end(), **reg))
        places.sort(key=lambda p: p["start"])
        # speakers' phrases ("the mayor of Melitopol said") hold no event place; a learned attribution
        # counts only with a reporting cue ("The Russian encirclement of Mariupol continues" is no speaker)
        source_spans = [(q["source"]["start"], q["source"]["end"]) for q in story.quotes if q.get("source")
                        and (q.get("method") != "model" or (q.get("cue") and self.reporting_cue.search(q["cue"]["text"])))]
        keep = []
        raion_end = None
        for i, p in enumerate(places):
            if (p.get("precision") == "country" or p.get("feature") == "country") and p.get("country") in self.event_countries \
                    and re.search(r"\b(?:detained|arrested|apprehended|custody)\s+in\s+$", text[max(s0, p["start"] - 30):p["start"]]):
                keep.append({**p, "_country_only": True})  # "was detained in Belarus": an arrest names only the country
                continue
            if p.get("precision") in ("country", None) or p.get("feature") == "country":
                continue
            if _is_region(p) and not p.get("admin1"):
                continue  # the Black Sea, Donbas: no event location of ours
            if p.get("country") not in self.event_countries:
                if not (self.protests_anywhere and p.get("country") and p.get("feature") in ("settlement", "region")):
                    continue  # Dublin: no event location of ours ...
                p = {**p, "_abroad": True}  # ... except for a protest
            if self.not_place_after.match(text[p["end"]:p["end"] + 30]):
                ra = self.raion_after.match(text[p["end"]:p["end"] + 100])
                if ra and keep and not _is_region(keep[-1]) and _RAION_OF.fullmatch(text[keep[-1]["end"]:p["start"]]):
                    raion_end = p["end"] + ra.end()  # "the Serhiivka resort village of the Bilhorod-Dnistrovsky district of Odesa Oblast"
                continue
            if not _is_region(p) and re.match(r"\s+(?:[A-Z][\w’'-]+\s+)?(?-i:River)\b", text[p["end"]:p["end"] + 30]):
                continue  # "on the Siverskyi Donetsk River": a river's name read as a settlement
            if any(a <= p["start"] and p["end"] <= b for a, b in source_spans) and not _footage_of(text, s0, p):
                continue  # (but "Geolocated footage from Yarova shows ...": where the footage was taken)
            before = text[max(s0, p["start"] - 80):p["start"]]
            if _LOCATING_PARENTHESIS.search(text, max(s0, p["start"] - 160), p["start"]):
                continue  # "Rubizhne (in Kharkiv, not Luhansk Oblast)", "Svatove (about 37km east of the new frontline in Kharkiv-Luhansk
                # Oblast)": the parenthesis only locates the place before it
            if not _is_region(p) and ((i + 1 < len(places) and not _is_region(places[i + 1]) and _BEARING_OF_BEFORE.search(before)
                                       and re.fullmatch(r"\s+in\s+(?:the\s+)?", text[p["end"]:places[i + 1]["start"]]))
                                      or _AREA_THEN_BEARING.search(before)):
                continue  # "positional battles northwest of Kherson City in the Posad-Pokrovske area", "an assault in the
                # Bilohirka, Kherson Oblast, area, southwest of Davydiv Brid": the town only locates the village's area
            if i > 0 and not _is_region(places[i - 1]) and not _is_region(p) and re.fullmatch(r"\s+in\s+the\s+", text[places[i - 1]["end"]:p["start"]]) \
                    and re.match(r"\s+(?:area|direction|axis|sector)\b", text[p["end"]:p["end"] + 12]) \
                    and not _BEARING_OF_BEFORE.search(text, max(s0, places[i - 1]["start"] - 30), places[i - 1]["start"]):
                continue  # "assaults on Zaitseve and Maryorsk in the Bakhmut area": the town's area only locates the villages
            if self.via_after.match(text, p["end"], s1):
                continue  # "advances in the direction of Lyman via Krymky": the objective of a movement through Krymky
            if self.route_before.search(before) and not self.attack_direction.search(before):
                continue  # "the highway from Izyum to Slovyansk" (but "attacks in the direction of X" are at X)
            if self.official_of.search(before) and not self.victim_title.search(before):
                continue  # "the head of the Kharkiv region Oleh Syniehubov": a title, not where it happened
            if any(m.start() <= p["start"] and p["end"] <= m.end() and not _CHAIN_BEFORE.search(text, max(0, m.start() - 40), m.start())
                   for m in self.border_pair.finditer(text, max(s0, p["start"] - 40), min(s1, p["end"] + 80))):
                continue  # "on the Odesa-Mykolaiv Oblast border"
            if _town_pair_area(text, places, i):
                continue  # "fought along the western outskirts of the Donetsk City-Avdiivka area": an area between two towns
            if i > 0 and self.adjacent_before.search(before):
                continue  # "... and directly adjacent to Russian-occupied Pisky": only locates the place before
            loc = self.locator_before.search(before)
            if loc and i > 0 and re.fullmatch(r"(?:\s+(?:area|areas|direction|axis|sector|line|lines))?[\s,(—–]*(?:(?:both|all|each|two|three|the|an?)\s+)?(?:(?:small\s+)?(?:villages?|towns?|settlements?|cities|city)\s+)?"
                                              r"(?:(?:about|roughly|some|around|approximately|nearly|just|within|located|situated|which is|lies|to the|in the)\s+)*"
                                              # ("Rohan and Derhachi (southeast and northwest of Kharkiv city, respectively)")
                                              r"(?:(?:north|south|east|west)(?:east|west)?(?:ern)?\s*(?:,\s*(?:and\s+)?|and\s+|or\s+))*",
                                              text[places[i - 1]["end"]:p["start"] - (len(before) - loc.start())]):
                _relocate_far(text, places, i, p, loc.group(0), keep)
                continue  # "Belhorodka, roughly 20 kilometers west of central Kyiv", "Chornobaivka, a settlement just north of Kherson City": only locates
            if loc and re.search(r"[,(—–]\s*(?:both|all|each)(?:\s+(?:two|three|four|five|six))?\s+(?:(?:about|roughly|approximately|some|around|nearly|"
                                 r"just|over|more than|located|situated|lying|within|less than|under)\s+)*$", before[:loc.start()]):
                continue  # "attacked Mykolaivka and Novoselivske, both about 30km northwest of Svatove": Svatove only locates
            if self.including_before.search(before) and self.including_after.match(text[p["end"]:p["end"] + 40]):
                continue  # "settlements north of Izyum, including Husarivka and Asiivka": Izyum only locates
            if self.direction_near_before.search(before) and self.direction_near_after.match(text[p["end"]:p["end"] + 60]) \
                    and any(q["start"] > p["end"] and q["start"] - p["end"] < 60 for q in places[i + 1:]):
                continue  # "assaults southwest of Donetsk City near Pobieda": Donetsk only locates Pobieda
            if loc and re.search(r"\d", loc.group(0)) and _APPOSITION.search(text, max(s0, p["start"] - 160), p["start"] - (len(before) - loc.start())):
                continue  # "Travneve, a small settlement about 19km south of Bakhmut" (Travneve not in the gazetteer)
            if re.search(r"people(?:'s|’s) republic", text[p["start"]:p["end"] + 20], re.I) \
                    or (p.get("text") or "") in self.republic_acronyms:
                continue  # "the Lugansk People's Republic" (its militia): an actor
            if raion_end is not None and _is_region(p) and re.fullmatch(r"\s*(?:,\s*)?(?:of|in)\s+(?:the\s+)?", text[raion_end:p["start"]]):
                continue  # "in the Nikopol Raion of Dnipropetrovsk Oblast": the oblast of a raion that only locates
            ra = self.raion_after.match(text[p["end"]:p["end"] + 100]) if not _is_region(p) and not re.search(r"\bCity$", p.get("text") or "") else None
            if ra:
                if keep and not _is_region(keep[-1]) and _RAION_OF.fullmatch(text[keep[-1]["end"]:p["start"]]):
                    raion_end = p["end"] + ra.end()
                    continue  # "Marhanets in the Nikopol Raion": the raion only locates Marhanets
                p = {**p, "_raion": True}  # "the Kherson and Berislav districts": part of a region, its town at precision 2
            if (re.search(r"\b(?:district|neighbou?rhood|microdistrict|quarter)$", p.get("text") or "", re.I)
                    or re.match(r"\s+(?:district|neighbou?rhood|microdistrict|quarter)\s+(?:of|in)\s", text[p["end"]:p["end"] + 20], re.I)) \
                    and not _is_region(p):
                continue  # a city district ("the Starychi district in Lviv"): the city is the event's place
            if self._actor_place(doc, p):
                continue  # "Moscow cannot be trusted", "Kyiv stays silent"
            city = _city_of_district(text, p, places)
            if city is not None:
                p = {**city, "start": p["start"], "end": p["end"], "text": p.get("text"), "precision": 2}  # "a mall in Podil" (Kyiv)
            if re.search(r"\b(?:allow|enable|let|force|help|permit|lead|push|compel)(?:s|ed|ted|ing)?\s+(?:the\s+)?$", before) \
                    and re.match(r"\s+to\s+(?!the\b)[a-z]", text[p["end"]:p["end"] + 20]):
                continue  # "the encirclement allows Moscow to prevent ...": the agent of an infinitive, not a location
            if not _is_region(p) and p.get("admin1") and not re.search(r"\bCity$", p.get("text") or "") \
                    and (re.search(r"\b(?:other|remaining|several|various|many)\s+(?:parts|areas|sectors)\s+of\s+(?:the\s+)?$", before, re.I)
                         # "intensified artillery fire in northern Kherson": a part of the oblast named like its city
                         or (re.search(r"\b(?:in|across|throughout)\s+(?:the\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)ern\s+$", before)
                             and not re.match(r"\s+(?:City|city|Oblast|oblast|Region|region)\b", text[p["end"]:p["end"] + 8]))):
                reg = _region_of(p)
                if reg is not None and _name_key(reg.get("name")).startswith(_name_key(p.get("name"))[:5]):
                    p = reg  # "in other parts of Donetsk": the oblast
            p = self._listed_region(text, s0, p, places) or p
            keep.append(p)
        # a region that locates the settlement before it ("X in the Y region")
        out: list[tuple[dict, int]] = []
        drop = set()
        for i, p in enumerate(keep):
            if i in drop:
                continue
            nxt = keep[i + 1] if i + 1 < len(keep) else None
            if nxt is not None and _is_region(nxt) and not _unknown_near_town(nxt) and (not _is_region(p) or _unknown_near_town(p)):
                between = text[p["end"]:nxt["start"]]
                if re.fullmatch(r"\s*(?:and|or)\s+", between) and re.search(r"(?:oblasts|regions|provinces)$", nxt.get("text") or "", re.I):
                    # "Kharkiv and Donetsk Oblasts": the first name is an oblast too
                    reg = _region_of(p)
                    if reg is not None:
                        out.append((reg, 3))
                        continue
                if re.fullmatch(r"\s*(?:,\s*|\(\s*)?(?:in|of|near)?\s*(?:the\s+)?(?:[A-Za-z’'-]+\s+){0,2}|\s+(?i:hromada|raion|rayon|district),\s*", between) and len(between) < 40 \
                        and not re.search(r"\b(?:and|or)\b", between):  # "Mykolaiv City and Mykolaiv Oblast": two places
                    drop.add(i + 1)
                    if p.get("geonameid") is None and p.get("admin1") == nxt.get("admin1") and _unknown_near_town(p):
                        out.append((p, 3))  # "near Krokhmalne in Kharkiv Oblast": the village, located by its oblast
                        continue
                    if p.get("geonameid") is None or not p.get("admin1") or (nxt.get("admin1") and nxt["admin1"] not in (
                            p["admin1"], self.enclosing_region.get(p["admin1"]))):
                        out.append((nxt, 3))
                        continue
            if _is_region(p) and nxt is not None and not _is_region(nxt) and nxt.get("admin1") == p.get("admin1") \
                    and re.fullmatch(r"\s*(?:,\s*)?(?:(?:particularly|notably|especially|mainly|mostly|primarily)\s+)?(?:near|around|outside|close to|in|at|from)\s+"
                                 r"(?:the\s+)?(?:\w+\s+){0,2}", text[p["end"]:nxt["start"]]):
                continue  # "in the Lviv region near Brody", "in northern Kherson, particularly from Piatykhatky": the region only locates the settlement
            if p.get("feature") == "region":
                later = [q for q in keep[i + 1:] if q.get("feature") != "region"]
                if later and _INCLUDING_END.search(text[p["end"]:later[0]["start"]]):
                    # "destroyed several bridges in Chernihiv and Sumy Oblast, including in Stara Rudnya, ... and Konotop":
                    # the places of every region listed; the regions add none (but "airfields in the Kirovograd, ...
                    # and Khmelnitsk regions, including Starokonstantinov" names places of one region only: all stay)
                    regs = [q for q in keep if q.get("feature") == "region" and q["end"] <= later[0]["start"]
                            and _INCLUDING_END.search(text[q["end"]:later[0]["start"]])]
                    if all(any(x.get("admin1") == r.get("admin1") for x in later) for r in regs):
                        continue
            if _is_region(p) and any(not _is_region(q) and q.get("admin1") == p.get("admin1") and q["end"] <= p["start"] for q in keep[:i]) \
                    and _PART_OF_REGION.search(text[max(s0, p["start"] - 60):p["start"]]):
                continue  # "fighting in Arkhanhelske near the Inhulets River in the northernmost part of Kherson Oblast"
            if p.get("_country_only"):
                out.append(({k: v for k, v in p.items() if k != "_country_only"}, 3))
                continue
            prec = _precision(p)
            if p.get("_raion"):
                p = {k: v for k, v in p.items() if k != "_raion"}
                prec = 2
            if prec == 1 and (self.imprecise.search(text[max(s0, p["start"] - 30):p["start"]]) or self.imprecise_after.match(text[p["end"]:p["end"] + 20])):
                prec = 2
            far = self.far_from_town.search(text[max(s0, p["start"] - 60):p["start"]]) if not _is_region(p) and p.get("admin1") else None
            if far and float(far.group(1)) * (1.6 if far.group(2).lower() == "miles" else 1) >= self.far_km:
                reg = _region_of(p)  # "positions approximately 65 km north of Izyum": Kharkiv Oblast, not near Izyum
                if reg is not None:
                    p, prec = reg, 3
            out.append((p, prec))
        return out

    def _region_word(self, text: str, p: dict) -> dict:
        """"Lugansk circuit" (a Polish "obwód" machine-translated): the region of the place."""
        if _is_region(p) or not p.get("admin1") or not self.region_word_after.match(text[p["end"]:p["end"] + 20]):
            return p
        return _region_of(p) or p

    def _polish_region(self, word: str) -> dict | None:
        """A Polish adjective of a region's name before a region word ("Winnicki circuit" = Vinnytsia
        oblast): the region whose centre or own name the noun forms name."""
        from ..places.gazetteer import Gazetteer

        g = Gazetteer.load()
        low = word.lower()
        nouns = [word]
        for end, alts in self.pl_region_endings:
            if low.endswith(end) and len(low) > len(end) + 2:
                nouns += [word[: -len(end)] + a for a in alts]
        for n in nouns:
            cands = [g.entry(i) for i in g.ids(n)]
            cands = [e for e in cands if e.country in self.event_countries and e.admin1
                     and (e.kind == "admin1" or (e.kind == "place" and e.population >= self.pl_region_min_pop))]
            if cands:
                return _region_record(max(cands, key=lambda e: (e.kind == "admin1", e.population)).admin1)
        return None

    # ------------------------------------------------------------------ events
    def _speaker_place(self, story: Story, sent: dict, trig: list[dict]) -> list[tuple[dict, int]]:
        """The place whose official speaks, for a trigger inside the statement: "Ivan Fedorov, the
        mayor of Melitopol, said two explosions had cut the TV signal"."""
        text = story.text
        s0, s1 = sent["start"], sent["end"]
        for q in story.quotes:
            src = q.get("source")
            if not src or not (s0 <= src["start"] < s1):
                continue
            ca, cb = q["content"]["start"], q["content"]["end"]
            if not q.get("direct") and q.get("cue") and ca >= q["cue"]["end"]:
                cb = max(cb, s1)  # an indirect report runs to the sentence's end ("reported Russian shelling and airstrikes continued")
            if not any(ca <= t["start"] < cb for t in trig):
                continue
            for p in story.places:
                if src["start"] <= p["start"] < src["end"] + 60 and s0 <= p["start"] < s1 and p.get("country") in self.event_countries \
                        and p.get("precision") in (1, 3) and self.official_of.search(text[max(s0, p["start"] - 40):p["start"]]):
                    return [({**p, "_speaker_of": (ca, cb)}, _precision(p))]
            # "Odesa officials reported that air defense forces shot down four Kalibr missiles": the
            # officials' place (a metonym, not in story.places) at region level (city or oblast officials)
            for p in story.user_data.get("place_metonyms") or []:
                if (p.get("text") or "") in self.officials_not_local:
                    continue  # "Kremlin officials" speak for the state, not for Moscow
                if src["start"] <= p["start"] < src["end"] and p.get("country") in self.event_countries and p.get("admin1") \
                        and self.officials_after.match(text[p["end"]:p["end"] + 40]):
                    reg = _region_of(p)
                    if reg is not None:
                        return [({**reg, "_speaker_of": (ca, cb)}, 3)]
            m = self.officials_name.match(src.get("text") or "")
            if m:
                got = self._officials_region(story, src["start"] + m.start(1), m.group(1), (ca, cb))
                if got:
                    return got
        # the same told as the sentence's opening, where no quote was found: "Odesa officials reported that ..."
        m = re.match(r"\s*(?:the\s+)?([A-Z][\w’'-]+)(?=(?i:" + self.officials_after.pattern + r")\s+(?:(?:also|additionally)\s+)?(?:reported|said|stated|announced|claimed)\s+(?:on\s+\w+\s+\d*\s*)?(?:that\s|(?=(?:\w+\s+){0,2}?(?:shelling|strikes|attacks|explosions|missile|drone|artillery)\b)))",
                     text[s0:s1])
        if m and any(t["start"] >= s0 + m.end() for t in trig):
            return self._officials_region(story, s0 + m.start(1), m.group(1), (s0 + m.end(), s1))
        return []

    def _officials_region(self, story: Story, a: int, name: str, content: tuple[int, int]) -> list[tuple[dict, int]]:
        """"Odesa officials": their region (geo_precision 3; city or oblast officials), never the capital's
        officials ("Kyiv officials" speak for the state)."""
        if name in self.officials_not_local:
            return []
        from ..places.gazetteer import region_for
        r = region_for(name)
        if r is None or r.get("country") not in self.event_countries:
            return []
        reg = _region_record(r["iso"])
        if reg is None:
            return []
        return [({**story.span(a, a + len(name)), **reg, "start": a, "end": a + len(name), "text": name, "_speaker_of": content}, 3)]

    def _antecedents(self, story: Story, sents, si: int, paras) -> list[dict]:
        """The places that "the city" and "in the area" of the sentence stand for."""
        return (self._antecedent(story, sents, si, paras) or []) + (self._antecedent(story, sents, si, paras, area=True) or [])

    def _antecedent(self, story: Story, sents, si: int, paras, area: bool = False) -> list[dict] | None:
        """For "the city" in a sentence naming no settlement: the settlement last named in the
        previous sentences of the paragraph, placed at the words "the city". With ``area``, the same
        for "in the area", whose settlement may be named "near" or "around" (its event is at geo_precision 2)."""
        text = story.text
        s0, s1 = sents[si]["start"], sents[si]["end"]
        rx = self.area_anaphora if area else self.anaphora
        m = rx.search(text, s0, s1)
        if m is None or any(m.end() <= p["start"] < s1 and p.get("precision") == 1 for p in story.places):
            return None
        pa, _pb = _para_of(paras, s0)
        lo = sents[max(0, si - self.anaphora_back)]["start"]
        # a settlement of the gazetteer or a village placed by its oblast, not a route's end ("withdrew from Nova Kamianka
        # to Ukrainka ..., and ... struck a hangar in the settlement": Nova Kamianka)
        prev = [p for p in story.places if max(lo, pa) <= p["start"] < m.start() and p.get("feature") == "settlement"
                and (p.get("precision") == 1 or _unknown_near_town(p) or (area and p.get("precision") == 2 and p.get("geonameid"))
                     # a town its own sentence names before the words ("Russian forces around Kharkiv continued to shell the
                     # city"; "did not conduct any offensive operations in or around Kharkiv ... and continued to shell the city")
                     or (p["start"] >= s0 and p.get("geonameid") and not self._locates_another(story, p)))
                and p.get("country") in self.event_countries
                and not self.not_place_after.match(text[p["end"]:p["end"] + 30])  # (not "the Zherebets River")
                and not self.route_before.search(text[max(lo, pa, p["start"] - 80):p["start"]])
                # (the area of Zalyman, not of the town that locates it: "Zalyman, approximately 26km northwest of Izyum")
                and not (area and self._locates_another(story, p))]
        if not prev:
            return None
        # a name the sentence repeats before "the city" (in a title: "Chernihiv Oblast Administration Head ... reported
        # strikes in the city" after "the Chernihiv and Sumy axis") picks that settlement
        named = [p for p in prev if p.get("text") and re.search(r"\b" + re.escape(p["text"]) + r"\b", text[s0:m.start()])]
        if named:
            prev = named
        # every "the city" of the sentence stands for it; the trigger's clause picks the one it holds ("the city has
        # seen no evidence of withdrawals ... and reported Russian aircraft continue to strike targets in the city")
        prec = {"_anaphor_precision": self.area_anaphora_precision} if area else {}
        return [{**_own_name(prev[-1]), "start": a.start(), "end": a.end(), "text": a.group(0), "antecedent": {"start": prev[-1]["start"], "end": prev[-1]["end"]}, **prec}
                for a in rx.finditer(text, m.start(), s1)]

    def _locates_another(self, story: Story, p: dict) -> bool:
        """Whether ``p`` only locates the place just before it ("Zalyman, approximately 26km northwest of Izyum",
        "Svatove (about 37km east of ...)"), not "west and east of Avdiivka"."""
        text = story.text
        before = text[max(0, p["start"] - 80):p["start"]]
        loc = self.locator_before.search(before) or _LOCATING_PARENTHESIS.search(before)
        if loc is None:
            return False
        at = p["start"] - len(before) + loc.start()
        return any(q["end"] <= at and at - q["end"] <= 40 and not re.search(r"[.;]", text[q["end"]:at]) for q in story.places)

    def _carried_place(self, story: Story, sents, si: int, paras) -> tuple[dict, int] | None:
        """The one place of the previous sentence of the paragraph, for a sentence that names none
        ("... civilians of the Lugansk region. The convoy was shelled by artillery.")."""
        s0, s1 = sents[si]["start"], sents[si]["end"]
        if any(s0 <= p["start"] < s1 for p in story.places) or self.anaphora.search(story.text, s0, s1):
            return None
        pa, _pb = _para_of(paras, s0)
        prev = sents[si - 1]
        if prev["start"] < pa or "\n" in story.text[prev["end"]:s0]:
            return None  # a new line (ISW's bullets and paragraphs) carries no place over
        places = self._sentence_places(story, prev)
        keys = {_place_key(p) for p, _ in places}
        if len(keys) != 1:
            return None
        p, prec = places[0]
        return ({**p, "_carried": True}, prec)

    def _sentence_events(self, story, doc, sent, trig, paras, sents, si, pub_date, strike_type, antecedent=None, carried=None) -> list[dict]:
        text = story.text
        s0, s1 = sent["start"], sent["end"]
        places = self._sentence_places(story, sent) if carried is None else [carried]
        for ante in antecedent or []:
            places.append((ante, ante.get("_anaphor_precision", 1)))
        spk = self._speaker_place(story, sent, trig)
        if spk:
            a, b = spk[0][0]["_speaker_of"]
            if any(a <= pp[0]["start"] < b for pp in places):
                spk = []  # the statement names its own place ("... announced that a hospital in Kharkiv was hit")
        if spk:
            places = [pp for pp in places if (pp[0]["start"], pp[0]["end"]) != (spk[0][0]["start"], spk[0][0]["end"])] + spk
        if not places:
            return []
        evs = []
        passed: dict[int, set[int]] = {}  # place start -> the triggers whose clause held it
        chosen_at: dict[int, list[dict]] = {}  # place start -> the triggers that made its events
        # "attempts to advance north on Bakhmut from Kodema, ...": the target and launch points of each trigger's advance
        directed_of = {id(t): _DIRECTED_ADVANCE.search(text, t["start"], s1) for t in trig}
        along = [(m.start(), m.end()) for m in _ALONG_LINE.finditer(text, s0, s1)]  # lines of contact fire runs along
        # lists of places: the item before each later item (place start -> its start), and the list each place is an item of
        # (the start of its first item: a place not listed is its own). "from Kodema (...), Vesela Dolyna (...), and
        # Zaitseve (...)": a later item shares the item before's clause, however the parser hung it after the parentheses;
        # "assaults focused on Rubizhne, Popasna, and Marinka with heavy artillery support": a second kind of event told
        # after the list is near all its items
        prev_item: dict[int, int] = {}
        list_of: dict[int, int] = {}
        for r, _ in places:
            q = next((q for q, _ in places if q["end"] <= r["start"] and _LIST_SEP.fullmatch(_PARENS.sub("", text[q["end"]:r["start"]]))), None)
            if q is not None:
                prev_item[r["start"]] = q["start"]
                list_of[r["start"]] = list_of.get(q["start"], q["start"])
        for place, prec in places:
            prev_listed = prev_item.get(place["start"])
            if re.search(r"\bnot\s+(?:in|at|near|on|to)?\s*(?:the\s+)?$", text[max(s0, place["start"] - 12):place["start"]]):
                continue  # "not in Frankfurt"
            if re.search(r"\b(?:rather\s+than|instead\s+of)\s+(?:(?:in|at|near|on|against|toward|towards)\s+)?(?:the\s+)?$",
                         text[max(s0, place["start"] - 40):place["start"]]):
                continue  # "prioritized attacks against Lyman rather than Slovyansk": the place set aside
            cands = []
            if place.get("_speaker_of"):
                a, b = place["_speaker_of"]
                cands = [(0, -t["def"]["priority"], t) for t in trig if a <= t["start"] < b and t["def"].get("role") not in _TERRITORY]
            for t in ([] if place.get("_speaker_of") else trig):
                if place.get("_carried"):
                    # a place carried over from the sentence before: the trigger's own vetoes only
                    if t["def"].get("role") in _TERRITORY or t["def"]["event_type"] not in self.carried_types:
                        continue
                    if doc is None or not _told_as_verb(doc, t) or not _trigger_ok(doc, t, t, text):
                        continue  # "The convoy was shelled", not a noun ("the suicide bombings")
                    cands.append((0, -t["def"]["priority"], t))
                    continue
                if t["def"].get("role") in _TERRITORY:
                    # territory changes hands: the place follows the verb ("captured X") or is its subject nearby ("X fell")
                    if not (0 <= place["start"] - t["end"] <= 100 or 0 <= t["start"] - place["end"] <= 50):
                        continue
                    gap = text[t["end"]:place["start"]] if place["start"] >= t["end"] else text[place["end"]:t["start"]]
                    intro = self.territory_list_intro.match(gap) if place["start"] >= t["end"] else None
                    if intro:
                        gap = gap[intro.end():]  # "liberated 13 settlements, including X, Y, and Z": the list is what was taken
                    # "Lyman, which Russian forces fully captured on May 26": the place before its relative clause
                    relative = place["start"] < t["start"] and re.fullmatch(r"\s*,\s*which\s+(?:[\w’'-]+\s+){0,4}", gap)
                    listed = place["start"] >= t["end"] and _LIST_GAP.fullmatch(_PARENS.sub("", gap))
                    if re.search(r"[,;:—–]| - ", gap) and not relative and not listed:
                        continue  # but "liberated Pravdyne (...), Novodmytrivka, and Tomyna Balka": a list of its places
                    if place["start"] < t["start"] and not relative and not re.fullmatch(r"\s*(?:(?:has|have|had)\s+)?(?:(?:been|was|were|is|are)\s+)?(?:\w+ly\s+)?", gap):
                        continue  # only "X was captured", "X fell", not "from X to the liberated Y"
                    if t["def"].get("role") == "loss" and (len(gap) > 45 or self.loss_excluded.search(gap)):
                        continue
                    if self.gap_excluded.search(gap):
                        continue  # "withdrew from talks with Moscow"
                if t["def"].get("role") not in _TERRITORY and t["end"] <= place["start"] and _ORIGIN_BEFORE.search(text[max(s0, place["start"] - 80):place["start"]]) \
                        and any(t["end"] <= q["start"] < place["start"] and _place_key(q) != _place_key(place) for q, _ in places) \
                        and not ((m_ := directed_of[id(t)]) and m_.end() <= place["start"]) \
                        and not (t["def"]["sub_event_type"] == "Armed clash" and _TOWARD_FROM.search(text, t["start"], place["start"])):
                    continue  # the target named, then "from X": "struck Kharkiv City with S-300 missiles shot from Belgorod",
                    # "defenses in Avdiivka from Spartak and Mineralne" (but "attacks from Izyum toward Slovyansk" is at Izyum, and
                    # "attempts to advance north on Bakhmut from Kodema, ...": an advance's launch points are where it is fought)
                if t["def"].get("role") == "capture" and re.search(r"\s(?:toward|towards)$", t["text"]) and t["end"] <= place["start"] \
                        and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(s0, place["start"] - 12):place["start"]]) \
                        and any(t["end"] <= q["start"] < place["start"] for q, _ in places):
                    continue  # "made advances towards Bakhmut from Svitlodarsk": ground gained toward the target, not at the start line
                if t["end"] <= place["start"] and (re.search(r"\s(?:in|near|on|at|around|toward|towards|against|into)$", t["text"])
                                                   or t["def"].get("role") == "generic_strike"):
                    # "offensive operations in northeastern Ukraine, and Russian forces continued to set conditions
                    # for a withdrawal from Kherson": the trigger's own place came first; a later clause is not its place
                    gap_t = _PARENS.sub("", text[t["end"]:place["start"]])
                    conj = list(re.finditer(r"[,;]\s+(?:and|but|while|whereas)\s+|\s(?:as|while|whereas|because)\s+(?=(?:it|they|he|she|we|Russia|Ukraine|"
                                            r"Moscow|Kyiv|(?:the\s+)?(?:Russian|Ukrainian)\s+(?:forces|troops|military|command))\b)"
                                            r"|\s(?:while|whereas)\s+(?=\w+ing\b)", gap_t))  # "... while continuing to establish positions in X"
                    if conj and len(re.findall(r"(?<![\w’'-])[a-z][\w’'-]*", _SETTLEMENTS_OF.sub("", gap_t[conj[-1].end():], count=1))) > 3 \
                            and not (doc is not None and self._chained(doc, t, place, places, chosen_at)):
                        continue  # (but "fire against X, Y, and the surrounding settlements of Z, W": one list; nor a list of
                        # objects struck, each in its place: "destroyed ... in Chornobaivka, ..., and an ammunition depot in Oleshky")
                if place["end"] <= t["start"] and self.negated_before.search(text, s0, place["start"]) \
                        and self.next_conjunct.search(text[place["end"]:t["start"]]) \
                        and not re.match(r"\s+(?:(?:in|on|at|near|along|against)\s+)?(?:these|those|the\s+same|both)\s+\w+|\s+there\b", text[t["end"]:t["end"] + 30]):
                    continue  # "did not conduct any confirmed ground attacks west of Hulyaipole ... and continued routine strikes in
                    # Zaporizhia, Mykolaiv, and Dnipropetrovsk Oblasts": the place of the denied clause, not of the next one (but
                    # "... and continued routine artillery strikes in these areas" strikes there)
                if t["end"] <= place["start"] and self.negated_after.search(text[t["end"]:place["start"]]):
                    continue  # "conducted several unsuccessful assaults in Luhansk ... but did not launch any offensive operations around Kherson"
                if t["end"] <= place["start"] and self.purpose_after.search(text[t["end"]:place["start"]]):
                    continue  # "..., likely in an effort to destroy the bridgehead over the Inhulets River"
                if t["def"]["event_type"] == "Explosions/Remote violence" and any(a <= place["start"] <= b for a, b in along):
                    continue  # "continued to fire on Ukrainian positions along the Avdiivka-Donetsk City line of contact" (fire
                    # along a line is at no place of it), "... along the line of contact in the Donetsk City-Avdiivka area"
                if place["end"] <= t["start"] and self.forces_at.search(text, max(s0, place["start"] - 60), place["start"]) \
                        and re.fullmatch(r"(?:\s+(?!and\b|or\b|of\b)[a-z]+){0,3}\s+", text[place["end"]:t["start"]]) \
                        and any(q["start"] >= t["end"] for q, _ in places):
                    continue  # "Russian forces north of Kherson continued to shell Kryvyi Rih": where the shooters stand
                if t["def"].get("role") == "withdraw" and self.axis_after.match(text, place["end"]):
                    continue  # "withdraw forces from the Kyiv axis": a front left, not a place handed over
                if place.get("_abroad") and t["def"]["event_type"] != "Protests":
                    continue  # abroad, only protests are events of ours
                dist = _gap(t, place)  # triggers after the place count a little further
                if dist > t["def"].get("max_distance", 220) and not (doc is not None and self._chained(doc, t, place, places, chosen_at)):
                    continue
                # "footage from Yarova ... shows Ukrainian forces firing on Russian positions": the footage's place is the event's
                footage = t["start"] >= place["end"] and _footage_of(text, s0, place) \
                    and not re.search(r"[;:]", text[place["end"]:t["start"]])
                directed = directed_of[id(t)]
                if directed and directed.start(1) <= place["start"] < directed.end(1):
                    continue  # "attempts to advance north on Bakhmut from Kodema, ...": the target is the direction, fought at the launch points
                listed = (prev_listed is not None and id(t) in passed.get(prev_listed, ())) \
                    or (t["start"] >= place["end"] and bool(_WHERE_AFTER_LIST.fullmatch(_PARENS.sub("", text[place["end"]:t["start"]]))))
                if doc is not None and ((not footage and not listed and not _in_clause(doc, t, place, self.not_harm_conj))
                                        or not _trigger_ok(doc, t, place, text)):
                    continue
                passed.setdefault(place["start"], set()).add(id(t))
                if self.named_battle.match(t["text"]) and not self.ongoing.search(text[max(s0, t["start"] - 60):min(s1, t["end"] + 80)]) and not dates.resolve(text[s0:s1], pub_date):
                    continue  # "the victory in the battle for Kyiv": a campaign named, not news
                if self.visit_before.search(text[s0:t["start"]]):
                    continue  # the site of a past event, visited
                if t["def"].get("role") in _TERRITORY and self.aim_before.search(text[s0:t["start"]]) and _bare_verb(doc, t):
                    continue  # "efforts to break through ..., capture X"
                cands.append((dist, -t["def"]["priority"], t))
            if not cands:
                continue
            cands.sort(key=lambda c: (c[0], c[1]))
            chosen = [cands[0][2]]
            for d_, _p, t2 in cands[1:]:
                # a second kind of event at the same place ("drones were launched at the Odesa region;
                # air defences destroyed ten of them"): one event per (type, place), when no other
                # place of the sentence is nearer to that trigger
                if d_ <= self.second_event_distance and t2["def"].get("role") != "generic_strike" \
                        and (t2["def"]["event_type"] not in {c["def"]["event_type"] for c in chosen}
                             or t2["def"]["sub_event_type"] not in {self._weapon_sub(text, s0, s1, c) for c in chosen}) \
                        and (chosen[0]["def"].get("role") != "generic_strike" or self._weapon_sub(text, s0, s1, chosen[0]) is not None) \
                        and not any(_gap(t2, q) < d_ for q, _ in places if q is not place and _place_key(q) != _place_key(place)
                                    and not (list_of.get(q["start"], q["start"]) == list_of.get(place["start"], place["start"])
                                             and t2["start"] >= max(q["end"], place["end"]))) \
                        and not (t2["start"] >= place["end"] and _OWN_LOCATION.match(text[t2["end"]:t2["end"] + 30])):
                    chosen.append(t2)
            if prev_listed is not None:
                # a list's later items take the kinds of event its first item took ("19 missile strikes and 68 air strikes
                # against ... Kyiv, Zhytomyr City, ..., and Odesa City": both at each), when the trigger holds them too and
                # no clause break parts it from the list ("continued drone attacks all over Ukraine, and that Ukrainian troops
                # shot down four drones over Vinnytsia and Cherkassy": not a drone strike there)
                head = list_of[place["start"]]
                own = {id(c[2]) for c in cands}
                for t2 in chosen_at.get(prev_listed, []):
                    if id(t2) in own and all(t2 is not c for c in chosen) and t2["end"] <= head \
                            and not re.search(r";|,\s+(?:and|but|while|whereas)\s", _PARENS.sub("", text[t2["end"]:head])) and (
                            t2["def"]["event_type"] not in {c["def"]["event_type"] for c in chosen}
                            or self._weapon_sub(text, s0, s1, t2) not in {self._weapon_sub(text, s0, s1, c) for c in chosen}):
                        chosen.append(t2)
            chosen_at[place["start"]] = chosen
            for t in chosen:
                for tw in self._weapon_split(text, s0, s1, t):
                    ev = self._make_event(story, sent, sents, si, paras, pub_date, strike_type, place, prec, tw)
                    if ev is not None:
                        evs.append(ev)
        return evs

    def _chained(self, doc, t, place, places, chosen_at) -> bool:
        """Whether ``place``, beyond trigger ``t``'s reach, is the next name of a list of places, or ends a list of
        objects, whose earlier place took ``t`` within reach, with no finite verb or semicolon between the two
        ("destroyed two control points ... in Chornobaivka (...), a command post ... in Bruskinske along the T2207
        highway, and an ammunition depot in Oleshky")."""
        prev = [q for q, _ in places if t["end"] <= q["start"] and q["end"] <= place["start"]
                and any(c is t for c in chosen_at.get(q["start"], []))]
        if not prev:
            return False
        q = prev[-1]
        gap = _PARENS.sub("", doc.text[q["end"]:place["start"]])
        if _LIST_SEP.fullmatch(gap):
            return True  # the next name of a list of places: "around Ivanhrad (...), Kurdiumivka (...), and Andriivka (...)"
        if place["start"] - q["end"] > 220 or ";" in gap \
                or not re.search(r",\s+(?:and\s+)?(?:an?|the|one|two|three|four|five|several|multiple|\d+)\s", gap):
            return False  # (the next object of the list opens after a comma: "..., and an ammunition depot in Oleshky")
        span = doc.char_span(q["end"], place["start"], alignment_mode="contract")
        return span is not None and not any(tok.tag_ in ("VBD", "VBZ", "VBP", "MD") for tok in span)

    def _make_event(self, story, sent, sents, si, paras, pub_date, strike_type, place, prec, t):
        """One event record for trigger ``t`` at ``place`` (None when the sentence is dated background)."""
        text = story.text
        s0, s1 = sent["start"], sent["end"]
        tdef = t["def"]
        sub, etype = tdef["sub_event_type"], tdef["event_type"]
        if tdef.get("role") == "generic_strike":
            wt = t.get("_weapon") or self._weapon_type(text[s0:s1], t["start"] - s0)
            if wt is not None:
                # (the type of that sub-event: "ground, rocket, and artillery strikes" gives an Armed clash, a battle)
                sub, etype = wt, self.event_type_of.get(wt, "Explosions/Remote violence")
            elif self.explosion_words.search(t["text"]) and self.air_defence_explosion[0].search(text[s0:s1]):
                sub, etype = self.air_defence_explosion[1:]  # "explosions ... following the activation of air defense"
            elif strike_type is not None:
                sub, etype = strike_type["sub_event_type"], strike_type["event_type"]
            elif self.explosion_words.search(t["text"]):
                sub, etype = self.explosion_default  # "explosions at a munitions depot": the cause left open
        actors = self._actors(text, s0, s1, t)
        role = tdef.get("role")
        if role in ("capture", "loss", "regain"):
            subj = _participle_subject(story.spacy_doc, t)
            side = (self._side_before(text, subj[0], subj[1]) if subj else None) or self._side_before(text, s0, t["start"])
            owner = {"UA": "ukraine", "RU": "russia"}.get(place.get("country") or "UA")
            taker = side if role != "loss" else {"russia": "ukraine", "ukraine": "russia"}.get(side or "", None)
            if role == "loss" and taker is None:
                taker = "russia" if owner == "ukraine" else None
            if taker is not None and taker == owner:
                sub = "Government regains territory"
            else:
                sub = "Non-state actor overtakes territory"
            etype = "Battles"
            if taker == "russia" and "Russian armed forces" not in actors:
                actors.append("Russian armed forces")
            if taker == "ukraine" and "Ukrainian armed forces" not in actors:
                actors.append("Ukrainian armed forces")
        claim = self._claimant(story, sent, t, sub, paras)
        date, tprec, explicit = self._date(story, sent, sents, si, paras, pub_date)
        if explicit and self._background(date, pub_date):
            return None  # "captured Kherson" in a paragraph dated months before publication: background
        if explicit and _future(date, pub_date):
            return None  # "tasked with completing the capture of X by June 10": a deadline, not an event
        ev = story.span(s0, s1)
        ev.update({
            "event_type": etype,
            "sub_event_type": sub,
            "place": _own_name({k: v for k, v in place.items() if k not in ("_speaker_of", "_carried", "_abroad", "_anaphor_precision")}),
            "date": date,
            "time_precision": tprec,
            "geo_precision": prec,
            "claimed_by": claim["claimed_by"],
            "claimant_side": claim["side"],
            "reported_via": claim["via"],
            "hedged": bool(self.hedges.search(text[s0:s1])) or claim["hedged"],
            "fatalities": self._fatalities(story, sent),
            "actors": actors,
            "trigger": story.span(t["start"], t["end"]),
            "_explicit_date": explicit,
        })
        return ev

    def _weapon_sub(self, text: str, s0: int, s1: int, t: dict) -> str | None:
        """The sub_event_type of a trigger: its own, or for a generic strike the type of the weapon named
        nearest to it ("bombers struck Mariupol ... amid continued heavy Russian shelling": an air strike
        and a shelling); None for a generic strike with no weapon in its sentence."""
        if t["def"].get("role") != "generic_strike":
            return t["def"]["sub_event_type"]
        return self._weapon_type(text[s0:s1], t["start"] - s0)

    def _weapon_split(self, text: str, s0: int, s1: int, t: dict) -> list[dict]:
        """The trigger once per kind of weapon it is told with, else the trigger itself: a generic strike "with" weapons
        of two kinds ("struck X with Shahed 136 drones and S-300 missiles"), an attack "with" weapons ("attacked X with
        Shahed-136 kamikaze drones": no clash), a typed strike or ground attack after a list of weapon words ("air,
        artillery, and ground attacks")."""
        if t["def"]["event_type"] == "Battles" and self.attack_verb.search(t["text"]):
            # "attacked Zaporizhzhia City, Mykolaiv City, and Ochakiv with Shahed-136 kamikaze drones": a strike of
            # each kind the weapons name, not a clash
            m = self._weapons_after(text, s1, t)
            subs = self._weapon_kinds(m.group("w")) if m and not self.attack_support.search(m.group("w")) else []
            if subs and self.generic_strike is not None:
                return [{**t, "def": self.generic_strike, "_weapon": sub} for sub in subs]
        if t["def"].get("role") != "generic_strike":
            # "air, artillery, and missile strikes", "mortar, artillery, air, and ground attacks": one event of
            # each kind the words before the trigger name
            if t["def"]["event_type"] not in ("Explosions/Remote violence", "Battles"):
                return [t]
            subs = self._premodifier_kinds(text, s0, t, t["text"])
            if len(subs) >= 2 and t["def"]["sub_event_type"] in subs:
                return self._typed_split(t, subs)
            if t["def"]["event_type"] != "Explosions/Remote violence":
                return [t]
            # a typed weapon inside the list ("with Shahed 136 drones and S-300 missiles"): every kind of the list
            m = self.weapon_list.search(text, max(s0, t["start"] - 40), s1)
            if m is None or not (m.start("w") <= t["start"] < m.end("w")) or re.search(r"[.;]|\[\d", text[m.start():t["start"]]):
                return [t]
            subs = self._weapon_kinds(m.group("w"))
            if len(subs) < 2 or t["def"]["sub_event_type"] not in subs:
                return [t]
            return self._typed_split(t, subs)
        # "conducted artillery, air, and naval strikes on X": one strike of each kind the words before it name
        subs = [k for k in self._premodifier_kinds(text, s0, t) if k != "Armed clash"]
        if len(subs) >= 2:
            return [dict(t, _weapon=sub) for sub in subs]
        m = self._weapons_after(text, s1, t)
        if m is None:
            # else the weapons as the strike's subject ("Russian Tu-22M3 strategic bombers, unspecified other aircraft, and
            # heavy artillery continued to pound ... positions"): every kind of the subject
            m = _WEAPON_SUBJECT.fullmatch(text, s0, t["start"])
        subs = self._weapon_kinds(m.group("w")) if m else []
        if len(subs) < 2:
            return [t]
        return [dict(t, _weapon=sub) for sub in subs]

    def _premodifier_kinds(self, text: str, s0: int, t: dict, head: str = "") -> list[str]:
        """The event types a list of weapon words right before the trigger names ("air, artillery, and missile" before
        "strikes"), read with ``head`` (the trigger's own words) after it; none without such a list."""
        pm = self.weapon_premod.search(text, max(s0, t["start"] - 60), t["start"])
        if pm is None or pm.end() != t["start"]:
            return []
        return [k for k, rx in self.weapon_premod_kinds if rx.search(pm.group(0) + " " + head)]

    def _weapons_after(self, text: str, s1: int, t: dict) -> re.Match | None:
        """The "with"/"using" list of weapons after the trigger, in its sentence and before any stop or footnote."""
        m = self.weapon_list.search(text, t["end"], min(s1, t["end"] + 200))
        return None if m is None or re.search(r"[.;]|\[\d", text[t["end"]:m.start()]) else m

    def _weapon_kinds(self, words: str) -> list[str]:
        """The strike types a list of weapons names, in the order named ("drones and S-300 missiles")."""
        kinds = sorted({(mm.start(), sub) for sub, rx in self.weapon_types for mm in rx.finditer(words)})
        return list(dict.fromkeys(sub for _p, sub in kinds))

    def _typed_split(self, t: dict, subs: list[str]) -> list[dict]:
        """A typed strike trigger, plus one generic strike of each other kind in ``subs``."""
        if self.generic_strike is None:
            return [t]
        return [t] + [{**t, "def": self.generic_strike, "_weapon": sub} for sub in subs if sub != t["def"]["sub_event_type"]]

    def _weapon_type(self, stext: str, pos: int) -> str | None:
        """The strike type of the weapon named nearest to ``pos`` in the sentence."""
        hits = [(abs(m.start() - pos), sub) for sub, rx in self.weapon_types for m in rx.finditer(stext)
                # "missiles from Tu-95 and Tu-160 strategic bombers": the aircraft launched the weapon
                if not self.launched_from.search(stext, max(0, m.start() - 50), m.start())]
        return min(hits)[1] if hits else None

    def _actors(self, text: str, s0: int, s1: int, t: dict) -> list[str]:
        """Actors of the event: the side doing it first (before the trigger, or "by X"), then its
        target ("struck Ukrainian units": the Ukrainian armed forces are the target, the attacker
        is the other side)."""
        before, after = [], []
        for s, _e, a in self.lexicon.mentions(text[s0:s1]):
            if a.kind not in ("military", "government", "civilians"):
                continue
            if s0 + s < t["end"] or re.search(r"\bby\s+(?:the\s+)?$", text[s0:s0 + s]):
                if a.canonical not in before:
                    before.append(a.canonical)
            elif a.canonical not in after and a.kind != "government":  # "..., governor X said": the claimant, not a target
                after.append(a.canonical)
        if (t["def"]["event_type"] in ("Explosions/Remote violence", "Battles") or t["def"]["sub_event_type"] == "Disrupted weapons use") and after:
            doers = [a for a in before if a in _ARMED]
            if not doers:
                target = next((a for a in after if a in _ARMED), None)
                if target is not None:
                    before.insert(0, _ARMED[target])
        out = list(before)
        out += [a for a in after if a not in out]
        return out

    def _side_before(self, text: str, s0: int, pos: int) -> str | None:
        """Side of the actor doing the trigger: the nearest actor / side word before it in the sentence."""
        seg = text[s0:pos]
        best = None
        qe = [(m.start(), m.end(), side) for side, rx in self.lexicon.qualifiers.items() for m in rx.finditer(seg)]
        for s, _e, a in self.lexicon.mentions(seg):
            if a.side in ("russia", "ukraine") and a.kind == "military":
                # a unit named after a qualifier of its own ("the DNR's 3rd Brigade"): the qualifier's side
                own = [side for qs, qend, side in qe if qend <= s and re.fullmatch(r"(?:['’]s)?\s+", seg[qend:s])]
                best = (s, own[-1] if own and own[-1] in ("russia", "ukraine") else a.side)
        q = [(qs, side) for qs, _qend, side in qe]
        if q:
            last = max(q)
            if best is None or last[0] > best[0] + 30:
                best = last
        if best is None:
            for s, _e, a in self.lexicon.mentions(text[pos:pos + 120]):
                if a.side in ("russia", "ukraine") and a.kind == "military" and re.match(r"\s*by\b", text[pos:pos + 120][_e:] if False else ""):
                    return a.side
        return best[1] if best else None

    def _claimant(self, story: Story, sent: dict, t: dict, sub: str, paras) -> dict:
        text = story.text
        s0, s1 = sent["start"], sent["end"]
        named = [q for q in story.quotes if q.get("source") and q["source"].get("canonical")
                 and not (q.get("cue") and self.unconfirmed_cue.search(q["cue"]["text"]))  # "ISW cannot independently confirm ..."
                 and not any(p["start"] <= q["source"]["start"] and q["source"]["end"] <= p["end"] for p in story.places)]
        # (a place of the story is no speaker: "..., and Olhyne, located along ...[26] The General Staff reported ...")
        quotes = [q for q in named if q.get("method") != "model"]
        # a learned attribution counts when its content holds the trigger itself
        covering = [q for q in named if q["content"]["start"] <= t["start"] < q["content"]["end"]
                    and (q.get("method") != "model" or (q["content"]["start"] >= s0 and q.get("cue") and self.reporting_cue.search(q["cue"]["text"])))
                    and not _NOTE_BREAK.search(text, q["content"]["start"], t["start"])]  # content running over a source note
        if not covering:
            covering = [q for q in quotes if s0 <= (q["cue"] or q["content"])["start"] < s1 and q["content"]["start"] < s1 and q["content"]["end"] > s0
                        and not _SUBORDINATE.search(_between(text, t, q["content"]) + " " + q["content"]["text"][:12])
                        and not (q.get("cue") and _SUBORDINATE.search(_between(text, t, q["cue"])))
                        # "... in the Chepil area on July 26, and the shelling may indicate that ...": a statement of a
                        # later conjunct, whose cue and content both follow the trigger's clause
                        and not (q.get("cue") and t["end"] <= q["cue"]["start"] and t["end"] <= q["content"]["start"]
                                 and _LATER_CONJUNCT.search(text, t["end"], q["cue"]["start"]))]
        if not covering and not _NOTE_BREAK.search(text):
            # (not in a report whose sentences carry numbered source notes, ISW's "....[4]": there a
            # sentence with no speaker of its own is the report's own claim)
            # a quote in the paragraph (or just after it) telling the same kind of event
            # ("Russian investigators believe an IED was planted under the car")
            # only a statement that follows the sentence: an earlier one in the paragraph is about
            # something else (ISW: "The General Staff reported X. Russian forces also did Y.")
            for q in quotes:
                if s0 <= q["content"]["start"] < s1 + 250 and q["source"].get("canonical") not in _ARMED:
                    ctext = text[q["content"]["start"]:q["content"]["end"]]
                    if any(rx.search(ctext) and td["sub_event_type"] == sub for td, rx in self.triggers):
                        covering.append(q)
        non_media = [q for q in covering if _kind(self.lexicon, q) != "media"]
        media = [q for q in covering if _kind(self.lexicon, q) == "media"]
        via = media[0]["source"]["canonical"] if media and non_media else None
        chosen = (non_media or media or [None])[0]
        if chosen is None:
            via = via or self._intro_via(story, paras, s0)
            said = self._said_by(text, s0, s1, t) or self._transcript_speaker(story, s0)
            if said is not None:
                return {"claimed_by": said.canonical, "side": said.side, "via": via, "hedged": False}
            return {"claimed_by": None, "side": "unattributed", "via": via, "hedged": False}
        src = chosen["source"]
        if via is None:
            via = self._paragraph_via(story, paras, s0, src.get("canonical")) or self._intro_via(story, paras, s0)
        if via == src.get("canonical"):
            via = None
        hedged = bool(chosen["content"].get("hedged")) or (src.get("kind") == "unnamed" and bool(self.hedges.search(src["text"])))
        side = src.get("side") or "unattributed"
        claimed_by = src.get("canonical")
        if side == "unattributed" or self.descriptive.match(src["text"].strip()):
            named = self._descriptive_claimant(story, src)
            if named is not None and side in ("unattributed", named[1]):
                claimed_by, side = named
        qual = self.lexicon.qualifier_side(src["text"])
        if qual in ("russia", "ukraine") and side in ("russia", "ukraine") and qual != side and self.lexicon.specific(src["text"]) is None:
            # "Russian occupation authorities in Enerhodar": the phrase's own qualifier wins over context
            a = self.lexicon.resolve(src["text"])
            side, claimed_by = qual, (a.canonical if a.side == qual else claimed_by)
        if side == "unattributed" and (_OFFICIAL.search(src["text"]) or self.title_before_name.search(text[max(s0, src["start"] - 60):src["start"]])
                                       or self._local_officials(src["text"])):
            # "regional governor X", "the mayor", "local officials": the authorities of the place the event is in
            side = _owner_side(story, sent) or side
        if side not in ("russia", "ukraine", "third_party", "unattributed"):
            side = "unattributed"
        return {"claimed_by": claimed_by, "side": side, "via": via, "hedged": hedged}

    def _local_officials(self, phrase: str) -> bool:
        """"Odesa officials", "Kharkiv authorities": officials of a region or city of ours (not the capitals')."""
        m = self.officials_name.match(phrase)
        if m is None or m.group(1) in self.officials_not_local:
            return False
        from ..places.gazetteer import region_for
        r = region_for(m.group(1))
        return r is not None and r.get("country") in self.event_countries

    def _descriptive_claimant(self, story: Story, src: dict) -> tuple[str, str] | None:
        """"the institute" -> the Institute for the Study of War named before it; "Russia says ...
        ..., the defence ministry says" -> the Russian ministry."""
        text = story.text
        m = self.descriptive.match(src["text"].strip())
        if m:
            head = m.group(1).lower()
            best = None
            for _s, _e, a in self.lexicon.mentions(text[:src["start"]]):
                if head in a.canonical.lower() and a.side != "unattributed":
                    best = a
            if best is not None:
                return best.canonical, best.side
            # "the governor": the speaker last introduced with that title ("Governor Vyacheslav Gladkov said")
            titled = [q["source"] for q in story.quotes if q.get("source") and q["source"].get("canonical")
                      and q["source"].get("side") in ("russia", "ukraine", "third_party") and q["source"]["start"] < src["start"]
                      and re.search(r"\b" + re.escape(head) + r"\b", text[max(0, q["source"]["start"] - 60):q["source"]["end"]], re.I)]
            if titled:
                return titled[-1]["canonical"], titled[-1]["side"]
        a = self.lexicon.resolve(src["text"])
        if not a.generic or a.kind != "government":
            return None
        prev = [q for q in story.quotes if q.get("source") and q["source"].get("side") in ("russia", "ukraine")
                and src["start"] - self.previous_quote_chars <= q["source"]["start"] < src["start"]
                and (self.lexicon.resolve(q["source"]["text"]).kind in ("government", "other") or q["source"].get("kind") == "named")]
        if prev:
            q = max(prev, key=lambda q: q["source"]["start"])
            side = q["source"]["side"]
            g = self.lexicon.resolve(src["text"], context_side=side)
            return (g.canonical if g.side == side else src.get("canonical")), side
        return None

    def _transcript_speaker(self, story: Story, pos: int):
        """The speaker of a speech whose full text the story gives ("The relevant statement was made by
        Ukrainian President Volodymyr Zelensky in his video address ... The full text of the speech is
        provided below:"), for a position after that announcement."""
        m = self.transcript_intro.search(story.text, 0, pos)
        if m is None:
            return None
        known = [a for _s, _e, a in self.lexicon.mentions(story.text[max(0, m.start() - 600):m.start()])
                 if a.side in ("russia", "ukraine", "third_party") and a.kind not in ("media",)]
        return known[-1] if known else None

    def _said_by(self, text: str, s0: int, s1: int, t: dict):
        """A known actor that the sentence itself names as the speaker, when no quote covers the
        trigger: "..., the regional governor Vyacheslav Gladkov said." / "according to the MoD"."""
        stext = text[s0:s1]
        rel = t["start"] - s0
        for m in _SAID.finditer(stext):
            phrase = m.group("a") or m.group("b") or m.group("c")
            if phrase is None or (m.group("a") is None and (m.end() > rel or _SUBORDINATE.search(stext[m.end():rel]))):
                continue
            if m.group("a") is not None and m.start() < rel:
                continue  # the speaker's clause comes after what is said
            a = self.lexicon.specific(phrase)
            if a is None:
                a = self.lexicon.resolve(phrase)
                if a.generic or a.side == "unattributed":
                    continue
            if a.kind == "media":
                continue
            return a
        return None

    def _paragraph_via(self, story: Story, paras, pos: int, canonical: str | None) -> str | None:
        if not canonical:
            return None
        pa, pb = _para_of(paras, pos)
        qs = [q for q in story.quotes if q.get("source") and pa <= q["source"]["start"] < pb]
        for q in qs:
            if _kind(self.lexicon, q) == "media":
                for o in qs:
                    if o is not q and o["source"].get("canonical") == canonical and abs(o["source"]["start"] - q["source"]["start"]) < 200:
                        return q["source"]["canonical"]
        return None

    def _intro_via(self, story: Story, paras, pos: int) -> str | None:
        """An outlet introducing the paragraph: "Reuters conveys Ukraine's response:" / "BBC reported:"."""
        text = story.text
        pa, _pb = _para_of(paras, pos)
        prev = text[max(0, pa - 400):pa].rstrip()
        if not prev.endswith(":"):
            return None
        line = prev.splitlines()[-1] if prev.splitlines() else prev
        for _s, _e, a in self.lexicon.mentions(line):
            if a.kind == "media":
                return a.canonical
        return None

    def _date(self, story, sent, sents, si, paras, pub_date):
        text = story.text
        r = dates.resolve(text[sent["start"]:sent["end"]], pub_date)
        if r:
            return r
        if self.war_start[1].search(text, sent["start"], sent["end"]):
            return (self.war_start[0], 3, True)
        pa, _pb = _para_of(paras, sent["start"])
        for j in range(si - 1, -1, -1):
            if sents[j]["start"] < pa:
                break
            r = dates.resolve(text[sents[j]["start"]:sents[j]["end"]], pub_date)
            if r and self._background(r[0], pub_date) and self.new_report.match(text, sent["start"], sent["end"]):
                # a look back ("ISW first reported on attacks against Zaitseve on August 5") does not date the next
                # report ("The Ukrainian General Staff also reported that ..."): that is the story's news again
                break
            if r and not _future(r[0], pub_date):  # a deadline ("by June 10") dates nothing after it
                return (r[0], r[1], True)
        if pub_date is None:
            return (None, None, False)
        return (pub_date.isoformat(), 2, False)

    def _background(self, date: str | None, pub_date) -> bool:
        """Whether ``date`` lies more than ``background_days`` before publication."""
        return bool(date and pub_date and (pub_date - dt.date.fromisoformat(date)).days > self.background_days)

    def _fatalities(self, story: Story, sent: dict) -> int | None:
        stext = story.text[sent["start"]:sent["end"]]
        total = None
        for m in self.death.finditer(stext):
            n = m.group(1) or m.group(2)
            v = _num(n)
            if v is not None:
                total = max(total or 0, int(v))
        if total is None and re.search(r"\bkilled\b", stext, re.I):
            persons = [e for e in story.entities if e["label"] == "PERSON" and sent["start"] <= e["start"] < sent["end"]]
            if persons:
                total = 1
        return total

    # ------------------------------------------------------------------ figures
    def _figures(self, story: Story, sent: dict, evs: list[dict], paras, sents, si) -> list[dict]:
        """The sentence's figures: the learned finder's candidates it keeps (and the rules' drones, missiles and rockets in
        a sentence that names no place), or the rules' alone without the model."""
        if self.figure_model is None:
            return self._rule_figures(story, sent, evs, paras, sents, si)
        from .event_model import is_candidate
        from .figure_model import candidates, features

        text = story.text
        s0, s1 = sent["start"], sent["end"]
        n_places = sum(1 for p in story.places if s0 <= p["start"] < s1 and is_candidate(p))
        # drones, missiles or rockets and a loss verb in a sentence that names no place ("8 Ukrainian drones were destroyed"):
        # the rules' figure too, where the finder, which learned that counted drones and missiles are mostly located events,
        # passed it (the rules' other figures in such sentences were 43 of 44 wrong on the gold sets)
        fallback = [] if n_places else [f for f in self._rule_figures(story, sent, evs, paras, sents, si) if f["unit"] in _WEAPON_UNITS]
        cands = candidates(text, s0, s1)
        if not cands:
            return fallback
        probs = self.figure_model.predict_proba([features(text, s0, s1, c, n_places) for c in cands])
        verbs = list(self.fig_verb_re.finditer(text[s0:s1]))
        out = []
        for c, p in zip(cands, probs):
            if p < self.figure_model.threshold:
                continue
            unit = c["unit"]
            if _carried_by_event(unit, evs):
                continue
            v = min(verbs, key=lambda x: abs(x.start() - (c["start"] - s0)), default=None)  # the figure verb nearest the number
            what_verb = self.fig_verbs.get(v.group(0).lower(), "") if v else ""
            out.append(self._figure_record(story, sent, paras, c["start"] - s0, c["end"] - s0, c["quantity"], unit, what_verb, None,
                                           method="model", probability=round(float(p), 3)))
        have = {f["number"]["start"] for f in out}
        return out + [f for f in fallback if f["number"]["start"] not in have]

    def _figure_record(self, story: Story, sent: dict, paras, a: int, b: int, qty, unit: str, what_verb: str, out_of,
                       method: str = "rules", probability: float | None = None) -> dict:
        """A figure of the sentence: the number at ``stext[a:b]``, its claimant, owner, period and hedging, and the
        ``method`` that found it ("model": the finder, with its ``probability``; "rules")."""
        text = story.text
        s0, s1 = sent["start"], sent["end"]
        stext = text[s0:s1]
        seg = stext[max(0, a - 25):b].split(",")[-1]
        owner = None
        qual = [(x.start(), side) for side, rx in self.lexicon.qualifiers.items() for x in rx.finditer(seg)]
        if qual:
            owner = max(qual)[1]
        if re.search(r"\benemy\b", seg, re.I) and owner is None:
            owner = "enemy"
        per = self.period_re.search(stext)
        period = self.fig_periods.get(per.group(0).lower()) if per else None
        t = {"start": s0 + a, "end": s0 + b, "def": {"sub_event_type": "figure"}}
        claim = self._claimant(story, sent, t, "figure", paras)
        adj = {"russia": "Russian", "ukraine": "Ukrainian", "enemy": "enemy"}.get(owner or "", "")
        fig = story.span(s0, s1)
        fig.update({
            "quantity": qty,
            "unit": unit,
            "what": f"{adj + ' ' if adj else ''}{unit} {what_verb}".strip(),
            "period": period,
            "claimed_by": claim["claimed_by"],
            "claimant_side": claim["side"],
            "reported_via": claim["via"],
            "hedged": bool(self.hedges.search(stext)) or claim["hedged"],
            "approximate": bool(re.search(r"(?:over|more than|about|around|nearly|almost|up to|some|at least|approximately|roughly)\s+$", stext[:a], re.I)),
            "owner_side": owner if owner in ("russia", "ukraine") else None,
            "out_of": out_of,
            "number": story.span(s0 + a, s0 + b),
            "method": method,
        })
        if probability is not None:
            fig["probability"] = probability
        return fig

    def _rule_figures(self, story: Story, sent: dict, evs: list[dict], paras, sents, si) -> list[dict]:
        text = story.text
        s0, s1 = sent["start"], sent["end"]
        stext = text[s0:s1]
        vm = list(self.fig_verb_re.finditer(stext))
        if not vm:
            return []
        out = []
        for m in self.fig_re.finditer(stext):
            qty = _num(m.group(1))
            if qty is None:
                continue
            after = stext[m.end():m.end() + 12].lower()
            if re.match(r"\s*(?:%|percent|per cent)", after):
                continue
            unit_word = m.group(3).lower()
            unit = self.fig_units.get(unit_word, unit_word)
            if _carried_by_event(unit, evs):
                continue
            if 1900 <= qty <= 2100 and "," not in m.group(1):
                continue
            if out and _CONVERSION.fullmatch(stext[out[-1]["number"]["end"] - s0:m.start()]):
                continue  # the same figure in other units: "450 km2 (roughly 174 square miles)"
            out_of = None
            nofm = re.search(r"(\d[\d,]*)\s+(?:out\s+)?of\s+(?:the\s+)?$", stext[:m.start()])
            if nofm:  # "shot down 30 of 35 drones"
                out_of, qty = qty, _num(nofm.group(1))
            # the nearest verb this unit accepts, close to the number
            ok_verbs = self.unit_verbs.get(unit, self.unit_verbs["default"])
            anchor = nofm.start() if nofm else m.start()
            def _same_clause(x):
                a, b = sorted((x.start(), anchor))
                gap = stext[a:b]
                if ";" in gap or ". " in gap:
                    return False
                if x.end() <= anchor and _LIST_REST.fullmatch(self.fig_re.sub("", stext[x.end():anchor])):
                    return True  # a list after the verb: "destroyed seven tanks, seven armored vehicles, and two other vehicles"
                return gap.count(",") <= (2 if x.start() > anchor and re.search(r"\b(?:had|have|has)? ?been\b|\bwere\b|\bwas\b", stext[anchor:x.end()]) else 0)
            near = [x for x in vm if x.group(0).lower() in ok_verbs and abs(x.start() - anchor) < 90 and _same_clause(x)]
            if not near:
                continue
            v = min(near, key=lambda x: abs(x.start() - anchor))
            what_verb = self.fig_verbs.get(v.group(0).lower(), v.group(0).lower())
            before = stext[max(0, m.start() - 45):m.start()]
            if self.irrealis.search(re.split(r"[,;:—–]", before)[-1]):
                continue
            out.append(self._figure_record(story, sent, paras, m.start(), m.end(), qty, unit, what_verb, out_of))
        return out


# ---------------------------------------------------------------------- helpers
_OFFICIAL = re.compile(r"\b(?:governor|mayor|head of the (?:[\w’'-]+ ){1,3}(?:region|oblast|district|city)|(?:oblast |regional |city |district )?council head|head of the (?:\w+ )*council|(?:oblast |military |regional )?administration head|head of the (?:\w+ )*administration|regional (?:\w+ )*administration|local (?:officials|authorities)|regional (?:officials|authorities)|city (?:officials|authorities|council)|emergency services?|police)\b", re.I)


# (group a: "..., the regional governor said"; not a later clause's "..., though Russian claims to have captured X are
# likely false")
_SAID = re.compile(r"(?:,|—|–)(?!\s*(?:though|although|while|whereas|but|and|as|after|since|because|when|if)\s)\s*(?P<a>[^,.;:“”\"]{2,80}?)\s+(?:said|says|reported|reports|claimed|claims|stated|announced|wrote|added|told|(?:noted|confirmed)(?=\s+(?:that\b|on\s)))\b"
                   r"|\baccording to\s+(?P<b>[^,.;:“”\"]{2,80})"
                   r"|^(?P<c>[^,.;:“”\"]{2,60}?)\s+(?:(?:also|further|again|continued to|continue to)\s+)?"
                   r"(?:said|says|reported|reports|claimed|claims|stated|announced|accused|accuse|accuses|alleged|insisted|(?:noted|notes|confirmed|confirms)(?=\s+(?:that\b|on\s)))\b", re.I)
_SUBORDINATE = re.compile(r"\b(?:after|while|as|since|when|before|because|despite|although|though|whereas)\b", re.I)


# footage, imagery or photos "from X" (a quote's source) show what happened at X
_FOOTAGE_FROM = re.compile(r"\b(?:footage|videos?|imagery|images|photos?|photographs?)\s+(?:[\w-]+\s+){0,2}?(?:from|of|in)\s+(?:the\s+)?$", re.I)


def _footage_of(text: str, s0: int, p: dict) -> bool:
    """Whether place ``p`` is where footage (or imagery, photos) of its sentence was taken."""
    return _FOOTAGE_FROM.search(text[max(s0, p["start"] - 60):p["start"]]) is not None


_BEARING = r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?"
#: a bearing before a town ("northwest of Kherson City in the X area")
_BEARING_OF_BEFORE = re.compile(rf"\b(?:just\s+)?{_BEARING}\s+of\s+$")
#: an area phrase, then a bearing ("in the Bilohirka, Kherson Oblast, area, southwest of Davydiv Brid")
_AREA_THEN_BEARING = re.compile(rf"\b(?:area|areas|direction),\s+(?:(?:just|about|roughly|approximately)\s+)?(?:\d+\s*km\s+)?{_BEARING}\s+of\s+$")

# a parenthesis after a name that opens with "in", "of", a distance or a bearing: what it names only locates that name
_LOCATING_PARENTHESIS = re.compile(
    # ("Dudchany (on the right bank of the Dnipro River 27 kilometers southwest of Osokorovka)")
    r"[A-Z][\w’'-]+\s*\(\s*(?:(?:in|of)\s+(?:the\s+)?$|(?:(?:on|near|along)\s+the\s+[^()]{0,60}?\s+)?(?:(?:about|roughly|approximately|some|around|nearly|just|located|less\s+than)\s+)?"
    rf"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+(?:{_BEARING}\s+)?(?:of|from)"
    rf"|{_BEARING}\s+of)\s+[^()]{{0,60}}$)")


#: counted weapons that a "Disrupted weapons use" event of their sentence carries (and that the rules' figures keep beside
#: the learned finder in a sentence naming no place)
_WEAPON_UNITS = ("drones", "missiles", "rockets")


def _carried_by_event(unit: str, evs: list[dict]) -> bool:
    """The count belongs to a located event of its sentence, not to a figure: weapons downed (a "Disrupted weapons
    use") or deaths (an event with ``fatalities``)."""
    return (unit in _WEAPON_UNITS and any(e["sub_event_type"] == "Disrupted weapons use" for e in evs)) \
        or (unit in ("people", "civilians", "troops") and any(e.get("fatalities") for e in evs))


#: between a settlement and the raion that locates it ("Marhanets in the Nikopol Raion", "the Serhiivka resort village of the
#: Bilhorod-Dnistrovsky district")
_RAION_OF = re.compile(r"\s+(?:in|(?:[a-z]+\s+)?(?:village|town|settlement)\s+of)\s+(?:the\s+)?")


def _between(text: str, a: dict, b: dict) -> str:
    """The text between two spans ("" when they overlap)."""
    if a["end"] <= b["start"]:
        return text[a["end"]:b["start"]]
    if b["end"] <= a["start"]:
        return text[b["end"]:a["start"]]
    return ""


def _name_key(name) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower().replace("zh", "z").replace("y", "i"))


def _region_record(admin1: str) -> dict | None:
    from ..places.gazetteer import Gazetteer

    g = Gazetteer.load()
    e = g.admin1_entry(admin1)
    return g.record(e, 3) if e is not None else None


def _region_of(p: dict) -> dict | None:
    """The region record of place ``p``'s first-level region, over ``p``'s own span ("Kharkiv Oblast" told as "Izyum")."""
    reg = _region_record(p["admin1"]) if p.get("admin1") else None
    return {**reg, "start": p["start"], "end": p["end"], "text": p.get("text")} if reg is not None else None


#: a coordinated clause after an event's trigger: ", and the shelling may indicate that ..."
_LATER_CONJUNCT = re.compile(r"[,;]\s+(?:and|but|while)\s")

#: a sentence opening with the weapons that strike, up to the strike's verb ("Russian bombers and heavy artillery continued to")
_WEAPON_SUBJECT = re.compile(r"\s*(?P<w>(?:(?!\b(?:forces|troops|units|military|army|said|reported|claimed|stated|that|which|who|after|before|"
                             r"while|when|on|in|at|near|of)\b)[^.;:\[\]]){3,120}?)\s+(?:(?:continued|continue|continues|also|again|reportedly|have|has|had|began|begin)\s+(?:to\s+)?)*")
#: a place after "from" (and the list it opens) is where an attack came from, not its place ("struck Nikopol ... with
#: Grad projectiles from positions in Enerhodar")
_ORIGIN_BEFORE = re.compile(r"\bfrom\s+(?:(?:(?:their|its|firing|artillery|Russian|Ukrainian|(?:[\w’'-]+-)?(?:occupied|held|controlled))\s+){0,2}positions\s+(?:in|on|at|near|around)\s+)?(?:both\s+)?(?:the\s+)?(?:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))*$")

#: an advance toward a target named before its launch points: "attempts to advance north on Bakhmut from Kodema" (not the
#: noun, "Russian advances towards Severodonetsk from Rubizhne remain separated", nor "from the Donetsk City direction",
#: nor "tried to advance towards Lyman from the Izyum area": a town's whole area is no launch point, unlike "from the
#: Stryapivka-Soledar area")
_DIRECTED_ADVANCE = re.compile(r"\b(?:advance|advancing|push|pushing|attack|attacking)\s+(?:(?:\w+wards?|north|south|east|west|northeast|northwest|"
                               r"southeast|southwest)\s+)?(?:on|toward|towards)\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+City)?)\s+from\s+"
                               # ("... on Bakhmut from the south, specifically from around Kodema and Zaitseve")
                               r"(?:the\s+(?:north|south|east|west|northeast|northwest|southeast|southwest),?\s+(?:(?:specifically|namely|mainly|primarily)\s+)?from\s+)?"
                               r"(?:(?:around|near)\s+)?(?=(?:both\s+)?(?:the\s+)?[A-Z](?![\w’'-]*(?:\s+City)?\s+(?:direction|axis)\b)(?![\w’']*(?:\s+City)?\s+area\b))")
#: attacks toward a target, then where they were launched from: fought at both ("attacks toward Kuzemivka (13km northwest
#: of Svatove) from Pishchane")
_TOWARD_FROM = re.compile(r"\b(?:toward|towards)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?:\s*\([^()]{0,80}\))?\s+from\s+$")
#: a list separator between two places, and a parenthesis after a listed place
_SEP = r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_LIST_SEP = re.compile(r"\s*" + _SEP)
_PARENS = re.compile(r"\s*\([^()]{0,80}\)")
_SETTLEMENTS_OF = re.compile(r"^(?:the\s+)?(?:(?:surrounding|nearby|neighbou?ring|adjacent)\s+)?(?:settlements|villages|towns)\s+of\s+")

#: a numbered source note closing a sentence ("... on April 5.[4] Russian forces ...")
_NOTE_BREAK = re.compile(r"[.!?][”\"]?\[\d+\]\s")

#: a name, a comma and a distance: "Travneve, a small settlement about 19km south of", "Vodyane and Pavlivka,
#: approximately 40 and 50 km southwest of" -- the place after it only locates the name
_APPOSITION = re.compile(r"[A-Z][\w’'-]+\s*[,(]\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,2}(?:settlement|village|town|city)\s+)?"
                         # a first bearing before the town's: "Ohirtseve, a settlement 2km south of the international border and about
                         # 50km northeast of Kharkiv City"
                         r"(?:(?:(?:about|approximately|roughly|some|around|nearly|just)\s+)?\d+\s*(?:km|kilometers|kilometres|miles)\s+(?:\w+\s+)?"
                         r"(?:of|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){1,3}and\s+)?"
                         r"(?:(?:about|approximately|roughly|some|around|nearly|just|located|situated)\s+)*(?:\d+\s*(?:km\s+)?(?:and|or|to|-|–)\s*)?$")

#: a line of contact or frontline that fire runs along, with the two-town area it lies in ("in the Donetsk City-Avdiivka
#: area"; but "along the frontlines in Mykolaiv Oblast", "along the front lines around Bakhmut" are fire there)
_ALONG_LINE = re.compile(r"\balong\s+(?:the\s+)?(?:(?:entire|whole)\s+)?(?:[\w’'-]+\s+){0,4}?(?:line\s+of\s+contact|front\s*-?lines?|"
                         r"contact\s+line)\b(?:\s+(?:in|near|around)\s+the\s+(?-i:[A-Z])[\w’'-]*(?:\s+City)?-)?", re.I)

#: a trigger followed by its own location ("heavy shelling along the line of contact") is not
#: about a place named before it
_OWN_LOCATION = re.compile(r"\s+(?:along|across|on the|in the|at the|near the|throughout)\b", re.I)


def _gap(t: dict, place: dict) -> int:
    """Characters between a trigger and a place (a trigger after the place counts 20 more)."""
    if t["end"] <= place["start"]:
        return place["start"] - t["end"]
    if t["start"] >= place["end"]:
        return t["start"] - place["end"] + 20
    return 0


def _owner_side(story: Story, sent: dict) -> str | None:
    for p in story.places:
        if sent["start"] <= p["start"] < sent["end"] and p.get("precision") != "country":
            return {"UA": "ukraine", "RU": "russia"}.get(p.get("country") or "")
    return None


#: what stands between a figure and the same figure in other units
_CONVERSION = re.compile(r"[^\S\n]*\((?:about|roughly|around|some|nearly|almost|approximately|or|ca\.)?\s*", re.I)

#: what may stand between a figure verb and a later number of its list once the list's figures are taken out
_LIST_REST = re.compile(r"(?:\s*,?\s*(?:and\s+)?)*")


def _dedupe_figures(figures: list[dict]) -> list[dict]:
    """One figure per (quantity, unit, claimant): a report's summary and body repeat their tallies."""
    seen, out = set(), []
    for f in figures:
        key = (f["quantity"], f["unit"], f["claimed_by"], f["claimant_side"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _num(s: str) -> float | None:
    """'1,400' -> 1400, 'twelve' -> 12, 'dozens' -> 24 (the figure finder's reading with this module's number words)."""
    from .figure_model import number

    return number(s, _WORDNUM)


def _old_year(stext: str, pub_date) -> bool:
    """The sentence tells history: "in 2014", "in the 18th century", years before publication."""
    if re.search(r"\b\d{1,2}(?:st|nd|rd|th) century\b", stext, re.I):
        return True
    if pub_date is None:
        return False
    for m in re.finditer(r"\b(?:in|since|of|by|during|until)\s+(?:early |late |mid-)?((?:19|20)\d\d)(?:\s*[-–]\s*(?:19|20)?\d\d)?\b", stext, re.I):
        if int(m.group(1)) < pub_date.year - 1:
            return True
    return False


def _is_region(p: dict) -> bool:
    return p.get("precision") == 3 or p.get("feature") == "region"


def _precision(p: dict) -> int:
    pr = p.get("precision")
    return pr if pr in (1, 2, 3) else 1


def _kind(lex: ActorLexicon, q: dict) -> str:
    src = q["source"]
    a = lex.specific(src["text"])
    return a.kind if a else (src.get("kind") or "other")


def _future(date: str | None, pub_date) -> bool:
    """Whether a resolved date lies more than two days after publication (a deadline or forecast)."""
    return bool(date and pub_date and (dt.date.fromisoformat(date) - pub_date).days > 2)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: text between blank lines, or a line that ends a sentence (the ISW reports' body
    paragraphs are single lines; a hard-wrapped line that stops mid-sentence runs on)."""
    out, start = [], 0
    for m in re.finditer(r"\n\s*\n|(?<=[.!?”\"\]])[ \t]*\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _para_of(paras, pos: int) -> tuple[int, int]:
    for a, b in paras:
        if a <= pos <= b:
            return a, b
    return 0, 0


def _regex_sentences(text: str) -> list[dict]:
    out = []
    for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[”\"]?|\n|$)", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append({"start": s, "end": e, "text": text[s:e]})
    return out


def _bare_verb(doc, t: dict) -> bool:
    """Is the trigger a bare (infinitive / present) verb form: "capture", not "captured"?"""
    if doc is None:
        return False
    span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
    return bool(span is not None and len(span) and span[0].tag_ in ("VB", "VBP"))


def _told_as_verb(doc, t: dict) -> bool:
    """Is the trigger a finite past verb or a passive participle ("was shelled", "struck")?"""
    span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    return any(x.pos_ == "VERB" and (x.tag_ == "VBD" or (x.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in x.children))) for x in span)


def _in_clause(doc, t: dict, place: dict, not_harm: frozenset = frozenset()) -> bool:
    """Is the place inside the clause of the trigger (the subtree of its nearest verb ancestor)?"""
    span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
    pspan = doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None or pspan is None or len(span) == 0 or len(pspan) == 0:
        return True
    tok = span.root
    head = tok
    if tok.pos_ == "VERB" and tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head  # a noun read as a verb in a list of nouns: "conduct routine air, missile, and artillery strikes[VERB]"
    # a participle used as an adjective ("amid continued heavy Russian shelling") is no clause of its own
    while (head.pos_ not in ("VERB", "AUX") or (head.dep_ in ("amod", "compound") and head.tag_ == "VBG")) \
            and head.head.i != head.i:
        head = head.head
    if head.i == tok.i and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        head = tok.head  # the trigger as subject: "shelling continues ... in X", "explosions rocked X"
    # climb over auxiliary / light verbs ("are completing the mop up", "is tightening")
    # the place under a verb conjoined to the trigger's that acts on its own object: "continued to shell
    # Kharkiv and screen Russian efforts to reinforce the Izyum axis"
    own = {x.i for x in span} | {head.i}
    v, steps, below = pspan.root, 0, None
    while v.head.i != v.i and v.i not in own and steps < 8:
        if v.pos_ == "VERB" and v.dep_ == "conj" and v.head.i in own \
                and (v.lemma_.lower() in not_harm or (below is not None and below.dep_ == "xcomp" and below.lemma_.lower() in not_harm)):
            return False  # (or its complement: "... and continued conducting aerial reconnaissance along the Kharkiv City Axis")
        if v.pos_ in ("VERB", "AUX"):
            below = v
        v, steps = v.head, steps + 1
    sub = {x.i for x in head.subtree}
    if head.dep_ == "amod" and head.head.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        # a verb with its own subject misparsed as its object's adjective ("Ukrainian forces likely successfully
        # repelled[amod] Russian attacks[ROOT] on Brovary"): the clause is the object's
        sub |= {x.i for x in head.head.subtree}
    # the place in a contrasting clause with a subject of its own below the trigger's verb: "conducted unsuccessful
    # offensive operations northwest of Slovyansk, while Ukrainian forces reportedly resumed preparations for
    # counteroffensives west of Izyum" (that clause's own trigger decides on Izyum)
    v = pspan.root
    while v.head.i != v.i and v.i != head.i and v.i not in own:
        if v.dep_ == "advcl" and v.head.i == head.i and any(c.dep_ == "mark" and c.lower_ in _CONTRAST for c in v.children) \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
            return False
        v = v.head
    if pspan.root.i in sub:
        return True
    # ISW: the parser hung the place on a word of the next sentence, across a source note ("...).[44] Both
    # ... indicated"); with the trigger before the place in its own sentence, the place is the trigger's
    pr = pspan.root
    if pr.head.i != pr.i and t["end"] <= place["start"]:
        a, b = sorted((pr.idx, pr.head.idx))
        gap = _PARENS.sub("", doc.text[t["end"]:place["start"]])
        if _NOTE_BREAK.search(doc.text, a, b) and _LIST_GAP.fullmatch(gap):
            return True  # the trigger's list of places: "toward Vesela Dolyna (...), Zaitseve (...), Soledar"
    # the trigger in a relative clause on the place: "Irpin, where Russian forces bombed civilians"
    anc = head
    for _ in range(6):
        if anc.dep_ == "relcl" and anc.head.i == pspan.root.i:
            return True
        if anc.head is anc:
            break
        anc = anc.head
    # a conjoined / advcl verb sharing the same subject ("targeted airfields ... including X")
    if head.dep_ in ("conj", "xcomp") and pspan.root.i in {x.i for x in head.head.subtree} and pspan.root.i > head.i:
        pv = pspan.root
        while pv.pos_ not in ("VERB", "AUX") and pv.head.i != pv.i:
            pv = pv.head
        if pv.i != head.i and pv.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in pv.children) \
                and pv.lemma_.lower() not in _HARM:
            return False  # "... continued to bombard X, and the situation around Kharkiv remains unchanged"
        return True
    # the place right after the trigger and its preposition, whatever the parse made of the verbs: "continued to
    # intensify aerial reconnaissance and launch airstrikes at Andriivka, Bilohirka, and Velyke Artakove" (the parser
    # hung "at Andriivka" on "intensify")
    if t["end"] <= place["start"] and _RIGHT_AFTER.fullmatch(_PARENS.sub("", doc.text[t["end"]:place["start"]])):
        return True
    return False


#: one capitalised name of a list and the separator after it ("Bilohirka, and ")
_LISTED_NAME = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s*" + _SEP
#: a trigger's own place list: "airstrikes| at Andriivka, Bilohirka, and |Velyke Artakove"
_RIGHT_AFTER = re.compile(r"\s*(?:(?:at|on|against|in|near|around|toward|towards|into)\s+)?(?:the\s+)?(?:" + _LISTED_NAME + ")*")


_TERRITORY = ("capture", "loss", "regain", "withdraw")
#: "Rubizhne, Popasna, and Marinka, where intense fighting is ongoing": each item of the list is where the relative
#: clause's event is (the parser hangs the clause on the last item only)
_WHERE_AFTER_LIST = re.compile(r"(?:\s*" + _SEP + r"[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)?)*\s*,\s*where\s+(?:[\w’'-]+\s+){0,3}")
_SAYING = {"say", "report", "claim", "state", "announce", "add", "tell", "write", "confirm", "note", "insist", "allege", "assert", "believe"}
_HARM = {"kill", "wound", "injure", "die", "damage", "destroy", "hit"}
_CONTRAST = {"while", "whereas", "whilst"}
_GOING_ON = {"continue", "manage", "begin", "start", "succeed", "keep", "resume"}
#: verbs of seeing: their object doing something is a thing seen done ("observed Russian forces withdrawing from X")
_SEEN_DOING = frozenset({"observe", "see", "show", "film", "spot", "record", "depict", "witness", "notice"})
_CLAIMED_DOING = {"claim"}  # "claimed to capture X": a capture claimed done
_MODALS = {"could", "would", "may", "might", "will", "shall", "should", "must", "can", "'ll", "’ll"}
_VISIT = {"visit", "tour", "witness", "commemorate", "honour", "honor", "remember", "mourn"}
_ARMED = {"Russian armed forces": "Ukrainian armed forces", "Ukrainian armed forces": "Russian armed forces"}


_LIST_GAP = re.compile(r"[a-z]*\s*(?:(?:the\s+)?" + _LISTED_NAME + ")*")

#: what closes a list of regions before the places of them it names: ", including in", ", particularly near the"
_INCLUDING_END = re.compile(r"^[^.;:]*?,?\s*\b(?:including|particularly|notably|especially|namely|such as)\s+(?:(?:in|at|near|around)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}$")
#: a region named as the part where an earlier settlement of the sentence lies
_PART_OF_REGION = re.compile(r"\bin\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}parts?\s+of\s+(?:the\s+)?|"
                             r"(?:north|south|east|west|central|northeast|northwest|southeast|southwest)(?:ern)?\s+|"
                             r"(?:far|extreme)\s+(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of\s+(?:the\s+)?)$", re.I)


def _relocate_far(text: str, places: list[dict], i: int, town: dict, locator: str, keep: list[dict]) -> None:
    """"in Rubizhne and Ternova, approximately 45 km northeast of Kharkiv City": a listed settlement that the gazetteer
    placed far beyond the stated distance (the Luhansk Oblast Rubizhne) is a same-named village the gazetteer lacks,
    in the town's region (no id, named by its own name), as the spec asks for settlements missing from the gazetteer."""
    m = re.search(r"(\d+(?:\.\d+)?)\s*(km|kilomet|mile)", locator, re.I)
    if not m or None in (town.get("lat"), town.get("lon")) or not town.get("admin1"):
        return
    limit = float(m.group(1)) * (1.6 if m.group(2).lower() == "mile" else 1.0) * 1.5 + 40
    j = i - 1
    while j >= 0:
        q = places[j]
        if not _is_region(q) and None not in (q.get("lat"), q.get("lon")) \
                and haversine(q["lat"], q["lon"], town["lat"], town["lon"]) > limit:
            for k, kq in enumerate(keep):
                if kq["start"] == q["start"] and kq["end"] == q["end"]:
                    keep[k] = {**kq, "name": kq.get("text") or kq["name"], "geonameid": None, "lat": None, "lon": None,
                                   "admin1": town["admin1"], "precision": 1}
        if j == 0 or not _LIST_SEP.fullmatch(text[places[j - 1]["end"]:q["start"]]):
            break
        j -= 1


def _past_conjunct(clause: str, trigger: str, irrealis: re.Pattern | None = None) -> bool:
    """A past-tense trigger conjoined after a negated "did not" verb, after a failed or attempted one, or after
    another irrealis word that is no modal is not negated: "did not conduct any confirmed ground assaults in the
    Siversk area and shelled Siversk City", "tried and failed to advance westward of X and continued to fight in
    Y", "focused on maintaining their positions and shelled X" (but "could have advanced and captured X")."""
    first = trigger.split()[0].lower()
    neg = re.search(r"\b(?:did|does|do)(?:\s+not|n[’']t)\b", clause, re.I) or \
        ([None] + list(re.finditer(r"\b(?:failed|tried|attempted|sought)\s+to\b", clause, re.I)))[-1]
    if not neg and irrealis is not None:
        last = ([None] + list(irrealis.finditer(clause)))[-1]
        if last is not None and not _MODAL_WORD.fullmatch(last.group(0)):
            neg = last
    if not neg:
        return False
    # "... and shelled Siversk" (the trigger is the verb) or "... and continued routine artillery strikes on
    # Siversk" (a past verb of its own just before the trigger); any "and" after the negation may start the
    # conjunct ("... and continued air and artillery strikes on Siversk")
    for m in re.finditer(r"\band\s+", clause[neg.end():]):
        tail = re.fullmatch(r"(?:([a-z]+)\s+(?:[\w-]+\s+){0,3})?", clause[neg.end() + m.end():], re.I)
        if tail is None:
            continue
        verb = (tail.group(1) or first).lower()
        if verb.endswith("ed") or verb in _IRREGULAR_PAST:
            return True
        if verb in ("are", "is", "were", "was") and first.endswith("ing") and tail.group(0).strip().lower() == verb:
            return True  # "are preparing to cross the river and are shelling X": a progressive of its own
    return False


#: an irrealis match that is a modal verb (a conjunct after it stays irrealis)
_MODAL_WORD = re.compile(r"(?:" + "|".join(map(re.escape, sorted(_MODALS))) + r")(?:\s+have)?", re.I)

_IRREGULAR_PAST = {"struck", "fought", "shot", "hit", "took", "retook", "overran", "fell"}


def _split_footnotes(text: str, sents: list[dict]) -> list[dict]:
    """ISW-style footnote markers glue sentences together ("... on April 5.[4] Russian forces ...");
    split there so that each claim keeps its own trigger, place and date."""
    out = []
    for s in sents:
        a = s["start"]
        for m in re.finditer(r"[.!?][”\"]?\[\d+\]\s+(?=[A-Z“\"])", text[s["start"]:s["end"]]):
            cut = s["start"] + m.end()
            end = s["start"] + m.start() + 1
            out.append({**s, "start": a, "end": end, "text": text[a:end]})
            a = cut
        out.append({**s, "start": a, "end": s["end"], "text": text[a:s["end"]]} if a != s["start"] else s)
    return out


#: a gerund after these tells what was done before the main clause ("conducted an operational pause after
#: successfully capturing the city on April 1"), not a goal or a means ("by liberating Crimea")
_AFTER_DOING = frozenset({"after", "following", "upon"})


def _trigger_ok(doc, t: dict, place: dict, text: str) -> bool:
    """Parse-based vetoes: the place as the actor ("Moscow abandoned ..."), participles
    modifying a noun ("equipment captured from ..."), gerunds after a preposition
    ("by liberating Crimea"), background clauses ("since Russia captured Crimea")."""
    span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
    pspan = doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None or pspan is None or len(span) == 0 or len(pspan) == 0:
        return True
    tok = span[0] if span[0].pos_ in ("VERB", "AUX") else span.root
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    role = t["def"].get("role")
    proot = pspan.root
    if role in _TERRITORY and tok.pos_ == "ADJ" and tok.dep_ in ("amod", "compound"):
        return False  # "liberated territories", "occupied areas"
    if verb is not None:
        if proot.dep_ == "nsubj" and proot.head == verb:
            return False
        if role in _TERRITORY and (verb.dep_ == "amod" or (verb.dep_ == "acl" and verb.tag_ == "VBN"
                                                            and not any(c.dep_ in ("aux", "nsubj") for c in verb.children))):
            # "equipment captured from ...", not "claims that Russian-led forces have taken control of X"
            return False
        # (the word before a territory gerund, adverbs skipped: "after successfully capturing")
        prev = next((doc[i] for i in range(verb.i - 1, max(-1, verb.i - 4), -1) if doc[i].pos_ != "ADV"), None) \
            if role in _TERRITORY and verb.tag_ == "VBG" else None
        done_before = prev is not None and prev.lower_ in _AFTER_DOING
        if role in _TERRITORY and verb.tag_ == "VBG" and verb.i > 0 and doc[verb.i - 1].pos_ == "ADP" and not done_before:
            return False
        # (a gerund with a subject of its own is a clause told: "footage showed Russian forces withdrawing from X"; so is
        # one after the object of a verb of seeing: "residents observed Russian forces withdrawing from X")
        seen = verb.dep_ == "acl" and verb.head.dep_ == "dobj" and verb.head.head.lemma_.lower() in _SEEN_DOING
        if role in _TERRITORY and verb.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children) \
                and not done_before and not seen \
                and not (verb.dep_ == "advcl" and verb.head.pos_ == "VERB" and verb.head.lemma_ != "be" and verb.i > 0 and doc[verb.i - 1].text == ","):
            return False  # "initial goals: removing the president, capturing Kyiv" (but "continued to pursue ..., capturing X")
        if role in _TERRITORY and verb.tag_ == "VB" and not any(c.lower_ in ("did", "does", "do") for c in verb.children) \
                and not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _GOING_ON | _CLAIMED_DOING):
            return False  # a bare infinitive: "efforts to break through ..., capture Chasiv Yar" (but "continued to withdraw",
            # "claimed to capture Kreminna": the claim of a capture)
        marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
        if role in _TERRITORY and "since" in marks:
            return False
    # the clause that governs the trigger: negated, modal, an aim ("to break through ..., capture X")
    # or a visit to the site of a past event ("visited a bridge where Russian forces bombed civilians")
    gov = tok
    while (gov.pos_ not in ("VERB", "AUX") or (gov.tag_ == "VBG" and gov.dep_ in ("pobj", "dobj", "compound"))) and gov.head.i != gov.i:
        gov = gov.head
    # a dated noun phrase that is the subject of the governing verb tells its event as given: "The April 30 Ukrainian
    # artillery strike on the Russian command post in Izyum may be continuing to disrupt ..." (the modal bears on the
    # effects), not "The bombing of Mariupol should lead to ..." nor "the likelihood of an offensive against X is low if ..."
    np_head = tok.head if tok.dep_ == "compound" else tok  # ("artillery" in "artillery strike")
    given = tok.pos_ in ("NOUN", "PROPN") and np_head.dep_ in ("nsubj", "nsubjpass") \
        and any(d.ent_type_ == "DATE" and d.i < tok.i for d in np_head.subtree)
    if gov.pos_ in ("VERB", "AUX") and not given:
        # negation or a modal on the governing verb or a verb above it, up to a verb of saying
        v, steps = gov, 0
        # "did not conduct ... and continued routine artillery strikes on Siversk", parsed with the
        # strikes as a conjunct object of the negated verb: the later past verb is not negated
        conj_past = _past_conjunct(text[max(0, t["start"] - 200):t["start"]], t["text"])
        while steps < 6:
            if (any(c.dep_ == "neg" for c in v.children) and not conj_past) \
                    or any(c.dep_ == "aux" and c.lower_ in _MODALS for c in v.children):
                return False
            if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children) for c in v.children):
                return False  # "a strike against X if Ukraine uses ...": a threat
            if v.head.i == v.i or v.head.lemma_.lower() in _SAYING or v.dep_ in ("ccomp", "advcl", "conj", "parataxis"):
                break
            v, steps = v.head, steps + 1
        top = gov
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        if top.i != gov.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children) and top.head.lemma_.lower() not in _GOING_ON \
                and gov.tag_ not in ("VBD", "VBZ"):
            return False  # "efforts to break through ... and capture X", but not "efforts to gain ground ... and conducted attacks around X"
    anc, seen = tok, 0
    while anc.head.i != anc.i and seen < 12:
        anc, seen = anc.head, seen + 1
        if anc.pos_ == "VERB" and anc.lemma_.lower() in _VISIT:
            return False
    if t["def"]["sub_event_type"] == "Arrests" and not re.search(r"\b(?:in|at|near)\s+(?:the\s+)?$", text[max(0, place["start"] - 12):place["start"]]):
        return False
    return True


def _participle_subject(doc, t: dict) -> tuple[int, int] | None:
    """The (start, end) of the subject of the clause a participle trigger hangs on ("Ukrainian forces continued to
    pursue Russian forces ..., capturing X": "Ukrainian forces", not the nearer "Russian forces"), or that a
    verb without a subject of its own shares with the verb it is coordinated with ("Ukrainian forces ... pushed
    Russian forces east from Brovary and captured Nova Basan": "Ukrainian forces")."""
    if doc is None:
        return None
    span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span[0]
    if not ((tok.tag_ == "VBG" and tok.dep_ == "advcl")
            or (tok.dep_ == "conj" and tok.pos_ == "VERB" and tok.head.pos_ in ("VERB", "AUX")
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children))):
        return None
    v = tok.head
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            sub = list(subj[0].subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if v.dep_ not in ("xcomp", "conj") or v.head.i == v.i:
            return None
        v = v.head
    return None


def _unknown_near_town(p: dict) -> bool:
    """A settlement missing from the gazetteer that the geoparser located by a nearby town ("near
    Protopopivka, Chepil and Nortsivka": Chepil at Protopopivka's coordinates, precision 2) or by its region
    ("near Krokhmalne in Kharkiv Oblast": at the oblast, precision 3), or that the codifier of Ukraine's settlements
    placed by such a town or region (``"source": "KATOTTG"``, an approximate point)."""
    if p.get("source") == "KATOTTG":
        return True
    return p.get("geonameid") is None and p.get("feature") == "settlement" and p.get("precision") in (2, 3) and bool(p.get("text")) \
        and not p.get("near") \
        and re.search(r"(?<![\w’'-])" + re.escape((p.get("name") or "").lower()) + r"(?![\w’'-])", p["text"].lower()) is None


def _own_name(p: dict) -> dict:
    """An event place keeps the name of a settlement located by a nearby town (the town goes to ``near``)."""
    if _unknown_near_town(p) and p.get("source") != "KATOTTG":  # (the codifier's village has its own name)
        return {**p, "name": re.sub(r"^(?:the\s+)?(?:village|settlement|town)\s+of\s+", "", p["text"], flags=re.I), "near": p.get("name")}
    return p


def _place_key(p: dict | None) -> tuple:
    if not p:
        return (None,)
    if _unknown_near_town(p) and p.get("source") != "KATOTTG":
        return ("name", p["text"].lower(), p.get("admin1"))  # a place of its own, not the town
    # (the codifier's village has its own name: "Vessela Dolyna" and "the settlement" after it are one place)
    # by name and region, not GeoNames id: "Kupyansk" and "near Kupyansk" (an area record without
    # an id) are one place
    return ("name", (p.get("name") or p.get("text") or "").lower(), p.get("admin1"))


def _population(geonameid) -> int:
    if geonameid is None:
        return 0
    from ..places.gazetteer import Gazetteer

    e = Gazetteer.load().by_geonameid(geonameid)
    return int(e.population or 0) if e is not None else 0


#: the smallest town of a pair naming the area between two towns ("the Donetsk City-Avdiivka area", "the
#: Severodonetsk-Lysychansk area"): no place of its own; a village's pair ("the Soledar-Bakhmutske area") is at its villages
PAIR_AREA_TOWN_POP = 15_000
_AREA_AFTER_PAIR = re.compile(r"\s+areas?\b")


def _town_pair_area(text: str, places: list[dict], i: int) -> bool:
    """Whether ``places[i]`` is one of two (or more) towns of at least ``PAIR_AREA_TOWN_POP`` people joined by hyphens
    and followed by "area" ("the Rubizhne-Severodonetsk-Lysychansk area")."""
    a = b = i
    while a > 0 and text[places[a - 1]["end"]:places[a]["start"]] == "-":
        a -= 1
    while b + 1 < len(places) and text[places[b]["end"]:places[b + 1]["start"]] == "-":
        b += 1
    return b > a and bool(_AREA_AFTER_PAIR.match(text, places[b]["end"])) and all(
        _population(q.get("geonameid")) >= PAIR_AREA_TOWN_POP for q in places[a:b + 1])


#: the end of a longer chain of names before a border pair's match ("the Ternovi Pody-" before "Zelenyi Hai-Kyselivka line")
_CHAIN_BEFORE = re.compile(r"(?:[\w’']-(?:[A-Z][\w’']+\s+)?|[\w’'])$")

#: a town named as the reference of a distance or bearing ("10km northwest of the western outskirts of ...")
_OUTSIDE_OF = re.compile(r"\b(?:\d+\s?(?:km|kilomet(?:er|re)s?|miles?)|(?:north|south|east|west)(?:east|west)?(?:ern)?(?:\s+outskirts)?|outskirts)"
                         r"\s+of\s+(?:the\s+)?(?:(?:north|south|east|west)(?:east|west)?(?:ern)?\s+outskirts\s+of\s+)?$", re.I)


def _city_of_district(text: str, p: dict, places: list[dict]) -> dict | None:
    """A city of 300,000 or more named in the sentence, for a place of the gazetteer a tenth its size within 10 km of its centre
    (a district: "shelling ... In Kyiv ..., including strikes on a major shopping mall in Podil"); not a city that
    locates the place from outside ("Vodyane, about 10km northwest of the western outskirts of Donetsk City")."""
    if p.get("feature") != "settlement" or not p.get("geonameid") or None in (p.get("lat"), p.get("lon")):
        return None
    for q in places:
        if _OUTSIDE_OF.search(text, max(0, q["start"] - 60), q["start"]):
            continue
        if q is not p and q.get("feature") == "settlement" and q.get("geonameid") and None not in (q.get("lat"), q.get("lon")) \
                and _population(q["geonameid"]) >= max(300_000, 10 * _population(p["geonameid"])) \
                and haversine(p["lat"], p["lon"], q["lat"], q["lon"]) <= 10:
            return q
    return None


def _drop_direction_topics(text: str, events: list[dict], direction_of: re.Pattern, compass: str) -> list[dict]:
    """A clash told only by its bearing from a town ("attacks southwest and southeast of Izyum") is the topic of
    fighting that the report details at its settlements ("attempted to advance towards Nova Dmytrivka (25km
    southwest of Izyum)"): when another clash of the story lies at a different place and its sentence names the
    town as a locator, or its line is the topic's own, the bearing phrase is no event of its own."""
    # the same holds for shelling told by a bearing ("continued to shell settlements west and southeast of Izyum"), then
    # detailed at the settlements ("artillery strikes near Protopopivka, Mechebylove, ...")
    # (captures detail a bearing too: "counteroffensive operations east of Lyman and recaptured Terny, Torske, ...")
    captures = ("Non-state actor overtakes territory", "Government regains territory")
    peers = {"Armed clash": [e for e in events if e["sub_event_type"] == "Armed clash" or e["sub_event_type"] in captures],
             "Explosions/Remote violence": [e for e in events if e["event_type"] == "Explosions/Remote violence"]}
    drop = set()
    for i, e in enumerate(events):
        p = e["place"]
        kind = "Armed clash" if e["sub_event_type"] == "Armed clash" else e["event_type"]
        if kind not in peers or e["geo_precision"] == 1 or "start" not in p:
            continue
        clash = peers[kind]
        d = direction_of.search(text[max(e["start"], p["start"] - 60):p["start"]])
        if not d or (not _is_region(p) and _population(p.get("geonameid")) < 10_000):
            continue  # "south of Mazanivka", "west of Mykolaivka": a village's bearing is that village's clash
        if re.search(r"\(\s*$", text[max(e["start"], p["start"] - 60):p["start"]][:d.start()]):
            continue  # "positions in Ivanivka (northwestern Kherson Oblast)": the region of a village
        if kind != "Armed clash" and ("outskirts" in d.group(0).lower() or re.search(r"\([^()]*$", text[e["start"]:p["start"]])):
            continue  # "strikes in the Chornobaivka area (on the northern outskirts of Kherson City)": a locator, not a topic
        # "battles in settlements approximately 4 km northeast and 5 km southwest of Severodonetsk": a site told by its distance
        # is no topic of the line's other fighting (but may still locate another clash's place, below)
        # (told of unnamed sites, not of places named before it: "Bilohorivka and Zolotarivka, both just over 10km west of")
        w0 = max(e["start"], p["start"] - 60)
        site = re.search(r"\b(?:settlements?|villages?|towns?|positions?|areas?)\s+(?:(?:approximately|about|roughly|some|around|nearly|just|over)\s+)?"
                         r"\d[^.;:()\[\]]{0,40}?(?:km|kilometers|kilometres|miles)\s+$", text[max(e["start"], w0 - 80):w0 + d.start()]) is not None
        name = (p.get("text") or p.get("name") or "").lower()
        k = _place_key(p)
        line_a = text.rfind("\n", 0, e["start"]) + 1
        line_b = text.find("\n", e["end"])
        line_b = len(text) if line_b < 0 else line_b
        # a summary bullet ("- Russian forces conducted unsuccessful offensive operations northwest of Slovyansk") repeats
        # what the body details at the settlements: its detail may lie anywhere in the story
        bullet = re.match(r"[ \t]*[-•–]\s", text[line_a:line_a + 4]) is not None
        for o in clash:
            if o is e or _place_key(o["place"]) == k:
                continue
            if o["sub_event_type"] in captures and o["start"] != e["start"]:
                continue  # a capture details the bearing of its own sentence only
            same_line = bullet or line_a <= o["start"] < line_b
            if same_line and _is_region(p):
                same_line = o["place"].get("admin1") == p.get("admin1")  # the detail lies inside the region
            elif same_line:
                # a town's bearing stands for the fighting at settlements around it, not at a town far away
                q = o["place"]
                same_line = None not in (p.get("lat"), p.get("lon"), q.get("lat"), q.get("lon")) \
                    and haversine(p["lat"], p["lon"], q["lat"], q["lon"]) <= 30
            # "... towards Nova Dmytrivka (25km southwest of Izyum)": the town as the locator of the other clash's place
            locates = False
            if name and o["start"] != e["start"] and o["start"] <= o["place"].get("start", -1) < o["end"]:
                # (the locator may follow the last of a list: "near Bakhmutske and Yakovlivka—villages approximately
                # 15 km northeast of Bakhmut")
                rx = (r"(?:\s*(?:,|\band\b|\bor\b)\s*(?:(?:and|or)\s+)?[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?(?:\s\([^()]{0,80}\))?)*"
                      r"\s*[,(—–]?\s*(?:(?:both|all|two|three|four|the)\s+)?(?:(?:small\s+)?(?:villages?|towns?|settlements?|cities)\s+)?"
                      r"(?:(?:approximately|about|roughly|some|around|nearly|just|over|under|more\s+than|less\s+than|located|situated|lying|"
                      r"which\s+(?:is|are)|(?:that|which)\s+lies?)\s+)*"
                      rf"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+)?(?:to\s+the\s+)?{compass}\s+of\s+(?:the\s+)?"
                      rf"{re.escape(name)}\b(?!\s*(?:-|[Oo]blast|[Rr]egion))")
                locates = re.match(rx, text[o["place"]["end"]:o["end"]], re.I) is not None
            if (same_line and not site) or locates:
                drop.add(i)
                break
    return [e for i, e in enumerate(events) if i not in drop]


def _drop_region_topics(text: str, events: list[dict]) -> list[dict]:
    """"Russian forces continued to shell and launch missiles at Zaporizhia, Dnipropetrovsk, and Mykolaiv Oblasts",
    then the strikes at their towns on the same line: the oblasts of such a topic sentence are no events of their
    own where the line details a strike inside them (without detail, each oblast stays at precision 3). A clash at an
    oblast is dropped the same way, even when it is the only oblast named ("Russian forces continued offensive operations
    in Donetsk Oblast", then the assaults near its villages)."""
    # a village missing from the gazetteer, placed at its oblast but named by the text, is no region
    is_region = lambda q: _is_region(q) and not q.get("near")
    drop = set()
    for i, e in enumerate(events):
        p = e["place"]
        clash = e["sub_event_type"] == "Armed clash"
        if (e["event_type"] != "Explosions/Remote violence" and not clash) or e["geo_precision"] != 3 or not is_region(p):
            continue
        if not clash and sum(1 for o in events if o["start"] == e["start"] and o is not e and is_region(o["place"])
                             and _place_key(o["place"]) != _place_key(p)) < 1:
            continue  # one oblast named: a strike of its own
        line_b = text.find("\n", e["end"])
        line_b = len(text) if line_b < 0 else line_b
        if clash and not text[e["end"]:line_b].strip():
            # the topic ends its line: the detail is in the next paragraph ("... strikes around Donetsk Oblast on
            # June 2." then "Russian forces continued offensive operations to the east of Bakhmut around ...")
            nxt = text.find("\n", line_b + 1)
            line_b = len(text) if nxt < 0 else nxt
        # the detail follows the topic on its line, told of the same side (a clash of either: "Russian forces conducted
        # unsuccessful reconnaissance-in-force attempts in northwest Kherson Oblast", then "Ukrainian forces repelled
        # Russian reconnaissance efforts in Knyzivka and Olhyne")
        if any(o["event_type"] == e["event_type"] and e["start"] < o["start"] < line_b
               and not is_region(o["place"]) and o["place"].get("admin1") == p.get("admin1")
               and (clash or not e.get("actors") or not o.get("actors") or set(e["actors"]) & set(o["actors"])) for o in events):
            drop.add(i)
    return [e for i, e in enumerate(events) if i not in drop]


def _dedupe(events: list[dict]) -> list[dict]:
    out: list[dict] = []
    index: dict[tuple, dict] = {}
    for ev in events:
        key = (ev["sub_event_type"], _place_key(ev["place"]), ev["date"])
        loose = (ev["sub_event_type"], _place_key(ev["place"]))
        prev = index.get(key)
        if prev is None:
            # an event dated only by default merges with an explicitly dated one of the same kind and place
            for o in out:
                if (o["sub_event_type"], _place_key(o["place"])) == loose and (not o["_explicit_date"] or not ev["_explicit_date"]):
                    prev = o
                    if ev["_explicit_date"] and not o["_explicit_date"]:
                        o["date"], o["time_precision"], o["_explicit_date"] = ev["date"], ev["time_precision"], True
                    break
        if prev is None:
            index[key] = ev
            out.append(ev)
            continue
        for f in ("claimed_by", "reported_via"):
            if prev[f] is None and ev[f] is not None:
                prev[f] = ev[f]
                if f == "claimed_by":
                    prev["claimant_side"] = ev["claimant_side"]
        prev["hedged"] = prev["hedged"] or ev["hedged"]
        if ev["fatalities"] is not None:
            prev["fatalities"] = max(prev["fatalities"] or 0, ev["fatalities"])
        for a in ev["actors"]:
            if a not in prev["actors"]:
                prev["actors"].append(a)
        prev.setdefault("mentions", []).append({"start": ev["start"], "end": ev["end"], "text": ev["text"]})
    for ev in out:
        ev.pop("_explicit_date", None)
    return out
