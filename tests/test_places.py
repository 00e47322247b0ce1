"""Places: gazetteer, name variants, recognition traps, resolution in context, seeds, scorer."""

from __future__ import annotations

import time

import pytest
from conftest import SHARED

from frontwire import geo
from frontwire.doc import Story, check_offsets
from frontwire.places import names as N
from frontwire.places.gazetteer import Gazetteer, admin1_name, region_at, region_for
from frontwire.schema import story_schema


def needs_shared():
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (seeds and geoparsing corpora live there)")


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


@pytest.fixture(scope="module")
def pipeline():
    from frontwire.pipeline import Pipeline

    return Pipeline(["nlp", "places"]).initialize()


def places_of(pipeline, text):
    story = pipeline(Story(text=text))
    assert check_offsets(story.to_dict()) == []
    return story


def span_of(text, phrase, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(phrase, i + 1)
    return (i, i + len(phrase))


# -- gazetteer and names ----------------------------------------------------------------
def test_gazetteer_loads_fast_and_knows_kyiv():
    Gazetteer.load.cache_clear()
    t = time.perf_counter()
    g = Gazetteer.load()
    assert time.perf_counter() - t < 2.0  # < 1 s on an idle core; slack for a busy test machine
    assert g.by_geonameid(703448).name == "Kyiv"


@pytest.mark.parametrize("name,gid", [
    ("Kiev", 703448), ("Kyiv", 703448), ("Kharkov", 706483), ("Kharkiv", 706483),
    ("Chasov Yar", 710915), ("Chasiv Yar", 710915), ("Velyka Novoselka", 690237), ("Velikaya Novoselka", 690237),
    ("Velyka Novosilka", 690237), ("Starokonstantinov", 692818), ("Starokostiantyniv", 692818),
    ("Artemovsk", 713174), ("Bakhmut", 713174), ("Krasnoarmeysk", 704422), ("Dzerzhinsk", 709354),
    ("Kirovograd", 705812), ("Kropyvnytskyi", 705812), ("Часов Яр", 710915),
])
def test_name_variants_reach_the_place(gaz, name, gid):
    assert gid in {e.geonameid for e in gaz.lookup(name)}


@pytest.mark.parametrize("name,iso", [
    ("Zaporizhzhia Oblast", "UA-23"), ("Zaporozhye Region", "UA-23"), ("the Zaporizhzhia region", "UA-23"),
    ("Запорожская область", "UA-23"), ("Kirovograd", "UA-35"), ("Cherkassy region", "UA-71"),
    ("Zhitomir region", "UA-18"), ("Khmelnitsk region", "UA-68"), ("Belgorod Oblast", "RU-BEL"),
    ("Kursk region", "RU-KRS"), ("Crimea", "UA-43"), ("UA-14", "UA-14"),
])
def test_region_for(name, iso):
    assert region_for(name)["iso"] == iso


def test_admin1_name_and_point_in_oblast():
    assert admin1_name("UA-23") == "Zaporizhzhia Oblast"
    assert region_at(48.0159, 37.8028) == "UA-14"  # Donetsk
    assert region_at(52.52, 13.40) is None  # Berlin


def test_transliteration_rules():
    assert N.key(N.translit_uk("Харків")) == "kharkiv"
    assert N.key(N.translit_ru("Часов Яр")) == "chasov yar"
    assert "velyka novoselka" in N.mixed_variants({"velyka novosilka", "velikaya novoselka"})
    assert N.key("Kam’ianske") == N.key("Kam'ianske") == "kamianske"
    assert {"zarechnoe", "zarechnoye"} <= N.cyrillic_to_latin("Заречное")


# -- the seeds, through the pipeline -------------------------------------------------------
def seed(name):
    needs_shared()
    return (SHARED / "seeds" / name).read_text(encoding="utf-8")


def test_seed_digest_places(pipeline):
    story = places_of(pipeline, seed("digest_2025-12.txt"))
    by_text = {}
    for p in story.places:
        by_text.setdefault(p["text"], []).append(p)
    z = by_text["Zarechnoye"][0]
    assert z["admin1"] == "UA-23" and z["precision"] == 3 and z["geonameid"] != 687652
    for text, gid in [("Siversk", 694403), ("Pokrovsk", 704422), ("Sloviansk", 693468), ("Moscow", 524901)]:
        assert by_text[text][0]["geonameid"] == gid, text
        assert by_text[text][0]["precision"] == 1
    assert all(p["geonameid"] == 703448 for p in by_text.get("Kiev", []) + by_text.get("Kyiv", []))


def test_seed_frontline_places(pipeline):
    text = seed("frontline_2025-01.txt")
    story = places_of(pipeline, text)
    got = {(p["text"], p["geonameid"], p["admin1"], p["precision"]) for p in story.places}
    for text_, gid in [("Starokonstantinov", 692818), ("Velyka Novoselka", 690237), ("Chasov Yar", 710915)]:
        assert any(t == text_ and g == gid and pr == 1 for t, g, _, pr in got), text_
    # "on the northern outskirts of Toretsk": ACLED's precision 2 (near / part of)
    assert ("Toretsk", 709354, "UA-14", 2) in got
    regions = {a for t, g, a, pr in got if pr == 3}
    assert {"UA-35", "UA-71", "UA-18", "UA-68"} <= regions
    # Kyiv: "strikes in the Ukrainian capital"
    assert any(g == 703448 for _, g, _, _ in got)
    # "Doomed Kyiv Looking For Scapegoat", "the Kyiv regime", "the Kyiv junta": actors, not places
    assert not any(p["start"] < 60 for p in story.places)
    for p in story.places:
        after = story.text[p["end"]:p["end"] + 8]
        assert not (p["text"] == "Kyiv" and after.startswith((" regime", " junta"))), p


def test_every_place_record_has_the_contract_keys(pipeline):
    story = places_of(pipeline, seed("frontline_2025-01.txt"))
    keys = {"start", "end", "text", "geonameid", "name", "country", "admin1", "lat", "lon", "precision"}
    assert story.places and all(keys <= set(p) for p in story.places)
    for p in story.places:
        assert story.text[p["start"]:p["end"]] == p["text"]
        assert p["precision"] in (1, 2, 3, "country") or (p["precision"] is None and p["feature"] == "other")


def test_places_validate_against_the_published_schema():

    import jsonschema

    from frontwire.places.geoparser import Geoparser

    schema = story_schema()
    comp = Geoparser()
    comp.initialize()
    story = comp(Story(text="Drones hit Kyiv, the Kharkiv region and a village near Pokrovsk; Europe and Russia reacted."))
    assert len(story.places) >= 4
    jsonschema.validate(story.to_dict(), schema)


# -- traps -------------------------------------------------------------------------------------
def test_metonyms_are_not_places(pipeline):
    text = "Kyiv said the talks had failed. Moscow denies any role in the attack on a depot near Kharkiv."
    story = places_of(pipeline, text)
    assert [p["text"] for p in story.places] == ["Kharkiv"]
    assert story.places[0]["geonameid"] == 706483


@pytest.mark.parametrize("text,places,actors", [
    ("Moscow has accused Kyiv of shelling Belgorod.", ["Belgorod"], ["Moscow", "Kyiv"]),
    ("Russia launched 50 drones at Kyiv overnight.", ["Kyiv"], ["Russia"]),
    ("Poland says it will send tanks to Ukraine.", ["Ukraine"], ["Poland"]),
    ("Explosions were heard in Kyiv and Lviv.", ["Kyiv", "Lviv"], []),
])
def test_actors_and_places(pipeline, text, places, actors):
    story = places_of(pipeline, text)
    assert [p["text"] for p in story.places] == places
    assert [p["text"] for p in story.user_data["place_metonyms"]] == actors


def test_organisations_and_adjectives_are_not_places(pipeline):
    text = ("The Kyiv Independent and the Moscow Times both reported that Ukrainian drones hit a refinery "
            "in Ryazan on Sunday.")
    story = places_of(pipeline, text)
    assert [p["text"] for p in story.places] == ["Ryazan"]


def test_person_names_that_are_places(pipeline):
    text = "Paris Hilton and Jack London were not in Lviv; the meeting took place in Paris."
    story = places_of(pipeline, text)
    got = [(p["text"], p["geonameid"]) for p in story.places]
    assert ("Lviv", 702550) in got and ("Paris", 2988507) in got
    assert all(p["start"] != 0 for p in story.places)  # not "Paris" of Paris Hilton


def test_names_with_possessives_and_elisions():
    got = {p["text"]: p for p in geo.parse("Shelling hit the Donetsk People's Republic; cases rose in Côte d'Ivoire.")}
    assert got["Donetsk People's Republic"]["admin1"] == "UA-14"
    assert got["Côte d'Ivoire"]["country"] == "CI"


def test_runs_without_spacy_doc():
    from frontwire.places.geoparser import Geoparser

    comp = Geoparser()
    comp.initialize()
    story = Story(text="Russian forces shelled Kherson and Nikopol overnight, officials in Zaporizhzhia said.")
    comp(story)
    assert {p["geonameid"] for p in story.places} >= {706448, 700051}
    assert check_offsets(story.to_dict()) == []


# -- resolution in context -------------------------------------------------------------------
def test_explicit_region_decides():
    text = "Russian troops captured Zarechnoye in the Zaporozhye Region, the ministry said."
    rec = geo.resolve(text, [span_of(text, "Zarechnoye")])[0]
    assert rec["admin1"] == "UA-23" and rec["precision"] == 3 and rec["geonameid"] is None
    text = "A tornado hit Paris, Texas, on Monday."
    rec = geo.resolve(text, [span_of(text, "Paris")])[0]
    assert rec["country"] == "US" and rec["admin1"] == "US-TX"


def test_dateline_with_state_abbreviation():
    got = geo.parse("LONDON, Ky. (WKYT) - London Police said a man from Paris, Tenn. was arrested.")
    by = {(p["text"], p["start"]): p for p in got}
    assert by[("LONDON", 0)]["admin1"] == "US-KY"
    assert by[("Ky.", 8)]["name"] == "Kentucky"
    assert any(p["text"] == "Paris" and p["admin1"] == "US-TN" for p in got)


def test_country_in_focus_and_proximity():
    text = "Fighting near Avdiivka and Donetsk continued; Kostiantynivka was shelled."
    recs = geo.resolve(text, [span_of(text, "Avdiivka"), span_of(text, "Kostiantynivka")])
    assert recs[0]["geonameid"] == 713122  # Avdiivka, Donetsk oblast (not the two in Chernihiv oblast)
    assert recs[1]["admin1"] == "UA-14"


def test_precision_two_near_a_settlement():
    text = "Shelling 10 km from Huliaipole and near Orikhiv; fighting in Kupiansk."
    recs = geo.resolve(text, [span_of(text, w) for w in ("Huliaipole", "Orikhiv", "Kupiansk")])
    assert [r["precision"] for r in recs] == [2, 2, 1]
    assert all(r["country"] == "UA" for r in recs)


def test_frontline_villages_missing_from_the_gazetteer():
    # Robotyne and Novoprokopivka are under 500 people (not in cities500): located by their oblast
    text = "Ukrainian troops repelled assaults near Robotyne, Verbove and Novoprokopivka in Zaporizhia Oblast."
    recs = geo.parse(text)
    got = {r["text"]: r for r in recs}
    assert got["Robotyne"]["admin1"] == "UA-23" and got["Robotyne"]["precision"] == 3
    assert got["Robotyne"]["geonameid"] is None
    assert got["Verbove"]["admin1"] == "UA-23" and got["Verbove"]["precision"] == 1
    # ... or by the town the sentence names, at precision 2, never by a namesake 140 km away
    text = "Russian forces attacked northwest of Bakhmut near Orikhovo-Vasylivka and Bohdanivka."
    got = {r["text"]: r for r in geo.parse(text)}
    assert got["Orikhovo-Vasylivka"]["precision"] == 2 and got["Orikhovo-Vasylivka"]["admin1"] == "UA-14"
    assert got["Bohdanivka"]["admin1"] == "UA-14" and got["Bohdanivka"]["geonameid"] is None


def test_resolve_world_news():
    text = "The storm moved from Sydney toward Brisbane, Queensland, while Perth stayed dry."
    recs = geo.resolve(text, [span_of(text, w) for w in ("Sydney", "Brisbane", "Queensland", "Perth")])
    assert [r["country"] for r in recs] == ["AU"] * 4
    assert recs[2]["precision"] == 3


def test_resolve_demonym_span_and_unknown():
    text = "Turkish officials met in Ankara. Nowhereville is not a place."
    recs = geo.resolve(text, [(0, 7), span_of(text, "Nowhereville")])
    assert recs[0]["country"] == "TR" and recs[0]["precision"] == "country"
    assert recs[1] is None


# -- scorer --------------------------------------------------------------------------------------
def test_evaluate_reads_both_formats_and_scores(tmp_path):
    from frontwire.places.evaluate import evaluate_file, read_corpus

    xml = tmp_path / "mini.xml"
    xml.write_text(
        "<articles><article><text>Shelling hit Kharkiv and Odesa.</text><toponyms>"
        "<toponym><phrase>Kharkiv</phrase><start>13</start><end>20</end><gaztag geonameid=\"706483\">"
        "<lat>49.98</lat><lon>36.25</lon></gaztag></toponym></toponyms></article>"
        "<article><text>Rain in Lyon.</text><locations><location><name>Lyon</name><start>8</start><end>12</end>"
        "<lat>45.76</lat><lon>4.83</lon></location></locations></article></articles>", encoding="utf-8")
    arts = read_corpus(xml)
    assert [t.text for a in arts for t in a.toponyms] == ["Kharkiv", "Lyon"]
    r = evaluate_file(xml, use_spacy=False)
    assert r["resolution"]["acc@161km"] == 1.0
    assert r["recognition_all_mentions"]["recall"] == 1.0
    assert r["recognition_all_mentions"]["precision"] == pytest.approx(2 / 3, abs=1e-3)


def test_evaluate_command_json():
    from click.testing import CliRunner

    from frontwire.cli import _load_commands, cli

    needs_shared()
    _load_commands()
    res = CliRunner().invoke(cli, ["evaluate", "geoparsing", "--json", "--no-spacy", "--limit", "3",
                                   str(SHARED / "data/geoparsing/TR-News.xml")])
    assert res.exit_code == 0, res.output
    import json

    data = json.loads(res.output)
    assert 0 <= data["resolution"]["acc@161km"] <= 1


def test_evaluate_command_rejects_a_non_corpus(tmp_path):
    from click.testing import CliRunner

    from frontwire.cli import _load_commands, cli

    _load_commands()
    bad = tmp_path / "bad.xml"
    bad.write_text("not xml at all", encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "geoparsing", str(bad)])
    assert res.exit_code != 0 and "no <article>" in res.output and "Traceback" not in res.output


def test_polish_spellings_reach_ukrainian_places():
    """Polish outlets write "Mikołajów", "Łysyczańsk", "Stanica Ługańska": the same places."""
    from frontwire import geo

    text = ("Explosions were heard in Mikołajów and Połtawa. Fighting went on in Łysyczańsk, "
            "and the kindergarten in Stanica Ługańska was shelled. Kadyrów spoke in Grozny.")
    got = {p["text"]: (p["country"], p["admin1"]) for p in geo.parse(text)}
    assert got["Mikołajów"] == ("UA", "UA-48")
    assert got["Połtawa"] == ("UA", "UA-53")
    assert got["Łysyczańsk"] == ("UA", "UA-09")
    assert got["Stanica Ługańska"] == ("UA", "UA-09")
    assert "Kadyrów" not in got  # a Polish-spelled surname is no village


def test_polish_variants_are_only_for_polish_spellings():
    from frontwire.places.names import polish_variants

    assert "mykolaiv" in polish_variants("Mikołajów")
    assert "lugansk" in polish_variants("Ługańsk")
    assert polish_variants("Kharkiv") == []


def test_distance_and_bearing_from_a_town_decide():
    """ISW style: "X, about 40 kilometers west of Kherson" picks the X on that side of Kherson,
    and a village the gazetteer lacks is the codifier's village of that name by the town (precision 2)."""
    from frontwire import geo

    text = ("Russian forces near Izyum and Kramatorsk attacked. Russian forces attacked Oleksandrivka, "
            "about 40 kilometers west of Kherson. They took control of the village of Brazhkivka, "
            "about 25 kilometers south of Izyum.")
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Oleksandrivka"]["admin1"] == "UA-65"
    assert got["Brazhkivka"]["name"] == "Brazhkivka" and got["Brazhkivka"]["precision"] == 2
    assert got["Brazhkivka"]["geonameid"] is None and got["Brazhkivka"]["admin1"] == "UA-63"
    assert got["Brazhkivka"]["source"] == "KATOTTG"


def test_list_items_after_a_parenthesis_and_unknown_villages_located_in_parentheses():
    """ISW lists each item with its own locator in parentheses; the items after the first are
    still list items, and a village the gazetteer lacks is located by the town its parenthesis names."""
    from frontwire import geo

    text = ("The Ukrainian General Staff stated that Russian troops attempted to advance toward Vesela Dolyna "
            "(5km southeast of Bakhmut), Zaitseve (8km southeast of Bakhmut), Soledar (10km northeast of Bakhmut), "
            "and Bakhmutske (8km northeast of Bakhmut). Russian soldiers surrendered in Pravdyne "
            "(about 35km northwest of Kherson City).")
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Soledar"]["geonameid"] == 706757
    assert got["Zaitseve"]["admin1"] == "UA-14"
    assert got["Bakhmutske"]["name"] == "Bakhmutske" and got["Bakhmutske"]["precision"] == 2
    assert got["Bakhmutske"]["admin1"] == "UA-14"
    assert got["Pravdyne"]["admin1"] == "UA-65" and got["Pravdyne"]["geonameid"] is None


def test_isw_city_is_the_big_city_and_a_far_namesake_is_located_by_its_paragraph():
    """"Mykolaiv City" is Mykolaiv, not a Mykolaivka near the other places; a village whose only
    gazetteer namesake lies far from every place of its paragraph is that paragraph's village."""
    from frontwire import geo

    text = ("Fighting continued near Donetsk, Bakhmut and Siversk. Russian forces struck Mykolaiv City.\n"
            "Russian forces shelled Avdiivka and Donetsk City and attacked Marinka. "
            "A DNR official claimed that fighting is ongoing near Pisky.")
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Mykolaiv City"]["geonameid"] == 700569
    assert got["Pisky"]["admin1"] == "UA-14" and got["Pisky"]["geonameid"] is None


def test_a_dropped_namesake_is_dropped_for_every_mention_and_a_border_locates_no_village():
    """One sense per discourse for a namesake dropped as too far from its sentence's places, and a village
    the gazetteer lacks is not put in the region of an 'X-Y Oblast border' its sentence names."""
    from frontwire import geo

    text = ("Ukrainian forces repelled a Russian assault on Pisky from Donetsk City and Avdiivka. Russian troops were "
            "filmed on the southern outskirts of Pisky.\n"
            "Some milbloggers reported that Russian airborne troops repelled Ukrainian attacks on Olhyne near Vysokopillya "
            "south of the Kherson-Dnipropetrovsk Oblast border.")
    got = [p for p in geo.parse(text)]
    assert all(p["geonameid"] is None and p["admin1"] == "UA-14" for p in got if p["text"] == "Pisky")
    olh = [p for p in got if p["text"] == "Olhyne"]
    assert olh and olh[0]["admin1"] == "UA-65"


def test_inner_list_items_of_any_shape_are_unknown_villages():
    """ISW (corpus isw/2022-08-03): names inside a list of places that the gazetteer lacks, whatever their
    ending ('Vidrozhennya, Kodema, Zaitseve, Semihirya, and Dolomytne'), are villages located by a town."""
    from frontwire import geo

    t = ("Russian forces conducted assaults around Soledar (all within 15km northeast of Bakhmut), Pokrovske (about 5km due "
         "east of Bakhmut), and Vidrozhennya, Kodema, Zaitseve, Semihirya, and Dolomytne (all within 20km southeast of "
         "Bakhumt).")
    got = {p["text"]: p for p in geo.parse(t)}
    assert {"Vidrozhennya", "Kodema", "Semihirya", "Dolomytne"} <= set(got)
    assert all(got[k]["admin1"] == "UA-14" and got[k]["geonameid"] is None for k in ("Kodema", "Semihirya"))
    assert "Russian" not in got and "Bakhumt" not in got


def test_isw_area_phrases_first_list_items_and_two_word_villages():
    """ISW (corpus isw/2022-06-11, 2022-05-12, 2022-09-12): "in the X area" is a locative; a name of any shape
    before "and <known place>" after a locative is a village; "Sukhyi Stavok" is one two-word name."""
    from frontwire import geo

    t = ("The Ukrainian General Staff reported that Russian forces replenished fuel and ammunition in the Lyman area in "
         "preparation for offensive operations toward Slovyansk and Siversk.")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Lyman"]["admin1"] == "UA-14" and got["Lyman"]["geonameid"] == 704204
    t = ("The Ukrainian General Staff stated that Russian forces are focusing on regrouping troops and firing intensively "
         "on Ukrainian positions in Pytomnyk and Ruski Tyshky (both within 20 kilometers north of the northern border "
         "Kharkiv City) to prevent a further northward advance toward the Russian border.")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Pytomnyk"]["admin1"] == "UA-63" and got["Pytomnyk"]["geonameid"] is None
    t = ("The Kakhovka Group stated that Ukrainian troops have liberated 13 settlements, including Vysokopillya, "
         "Novovoznesenske, Bilohirka, Sukhyi Stavok, and Myrolubivka.")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Sukhyi Stavok"]["admin1"] == "UA-65" and "Sukhyi" not in got


def test_a_village_of_a_sentence_naming_no_town_is_placed_by_its_paragraph():
    """ISW (corpus isw/2022-09-16): a village the gazetteer lacks, in a sentence naming no other place, is
    located by its paragraph's towns -- not by an oblast the paragraph names in passing."""
    from frontwire import geo

    t = ("Russian forces conducted limited ground attacks across the Eastern Axis and continued routine fire along the "
         "line of contact on September 16.[46] The Ukrainian General Staff reported that Ukrainian forces repelled "
         "Russian ground assaults directly on Bakhmut and south of that city, against Avdiivka, and southwest of "
         "Donetsk City.[47] Ukrainian Donetsk Oblast Head Pavlo Kyrylenko stated that Russian forces used S-300 "
         "anti-air systems in a ground-attack role to strike Selydove, likely to cut Ukrainian logistics lines between "
         "southern Donetsk Oblast and central Ukraine.[48] Russian forces have previously used air defense systems to "
         "strike ground targets in southern Ukraine and Kharkiv Oblast but have not previously done so extensively in "
         "the east, indicating further Russian deficiencies in precision fire munitions. Geolocated footage shows "
         "Russian forces striking Ukrainian positions east of Spirne on an unspecified date.[49]")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Spirne"]["admin1"] == "UA-14" and got["Spirne"]["geonameid"] is None


def test_namesakes_prefer_the_places_of_their_sentence():
    """ISW (corpus isw/2022-09-14): 'Blahodatne' next to Posad-Pokrovske and Kherson City is Kherson Oblast's."""
    from frontwire import geo

    t = ("Russian milbloggers claimed that Ukrainian forces have adopted defensive measures near Posad-Pokrovske (about "
         "30km northwest of Kherson City) and are conducting probing operations by firing at Russian defenses in "
         "Blahodatne and Barvinok (just south of Posad-Pokrovske).")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Blahodatne"]["admin1"] == "UA-65"


def test_a_misspelled_village_resolves_to_the_nearby_place_of_that_name():
    """ISW (corpus isw/2022-06-16, 2022-07-01): a name missing from the gazetteer that is one letter off the
    name of a place near the sentence's other places is that place ("Syvrotyne" beside Metolkine and
    Severodonetsk is Syrotyne); the span keeps the text's spelling. A village whose name is one letter off a
    different village's ("Klynove", not Luhansk Oblast's Kalynove) and other capitalised words are not resolved so."""
    from frontwire import geo

    t = ("Russian forces likely intend to capture Metolkine and Syvrotyne, rather than strictly concentrating on "
         "Severodonetsk, to push back Ukrainian forces on the western bank of Siverskyi Donets.")
    got = {p["text"]: p for p in geo.parse(t)}
    p = got["Syvrotyne"]
    assert p["geonameid"] == 693755 and p["name"] == "Syrotyne" and p["admin1"] == "UA-09"
    assert t[p["start"]:p["end"]] == "Syvrotyne"
    t = ("The Ukrainian General Staff reported that Russian forces unsuccessfully attempted to improve their tactical "
         "positions to support the advance towards Pokrovske and launched airstrikes on Pokrovske and Klynove, and "
         "Rybar claimed that Wagner Group fighters were advancing near Bakhmut.")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Klynove"]["geonameid"] is None and got["Klynove"]["name"] != "Kalynove"
    assert "Rybar" not in got and "Wagner" not in got
    assert all(t[p["start"]:p["end"]] == p["text"] for p in got.values())


def test_two_word_names_the_gazetteer_splits():
    """ISW style: an adjective that opens Ukrainian settlement names joins the next word into one name even when the
    gazetteer knows only the second word ("Velyka Kostroma" is no Kostroma, the Russian city); a head written once for
    two villages ("Ruski and Cherkasy Tyshky") gives each its full name, the second found through its spelling."""
    from frontwire import geo

    t = "Ukrainian forces repelled Russian advances toward Velyka Kostroma and Kryvyi Rih."
    got = {p["text"]: p for p in geo.parse(t)}
    assert "Kostroma" not in got and "Velyka Kostroma" in got
    assert got["Velyka Kostroma"]["admin1"] == "UA-12"  # placed by Kryvyi Rih, not at a namesake
    t = "Russian forces shelled Tsyrkuny, Ruski and Cherkasy Tyshky, and Staryi Saltiv northeast of Kharkiv City."
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Ruski"]["name"] == "Ruski Tyshky" and got["Ruski"]["admin1"] == "UA-63"
    assert got["Cherkasy Tyshky"]["name"] == "Cherkaski Tyshky"
    assert all(t[p["start"]:p["end"]] == p["text"] for p in got.values())


def test_one_distance_per_listed_village_and_regions_take_no_distance():
    """ISW style: "A and B, 35 and 25 km southeast of Izyum, respectively" gives each village its own distance, so a
    village missing from the gazetteer is placed by Izyum (Kharkiv Oblast), not by the other village of the list; in
    "X in Kharkiv Oblast (20km northwest of Svatove)" the distance is the village's, and the oblast stays an oblast."""
    from frontwire import geo

    t = ("The Ukrainian General Staff reported that Russian troops failed in ground assaults on Bohorodychne and Dovhenke, "
         "35 and 25 km southeast of Izyum, respectively.")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Dovhenke"]["geonameid"] is None and got["Dovhenke"]["admin1"] == "UA-63"
    assert got["Bohorodychne"]["geonameid"] == 711885
    t = "Russian sources claimed that Ukrainian forces attacked near Pishchane in Kharkiv Oblast (25km northwest of Svatove)."
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Kharkiv Oblast"]["name"] == "Kharkiv Oblast" and got["Kharkiv Oblast"]["precision"] == 3


def test_a_hromada_is_its_town(pipeline):
    """ISW style: "Kutsurub Hromada" (spaCy reads a person) is the municipality of Kutsurub, Mykolaiv Oblast."""
    t = "Ukrainian sources stated that Russian forces fired on Kutsurub Hromada, Mykolaiv Oblast, overnight."
    st = places_of(pipeline, t)
    got = {p["text"]: p for p in st.places}
    assert got["Kutsurub"]["admin1"] == "UA-48" and got["Kutsurub"]["geonameid"] == 703520


def test_close_namesakes_anchor_and_unique_two_word_names_stay():
    """ISW style: Zatoka's two gazetteer entries lie a few km apart, so it anchors the misspelled "Sanzheika"
    (Sanzhiika, Odesa Oblast); a village after "the settlements of" missing from the gazetteer is placed by the oblast
    its sentence names; "Velyka Novosilka", held once by the gazetteer, is not dropped as a namesake because the
    sentence also names Kyiv."""
    from frontwire import geo

    t = "Russian warships shelled the coastal settlements of Lebedivka, Sanzheika, and Zatoka in Odesa Oblast on March 18."
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Sanzheika"]["geonameid"] == 694828
    assert got["Lebedivka"]["geonameid"] is None and got["Lebedivka"]["admin1"] == "UA-51"
    t = "Russian forces continued an offensive toward Velyka Novosilka, while attacks near Kyiv stalled."
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Velyka Novosilka"]["geonameid"] == 690237


def test_listed_namesakes_do_not_vouch_for_each_other():
    """ISW style: "Mikhaylovka" north of Mariupol (the paragraph names Donetsk Oblast) is not Zaporizhia Oblast's
    Mykhaylivka, 180 km away, just because another village of its list has a namesake there too."""
    from frontwire import geo

    t = ("Russian forces advanced north of Mariupol in Donetsk Oblast and toward Velyka Novosilka on March 18. The Russian "
         "MoD claimed that DNR forces captured Vasilevka and Mikhaylovka on March 18.")
    got = {p["text"]: p for p in geo.parse(t)}
    assert got["Mikhaylovka"]["admin1"] == "UA-14" and got["Vasilevka"]["admin1"] == "UA-14"


def test_names_listed_before_rivers_are_no_places():
    # constructed in ISW's style: "over the Dnipro and Inhulets rivers" names two rivers, not the city of Dnipro or the village of
    # Inhulets; "the Dnipro River" stays the river's area record
    from frontwire.doc import Story
    from frontwire.pipeline import Pipeline

    st = Pipeline(["nlp", "places"]).initialize()(Story(text="Ukrainian forces struck two Russian pontoon bridges over the Dnipro and "
                                                             "Inhulets rivers near Nova Kakhovka on August 7."))
    assert [p["text"] for p in st.places] == ["Nova Kakhovka"], st.places


def test_the_codifier_lists_every_ukrainian_settlement_with_an_oblast_and_a_point():
    from frontwire.places.geoparser import _villages

    v = _villages()
    assert len(v.rows) > 29_000  # (Kyiv and Sevastopol are cities of special status, not rows of an oblast)
    assert {s.oblast for s in v.rows} == {f"UA-{c:02d}" for c in (5, 7, 9, 12, 14, 18, 21, 23, 26, 32, 35, 43, 46, 48, 51,
                                                                   53, 56, 59, 61, 63, 65, 68, 71, 74, 77)}
    assert all(44 < s.lat < 53 and 22 < s.lon < 41 for s in v.rows)
    # any common romanisation finds the codifier's name: "Zeleny Hai", "Zelenyi Hai", "Zelenyy Hay"
    assert {s.name for s in v.candidates("Zeleny Hai")} == {"Zelenyi Hai"}
    assert {s.oblast for s in v.candidates("Ternovi Pody")} == {"UA-48"}
    # points are the village's own or its hromada centre's: Chernihiv Oblast's towns lie in UA-74
    koriukivka = [s for s in v.candidates("Koriukivka") if s.category == "M"]
    assert [s.oblast for s in koriukivka] == ["UA-74"] and koriukivka[0].point == "own"


def test_a_village_the_gazetteer_lacks_is_the_codifiers_village_near_the_town_that_locates_it():
    # constructed in ISW's style: Ternovi Pody, 28 km northwest of Kherson City, lies in Mykolaiv Oblast (across the
    # oblast border from the town that locates it); a village stated to lie in a region stays that region
    # (../shared/spec/events.md), whether or not the codifier knows it
    text = ("Geolocated footage shows Ukrainian forces raiding Russian positions in Ternovi Pody, approximately 28km "
            "northwest of Kherson City. Russian forces have taken control of Kotliarivka in the Kharkiv region, "
            "the defence ministry said.")
    got = {p["text"]: p for p in geo.parse(text)}
    tp = got["Ternovi Pody"]
    assert text[tp["start"]:tp["end"]] == "Ternovi Pody"
    assert (tp["admin1"], tp["precision"], tp["geonameid"], tp["source"]) == ("UA-48", 2, None, "KATOTTG")
    assert tp["name"] == "Ternovi Pody" and 46.7 < tp["lat"] < 47.2 and 32.0 < tp["lon"] < 32.7
    kt = got["Kotliarivka"]
    assert (kt["admin1"], kt["precision"]) == ("UA-63", 3) and "source" not in kt


def test_codifier_names_of_any_shape_and_namesakes_near_the_sentences_town():
    # corpus sentences in no gold set (ISW, July 20 and June 9, 2022): "Pytomnyk" has no Slavic ending the
    # recogniser knows, but the codifier holds it; "Varvarivka ... northeast of Kharkiv City" is the codifier's village
    # by Kharkiv, not the gazetteer's Poltava Oblast Varvarivka 150 km away
    text = ("Russian forces continued shelling Kharkiv City and the surrounding settlements, including Pytomnyk, "
            "Prudyanka, Petrivka, and Tsyrkuny.")
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Pytomnyk"]["admin1"] == "UA-63" and got["Pytomnyk"]["source"] == "KATOTTG"
    text = ("Russian Telegram channels additionally claimed that Russian troops re-took control of Ternova and "
            "Varvarivka, both settlements northeast of Kharkiv City near the international border.")
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Varvarivka"]["admin1"] == "UA-63" and got["Varvarivka"]["geonameid"] is None
    assert text[got["Varvarivka"]["start"]:got["Varvarivka"]["end"]] == "Varvarivka"


def test_a_village_written_with_the_russian_o_for_the_ukrainian_i_is_the_codifiers_village():
    # ISW, July 22, 2022 (no gold set holds it): "Dibrovne" is the codifier's Дібрівне (Dibrivne) of Izium Raion, in
    # Kharkiv Oblast by the Donetsk Oblast villages it is listed with, not a point by Slovyansk in Donetsk Oblast
    text = ("The Ukrainian General Staff reported that Russian forces shelled Dolyna, Dibrovne, Bohorodychne, Adamivka, "
            "Mykilske, Kurulka, Mazanivka, and Krestychne, all to the northwest of Slovyansk.")
    got = {p["text"]: p for p in geo.parse(text)}
    d = got["Dibrovne"]
    assert text[d["start"]:d["end"]] == "Dibrovne"
    assert (d["admin1"], d["geonameid"], d["source"]) == ("UA-63", None, "KATOTTG"), d
    assert got["Dolyna"]["admin1"] == got["Bohorodychne"]["admin1"] == "UA-14"


def test_a_second_mention_of_a_name_does_not_vouch_for_a_far_namesake():
    # constructed in ISW's style: the two mentions of Hrushivka do not keep each other at the gazetteer's Dnipropetrovsk
    # Oblast Hrushivka, 300 km from Kupyansk; the village by Kupyansk is the codifier's
    text = "Ukrainian forces advanced toward Hrushivka near Kupyansk, and Russian sources reported fighting near Hrushivka."
    got = [p for p in geo.parse(text) if p["text"] == "Hrushivka"]
    assert len(got) == 2 and {p["admin1"] for p in got} == {"UA-63"}, got


def test_listed_names_under_a_spacy_org_and_short_names_with_a_distance_are_places(pipeline):
    # constructed in ISW's style (heldout17-prompted): spaCy reads "Krasnopillya, Dibrovne" as one ORG, which says
    # nothing against a listed village; "Udy (30km ...)" is short like an acronym, but a distance after it says a settlement
    text = ("Russian forces continued artillery strikes along the Izyum-Slovyansk line in Ukraine and hit Bohorodychne, "
            "Dovhenke, Krasnopillya, Dibrovne, and Kramatorsk.")
    got = {p["text"]: p for p in places_of(pipeline, text).places}
    assert got["Krasnopillya"]["admin1"] == "UA-14", got
    text = ("Russian sources claimed that Russian troops entered Udy (30km northwest of Kharkiv City) in Kharkiv Oblast "
            "on July 30.")
    got = {p["text"]: p for p in places_of(pipeline, text).places}
    assert got["Udy"]["admin1"] == "UA-63" and got["Udy"]["geonameid"] is not None, got


def test_both_names_of_a_village_pair_line_are_places(pipeline):
    # constructed in ISW's style (heldout17-prompted): "the X-Y line" names two settlements, like "the X-Y area"
    text = "Russian forces conducted ground attacks east of Siversk along the Hryhorivka-Spirne line in Ukraine."
    got = {p["text"]: p for p in places_of(pipeline, text).places}
    assert {"Hryhorivka", "Spirne"} <= set(got), got
    assert got["Hryhorivka"]["admin1"] == got["Spirne"]["admin1"] == "UA-14", got


def test_a_two_word_village_of_the_codifier_spacy_calls_a_person_is_a_place(pipeline):
    # constructed in ISW's style (heldout14-prompted, another village): spaCy reads "Fedorivka Druha" as a PERSON and the
    # gazetteer knows only namesakes of "Fedorivka"; the codifier holds the pair, by Soledar
    text = ("The Ukrainian General Staff reported that Ukrainian forces repelled Russian assaults near Yakovlivka, "
            "Fedorivka Druha, and Soledar, all within 15km northeast of Bakhmut.")
    got = {p["text"]: p for p in places_of(pipeline, text).places}
    fd = got["Fedorivka Druha"]
    assert text[fd["start"]:fd["end"]] == "Fedorivka Druha"
    assert (fd["admin1"], fd["source"]) == ("UA-14", "KATOTTG"), got


def test_a_list_of_villages_is_placed_together_by_the_codifier():
    # ISW, June 23, 2022 (in no gold set): "assaults near the Donetsk-Zaporizhia Oblast administrative border around
    # Shevchenko, Vremivka, Novosilka, and Neskuchne" names no town to place the villages by; the codifier holds the
    # four together in one hromada (Velyka Novosilka's), and only there
    needs_shared()
    from frontwire.ingest import read_path

    story = read_path(str(SHARED / "corpus" / "isw" / "2022-06-23.html"))[0]
    at = story.text.index("around Shevchenko, Vremivka")
    got = {p["text"]: p for p in geo.parse(story.text) if at < p["start"] < at + 80}
    for name in ("Shevchenko", "Vremivka", "Novosilka", "Neskuchne"):
        assert got[name]["admin1"] == "UA-14" and got[name]["source"] == "KATOTTG", got[name]
        assert story.text[got[name]["start"]:got[name]["end"]] == name


def test_a_list_placed_by_the_codifier_keeps_a_town_the_gazetteer_holds():
    # constructed in ISW's style (heldout18-prompted): the codifier places the list "around Novomykhailivka, Avdiivka,
    # Opytne, and Kamianka" together, and its Avdiivka is the gazetteer's Avdiyivka (a loose spelling): that entry stays
    text = ("Russian forces conducted failed ground assaults on June 30 around Novomykhailivka, Avdiivka, Opytne, and Kamianka "
            "in the Donetsk City area.")
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Avdiivka"]["geonameid"] == 713122 and got["Avdiivka"].get("source") != "KATOTTG", got["Avdiivka"]
    assert got["Kamianka"]["admin1"] == "UA-14", got["Kamianka"]


def test_a_parenthesis_naming_another_oblast_moves_a_namesake(pipeline):
    # constructed in ISW's style (heldout16-prompted): not Luhansk Oblast's town of Rubizhne, and the negated oblast
    # locates no village of the sentence
    text = "Russian forces conducted unsuccessful assaults on Rubizhne (in Kharkiv, not Luhansk Oblast) and Bairak on June 30."
    got = {p["text"]: p for p in places_of(pipeline, text).places}
    assert got["Rubizhne"]["admin1"] == "UA-63" and got["Rubizhne"]["geonameid"] is None, got["Rubizhne"]


def test_a_former_name_and_a_loose_two_word_spelling_are_the_codifiers_villages(pipeline):
    # constructed in ISW's style (heldout28-prompted): "Kostromka" is an alternate (former) name of Velyka Dolyna in
    # Dnipropetrovsk Oblast, but the codifier's Kostromka lies in Kherson Oblast, where the paragraph's town does;
    # "Sukhy Stavok" is the codifier's Sukhyi Stavok, though "Sukhy" has no Ukrainian ending of its own
    text = ("Ukrainian forces struck Russian positions in Beryslav on July 4. The Ukrainian General Staff reported Russian "
            "airstrikes on Kostromka and Sukhy Stavok on July 4.")
    got = {p["text"]: p for p in places_of(pipeline, text).places}
    assert (got["Kostromka"]["name"], got["Kostromka"]["admin1"], got["Kostromka"]["source"]) == ("Kostromka", "UA-65", "KATOTTG"), got
    sk = got["Sukhy Stavok"]
    assert text[sk["start"]:sk["end"]] == "Sukhy Stavok"
    assert (sk["name"], sk["admin1"], sk["source"]) == ("Sukhyi Stavok", "UA-65", "KATOTTG"), sk


def test_a_town_after_the_capture_of_is_a_place(pipeline):
    # spaCy reads "Rubizhne" as a PERSON; "the capture of" says a place
    got = {p["text"] for p in places_of(pipeline, "Russian troops are focused on the capture of Rubizhne and Popasna.").places}
    assert {"Rubizhne", "Popasna"} <= got, got


def test_namesakes_about_as_near_a_town_go_by_the_other_village_of_the_sentence():
    # constructed in ISW's style (heldout41-prompted): the codifier's Ukrainka of Dnipropetrovsk Oblast lies 24 km from
    # Vysokopillya, Kherson Oblast's 26 km; the sentence's Bilyaivka is Kherson Oblast's, in the same hromada as the
    # latter. A later "Ukrainka" of the paragraph is the same village, and so places the village told north of it
    text = ("Ukrainian forces continued counteroffensive operations in northern Kherson Oblast. Ukrainian officials said "
            "Russian troops shelled Ukrainka and struck Bilyaivka with aircraft, both southeast of Vysokopillya. Russian "
            "sources claimed strikes on Veremiivka, just north of Ukrainka and Bilyaivka.")
    got = [(p["text"], p["admin1"]) for p in geo.parse(text)]
    assert [a for t, a in got if t == "Ukrainka"] == ["UA-65", "UA-65"], got
    assert ("Veremiivka", "UA-65") in got, got


def test_a_side_told_after_a_pair_of_villages_holds_for_both():
    # constructed in ISW's style (heldout41-prompted): "X and Y, 40km east of Brovary": X is no namesake west of
    # Brovary (Kyiv City's Lukyanivka district), but a village of Kyiv Oblast east of it
    got = {p["text"]: p for p in geo.parse("Ukrainian forces liberated Lukyanivka and Rudnytske, 40km east of Brovary.")}
    assert got["Lukyanivka"]["admin1"] == "UA-32" and got["Lukyanivka"]["lon"] > 31.0, got["Lukyanivka"]


def test_villages_after_part_of_reached_and_a_placed_list_peer_are_recognised():
    # ISW, July 1, 2022 (heldout41, after its blind scoring): "attacked Topolivka, the northern part of Vovchoyarivka, and
    # Maloryazantseve", "reached Novodruzhensk", "launched airstrikes on Pokrovske and Klynove" (Klynove placed by
    # the town that places Pokrovske: the paragraph's towns lie in two oblasts)
    needs_shared()
    from frontwire.ingest import read_path

    story = read_path(str(SHARED / "corpus" / "isw" / "2022-07-01.html"))[0]
    got = {p["text"]: p for p in geo.parse(story.text)}
    for name, a1 in (("Vovchoyarivka", "UA-09"), ("Maloryazantseve", "UA-09"), ("Novodruzhensk", "UA-09"), ("Klynove", "UA-14")):
        assert name in got and got[name]["admin1"] == a1, (name, got.get(name))
        assert story.text[got[name]["start"]:got[name]["end"]] == name


def test_two_oblasts_under_one_singular_noun():
    # ISW writes "in Kherson and Zaporizhia Oblast" for two oblasts: the first name is its oblast too, and the villages
    # listed after them lie in it
    got = {p["text"]: p for p in geo.parse("Russian forces destroyed several bridges in Chernihiv and Sumy Oblast, "
                                           "including in Stara Rudnya and Konotop.")}
    assert got["Chernihiv"]["feature"] == "region" and got["Chernihiv"]["admin1"] == "UA-74", got["Chernihiv"]
    assert got["Konotop"]["admin1"] == "UA-59", got["Konotop"]


@pytest.mark.parametrize("text,want", [
    # constructed in ISW's style (heldout42-prompted, and the gold sets' recurring Mykolaivka by Popasna): a small town of
    # the gazetteer listed with villages far from it is the codifier's namesake by them
    ("Russian forces continued assaults on Nyrkove and Mykolaivka on June 20.", "UA-09"),
    # (listed with a village by it, the town stays: Donetsk Oblast's Mykolaivka by Raihorodok)
    ("Ukrainian forces repelled assaults on Mykolaivka and Raihorodok north of Slovyansk.", "UA-14"),
])
def test_a_small_town_listed_with_far_villages_is_their_namesake(text, want):
    got = {p["text"]: p for p in geo.parse(text)}
    assert got["Mykolaivka"]["admin1"] == want, got["Mykolaivka"]
    assert text[got["Mykolaivka"]["start"]:got["Mykolaivka"]["end"]] == "Mykolaivka"


def test_a_chain_of_villages_after_directions_of_is_each_village():
    # heldout43-prompted: "in the directions of A-B-C-D" names four villages, not one hyphenated name (nor none)
    text = ("Russian forces continued offensive operations southeast of Izyum. The Ukrainian General Staff reported that "
            "Ukrainian forces repelled Russian assaults in the directions of Dovhenke-Krasnopillya-Pasika-Dolyna.")
    got = [p["text"] for p in geo.parse(text)]
    assert got[-4:] == ["Dovhenke", "Krasnopillya", "Pasika", "Dolyna"], got
    # (one hyphenated name after "direction of" stays one: "Orikhovo-Vasylivka")
    got = [p["text"] for p in geo.parse("Russian forces attacked in the direction of Orikhovo-Vasylivka, north of Bakhmut.")]
    assert "Orikhovo" not in got and "Vasylivka" not in got, got


def test_a_city_named_with_city_is_the_city_not_a_village_namesake():
    # heldout43-prompted: "Zaporizhia City" (an alternate spelling and two words) far from the sentence's Donetsk Oblast
    # towns is still Zaporizhzhia, not a village of that name by them
    text = ("Russian forces continue their efforts to reach Zaporizhia City and Slovyansk from Donetsk Oblast. The Ukrainian "
            "General Staff reported that Russian forces conducted an unsuccessful assault southwest of Donetsk City, likely "
            "to secure the N15 highway to Zaporizhia City.")
    got = [(p["text"], p["geonameid"]) for p in geo.parse(text) if p["text"] == "Zaporizhia City"]
    assert got == [("Zaporizhia City", 687700)] * 2, got
