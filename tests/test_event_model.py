"""The learned event typer: it adds events the rules miss, marks them as the model's, and keeps to event places."""

from __future__ import annotations

import pytest

from frontwire.claims.event_model import EventModel
from frontwire.claims.events import EventExtractor
from frontwire.doc import Story
from frontwire.pipeline import Pipeline

# ISW, 2022-07-24 (corpus isw/2022-07-24.html): a phrasing no rule lists
S300 = "Russian forces reportedly used more S-300 anti-air missiles to strike ground targets in Mykolaiv City.[31]"


@pytest.fixture(scope="module")
def front():
    return Pipeline(["nlp", "places", "quotes"]).initialize()


def _events(front, text, use_model):
    st = EventExtractor(use_model=use_model)(front(Story(text=text, published="2022-07-24")))
    return st.events, st


def test_the_model_loads_with_its_six_types():
    m = EventModel.load()
    assert m is not None and len(m.types) == 6 and 0 < m.threshold < 1


def test_the_typer_adds_what_the_rules_miss(front):
    rules, _ = _events(front, S300, False)
    both, st = _events(front, S300, True)
    added = [e for e in both if e.get("method") == "model"]
    assert not rules
    assert [e["place"]["text"] for e in added] == ["Mykolaiv City"]
    for e in added:
        assert e["sub_event_type"] == "Shelling/artillery/missile attack" and e["trigger"] is None and 0.5 <= e["score"] <= 1
        assert st.text[e["start"]:e["end"]] == e["text"] and st.text[e["place"]["start"]:e["place"]["end"]] == e["place"]["text"]
        assert e["date"] == "2022-07-24" and e["hedged"]


def test_the_typer_leaves_locators_and_rule_sentences_alone(front):
    # the rules found the airstrike at Nove; Kharkiv City only locates it and the axis is no strike's place
    evs, _ = _events(front, "The Ukrainian General Staff reported that Russian forces launched an airstrike near Nove, "
                            "approximately 22km north of Kharkiv City, and continued conducting aerial reconnaissance along the "
                            "Kharkiv City Axis.[59]", True)
    assert [e["place"]["name"] for e in evs] == ["Nove"] and not any(e.get("method") == "model" for e in evs)
