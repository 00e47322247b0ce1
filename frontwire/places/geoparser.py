"""Geoparser: recognise toponyms in a story and resolve them to GeoNames, offline.

Recognition looks every capitalised word sequence up in the gazetteer (all spellings:
Ukrainian and Russian romanisations and their mixes, renamed places, Cyrillic), adds
"X region/oblast" phrases, "the settlement of X" (even for a settlement the gazetteer
lacks) and "the Ukrainian capital", and then weighs the evidence for each match: the
spaCy entity label, a locative context ("in", "near", "the town of"), the size of the
place, whether the word is a common English word, and the traps of news text:

* metonyms -- a capital or country as an actor ("Kyiv said", "Moscow denies",
  "the Kyiv regime", "Kiev is still seeking ...") -- are kept as mentions with role
  ``metonym`` but not put in ``story.places``;
* organisation names ("Kyiv Independent", "Moscow Times") and person names that are
  also places ("Paris Hilton") are dropped;
* adjectives ("Ukrainian") are not places (they are resolved only when given as gold spans).

Resolution scores every candidate entry of every mention with the context of the whole
story: an explicit region in the sentence ("Zarechnoye in the Zaporozhye Region",
"Paris, Texas"), the countries and regions the story is about, population, proximity to
the other places and how close the spelling is to the entry's own name.  When the
sentence states the region and no candidate lies in it, the mention resolves to the
region at precision 3 -- never to a same-named village elsewhere.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..doc import Story
from ..pipeline import component
from . import names as N
from .gazetteer import ADMIN1, AREA, CONTINENT, COUNTRY, PLACE, Entry, Gazetteer, haversine
from .settlements import Settlement, UASettlements

DATA = Path(__file__).resolve().parent / "data"
#: smallest settlement a Polish-spelled name may resolve to (see ``Gazetteer.polish_ids``)
POLISH_MIN_POPULATION = 10_000

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.U)
_POSS = re.compile(r"['’]s$|s['’]$")
#: word lists (data/geoparser_words.json): see each list's "_doc" there
_WORDS = {k: frozenset(v["words"]) for k, v in json.loads((DATA / "geoparser_words.json").read_text(encoding="utf-8")).items()
          if k != "_doc"}
CONNECTORS = _WORDS["connectors"]
REGION_WORDS = _WORDS["region_words"]
LOCATIVE = _WORDS["locative"]
#: a city that is a first-level region of its own, and the region around it, where the villages near it lie
CITY_REGION_SURROUNDS = {"UA-30": "UA-32"}
SETTLEMENT_NOUNS = _WORDS["settlement_nouns"]
ACTOR_NOUNS = _WORDS["actor_nouns"]
AGENT_VERBS = _WORDS["agent_verbs"]
MODIFIED_NOUNS = _WORDS["modified_nouns"]
GOV_SEATS = _WORDS["gov_seats"]
OBJECT_ACTOR_VERBS = _WORDS["object_actor_verbs"]
TITLES_AFTER = _WORDS["titles_after"]
#: a side that closes a group of listed places: "near Vyimka and Krasna Hora to the north and Mayorsk, Zaitseve, and Odradivka"
_GROUP_SIDE = r"(?:\s+to\s+the\s+(?:north|south|east|west)(?:east|west)?)?"
_LOCATIVE_LIST = re.compile(r"\b(?:in|near|at|against|around|toward|towards|outside|of|on|over|captured|recaptured|liberated|"
                            r"took|retook|seized|occupied|shelled|struck|attacked|entered|reached|surrounded|encircled|"
                            r"taking|capturing|seizing|storming|attacking|shelling|capture|recapture|liberate|retake|seize|storm|encircle|"
                            r"recapturing|liberating|retaking)\s+(?:[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?"
                            + _GROUP_SIDE +  # (an item may close a group by its side)
                            r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){1,10}$")
#: a later item of a list whose items carry their own qualifiers between semicolons, after a locative: "attacks against
#: Vesele, just northeast of Soledar; Zaitseve and Kurdyumivka, south of Bakhmut; and Bakhmutske", "struck facilities in
#: Zaporizhzhia City, Zaporizhia Oblast; Synelnykove Raion, Dnipropetrovsk Oblast; and Shevchenkove and Ochakiv"
_LOCATIVE_SEMI_LIST = re.compile(r"\b(?:in|near|at|against|around|toward|towards|on|captured|recaptured|liberated|took|retook|seized|"
                                 r"shelled|struck|attacked)\s+[A-Z][^;.]{0,80}(?:;\s*(?:and\s+)?[A-Z][^;.]{0,80}){0,4};\s*(?:and\s+)?"
                                 r"(?:[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){0,4}$")
_PAREN = re.compile(r"\s*\([^()\n]{1,80}\)")
#: a ship named after a town: "sank the landing ship Saratov", "damaged the Caesar Kuniko and Novocherkassk landing ships"
_VESSEL_BEFORE = re.compile(r"\b(?:ship|cruiser|frigate|corvette|vessel|submarine|flagship|tug|tanker)\s+(?:the\s+)?$", re.I)
_VESSEL_AFTER = re.compile(r"\s+(?:(?:landing|patrol|missile|command|supply)\s+)?(?:ship|ships|cruiser|frigate|corvette|vessel|vessels|submarine|tug)\b")
#: "withdrawn from the west bank of the Dnipro": a river's name after it, not the town
_BANK_OF = re.compile(r"\bbanks?\s+of\s+(?:the\s+)?$", re.I)
#: a settlement's name followed by "River" names the river, which locates no village
_RIVER_AFTER = re.compile(r"\s+(?:[A-Z][\w’'-]+\s+)?(?-i:River)\b")
#: "over the Dnipro and Inhulets rivers": each name of a list before "rivers" names a river, no place
_RIVERS_AFTER = re.compile(r"(?:\s*,\s*(?:and\s+)?[A-Z][\w’'-]+)*\s*,?\s+(?:and|or)\s+[A-Z][\w’'-]+\s+(?-i:rivers)\b|\s+(?-i:rivers)\b")


#: a raion named after its town, after the town's name ("Bersylav district", "the Berislav and Khersonskyi districts")
_RAION_AFTER = re.compile(r"(?:\s+and\s+[A-Z][\w’'-]+)?\s+(?:[Dd]istricts?|[Rr]aions?|[Rr]ayons?)\b")
#: a raion named by the adjective of its centre ("Dzhankoiskyi District", "the Berislav and Khersonskyi districts")
_ADJECTIVE_END = r"(?:skyi|skyy|skiy|kyi)"  # the ending of a raion's adjective ("Khersonskyi", "Zaporizkyi")
_RAION_ADJECTIVE = re.compile(r"\b[A-Z][\w’'-]*?" + _ADJECTIVE_END + r"\b(?=" + _RAION_AFTER.pattern + ")")
#: a possessive before a list of names ("Kharkiv City’s Industrialny and"): the names are the city's districts
_CITY_POSSESSIVE = re.compile(r"[’']s\s+(?:[A-Z][\w’'-]+(?:,\s*(?:and\s+)?|\s+and\s+))*$")
_NEAR = re.compile(
    r"\b(?:near|nearby|outside|around|close to|outskirts of|suburbs? of|vicinity of|approaches to|direction of|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?:\s+outskirts)? of|"
    r"\d+(?:[.,]\d+)?\s*(?:km|kilometres|kilometers|miles|mi)\s+(?:\w+\s+)?(?:from|of|outside))\s+(?:the\s+)?"
    r"(?:(?:town|city|village|settlement) of\s+)?$", re.I)


#: between a place and the place that locates it: ", about 40 kilometers west of"
_DISTANCE_FROM = re.compile(
    r",?\s*\(?(?:(?:about|roughly|some|around|approximately|nearly|just|over|under|less than|more than|only)\s+)?"
    r"(\d+(?:[.,]\d+)?)\s*(km|kilometres|kilometers|miles|mi)\s+(?:to the\s+)?(?:due\s+)?"
    r"(?:(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+)?"
    r"(?:of|from|outside)\s+(?:the\s+)?(?:(?:town|city|village|settlement)\s+of\s+)?(?:central\s+|downtown\s+)?", re.I)

#: "Voznesensk, which is northwest of Mykolayiv", "Brazhivka (just south of Izyum": a side of a town with no distance
_BEARING_FROM = re.compile(
    r"(?:,\s*(?:which|that)\s+(?:is|lies)\s+(?:located\s+|situated\s+)?(?:just\s+|directly\s+|immediately\s+)?|\s*\(\s*(?:just\s+|directly\s+|immediately\s+)?"
    r"|,\s*(?:just|directly|immediately)\s+)"  # (", just west of Kherson")
    r"(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?"
    r"\s+of\s+(?:the\s+)?(?:(?:town|city|village|settlement)\s+of\s+)?", re.I)


def _locative_name_rx(name: str) -> re.Pattern:
    """A name after a locative preposition ("in/near/toward X") or before its distance from a place ("X, about 28km
    northwest of"): written so anywhere in a story, a name spaCy calls a person elsewhere is a place."""
    n = re.escape(name)
    return re.compile(rf"\b(?:in|near|toward|towards|around|outside|vicinity\s+of|outskirts\s+of)\s+{n}\b"
                      rf"|\b{n},?\s+\(?(?:about|roughly|some|around|approximately|nearly|just)?\s*\d+(?:[.,]\d+)?\s*(?:km|kilomet)")


_SLAVIC_SHAPE = re.compile(
    r"(?:ivka|ovka|evka|yivka|ivske|ivsk|iivka|ske|sk|ove|eve|yve|yne|ine|ne|ka|hrad|horod|grad|pil|ino|evo|ovo|oye|oe|"
    r"ivtsi|intsi|ychi|ivka|yi|iv|ets|ky|nyi|ia|yna|je|nke)$")


#: "the Kharkiv Oblast border", "the Zaporizhia administrative border": a region named for its border
_BORDER_AFTER = re.compile(r"(?:-[A-Z][\w’'-]+(?:\s+[Oo]blasts?)?)?\s+(?:administrative\s+)?(?i:border)")  # (also "Kharkiv-Donetsk Oblast border")
#: a facility named after a place ("Vuhlehirska Power Station", "the Zaporizhzhia Thermal Power Plant"): the name of
#: a site, not a settlement, when the name is not in the gazetteer
_FACILITY_AFTER = re.compile(r"\s+(?:[A-Z][\w’'-]+\s+)?(?-i:Power|Thermal|Hydroelectric|Nuclear|Plant|Station|Factory|Works|Refinery|Mine)\b")
_AREA_AFTER = re.compile(r"(?:,\s+[A-Z][\w’'-]+\s+Oblast,)?\s+(?:area|areas|pocket|direction|directions|outskirts|vicinity|sector|salient|bridgehead|environs)\b")

#: "Bohorodychne and Dovhenke, 35 and 25 km southeast of Izyum, respectively": one distance per listed place
_DISTANCES_FROM = re.compile(
    r",?\s*\(?(?:(?:about|roughly|some|around|approximately|nearly)\s+)?"
    r"(\d+(?:[.,]\d+)?(?:(?:\s*,\s*|\s*,?\s*and\s+)\d+(?:[.,]\d+)?)+)\s*(km|kilometres|kilometers|miles|mi)\s+(?:to the\s+)?"
    r"(?:(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+)?"
    r"(?:of|from|outside)\s+(?:the\s+)?(?:(?:town|city|village|settlement)\s+of\s+)?", re.I)
_LIST_SEP = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
#: a region listed after a place as another place: "west of Hulyaipole, and in Dnipropetrovsk ..." (the conjunction
#: needed: "Hulyaipole, Zaporizhia Oblast" locates it), then the list's later regions ("..., Mykolaiv, and Odesa oblasts")
_LOC_PREP = r"(?:(?:in|on|across|over|throughout)\s+)?(?:the\s+)?"
_BESIDE_FIRST = re.compile(r"\s*,?\s*(?:and|or)\s+" + _LOC_PREP)
_LIST_SEP_LOC = re.compile(r"(?:" + _LIST_SEP.pattern + r")" + _LOC_PREP)
#: what may separate a village from the place listed before it: a list separator, after a closing parenthesis or a
#: side that closes a group
_AFTER_LISTED = re.compile(r"\)?" + _GROUP_SIDE + "(?:" + _LIST_SEP.pattern + ")")
#: "the city of ", "the cities of Uman, " before a name: a settlement, not the region named alike
_SETTLEMENT_LIST_BEFORE = re.compile(r"\b(?:city|cities|town|towns)\s+of\s+(?:[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?(?:,\s*(?:and\s+)?|\s+and\s+))*$")


def _area_of(text: str, before: str, end: int) -> bool:
    """A name between a locative plus "the" and an area word: "strikes in the Chornobaivka area",
    "gains in the Sukhyi Stavok pocket", "toward the Bakhmut direction", "an assault in the Bilohirka, Kherson Oblast, area"."""
    if re.search(r"\b(?:in|near|around|toward|towards|into|on|at|from|within|throughout|along)\s+the\s+$", before):
        return bool(_AREA_AFTER.match(text, end) or _AREAS_PAIR_AFTER.match(text, end) or _PAIR_AREA.match(text, end))
    # the second of a pair: "in the Bakhmut and Avdiivka areas"
    return bool(re.search(r"\b(?:in|near|around|toward|towards|into|on|at|from|within|throughout)\s+the\s+[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?\s+(?:and|or)\s+$",
                          before) and re.match(r"\s+(?:areas|directions|axes|sectors)\b", text[end:end + 20]))


#: "the Soledar-Bakhmutske area", "the Davydiv Brid-Sukhyi Stavok area": a hyphen and the second of two places naming an area
#: (and the first of two such pairs: "in the Mala Seidemynukha-Andriivka and Davydiv Brid-Bilohirka directions")
#: (and a chain: "on the Snuhurivka-Lozove-Bila Krynytsya lines")
_PAIR_NAME = r"[A-Z][\w'’]*(?:\s[A-Z][\w'’]*)?"
_PAIR_AREA_WORD = r"\s+(?:area|areas|direction|directions|axis|axes|sector|sectors|line|lines)\b"
#: (and a list of pairs: "in the Spartak-Avdiivka, Novoselivka Druha-Krasnohorivka, and Lozove-Nevelske directions")
_PAIR_MORE = rf"(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_PAIR_NAME}-{_PAIR_NAME}){{0,4}}"
_PAIR_AREA = re.compile(rf"(?:-{_PAIR_NAME}){{1,3}}{_PAIR_MORE}{_PAIR_AREA_WORD}")
#: the places of "in the Toshkivka-Ustynivka area", "in the Mala Seidemynukha-Andriivka and Davydiv Brid-Bilohirka directions",
#: "fought in Pokrovske and the Bakhmutske-Soledar area", "fighting resumed in Ternovi Pody-Zelenyi Hai-Kyselivka line"
_PAIRS_PHRASE = re.compile(rf"\b(?:in|near|around|toward|towards|into|on|at|from|within|along|and)\s+(?:the\s+)?"
                           rf"({_PAIR_NAME}(?:-{_PAIR_NAME}){{1,3}}{_PAIR_MORE}){_PAIR_AREA_WORD}")


#: the pairs of "in the direction of Myronivka-Luhanske, Holmivskyi-Novoluhanske, and Vershyna": a list after
#: "direction(s) of" whose items are pairs of settlements, with no area word after it
#: (and a chain: "in the directions of Dovhenke-Krasnopillya-Pasika-Dolyna")
_PAIRS_AFTER_DIRECTION = re.compile(
    rf"\bdirections?\s+of\s+({_PAIR_NAME}(?:-{_PAIR_NAME}){{1,3}}(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_PAIR_NAME}(?:-{_PAIR_NAME}){{0,3}})*)")


def _pair_member(text: str, s: int, e: int, *rxs: re.Pattern) -> bool:
    """Whether [s, e) is one of the places of a "the X-Y area" or "the direction of X-Y" phrase (of ``rxs`` only, if given)."""
    window = (max(0, s - 160), min(len(text), e + 120))
    return any(m.start(1) <= s and e <= m.end(1) and re.fullmatch(r"(?:^|.*[\s-])", text[m.start(1):s], re.S)
               for rx in (rxs or (_PAIRS_PHRASE, _PAIRS_AFTER_DIRECTION)) for m in rx.finditer(text, *window))


#: the adjectival second part of one hyphenated name ("Kamianka-Dniprovska", "Pereiaslav-Khmelnytskyi")
_ADJ_END = re.compile(r"(?:sk|tsk|zk|ck)(?:a|e|yi|iy|yy|ii|i|y)$")
#: "the Bakhmut and Avdiivka areas": the first name of a pair of areas
_AREAS_PAIR_AFTER = re.compile(r"\s+(?:and|or)\s+[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?\s+(?:areas|directions|axes|sectors)\b")


def _not_a_town(text: str, o) -> bool:
    """A settlement's name that names a river here: "the Inhulets River", "near the Inhulets just south of"
    (a bare "the X" that is no "the X area"/"the X City")."""
    if re.match(r"(?:[-–][A-Z][\w’']+)?\s+(?:[Oo]blast\s+)?(?:administrative\s+)?[Bb]order", text[o.end:o.end + 60]):
        return True  # "near the Kharkiv-Luhansk border": a border locates no village
    return bool(_RIVER_AFTER.match(text, o.end) or (re.search(r"\bthe\s+$", text[max(0, o.start - 5):o.start])
                                                     and not re.match(r"\s+(?:City|Oblast|Region)\b", text[o.end:o.end + 8])
                                                     and not _AREA_AFTER.match(text, o.end) and " " not in o.text))


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the last full stop or line break)."""
    return max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends (at the next full stop or line break)."""
    return min(x for x in (text.find(".", pos), text.find("\n", pos), len(text)) if x >= 0)


#: "DNR forces", "the Luhansk People's Republic": a region name standing for the republic's forces
_REPUBLIC_AFTER = re.compile(r"\s+People[’']?s\s+Republic")
_REPUBLIC_IN = re.compile(r"\bPeople[’']?s\s+Republic\b")


def single_person_name(text, m, espan) -> bool:
    """True when the PERSON entity is the place name plus a surname-like word ("Paris Hilton")."""
    rest = text[m.end:espan[1]].split()
    return len(rest) == 1


_BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270, "northwest": 315}


#: how far (km) a town (a village) said to lie on one side of a town, with no distance ("Voznesensk, which is
#: northwest of Mykolayiv", "Izyum (southeast of Kharkiv)", "Brazhivka (south of Izyum)"), may lie from it
BEARING_ONLY_KM = 150
BEARING_ONLY_VILLAGE_KM = 60


def _fits_bearing(e, anchor, km: float | None, direction: str) -> bool:
    """Whether ``e`` lies about ``km`` from ``anchor`` (``km`` None: within ``BEARING_ONLY_KM``, a village of under
    10,000 within ``BEARING_ONLY_VILLAGE_KM``) and, if a direction is given, on that side of it."""
    d = _fast_km(e.lat, e.lon, anchor.lat, anchor.lon)
    if d > (1.5 * km + 12 if km is not None else BEARING_ONLY_KM if e.population >= 10_000 else BEARING_ONLY_VILLAGE_KM):
        return False
    direction = direction.replace("-", "")
    if direction in _BEARING and d > 5:
        dy = e.lat - anchor.lat
        dx = (e.lon - anchor.lon) * math.cos(math.radians(anchor.lat))
        bearing = math.degrees(math.atan2(dx, dy)) % 360
        diff = abs((bearing - _BEARING[direction] + 180) % 360 - 180)
        return diff <= 67.5
    return True


def _fast_km(lat1, lon1, lat2, lon2) -> float:
    """Equirectangular distance in km (accurate enough for a proximity score)."""
    dl = (lon2 - lon1 + 180.0) % 360.0 - 180.0
    x = math.radians(dl) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _lines(name: str) -> set[str]:
    return {ln.strip() for ln in (DATA / name).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}


@lru_cache(maxsize=1)
def _lexicons():
    return _lines("common_words.txt"), _lines("stopnames.txt")


@lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[str]:
    return frozenset(_lines("name_prefixes.txt"))


@lru_cache(maxsize=1)
def _facility_nouns() -> frozenset[str]:
    return frozenset(_lines("facility_nouns.txt"))


@lru_cache(maxsize=1)
def _villages() -> UASettlements:
    """Ukraine's settlements (``data/ua_settlements.tsv``), indexed by their romanisation skeleton."""
    rules = _spelling_rules()
    return UASettlements.load(lambda k: _skeleton(k, rules))


@lru_cache(maxsize=1)
def _spelling_rules() -> tuple[tuple[str, str], ...]:
    """The romanisation variants (``data/spelling_variants.tsv``) folded away before a misspelled name is compared."""
    rows = []
    for ln in (DATA / "spelling_variants.tsv").read_text(encoding="utf-8").splitlines():
        if ln.strip() and not ln.startswith("#"):
            a, b = ln.split("\t")
            rows.append((a.strip(), b.strip()))
    return tuple(rows)


_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(k: str, rules) -> str:
    """A name key with its romanisation variants folded and doubled letters collapsed
    ("bezimmene" and "bezimenne" -> "bezimene", "andriyivka" and "andriivka" -> "andrivka")."""
    for a, b in rules:
        k = k.replace(a, b)
    return _DOUBLED.sub(r"\1", k)


_VOWELS = frozenset("aeiouy")


def _osa(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment); ``limit + 1`` once it exceeds ``limit``.
    A consonant changed into another letter costs ``limit + 1``: a typo drops, doubles or swaps letters, while
    "Bilohirka" and "Bilozirka" are two villages."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            sub = 0 if x == y else (1 if x in _VOWELS and y in _VOWELS else limit + 1)
            c = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                c = min(c, prev2[j - 2] + 1)
            cur[j] = c
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    ids: list[int]
    how: str = "name"  # name | region_phrase | settlement_phrase | capital_phrase | raion_phrase | gold
    role: str = "literal"  # literal | metonym
    region_hint: bool = False  # the phrase names a region ("X region", "X, Y and Z regions")
    constraint: int | None = None  # entry index of an explicit qualifying region/country
    evidence: float = 0.0
    choice: int | None = None
    fallback: int | None = None  # region entry to use when no candidate fits the constraint
    fallback_precision: int = 3
    near: tuple | None = None  # (anchor mention, km, direction): "X, about 40 kilometers west of Y"
    village: Settlement | None = None  # the codifier's settlement for a name the gazetteer lacks
    scores: dict = field(default_factory=dict)


class GeoparserCore:
    """Recognition and resolution over plain text (the component and :mod:`frontwire.geo` share it)."""

    #: weights of the resolution score (population and kind terms are fixed; see _score)
    W_SHARE, W_ADMIN, W_PROX, W_BIG = 2.5, 2.0, 2.0, 0.0
    W_SENT, W_PARA = 1.0, 1.0

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or Gazetteer.load()
        self.common, self.stop = _lexicons()
        self.name_prefixes = _name_prefixes()
        self.facility_nouns = _facility_nouns()
        self.spelling_rules = _spelling_rules()
        self.villages = _villages()
        self._near_pool = None  # (entry indices, lat, lon) of Ukrainian/Russian places, built on first use
        self._text = None
        self.capital_ids = set()
        for cc in self.gaz.capitals:
            cap = self.gaz.capital_of(cc)
            if cap is not None:
                self.capital_ids.add(cap.idx)

    # -- tokens ---------------------------------------------------------------------
    @staticmethod
    def tokens(text: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, word, possessive) with a trailing 's/’s split off."""
        out = []
        for m in _TOKEN.finditer(text):
            s, e, w = m.start(), m.end(), m.group(0)
            poss = False
            pm = _POSS.search(w)
            if pm and len(w) > 3:
                e -= len(pm.group(0)) - (1 if pm.group(0).startswith("s") else 0)
                w = text[s:e]
                poss = True
            out.append((s, e, w, poss))
        return out

    # -- recognition ----------------------------------------------------------------------
    def recognise(self, text: str, entities=None, doc=None, keep_metonyms: bool = True) -> list[Mention]:
        toks = self.tokens(text)
        gaz = self.gaz
        mentions: list[Mention] = []
        n = len(toks)
        i = 0
        sent_starts = self._sentence_starts(text, toks, doc)
        titlecase_lines = self._titlecase_lines(text)
        self._titlecase = titlecase_lines
        pair_ok = [self._joinable(text, toks, a, a + 1) for a in range(n - 1)] + [False]
        inner_ok = [t[2][:1].isupper() or t[2].lower() in CONNECTORS or t[2].startswith(("d'", "d’", "l'", "l’"))
                    for t in toks]
        while i < n:
            s0, e0, w0, _ = toks[i]
            if not (w0[0].isupper() or w0[0] in "ЀЁЄІЇАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯҐ"):
                i += 1
                continue
            best = None
            # the longest run of tokens that may form one name (inner words capitalised or connectors)
            j_max = i
            while j_max + 1 < min(n, i + 6) and pair_ok[j_max]:
                j_max += 1
            for j in range(j_max, i - 1, -1):
                if j > i and not all(inner_ok[x] for x in range(i + 1, j)):
                    continue
                last = toks[j][2]
                if not (last[0].isupper() or last.lower() in REGION_WORDS or re.match(r"[dl]['’][A-Z]", last)):
                    continue
                if j == i and last.lower() in REGION_WORDS:
                    continue  # "Beryslav Raion": the word alone names no place (the gazetteer's "Raion" is Laion, Italy)
                span_text = text[s0:toks[j][1]]
                k = N.key(span_text)
                ids = gaz.ids_by_key(k)
                if not ids and j > i and j - i <= 2:
                    ids = self._hybrid(k)
                if not ids and j - i <= 2:
                    # Polish spelling of a town or region ("Mikołajów", "Ługańsk"); villages are
                    # too easily confused with Polish-spelled surnames ("Kadyrów")
                    ids = gaz.polish_ids(span_text, min_population=POLISH_MIN_POPULATION)
                if not ids and j > i and last in ("City", "city"):
                    # "Kherson City", "Donetsk city": the city itself
                    ids = [x for x in gaz.ids_by_key(k[: -len(" city")]) if int(gaz.kind[x]) == PLACE]
                    if ids:
                        # ISW's "Mykolaiv City" is the big city, not a village named alike nearer the front
                        top = max(int(gaz.pop[x]) for x in ids)
                        ids = [x for x in ids if int(gaz.pop[x]) >= 0.2 * top]
                if ids:
                    best = (j, ids)
                    break
            if best is None:
                i += 1
                continue
            j, ids = best
            if j > i and w0 in ("The", "the"):
                s0 = toks[i + 1][0]  # "The Kremlin" -> "Kremlin": the article is not part of the name
            end = toks[j][1]
            if text[end:end + 1] == "." and N.key(text[s0:end]) in gaz.dotted:
                end += 1  # "Ky.", "Calif.": the abbreviation's dot belongs to the name
            m = Mention(s0, end, text[s0:end], ids)
            if toks[j][2].lower() in REGION_WORDS:
                m.region_hint = True
            mentions.append(m)
            i = j + 1
        mentions += self._settlement_phrases(text, toks, mentions)
        mentions += self._adjectives(toks, mentions)
        mentions += self._capital_phrases(text, toks, mentions)
        mentions = self._raion_adjectives(text, mentions)
        mentions.sort(key=lambda m: m.start)
        self._region_lists(text, mentions)
        out = []
        ents = self._entity_index(entities)
        self._focus = self._focus_countries(mentions)
        self._person_tokens = set()
        self._text = text
        for s_, e_, lab in ents:
            if lab == "PERSON":
                ws = N.key(text[s_:e_]).split()
                if len(ws) >= 2 and self._focus and self._place_in_focus(N.key(text[s_:e_])):
                    continue  # a place of the story's countries spaCy calls a person ("Nova Kakhovka")
                if ws[-1:] in (["hromada"], ["raion"], ["rayon"]) or re.match(r"\s+(?:[Hh]romada|[Rr]aion|[Rr]ayon)\b", text[e_:e_ + 10]):
                    continue  # "Kutsurub Hromada": a municipality named after its town
                if ws[0] in self.name_prefixes:
                    continue  # "Velyka Komyshuvakha" (spaCy: PERSON): a settlement's name
                if len(ws) >= 2 and self.gaz.adjective_entry(text[s_:e_].split()[0]) is not None:
                    continue  # "Ukrainian Melitopol Mayor Ivan Fedorov" (spaCy: PERSON "Ukrainian Melitopol"): a demonym opens no name
                if len(ws) >= 2 and self._focus & {"UA"} and self.villages.candidates(text[s_:e_]):
                    continue  # "Mykolaivka Druha" (spaCy: PERSON): the name of a settlement of the codifier
                if _pair_member(text, s_, e_):
                    continue  # "in the Davydiv Brid-Bilohirka direction" (spaCy: PERSON): two settlements
                if len(ws) >= 2 and _locative_name_rx(text[s_:e_]).search(text):
                    continue  # "positions in Ternovi Pody, approximately 28km northwest of Kherson City" elsewhere in the story
                if len(ws) >= 2 and not any(w in self.common for w in ws):
                    # a common word makes it a misread phrase, not a name ("Defend Kherson")
                    self._person_tokens.update(ws)
        if self._focus & {"UA", "RU"}:
            mentions = self._compound_names(text, toks, mentions)
            unknown = self._unknown_slavic(text, toks, mentions)
            # "Ivano-Darivka": the hyphenated name is the place, not the namesake its second half matched
            mentions = sorted([m for m in mentions if not any(u.start <= m.start and m.end <= u.end for u in unknown)] + unknown,
                              key=lambda m: m.start)
        verdict = {}
        for m in mentions:
            verdict[id(m)] = self._accept(text, toks, m, ents, sent_starts, titlecase_lines) if m.how == "name" else True
        # one sense per discourse: a name accepted once is a place elsewhere in the story too
        good = {N.key(m.text) for m in mentions if verdict[id(m)] is True}
        for m in mentions:
            if verdict[id(m)] is False and N.key(m.text) in good and m.evidence >= -0.5:
                verdict[id(m)] = True
        for m in mentions:
            if verdict[id(m)] is not True or _RIVERS_AFTER.match(text, m.end) or _BANK_OF.search(text, max(0, m.start - 30), m.start) \
                    or _VESSEL_BEFORE.search(text, max(0, m.start - 30), m.start) or _VESSEL_AFTER.match(text, m.end):
                continue  # (nor "the west bank of the Dnipro": the river; nor "the landing ship Saratov", "the Novocherkassk landing ship")
            if m.role not in ("adjective", "embedded") and m.how != "unknown" and self._is_metonym(text, m, doc):
                m.role = "metonym"
                if not keep_metonyms:
                    continue
            out.append(m)
        return out

    def _place_in_focus(self, k: str) -> bool:
        """Whether the gazetteer has a settlement or region named ``k`` in a country of the story's focus."""
        ids = self.gaz.ids_by_key(k)
        return any(self.gaz.ccs[self.gaz.cc_idx[i]] in self._focus and int(self.gaz.kind[i]) in (PLACE, ADMIN1)
                   for i in ids[:200])

    def _hybrid(self, k: str) -> list[int]:
        return self.gaz.hybrid(k)

    @staticmethod
    def _joinable(text, toks, i, j) -> bool:
        for a in range(i, j):
            gap = text[toks[a][1]:toks[a + 1][0]]
            if toks[a][3]:
                if gap not in ("'s ", "’s "):  # "People's Republic" joins; "Ukraine's army" does not
                    return False
            elif gap not in (" ", "-", "‐", "–") and not (gap == ". " and toks[a][2] in ("St", "Ste", "Mt", "Ft")) and gap != ".":
                return False
            w = toks[a + 1][2]
            if a + 1 < j and not w[0].isupper() and w.lower() not in CONNECTORS and not w.startswith(("d'", "d’", "l'", "l’")):
                return False
        return True

    @staticmethod
    def _sentence_starts(text, toks, doc) -> set[int]:
        starts = set()
        prev_end = 0
        for s, e, w, _ in toks:
            gap = text[prev_end:s]
            if prev_end == 0 or re.search(r"[.!?:\n\"“”]\s*$", gap) or "\n" in gap:
                starts.add(s)
            prev_end = e
        return starts

    @staticmethod
    def _titlecase_lines(text) -> list[tuple[int, int]]:
        """Spans of lines written in Title Case (headlines), where capitals carry no evidence."""
        out = []
        pos = 0
        for line in text.split("\n"):
            words = re.findall(r"[A-Za-z][A-Za-z']*", line)
            if 3 <= len(words) <= 25:
                caps = sum(1 for w in words if w[0].isupper())
                if caps / len(words) > 0.75:
                    out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    @staticmethod
    def _entity_index(entities):
        return [(e["start"], e["end"], e.get("label")) for e in (entities or [])]

    def _entity_at(self, ents, m):
        """(label, exact, larger) of the spaCy entity overlapping the mention."""
        for s, e, lab in ents:
            if s < m.end and m.start < e:
                larger = s <= m.start and e >= m.end and (e - s) > (m.end - m.start)
                if larger and s == m.start and self._text is not None \
                        and re.match(r"(?:\s+[a-z][\w'’-]*)*\s*(?:$|[.\[(),;:])", self._text[m.end:e]):
                    # an entity running on over lowercase words or past a sentence break is spaCy's
                    # misreading ("Davydiv Brid itself", "Kharkiv City.[51]\nThe Russian"), not a longer name
                    return lab, True, False, (m.start, m.end)
                if larger and s == m.start and self._text is not None \
                        and all(w.lower() in ("raion", "raions", "rayon", "rayons", "hromada", "districts")
                                for w in self._text[m.end:e].split()):
                    return lab, True, False, (m.start, m.end)  # "Kryvyi Rih Raions": the town's districts
                return lab, (s == m.start and e == m.end), larger, (s, e)
        return None, False, False, None

    def _keep_full_names(self, m, k: str) -> bool:
        """Keep only the settlements named ``k`` in full (not by abbreviation); False (and the
        mention rejected) when there are none."""
        gaz = self.gaz
        full = [i for i in m.ids if int(gaz.kind[i]) == PLACE and N.key(gaz.names[i]) == k]
        if not full:
            m.evidence = -9
            return False
        m.ids = full
        return True

    def _accept(self, text, toks, m, ents, sent_starts, titlecase) -> bool:
        gaz = self.gaz
        kinds = {int(gaz.kind[i]) for i in m.ids}
        maxpop = max(int(gaz.pop[i]) for i in m.ids)
        k = N.key(m.text)
        words = k.split()
        single = len(words) == 1
        if gaz.demonym_country(m.text) and not m.region_hint:
            m.evidence = -9
            return None
        if k in gaz.dotted and not m.text.endswith("."):
            if not self._keep_full_names(m, k):
                return None
            kinds, maxpop = {PLACE}, max(int(gaz.pop[i]) for i in m.ids)
        if single and k in self._person_tokens and not (kinds & {COUNTRY, ADMIN1, CONTINENT}) and maxpop < 500_000:
            m.evidence = -9  # "Steele said" after "Christopher Steele"
            return None
        if k in gaz.acronyms and not m.text.replace(".", "").replace(" ", "").isupper() \
                and not (k in gaz.dotted and m.text.endswith(".")):
            # "Car" is not CAR, "Act" is not ACT: keep only the candidates named so in full
            if not self._keep_full_names(m, k):
                return None
            kinds, maxpop = {PLACE}, max(int(gaz.pop[i]) for i in m.ids)
        big = bool(kinds & {COUNTRY, CONTINENT, AREA}) or (ADMIN1 in kinds)
        words = k.split()
        single = len(words) == 1
        ev = 0.0
        if big:
            ev += 2.0
        if maxpop >= 1_000_000:
            ev += 2.0
        elif maxpop >= 100_000:
            ev += 1.5
        elif maxpop >= 20_000:
            ev += 0.8
        elif maxpop >= 3_000:
            ev += 0.3
        if m.region_hint or _RAION_AFTER.match(text, m.end):
            ev += 2.0  # (or a raion named after the place: "the Berislav and Khersonskyi districts")
        if not single:
            ev += 0.7
        label, exact, larger, espan = self._entity_at(ents, m)
        person_penalty = 0.0
        if label in ("GPE", "LOC"):
            ev += 2.0 if not larger else 1.0
        elif label == "FAC":
            ev += 0.3
        elif label == "PERSON":
            if larger and not _pair_member(text, m.start, m.end):  # (spaCy's PERSON over "Davydiv Brid-Bilohirka" before "directions": two places)
                # part of a person's name ("Paris Hilton", "Jack London"); a well-known place in a
                # title ("Manitoba Premier Brian Pallister") is kept as an embedded mention
                if (big or maxpop >= 100_000) and espan[0] == m.start and not single_person_name(text, m, espan):
                    return self._embedded(m)
                m.evidence = -9
                return None
            person_penalty = 0.5 if (big or maxpop >= 100_000) else 1.0
            if not single and words[0] in self.name_prefixes:
                person_penalty = 0.0  # "Novyi Bykiv", "Velyka Komyshuvakha": no person's name starts so
        elif label in ("ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"):
            if larger and not m.region_hint and not re.search(r"\s(?:near|outside|around|toward|towards)\s", text[espan[0]:espan[1]]) \
                    and not _pair_member(text, m.start, m.end) \
                    and not re.fullmatch(r"[A-Z][\w’'-]+ on [A-Z][\w’'-]+", text[espan[0]:espan[1]]):
                # (nor is "the Bakhmutske-Soledar area", spaCy's ORG)
                # (but "Bakhkmut near Soledar" and "assaults from Arhanhelske on Ivanivka" are spaCy's misreadings of
                # two places, no organisation)
                etext = text[espan[0]:espan[1]]
                ekey = N.key(etext)
                # (nor is "Barvinkove, Velyka Komyshuvakha", spaCy's ORG over two listed names)
                if not (gaz.has_key(ekey)) and not any(w in REGION_WORDS for w in ekey.split()) and not re.search(r",|\band\b", etext):
                    # (but "shelled the Kramatorsk Technology and Design College": the college lies in Kramatorsk)
                    if not self._town_facility(text, m, kinds):
                        if big or maxpop >= 100_000:
                            return self._embedded(m)  # "University of Manitoba", "Texas A&M"
                        m.evidence = -9
                        return None
            if not re.match(r"\s*,\s*(?:and\s+)?[A-Z]|\s+and\s+[A-Z]", text[m.end:m.end + 12]):
                ev -= 0.5  # (but spaCy's ORG over listed names, "Krasnopillya, Dibrovne", says nothing against the first)
        # what follows: "Kyiv Independent", "Moscow Times", "Washington Post"
        nxt = re.match(r"[ \-]([A-Z][\w'’]*)", text[m.end:m.end + 40])
        if nxt and _PAIR_AREA.match(text, m.end):
            nxt = None  # "the Soledar-Bakhmutske area": the first of two places naming an area
        if nxt and not any(t[0] <= m.start < t[1] for t in titlecase):
            w = nxt.group(1)
            wl = w.lower()
            if wl not in TITLES_AFTER and not gaz.has_key(N.key(w)) and wl not in REGION_WORDS:
                if big and (wl in ACTOR_NOUNS or wl in MODIFIED_NOUNS):
                    m.role = "metonym"  # "U.S. President", "Russian Army": the country as a modifier
                elif (wl in self.stop or wl in self.common or not big) and not self._town_facility(text, m, kinds):
                    if big or maxpop >= 100_000:
                        return self._embedded(m)  # "Kyiv Independent", "CBC Toronto"
                    m.evidence = -9
                    return None
        # what precedes; a parenthesis between list items says where the last one lies
        # ("toward Vesela Dolyna (5km southeast of Bakhmut), Zaitseve (8km ...)"), so it is skipped
        wide = _PAREN.sub("", text[max(0, m.start - 400):m.start])
        before = wide[-40:]
        prev = re.findall(r"([A-Za-z]+)[\s,]*$", before)
        pw = prev[0].lower() if prev else ""
        if re.search(r"\b(village|town|city|settlement|hamlet|township|port|suburb|district|region|province|oblast)s? of\s*$", before, re.I) \
                or re.search(r"\b(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?: outskirts)?|"
                             r"outskirts|directions?|(?:the\s+)?areas|vicinity|suburbs|centre|center|residents|mayor|governor|(?-i:head)) of\s*$", before, re.I) \
                or re.search(r"\b(?:villages|towns|settlements|cities|areas|localities|communities)\b[^.;:]{0,60}?,?\s+including\s+"
                             r"(?:[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){0,8}$", wide[-240:]) \
                or _pair_member(text, m.start, m.end):
            # ... "shelled settlements north of Izyum, including Husarivka and Asiivka"; "in the Berestove-Bilohorivka area"
            ev += 2.5
            person_penalty = 0.0
        elif pw in LOCATIVE or re.search(r"\b(battle|fight|fighting|struggle|push|assault|offensive|advance)s? (for|on|toward|towards)\s*$", before) \
                or re.search(r"\b(?:control (?:of|over)|(?:seizure|capture|encirclement|liberation|storming)s? of|out of)\s*$", before) \
                or (_DISTANCE_FROM.match(text, m.end) and re.match(r"\s?[,(]", text[m.end:m.end + 2])) \
                or (text[m.start - 1:m.start] == "-" and re.search(r"\b(?:in|near|around|toward|towards|into|on|at|from|within)\s+the\s+[A-Z][\w'’]*(?:\s[A-Z][\w'’]*)?-$",
                                                                 text[max(0, m.start - 60):m.start]) and _AREA_AFTER.match(text, m.end)) \
                or _LOCATIVE_LIST.search(wide[-200:]) or _LOCATIVE_SEMI_LIST.search(wide[-300:]) or _area_of(text, before, m.end) \
                or (re.search(r"\bthe\s+$", before) and _PAIR_AREA.match(text, m.end)):  # "along the Mykolaivka-Vyimka line"
            # after a locative word, or a later item of a list that follows one
            # ("attacks against Rubizhne, Popasna, and Marinka")
            ev += 1.2
            person_penalty = 0.0
        ev -= person_penalty
        if re.match(r"\s?[(,]", text[m.end:m.end + 2]) and _DISTANCE_FROM.match(text, m.end):
            ev += 2.0  # "entered Udy (32km from the northern outskirts of Kharkiv City)", "near Udy, 5 km from": a distance says a settlement
        if re.match(r"\s+(?:[a-z]+\s+)?(?:village|town|settlement|hamlet)\b", text[m.end:m.end + 30]) and not big:
            ev += 2.0  # "at the Serhiivka resort village of ...": the noun after the name says a settlement
        if re.search(r"[A-Za-z\u0400-\u04ff][a-z\u0400-\u04ff'’]*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$", before) \
                and re.search(r"(?:^|[\s(])[A-Z][\w'’-]*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$", before) and not big:
            ev += 0.8  # an item of a list of names ("near Bilohorivka, Spirne, and Verkhnokamianske")
        elif before.rstrip().endswith(",") and not big:
            ev += 0.3
        if prev and prev[0][0].isupper() and not re.search(r"[.!?:;,\n]\s*$", before) and pw not in ("the",):
            # inside a longer capitalised name: "General Staff", "Battlegroup East"
            if not big and label not in ("GPE", "LOC"):
                ev -= 1.0
        if single:
            if k in self.stop:
                ev -= 3.0
            if k in self.common:
                ev -= 2.5 if not big else 1.0
            if len(k) <= 3 and not m.text.isupper() and not big:
                ev -= 1.5
        if m.start in sent_starts and not big and (k in self.common or k in self.stop or len(words) == 1 and len(k) <= 4):
            ev -= 0.5
        if any(a <= m.start < b for a, b in titlecase):
            ev -= 0.7 if not big else 0.0
        if m.text.isupper() and len(m.text) > 4:
            ev -= 1.0  # shouting headlines, acronyms
        if self._focus and any(self.gaz.ccs[self.gaz.cc_idx[i]] in self._focus for i in m.ids[:200]):
            ev += 0.8
        m.evidence = ev
        return ev >= 1.5

    def _town_facility(self, text, m, kinds) -> bool:
        """The town's name opens the name of a facility that lies in it ("the Kramatorsk Technology and Design College",
        not "the Kyiv Independent", "the University of Manitoba", nor a plant: "the Zaporizhzhia Nuclear Power Plant" lies in
        Enerhodar; ``data/facility_nouns.txt``)."""
        if kinds != {PLACE} or not re.search(r"\bthe\s+$", text[max(0, m.start - 5):m.start]):
            return False
        tail = re.match(r"(?:[ -](?:[A-Z][\w’'-]*|and|of|for))+", text[m.end:m.end + 80])
        if tail is None:
            return False
        words = tail.group(0).lower().split()
        caps = [w for w in words if w not in ("and", "of", "for")]
        return bool(caps) and caps[-1] in self.facility_nouns

    @staticmethod
    def _embedded(m) -> bool:
        """A toponym inside an organisation's or a title's name: a mention, never a place."""
        m.role = "embedded"
        m.evidence = 1.5
        return True

    def _focus_countries(self, mentions) -> set[str]:
        votes: dict[str, float] = {}
        for m in mentions:
            ccs = {self.gaz.ccs[self.gaz.cc_idx[i]] for i in m.ids[:50]}
            for i in m.ids[:50]:
                k = int(self.gaz.kind[i])
                pop = int(self.gaz.pop[i])
                if k in (COUNTRY, ADMIN1) or (k == PLACE and (pop >= 1_000_000 or (pop >= 50_000 and len(ccs) == 1))):
                    cc = self.gaz.ccs[self.gaz.cc_idx[i]]
                    votes[cc] = votes.get(cc, 0) + 1
                    break
        tot = sum(votes.values())
        return {c for c, v in votes.items() if tot and v / tot >= 0.2}

    def _adjectives(self, toks, mentions) -> list[Mention]:
        """Demonyms and regional adjectives ("Ukrainian", "European"): role ``adjective``, never places."""
        covered = set()
        for m in mentions:
            covered.update(range(m.start, m.end))
        out = []
        for s, e, w, _ in toks:
            if not w[:1].isupper() or s in covered or (e - 1) in covered:
                continue
            ent = self.gaz.adjective_entry(w)
            if ent is None or w.lower() in ("us", "uk"):
                continue
            m = Mention(s, e, w, [ent.idx], how="adjective", role="adjective", evidence=3.0)
            m.choice = ent.idx
            out.append(m)
        return out

    def _unknown_slavic(self, text, toks, mentions) -> list[Mention]:
        """Ukrainian/Russian settlements missing from the gazetteer, in a locative context or a list of
        places ("near Robotyne, Verbove and Novoprokopivka"): recognised by the shape of the name,
        located later through the region or town the sentence names (never on their own)."""
        covered = set()
        starts = {}
        mstart = {m.start: m for m in mentions if m.ids and m.role != "adjective"}
        for m in mentions:
            covered.update(range(m.start, m.end))
            starts[m.end] = m
        out = []
        prev_place_end = None
        for a, (s, e, w, poss) in enumerate(toks):
            if s in covered:
                if e in starts and text.rfind("(", 0, s) <= text.rfind(")", 0, s):
                    prev_place_end = e  # (not a place inside a list item's parenthesis: "Lozove (near ... the Inhulets River), and Olhyne")
                continue
            e2, w2 = e, w
            # "the Toshkivka-Ustynivka area", "the Soledar-Bakhmutske area": two places naming an area, not one
            # hyphenated name (but "Orikhovo-Vasylivka", "Kamianka-Dniprovska" are one)
            # (and "in the directions of Dovhenke-Krasnopillya-Pasika-Dolyna": a chain of villages after "directions of")
            pair_first = a + 1 < len(toks) and (_PAIR_AREA.match(text, e) is not None or (
                text[e:toks[a + 1][0]] == "-" and _pair_member(text, s, e, _PAIRS_AFTER_DIRECTION))) and not w.endswith("o") \
                and not _ADJ_END.search(toks[a + 1][2])
            pair_second = a > 0 and text[toks[a - 1][1]:s] == "-" and toks[a - 1][2][:1].isupper() \
                and (_PAIR_AREA.match(text, toks[a - 1][1]) is not None or _pair_member(text, s, e, _PAIRS_AFTER_DIRECTION)) \
                and ((toks[a - 1][0] in covered) or not (toks[a - 1][2].endswith("o") or _ADJ_END.search(w)))
            if pair_first or pair_second:
                if pair_second and a + 1 < len(toks) and text[e:toks[a + 1][0]] == " " and toks[a + 1][2][:1].isupper() \
                        and (_AREA_AFTER.match(text, toks[a + 1][1]) or re.match(r"\s+lines?\b", text[toks[a + 1][1]:toks[a + 1][1] + 8])):
                    e2, w2 = toks[a + 1][1], text[s:toks[a + 1][1]]  # "the Davydiv Brid-Sukhyi Stavok area"
            elif a + 1 < len(toks) and text[e:toks[a + 1][0]] == "-" and toks[a + 1][2][:1].isupper():
                e2, w2 = toks[a + 1][1], text[s:toks[a + 1][1]]  # "Orikhovo-Vasylivka"
            elif a + 1 < len(toks) and text[e:toks[a + 1][0]] == " " and toks[a + 1][0] not in covered and (
                    (re.search(r"(?:yi|iy|yy|ii|ka|ke|ne|a|e|i)$", w) and self._name_word(toks[a + 1][2]))
                    or (toks[a + 1][2][:1].isupper() and self.villages.candidates(text[s:toks[a + 1][1]]))):
                # "Sukhyi Stavok", "Velyke Artakove"; any other first word when the codifier holds the pair ("Sukhy Stavok")
                e2, w2 = toks[a + 1][1], text[s:toks[a + 1][1]]
            if not (w[:1].isupper() and w[1:].islower() and len(w) >= 5):
                continue
            # "Zalyman, approximately 30 km northwest of Izyum": a name located by distance from a town
            # is a settlement, whatever its shape
            if a > 0 and text[toks[a - 1][1]:s] == " " and toks[a - 1][2][:1].isupper() and toks[a - 1][0] in covered \
                    and not _PAIR_AREA.match(text, e2) and text[e2:e2 + 2] in (" (", ", "):
                continue  # "Mykolaivka Druha (12km south of Bakhmut)": the second word of a name, not a place of its own
            dist = re.match(r"\s?[,(]", text[e2:e2 + 2]) is not None and re.match(r"[A-Z]", text[_DISTANCE_FROM.match(text, e2).end():][:1]) \
                if _DISTANCE_FROM.match(text, e2) else False
            # "in the Berislav and Khersonskyi districts", "Bersylav district": a raion named after its town
            # (not a raion's adjective, "Derhachivskyi Raion", nor a city's districts: "Kharkiv City’s Industrialny and
            # Novobavarsky districts")
            raion = _RAION_AFTER.match(text, e2) and not re.search(_ADJECTIVE_END + "$", w2) \
                and not _CITY_POSSESSIVE.search(text, max(0, s - 80), s)
            if not _SLAVIC_SHAPE.search(w2) and not (w2 != w and _SLAVIC_SHAPE.search(w)) and not dist and not raion \
                    and not self.villages.candidates(w2):  # ("Pobieda", "Pytomnyk", "Lisna Dacha": names of the codifier)
                # any other shape only as an inner item of a list of places ("and Vidrozhennya, Kodema, Zaitseve")
                # or as the first item of one after a locative, followed by a known place ("near Pytomnyk and
                # Ruski Tyshky", "towards Bayrak, Peremoha, and Shestakove")
                inner = prev_place_end is not None and _AFTER_LISTED.fullmatch(_PAREN.sub("", text[prev_place_end:s]))
                nxt = _LIST_SEP.match(text[e2:e2 + 8])
                # (or by a name the codifier holds: "around Vidrozhennya, Vershyna, Kodema, and Zaitseve")
                after = re.match(r"[A-Z][\w’'-]+", text[e2 + nxt.end():e2 + nxt.end() + 40]) if nxt else None
                first = nxt and (mstart.get(e2 + nxt.end()) is not None or (after is not None and bool(self.villages.candidates(after.group(0))))) and re.search(
                    r"\b(?:near|toward|towards|outside|around|in|of)\s+$", text[max(0, s - 12):s])
                if not ((inner and re.match(r"\s*(?:,|\(|and\b|or\b)", text[e2:e2 + 6])) or first):
                    continue
            k = N.key(w2)
            if k in self.common or k in self.stop or k in self._person_tokens or self.gaz.adjective_entry(w2) \
                    or _FACILITY_AFTER.match(text, e2) or _RIVER_AFTER.match(text, e2):
                continue  # (nor "the Zherebets River")
            before = text[max(0, s - 40):s]
            loc = re.search(r"\b(?:near|toward|towards|outside|around|into|in|at|from|via|(?:village|settlement|town)s? of|"
                            r"captur(?:ed|ing)|seiz(?:ed|ing)|liberated|retook|recaptur(?:ed|ing)|retak(?:e|ing)|reclaim(?:ed|ing)?|took|shell(?:ed|ing)?|"
                            r"struck|stormed|entered|attack|attacked|reach(?:ed|ing)|parts? of|"
                            r"control (?:of|over)|(?:attacks?|assaults?|advances?|offensives?|air ?strikes?|strikes?) on|advance(?:d|s)? to|"
                            r"from [A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)? to|"
                            r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?: outskirts)? of|"
                            r"directions? of|vicinity of|outskirts of|areas? of)\s+(?:(?:[\w’'-]+-)?(?:occupied|held|controlled)\s+)?$", before)
            loc = loc or _area_of(text, before, e2) or pair_second or _pair_member(text, s, e2)  # "in the Sukhyi Stavok pocket"
            loc = loc or raion
            # "shelling areas west ... of Slovyansk including Mazanivka, Dibrovne": the first item of such a list
            loc = loc or (re.search(r"\bincluding\s+$", before) and re.search(r"\b(?:villages|towns|settlements|areas|localities|communities)\b[^.;:]{0,60}?,?\s+including\s+$",
                                                                                 text[max(0, s - 120):s]))
            listed = prev_place_end is not None and _AFTER_LISTED.fullmatch(_PAREN.sub("", text[prev_place_end:s]))
            if not (loc or listed or dist):
                prev_place_end = None
                continue
            m = Mention(s, e2, text[s:e2], [], how="unknown", evidence=1.5)
            out.append(m)
            covered.update(range(s, e2))
            prev_place_end = e2
        return out

    def _compound_names(self, text, toks, mentions) -> list[Mention]:
        """Two-word Ukrainian/Russian names the gazetteer lookup splits: an adjective of ``data/name_prefixes.txt``
        before a capitalised word is one name even when the gazetteer lacks the pair and knows the second word
        alone ("Velyka Kostroma" is no Kostroma: a village missing from the gazetteer, or one misspelled, left to
        ``_resolve_misspelled`` and ``_locate_unknown``); and a name written once for two villages ("Ruski and
        Cherkasy Tyshky", "Velyka and Mala Kostromka") gives the first its full name.  Returns ``mentions`` with
        the split parts replaced."""
        gaz = self.gaz
        new, drop = [], set()

        def inside(s, e):
            """The mentions within [s, e); None when one straddles its edge."""
            got = []
            for m in mentions:
                if m.start < e and m.end > s:
                    if m.start < s or m.end > e:
                        return None
                    got.append(m)
            return got

        def cap(w):
            return w[:1].isupper() and w[1:].islower() and len(w) >= 3

        taken = set()
        n = len(toks)
        for a in range(n - 1):
            s, e, w, _ = toks[a]
            if s in taken or not cap(w):
                continue
            # "Ruski and Cherkasy Tyshky": A and B C, where "A C" is a Ukrainian/Russian place
            if a + 3 < n and toks[a + 1][2] == "and" and cap(toks[a + 2][2]) and cap(toks[a + 3][2]) \
                    and text[e:toks[a + 3][0]] == f" and {toks[a + 2][2]} " and not re.match(r" [A-Z]", text[toks[a + 3][1]:toks[a + 3][1] + 2]):
                head = toks[a + 3][2]
                ids = self._ua_places(gaz.ids_by_key(N.key(f"{w} {head}")))
                first, second = inside(s, e), inside(toks[a + 2][0], toks[a + 3][1])
                if ids and first is not None and second is not None and not any(m.ids and set(m.ids) & set(ids) for m in first):
                    drop.update(id(m) for m in first + second)
                    new.append(Mention(s, e, w, ids, how="shared_head", evidence=3.0))
                    b_s, b_e = toks[a + 2][0], toks[a + 3][1]
                    whole = [m for m in second if m.start == b_s and m.end == b_e and m.ids]
                    new.append(whole[0] if whole else Mention(b_s, b_e, text[b_s:b_e], [], how="unknown", evidence=1.5))
                    drop.difference_update(id(m) for m in whole)
                    taken.update((s, toks[a + 2][0]))
                    continue
            # "Velyka Kostroma": a prefix and a capitalised word the gazetteer has no pair for; "Mykolaivka Druha": a
            # two-word name of the codifier the gazetteer lacks, whose first word alone is a namesake elsewhere
            if text[e:toks[a + 1][0]] == " " and self._name_word(toks[a + 1][2]) \
                    and (not re.match(r"[ -][A-Z]", text[toks[a + 1][1]:toks[a + 1][1] + 2]) or _PAIR_AREA.match(text, toks[a + 1][1])) \
                    and (N.key(w) in self.name_prefixes or self.villages.candidates(text[s:toks[a + 1][1]])):
                e2 = toks[a + 1][1]
                got = inside(s, e2)
                if not got or any(m.start == s and m.end == e2 for m in got) or gaz.ids_by_key(N.key(text[s:e2])):
                    continue  # (no part a gazetteer name: ``_unknown_slavic`` judges the pair by its context)
                drop.update(id(m) for m in got)
                new.append(Mention(s, e2, text[s:e2], [], how="unknown", evidence=1.5))
                taken.add(toks[a + 1][0])
        if not new:
            return mentions
        return sorted([m for m in mentions if id(m) not in drop] + new, key=lambda m: m.start)

    def _ua_places(self, ids) -> list[int]:
        """The Ukrainian and Russian settlements among gazetteer entries ``ids``."""
        gaz = self.gaz
        return [i for i in ids if int(gaz.kind[i]) == PLACE and gaz.ccs[gaz.cc_idx[i]] in ("UA", "RU")]

    def _name_word(self, w: str) -> bool:
        """A capitalised word that may be the second word of a settlement's name ("Stavok")."""
        k = N.key(w)
        return bool(w[:1].isupper() and w[1:].islower() and len(w) >= 3 and k not in self.common and k not in self.stop
                    and k not in TITLES_AFTER and k not in REGION_WORDS and k not in self._person_tokens
                    and not self.gaz.adjective_entry(w))

    def _settlement_phrases(self, text, toks, mentions) -> list[Mention]:
        """"the settlement/village/town of X" (X may be missing from the gazetteer)."""
        covered = set()
        for m in mentions:
            covered.update(range(m.start, m.end))
        out = []
        for a in range(len(toks) - 2):
            w = toks[a][2].lower()
            if w in SETTLEMENT_NOUNS and toks[a + 1][2] == "of" and toks[a + 2][2][:1].isupper():
                b = a + 2
                while b + 1 < len(toks) and toks[b + 1][2][:1].isupper() and text[toks[b][1]:toks[b + 1][0]] in (" ", "-"):
                    b += 1
                s, e = toks[a + 2][0], toks[b][1]
                if s in covered or (e - 1) in covered:
                    continue
                k = N.key(text[s:e])
                if k in self.stop:
                    continue
                ids = self.gaz.ids_by_key(k) or self._hybrid(k)
                out.append(Mention(s, e, text[s:e], ids, how="settlement_phrase", evidence=3.0))
        return out

    def _capital_phrases(self, text, toks, mentions) -> list[Mention]:
        """"the Ukrainian capital" -> Kyiv (a country's capital named by its adjective)."""
        out = []
        for mt in re.finditer(r"\b(?:the\s+)([A-Z][a-z]+)\s+capital\b", text):
            cc = self.gaz.demonym_country(mt.group(1))
            if not cc:
                continue
            cap = self.gaz.capital_of(cc)
            if cap is None:
                continue
            s, e = mt.start(1), mt.end()
            m = Mention(s, e, text[s:e], [cap.idx], how="capital_phrase", evidence=3.0)
            m.choice = cap.idx
            out.append(m)
        return out

    def _raion_adjectives(self, text, mentions) -> list[Mention]:
        """A raion named by the adjective of its centre ("Khersonskyi", "Kupianskyi", "Kakhovskyi" district) is that
        town at precision 2 (ACLED codes a district to a representative town): the Ukrainian town of 5,000 people or
        more whose name is the adjective less "-yi", "-skyi" or "-vskyi", or with "-ka" for "-skyi"/"-vskyi". Replaces whatever mention the
        gazetteer found in the word (its raion as a region)."""
        gaz = self.gaz
        out = []
        for mt in _RAION_ADJECTIVE.finditer(text):
            w = mt.group(0)
            if _CITY_POSSESSIVE.search(text, max(0, mt.start() - 80), mt.start()):
                continue  # "Kharkiv City’s Kyivskyi and Saltivskyi districts": a city's districts
            town = None
            for stem in (w[:-2], w[:-4], w[:-4] + "ka", w[:-5] + "ka", w[:-5]):
                ids = [i for i in gaz.ids_by_key(N.key(stem)) if int(gaz.kind[i]) == PLACE
                       and gaz.ccs[gaz.cc_idx[i]] == "UA" and int(gaz.pop[i]) >= 5_000]
                if ids:
                    town = max(ids, key=lambda i: int(gaz.pop[i]))
                    break
            if town is None:
                continue
            m = Mention(mt.start(), mt.end(), w, [town], how="raion_phrase", evidence=3.0)
            m.choice = town
            mentions = [o for o in mentions if o.end <= m.start or o.start >= m.end]
            out.append(m)
        return mentions + out

    def _region_lists(self, text, mentions):
        """"the Kirovograd, Cherkassy, Zhitomir and Khmelnitsk regions": each is a region; so is the first of two
        oblasts whose border is named ("along the Kharkiv-Donetsk Oblast border")."""
        for p, m in zip(mentions, mentions[1:]):
            after = re.match(r"(\s+(?:[Oo]blasts?|[Rr]egions?))?\s+(?:administrative\s+)?border", text[m.end:m.end + 40])
            if text[p.end:m.start] == "-" and after and (after.group(1) or re.search(r"\b(?:oblast|region)$", N.key(m.text))):
                reg = self._region_ids(p.text)
                if reg:
                    p.ids, p.region_hint = reg, True
        for idx, m in enumerate(mentions):
            tail = re.match(r"\s+(regions|oblasts|provinces|region|oblast)\b", text[m.end:m.end + 12])
            if not tail:
                # the list's last name not in the gazetteer ("Rivne, Ternopil, Lviv, Chernivitsi Oblasts")
                nxt = mentions[idx + 1].start if idx + 1 < len(mentions) else len(text)
                tail = re.match(r",?\s+(?:and\s+)?[A-Z][\w’'-]+\s+(?:regions|oblasts|provinces|Regions|Oblasts|Provinces)\b",
                                text[m.end:min(nxt, m.end + 40)])
            own_tail = N.key(m.text).split()[-1] in ("regions", "oblasts", "provinces")
            if not (tail or own_tail):
                continue
            group = [m]
            k = idx
            while k > 0:
                prev = mentions[k - 1]
                gap = text[prev.end:group[0].start]
                # "eastern Kharkiv, northern Luhansk, and eastern Donetsk oblasts": a compass adjective before a member
                if re.fullmatch(r"\s*(,|and|&|,\s*and|or)\s*(?:(?:north|south|east|west)(?:east|west)?ern\s+|central\s+)?", gap):
                    group.insert(0, prev)
                    k -= 1
                else:
                    break
            for g in group:
                if g is m and own_tail:
                    g.region_hint = True
                    continue
                g.region_hint = True
                reg = self._region_ids(g.text)
                if reg:
                    g.ids = reg

        # "in Chernihiv and Sumy Oblast": two oblasts under one singular noun (ISW's "in Kherson and Zaporizhia
        # Oblast"), when the first name is an oblast's
        for p, m in zip(mentions, mentions[1:]):
            if p.region_hint or text[p.end:m.start] != " and " or not (
                    N.key(m.text).endswith(" oblast") or re.match(r"\s+[Oo]blast\b(?!s)", text[m.end:m.end + 8])):
                continue
            reg = self._region_ids(p.text)
            if reg and self.gaz.ccs[self.gaz.cc_idx[reg[0]]] == "UA":
                p.ids, p.region_hint = reg, True

    def _region_ids(self, name: str) -> list[int]:
        """The first-level regions named "<name> region" ("Sumy" -> Sumy Oblast)."""
        return [i for i in self.gaz.ids_by_key(N.key(name) + " region") if self.gaz.kind[i] == ADMIN1]

    def _is_metonym(self, text, m, doc) -> bool:
        if m.how == "settlement_phrase" or m.region_hint:
            return False
        after = text[m.end:m.end + 60]
        before = text[max(0, m.start - 30):m.start]
        # a headline in Title Case: "Doomed Kyiv Looking For Scapegoat", "Moscow Denies ..."
        hm = re.match(r"\s+([A-Z][a-z]+)\b", after)
        if hm and any(a <= m.start < b for a, b in getattr(self, "_titlecase", [])):
            v = hm.group(1).lower()
            if any(x in AGENT_VERBS for x in (v, v[:-1], v[:-2], v[:-3], v[:-3] + "e", v[:-3] + "y")):
                return True
        if N.key(m.text) in GOV_SEATS:
            return not re.search(r"\b(in|at|inside|outside|near|into|from|to|of)\s+(the\s+)?$", before, re.I)
        # "the Kyiv regime", "Kyiv's military", "Moscow representatives"
        mm = re.match(r"(?:['’]s?)?\s+([a-z]+)\b", after)
        if mm and mm.group(1) in ACTOR_NOUNS:
            return True
        mm = re.match(r"(?:['’]s)?\s+([a-z]+)\b", after)
        if doc is not None:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                root = span.root
                subj = root
                while subj.dep_ == "conj" and subj.head.i != subj.i:
                    subj = subj.head  # "Washington and Moscow seem ..."
                if subj.dep_ in ("nsubj", "nsubjpass") and subj.head.lemma_.lower() in AGENT_VERBS:
                    return True
                if root.dep_ in ("nsubj",) and root.head.pos_ == "VERB" and root.head.dep_ == "ccomp" \
                        and root.head.lemma_.lower() in AGENT_VERBS:
                    return True
                if root.dep_ == "poss" and root.head.lemma_.lower() in ACTOR_NOUNS:
                    return True
                if root.dep_ in ("dobj", "pobj") and (root.head.lemma_.lower() in OBJECT_ACTOR_VERBS or (
                        root.dep_ == "pobj" and root.head.head.lemma_.lower() in OBJECT_ACTOR_VERBS
                        and root.head.lower_ in ("on", "upon"))):
                    return True  # "accused Kyiv of ...", "called on Moscow to ..."
                nxt = doc[span.end] if span.end < len(doc) else None
                if nxt is not None and nxt.pos_ == "VERB" and nxt.lemma_.lower() in AGENT_VERBS \
                        and not (nxt.tag_ == "VBN" and re.match(r"\s*by\b", text[nxt.idx + len(nxt.text):][:5])) \
                        and not re.search(r"\b(in|at|near|around|outside|inside|from|to|of|into|on)\s+(the\s+)?(?:(?:central|northern|southern|eastern|western|downtown|occupied)\s+)?$", before):
                    # (but "assaults on Rubizhne and Popasna supported by artillery": a participle, no agent; nor
                    # "Russian assaults on central Mariupol continued": the place of the assaults)
                    return True
        else:
            mm = re.match(r"\s+(?:(?:has|have|had|is|was|will|would|could|must|also|still|has also|is still|has not|did not|does not)\s+)*([a-z]+)", after)
            if mm:
                v = mm.group(1)
                for lemma in (v, v[:-1], v[:-2], v[:-3], v[:-3] + "y", v[:-1] + "e" if v.endswith("d") else v):
                    if lemma in AGENT_VERBS and (v.endswith(("s", "ed", "ing")) or v == lemma):
                        if not re.search(r"\b(in|at|near|from|to)\s+(the\s+)?$", before):
                            return True
        return False

    # -- resolution ---------------------------------------------------------------------
    def resolve_mentions(self, text: str, mentions: list[Mention]) -> None:
        gaz = self.gaz
        self._constraints(text, mentions)
        # focus: countries and regions named, and the unambiguous places
        country_votes: dict[str, float] = {}
        admin_votes: dict[str, float] = {}
        own_c: dict[int, dict[str, float]] = {}
        own_a: dict[int, dict[str, float]] = {}

        def vote(table, own, mi, key, v):
            table[key] = table.get(key, 0.0) + v
            own.setdefault(mi, {})
            own[mi][key] = own[mi].get(key, 0.0) + v

        for mi, m in enumerate(mentions):
            if not m.ids or m.role == "adjective":
                continue
            ents = [gaz.entry(i) for i in m.ids[:50]]
            kinds = {e.kind for e in ents}
            w = 0.5 if m.role in ("metonym", "embedded") else 1.0
            if "country" in kinds:
                amb = 0.5 if ("admin1" in kinds or any(e.kind == "place" and e.population > 200_000 for e in ents)) else 1.0
                for e in ents:
                    if e.kind == "country":
                        vote(country_votes, own_c, mi, e.country, amb * w)
            elif "admin1" in kinds:
                for e in ents:
                    if e.kind == "admin1":
                        vote(country_votes, own_c, mi, e.country, 0.7 * w / len(ents))
                        if e.admin1:
                            vote(admin_votes, own_a, mi, e.admin1, 1.0 * w)
            else:
                top = sorted(ents, key=lambda e: -e.population)
                tot = sum(math.sqrt(e.population + 1) for e in top) or 1
                for e in top[:10]:
                    share = math.sqrt(e.population + 1) / tot
                    vote(country_votes, own_c, mi, e.country, 0.6 * w * share)
        self._votes = (country_votes, admin_votes, own_c, own_a)
        # sentence and paragraph of each mention, and the regions each paragraph names: a namesake near the
        # other places of its sentence, or in the oblast its paragraph names, beats a bigger one elsewhere
        # (ISW: "rear areas in Yavirske, Pryshyb, Andriivka, Lyman, and Zmiiv" is Kharkiv Oblast's Lyman)
        self._sent_of, self._para_of, para_regs = [], [], {}
        self._reg_isos: dict[int, set[str]] = {}  # the oblasts a region mention names (those counted in para_regs)
        for mi, m in enumerate(mentions):
            a = _sentence_start(text, m.start)
            pa = self._paragraph(text, m.start)[0]
            self._sent_of.append(a)
            self._para_of.append(pa)
            if m.ids and m.role == "literal" and all(int(gaz.kind[i]) == ADMIN1 for i in m.ids[:3]) \
                    and not _BORDER_AFTER.match(text, m.end, m.end + 25):
                self._reg_isos[mi] = {gaz.a1_iso[gaz.a1_idx[i]] for i in m.ids[:3]}
                para_regs.setdefault(pa, set()).update(self._reg_isos[mi])
        self._para_regs = para_regs
        self._beside = self._regions_beside(text, mentions)
        self._keys = [N.key(m.text) for m in mentions]
        # the anchors a sentence may pull by: names with one Ukrainian/Russian place (Zmiiv, Kherson City) or
        # a big town, never another namesake that could pull it the wrong way ("Zakitne ... Lyman ... Yampil")
        self._firm = set()
        #: each mention's Ukrainian/Russian settlement candidates
        self._ua = [self._ua_places(m.ids[:300]) for m in mentions]
        for mi, m in enumerate(mentions):
            ua = self._ua[mi]
            if _not_a_town(text, m):
                continue  # "the Siverskyi Donets River" locates nothing
            close = len(ua) > 1 and len(ua) <= 3 and all(_fast_km(gaz.lat[i], gaz.lon[i], gaz.lat[ua[0]], gaz.lon[ua[0]]) <= 25 for i in ua)
            if len(ua) == 1 or close or (ua and max(int(gaz.pop[i]) for i in ua) >= 50_000
                                and sorted((int(gaz.pop[i]) for i in ua), reverse=True)[1:2] < [5_000]):
                self._firm.add(mi)
        # two passes: the second adds proximity to the first pass's choices
        anchors: list[tuple[int, float, float]] = []
        for rnd in range(2):
            new_anchors = []
            for mi, m in enumerate(mentions):
                if not m.ids or (m.how in ("capital_phrase", "adjective", "raion_phrase")):
                    if m.choice is not None:
                        e = gaz.entry(m.choice)
                        new_anchors.append((mi, e.lat, e.lon))
                    continue
                best, best_s = None, -1e9
                cands = m.ids
                if len(cands) > 400:
                    cands = sorted(cands, key=lambda i: -int(gaz.pop[i]))[:400]
                if m.near is not None and m.near[0].choice is not None and int(gaz.kind[m.near[0].choice]) == PLACE:
                    # "X, about 40 kilometers west of Kherson": an X that far from the anchor, or,
                    # when the gazetteer has none, X located by the anchor (ACLED precision 2)
                    q, km, _dir = m.near
                    qe = gaz.entry(q.choice)
                    ok = [i for i in cands if i != q.choice and _fits_bearing(gaz.entry(i), qe, km, m.near[2])]
                    if ok:
                        cands = ok
                    elif rnd and (km is not None or (
                            not re.match(r"\s+in\s+(?:the\s+)?[A-Z][\w’'-]+\s+(?i:oblast|region)", text[q.end:q.end + 40])
                            and any(_fits_bearing(c, qe, self.SIDE_KM, m.near[2]) for c in self.villages.candidates(m.text)))):
                        # (a side with no distance places no village by itself, unless the codifier holds one there: "toward
                        # Kamyanka (south of Izyum)", not Cherkasy Oblast's town; but "Lozove (southwest of Davydiv Brid in
                        # Kherson Oblast)" is stated to lie in the oblast: that region, at precision 3)
                        m.choice, m.how, m.fallback, m.fallback_precision = None, "unknown", q.choice, 2
                        continue
                if m.constraint is not None:
                    c = gaz.entry(m.constraint)
                    ok = [i for i in cands if self._inside(gaz.entry(i), c) and i != m.constraint]
                    if ok:
                        cands = ok
                    elif c.kind == "admin1":
                        m.fallback = m.constraint
                        m.choice = None
                        continue
                if m.region_hint:
                    regs = [i for i in cands if int(gaz.kind[i]) == ADMIN1]
                    if regs:
                        cands = regs
                else:
                    # a city named like its own region (Moscow, Kyiv, New York) is the city
                    adm = [i for i in cands if int(gaz.kind[i]) == ADMIN1]
                    if adm and len(adm) < len(cands) and _SETTLEMENT_LIST_BEFORE.search(text[max(0, m.start - 160):m.start]):
                        # "the city of Zaporizhia", "the cities of Uman, Zaporizhia, and Vinnytsia": not the oblast
                        cands = [i for i in cands if i not in adm]
                    elif adm:
                        drop = set()
                        for a in adm:
                            ea = gaz.entry(a)
                            for i in cands:
                                if int(gaz.kind[i]) == PLACE and gaz.a1_iso[gaz.a1_idx[i]] == ea.admin1 \
                                        and gaz.ccs[gaz.cc_idx[i]] == ea.country and int(gaz.pop[i]) >= 0.5 * ea.population:
                                    drop.add(a)
                        if drop and len(drop) < len(cands):
                            cands = [i for i in cands if i not in drop]
                for i in cands:
                    e = gaz.entry(i)
                    s = self._score(m, e, mi, anchors if rnd else [], text)
                    if s > best_s:
                        best, best_s = i, s
                m.choice = best
                e = gaz.entry(best)
                if e.kind in ("place", "admin1"):
                    new_anchors.append((mi, e.lat, e.lon))
            anchors = new_anchors
        self._locate_unknown(text, mentions)
        # one sense per discourse: an explicitly qualified mention ("London, Ky.") decides the others
        decided = {}
        for m in mentions:
            if m.constraint is not None and m.choice is not None:
                decided.setdefault(N.key(m.text), m.choice)
        for m in mentions:
            k = N.key(m.text)
            if m.constraint is None and k in decided and decided[k] in m.ids and not m.region_hint:
                m.choice = decided[k]

    _PREFIX = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
               "lower", "greater", "downtown", "metro", "metropolitan", "lake", "mount", "mt", "city", "port"}
    _SUFFIX = {"county", "district", "province", "prefecture", "region", "valley", "delta", "mountains", "state",
               "parish", "borough", "municipality", "governorate", "territory", "area", "city", "island", "islands",
               "lake", "river", "oblast", "department", "proving", "ground", "square", "airport", "base", "hromada"}

    def _loose_ids(self, t: str) -> list[int]:
        """Candidates for a name the gazetteer lacks as written: "North Dallas", "Akita Prefecture",
        "St. Marc" (Saint-Marc), "Lake Erie", "Fort Hood" -> the place named in it."""
        gaz = self.gaz
        ws = N.key(t).split()
        if ws and ws[0] == "the":
            ws = ws[1:]
        tries = []
        if ws and ws[0] in ("st", "ste"):
            tries.append(["saint" if ws[0] == "st" else "sainte"] + ws[1:])
        w2 = list(ws)
        while len(w2) > 1 and w2[-1] in self._SUFFIX:
            w2 = w2[:-1]
            tries.append(list(w2))
        w3 = list(w2)
        while len(w3) > 1 and w3[0] in self._PREFIX:
            w3 = w3[1:]
            tries.append(list(w3))
        for tr in tries:
            ids = gaz.ids_by_key(" ".join(tr)) or gaz.hybrid(" ".join(tr))
            if ids:
                return ids
        return []

    def _has_big(self, m) -> bool:
        hb = m.scores.get("_big")
        if hb is None:
            hb = any(int(self.gaz.kind[i]) in (ADMIN1, COUNTRY, CONTINENT) for i in m.ids[:300])
            m.scores["_big"] = hb
        return hb

    #: how far from the firm places of its sentence (else paragraph) a misspelled name's place may lie
    FUZZY_KM = 60.0

    def _fuzzy_anchors(self, text, mentions, mi) -> tuple[list[Entry], float]:
        """The firm Ukrainian/Russian places (see ``_firm``) of mention ``mi``'s sentence and ``FUZZY_KM``, else
        those of its paragraph and half that distance (a paragraph ranges wider than a sentence)."""
        gaz = self.gaz
        m = mentions[mi]
        k = N.key(m.text)
        firm = lambda oi, o: (oi != mi and oi in self._firm and o.choice is not None and o.role == "literal"
                              and o.how != "fuzzy" and int(gaz.kind[o.choice]) == PLACE
                              and gaz.ccs[gaz.cc_idx[o.choice]] in ("UA", "RU") and N.key(o.text) != k
                              and not _not_a_town(text, o))
        a, b = _sentence_start(text, m.start), _sentence_end(text, m.end)
        out = [gaz.entry(o.choice) for oi, o in enumerate(mentions) if a <= o.start < b and firm(oi, o)]
        if out:
            return out, self.FUZZY_KM
        pa, pb = self._paragraph(text, m.start)
        return [gaz.entry(o.choice) for oi, o in enumerate(mentions) if pa <= o.start < pb and firm(oi, o)], self.FUZZY_KM / 2

    #: a misspelled name near no firm place may still be a town's of at least this population ("Henichensk")
    FUZZY_TOWN_POP = 10_000

    def _fuzzy(self, k: str, anchors: list[Entry], radius: float = FUZZY_KM, towns: bool = False) -> int | None:
        """The Ukrainian/Russian place within ``FUZZY_KM`` of ``anchors`` (with ``towns``, any of ``FUZZY_TOWN_POP``
        people or more, wherever it lies) whose name is ``k`` misspelled or
        romanised otherwise: equal once the variants of ``data/spelling_variants.tsv`` are folded and doubled
        letters collapsed, or (names of seven letters or more) one edit away -- a letter added or dropped, a vowel
        changed, two letters swapped; two edits for names of ten letters or more.  None when no place or more than one name fits equally well."""
        gaz = self.gaz
        if len(k.replace(" ", "")) < 5 or not (anchors or towns):
            return None
        if self._near_pool is None:
            ok = np.array([c in ("UA", "RU") for c in gaz.ccs])
            idx = np.flatnonzero((gaz.kind == PLACE) & ok[gaz.cc_idx])
            # Ukraine's towns only for the town pass: a Russian one is too far from the front to be the misspelled
            # village ("Nevelske")
            ua = np.array([c == "UA" for c in gaz.ccs])[gaz.cc_idx[idx]]
            self._near_pool = (idx, gaz.lat[idx], np.radians(gaz.lon[idx]), (gaz.pop[idx] >= self.FUZZY_TOWN_POP) & ua)
        idx, lat, lon, ua_towns = self._near_pool
        if towns:
            km = np.where(ua_towns, 0.0, np.inf)
        else:
            km = np.full(len(idx), np.inf)
        for e in anchors:
            x = (lon - math.radians(e.lon)) * np.cos(np.radians((lat + e.lat) / 2))
            y = np.radians(lat - e.lat)
            km = np.minimum(km, 6371.0 * np.hypot(x, y))
        if len({(e.lat, e.lon) for e in anchors}) == 1:
            radius *= 2 / 3  # one place to go by is weaker evidence than several
        sk = _skeleton(k, self.spelling_rules)
        # short names differ by one letter too often ("Lisove", "Lysove"): below seven letters only a variant spelling
        limit = 2 if len(sk) >= 10 else (1 if len(sk) >= 7 else 0)
        found = []
        for j in np.flatnonzero(km <= radius):
            i = int(idx[j])
            ck = N.key(gaz.names[i])
            if ck == k or abs(len(ck) - len(k)) > limit + 2:
                continue
            csk = _skeleton(ck, self.spelling_rules)
            if csk != sk and csk[:2] != sk[:2]:
                continue  # a typo rarely hits a name's first letters: "Klynove" is no "Kalynove"
            d = 0 if csk == sk else min(_osa(k, ck, limit), _osa(sk, csk, limit))
            if d <= limit:
                found.append((d, float(km[j]), ck, i))
        if not found:
            return None
        found.sort()
        best = [f for f in found if f[0] == found[0][0]]
        if len({f[2] for f in best}) > 1:
            return None  # two names fit as well: no guess
        return best[0][3]  # the nearest of same-named places

    def _resolve_misspelled(self, text, mentions):
        """A name missing from the gazetteer (recognised by its shape and context) that is a nearby place's
        name misspelled ("Kransohorivka" beside Avdiivka and Donetsk City) resolves to that place."""
        gaz = self.gaz
        for mi, m in enumerate(mentions):
            if m.ids or m.role != "literal" or m.how not in ("unknown", "settlement_phrase") or m.fallback is not None:
                continue
            if re.match(r"\s+[A-Z]", text[m.end:m.end + 3]):
                continue  # part of a longer name: "near Antonivsky Road Bridge"
            anchors, radius = self._fuzzy_anchors(text, mentions, mi)
            near = m.near is not None and m.near[0].choice is not None and int(gaz.kind[m.near[0].choice]) == PLACE
            if near:
                anchors, radius = [gaz.entry(m.near[0].choice)], self.FUZZY_KM  # "X, 10 km west of Y": near Y
            i = self._fuzzy(N.key(m.text), anchors, radius)
            if i is None and not near:
                i = self._fuzzy(N.key(m.text), [], towns=True)
                regs = self._regs_of(mi)
                e = gaz.entry(i) if i is not None else None
                towns = [gaz.entry(x.choice) for x in self._paragraph_places(text, mentions, m) if int(gaz.kind[x.choice]) == PLACE] \
                    if e is not None and regs and e.admin1 not in regs else []
                if towns and not any(_fast_km(e.lat, e.lon, o.lat, o.lon) <= self.VILLAGE_KM for o in towns):
                    i = None  # a town anywhere, outside every oblast its paragraph names and far from its towns ("Pyatokhatki,
                    # Sadok, ..." in a northern Kherson Oblast paragraph: not Dnipropetrovsk Oblast's Pyatykhatky)
            if i is not None and near and not _fits_bearing(gaz.entry(i), anchors[0], m.near[1], m.near[2]):
                continue  # not as far from Y, or not on the side of it, that the text says
            if i is not None:
                m.choice, m.how = i, "fuzzy"

    def _locate_unknown(self, text, mentions):
        """A settlement missing from the gazetteer: the region its sentence names (precision 3) or,
        failing that, the town its sentence places it by (precision 2: "northwest of Bakhmut near X")."""
        gaz = self.gaz
        self._resolve_misspelled(text, mentions)
        dropped: dict[str, int] = {}
        supported: set[int] = set()
        firm_ids = {id(mentions[j]) for j in self._firm}

        def sentence_places(m, keep=lambda o: True) -> list:
            """The gazetteer places of the other names of ``m``'s sentence (another mention of the same name vouches
            for nothing: "advanced toward Hrushivka ... fighting near Hrushivka")."""
            a, b = _sentence_start(text, m.start), _sentence_end(text, m.end)
            return [gaz.entry(o.choice) for o in mentions if o is not m and a <= o.start < b and N.key(o.text) != N.key(m.text)
                    and o.choice is not None and o.role == "literal" and int(gaz.kind[o.choice]) == PLACE and keep(o)]

        for mi, m in enumerate(mentions):
            if not m.ids and m.near is not None and m.near[0].choice is not None and m.fallback is None \
                    and m.how != "fuzzy" and int(gaz.kind[m.near[0].choice]) == PLACE:
                # "the village of Brazhkivka, about 25 kilometers south of Izyum" (not in the gazetteer)
                m.how, m.fallback, m.fallback_precision = "unknown", m.near[0].choice, 2
                continue
            if m.how == "name" and m.choice is not None and m.constraint is None and m.role == "literal" \
                    and not re.search(r"\sCity$", m.text):
                # a village chosen only because its name matched, far from every place its sentence
                # names, is more likely a namesake missing from the gazetteer than the right place (but "Zaporizhia City"
                # names the city, not the codifier's village Zaporizhzhia by Donetsk City)
                e = gaz.entry(m.choice)
                namesake = False
                regs = self._regs_of(mi)  # the oblasts its paragraph names
                if self._other_oblast_said(text, m):
                    namesake = True  # "Rubizhne (in Kharkiv, not Luhansk Oblast)": a namesake elsewhere
                elif self._former_name(m, e):
                    namesake = True  # "Kostromka": Kherson Oblast's village, not Velyka Dolyna (formerly Kostromka)
                elif len(self._ua[mi]) == 1 and " " in m.text.strip():
                    # "Velyka Novosilka": a two-word name the gazetteer holds once is that place, whatever else the
                    # sentence names -- unless it lies far from every town of its sentence and the codifier holds a
                    # settlement of that name by one of them ("Novo Dmytrivka, ..., approximately 25 km southwest of
                    # Izyum": Kharkiv Oblast's, not Cherkasy Oblast's)
                    towns = [x for x in sentence_places(m) if x.country == "UA"]
                    cands = (self.villages.candidates(m.text) or self.villages.candidates(e.name)) if towns else []
                    namesake = bool(cands) and min(_fast_km(e.lat, e.lon, x.lat, x.lon) for x in towns) > 120 and any(
                        self.villages.nearest(cands, x.lat, x.lon, self.VILLAGE_KM) is not None for x in towns)
                elif e.kind == "place" and e.country in ("UA", "RU") and (e.population < 10_000 or (
                        # a city district the village's name matched as an alternate name ("Oleksandrivka" read as
                        # Donetsk's Oleksandrivskyi district, 100,000 people) is no more certain than a village
                        e.population < 200_000 and N.key(e.name).endswith("skyi") and not N.key(m.text).endswith("skyi")) or (
                        # one of a pair naming a direction lies by its partner ("in the direction of Myronivka-Luhanske",
                        # south of Bakhmut: not Kyiv Oblast's town of 11,000)
                        e.population < 20_000 and _pair_member(text, m.start, m.end)) or (
                        # a small town outside every oblast its paragraph names ("... north of Mariupol in Donetsk Oblast.
                        # The MoD claimed DNR forces took control of Mikhaylovka, ...": not Zaporizhia Oblast's Mykhailivka)
                        e.population < 20_000 and regs and e.admin1 not in regs)):
                    # (villages listed beside it vouch for it only when their own name is unambiguous: namesakes of a
                    # list, "Mikhaylovka, Stavka, Botmanka, and Vasilevka", can all lie in the wrong oblast together)
                    peers = self._list_peers(text, mentions, mi)
                    weak = lambda o: id(o) in peers and id(o) not in firm_ids
                    near = sentence_places(m, lambda o: not _RIVER_AFTER.match(text, o.end) and not weak(o))
                    if not near:
                        # a sentence naming no other place: its paragraph's places (at least two) decide
                        para = [o for o in self._paragraph_places(text, mentions, m) if not weak(o)]
                        near = list({o.choice: gaz.entry(o.choice) for o in para if int(gaz.kind[o.choice]) == PLACE
                                     and N.key(o.text) != N.key(m.text)}.values())
                        if len(near) < 2 or any(int(gaz.kind[o.choice]) == ADMIN1 and gaz.entry(o.choice).admin1 == e.admin1
                                                for o in para):
                            near = []  # "a coastal settlement in Odesa Oblast ... the coastal town of Zatoka"
                    far = min((_fast_km(e.lat, e.lon, x.lat, x.lon) for x in near), default=0)
                    # 50-120 km off: a namesake the codifier holds near a town of the sentence ("Hrushivka" by Kupyansk),
                    # or, when the paragraph names oblasts and not this one's, in one of them by such a town ("Kharkiv
                    # Oblast ... recaptured Fedorivka, ..., Tsirkuny": not Poltava Oblast's)
                    cands = self.villages.candidates(m.text) if near and 50 < far <= 120 else []
                    in_regs = [c for c in cands if c.oblast in regs] if regs and e.admin1 not in regs else []
                    namesake = bool(near) and (far > 120 or any(
                        self.villages.nearest(cands, x.lat, x.lon, 25) is not None
                        or self.villages.nearest(in_regs, x.lat, x.lon, 60) is not None
                        for x in near if x.country == "UA"))
                    if near and not namesake and 25 < far <= 50:
                        # 25-50 km off, with a namesake of the codifier three times nearer a town of the sentence ("toward
                        # Bakhmut from Bilohorivka": Donetsk Oblast's village by Soledar, not Luhansk Oblast's by Lysychansk)
                        other = [c for c in self.villages.candidates(m.text) if _fast_km(c.lat, c.lon, e.lat, e.lon) > self.SAME_PLACE_KM]
                        namesake = any(self.villages.nearest(other, x.lat, x.lon, far / 3) is not None for x in near if x.country == "UA")
                    if near and not namesake:
                        supported.add(mi)  # a place of its own sentence lies near it
                    if not near and regs and e.admin1 not in regs:
                        # nothing near to judge by, but the paragraph names an oblast where the codifier holds a
                        # settlement of that name ("northwestern Kherson Oblast ... a counteroffensive near
                        # Starosillya, a settlement on the eastern bank of the Inhulets River": not Odesa Oblast's)
                        namesake = any(c.oblast in regs for c in self.villages.candidates(m.text))
                if not namesake and e.kind == "place" and e.country == "UA" \
                        and self.villages.fold(N.key(m.text)) != self.villages.fold(N.key(e.name)):
                    # a town matched only by one of its alternate names, far from every town of the sentence, while
                    # the codifier holds a village of the name as written by one of them ("villages near Izyum,
                    # including Topolske, Shpakivka, and Donetske": Kharkiv Oblast's village, not Donetsk City)
                    towns = [x for x in sentence_places(m) if x.country == "UA"]
                    cands = [c for c in self.villages.candidates(m.text) if _fast_km(c.lat, c.lon, e.lat, e.lon) > self.SAME_PLACE_KM]
                    namesake = bool(towns) and min(_fast_km(e.lat, e.lon, x.lat, x.lon) for x in towns) > 50 and any(
                        self.villages.nearest(cands, x.lat, x.lon, self.VILLAGE_KM) is not None for x in towns)
                if namesake:
                    dropped[N.key(m.text)] = m.choice
                    m.choice, m.how = None, "unknown"
        # one sense per discourse: the namesake dropped once is dropped for every mention of that name,
        # except where the mention's own sentence names a place near it (ISW's "Andriivka" in Kherson
        # Oblast in one paragraph, near Zmiiv in Kharkiv Oblast in another)
        for mi, m in enumerate(mentions):
            if m.how == "name" and m.constraint is None and m.role == "literal" and m.choice is not None \
                    and dropped.get(N.key(m.text)) == m.choice and mi not in supported:
                m.choice, m.how = None, "unknown"
        for m in mentions:
            if m.choice is None and m.near is not None and m.near[0].choice is None and m.fallback is not None \
                    and dropped.get(N.key(m.near[0].text)) == m.fallback:
                m.fallback = None  # "Svitlychne (8 km southwest of Sosnivka)": not by the namesake its anchor was dropped as
        placed: dict[str, tuple[int, int]] = {}  # name -> (fallback, precision) of its first placed mention
        for mi, m in enumerate(mentions):
            prev = mentions[mi - 1] if mi else None
            if prev is not None and prev.fallback is not None and prev.choice is None:
                placed.setdefault(N.key(prev.text), (prev.fallback, prev.fallback_precision))
            if (m.how != "unknown" and not (m.how == "settlement_phrase" and not m.ids and m.choice is None)) or m.fallback is not None:
                continue  # (also "the coastal settlements of Lebedivka, ...", a village missing from the gazetteer)
            a = _sentence_start(text, m.start)
            b = _sentence_end(text, m.end)
            same = [o for o in mentions if o is not m and a <= o.start < b and o.choice is not None and o.role == "literal"
                    and N.key(o.text) != N.key(m.text)]
            regs = [o for o in same if int(gaz.kind[o.choice]) == ADMIN1 and gaz.ccs[gaz.cc_idx[o.choice]] in ("UA", "RU")
                    and not _BORDER_AFTER.match(text, o.end, o.end + 40)  # a border locates no village
                    and not o.text.isupper() and not _REPUBLIC_AFTER.match(text, o.end, o.end + 25)
                    and not re.search(r"\bnot\s+(?:in\s+)?(?:the\s+)?$", text[max(0, o.start - 12):o.start])  # "(in Kharkiv, not Luhansk Oblast)"
                    and not _REPUBLIC_IN.search(o.text)]  # "Donetsk People's Republic (DNR) troops" named in full  # nor an acronym standing for the republic's forces ("DNR forces have taken ...")
            if regs:
                after = [o for o in regs if o.start > m.start]
                m.fallback = (after or regs)[0].choice
                m.fallback_precision = 3
                continue
            if N.key(m.text) in placed:
                # one sense per story: the village placed by an earlier sentence's oblast ("struck Nova Kamianka ...
                # in northern Kherson Oblast"), not by a town its later sentence names ("withdrew from Nova Kamianka
                # to Ukrainka")
                m.fallback, m.fallback_precision = placed[N.key(m.text)]
                continue
            towns = [o for o in same if int(gaz.kind[o.choice]) == PLACE and gaz.ccs[gaz.cc_idx[o.choice]] in ("UA", "RU")
                     and not _not_a_town(text, o)]  # "on the eastern bank of the Inhulets River": no town
            if not towns and m.how == "unknown":
                # a sentence naming no place (or a namesake dropped as too far from its paragraph): the
                # paragraph's town nearest in the text, in the region the paragraph names when it names one
                # ("gains in western Kherson Oblast ... (along the Inhulets River). ... strikes targeted
                # Ukrainian force concentrations in Bilohirka, Sukhyi Stavok, and Andriivka")
                pa = self._paragraph(text, m.start)[0]
                para = [o for o in self._paragraph_places(text, mentions, m)
                        if gaz.ccs[gaz.cc_idx[o.choice]] in ("UA", "RU") and not _not_a_town(text, o)]
                towns = [o for o in para if int(gaz.kind[o.choice]) == PLACE]
                pregs = [o for o in para if int(gaz.kind[o.choice]) == ADMIN1 and not o.text.isupper()
                         and not _BORDER_AFTER.match(text, o.end, o.end + 25)
                         and not _REPUBLIC_AFTER.match(text, o.end, o.end + 25) and not _REPUBLIC_IN.search(o.text)]
                if pregs:
                    # the region of the paragraph's opening sentence (ISW's "Russian forces attempted to regain lost
                    # positions in northwestern Kherson Oblast ..."), else the one holding most of the paragraph's
                    # towns (not one named in passing: "... in southern Ukraine and Kharkiv Oblast ... east of
                    # Spirne"), else the one named last before the village
                    first_end = text.find(". ", pa)
                    a1_of = lambda o: gaz.a1_iso[gaz.a1_idx[o.choice]]
                    opening = [o for o in pregs if first_end < 0 or o.start < first_end]
                    held = sorted(pregs, key=lambda r: -sum(a1_of(o) == a1_of(r) for o in towns))
                    before = [o for o in pregs if o.start < m.start]
                    if opening:
                        r = opening[0]
                    elif held and any(a1_of(o) == a1_of(held[0]) for o in towns):
                        r = held[0]
                    else:
                        r = before[-1] if before else pregs[0]
                    towns = [o for o in towns if a1_of(o) == a1_of(r)]
                    if not towns:
                        m.fallback, m.fallback_precision = r.choice, 3
                        continue
                elif not m.ids and len({gaz.a1_iso[gaz.a1_idx[o.choice]] for o in towns}) > 1:
                    # a name missing from the gazetteer is placed by its paragraph's towns only when they all lie
                    # in one oblast
                    towns = []
            if towns:
                # the towns of the sentence in more than one oblast: the oblast that holds most of them ("frontline
                # settlements including Slatyne, Ruski Tyshky, X, Rubizhne": X by the Kharkiv Oblast villages)
                a1s = [gaz.a1_iso[gaz.a1_idx[o.choice]] for o in towns]
                top = max(set(a1s), key=a1s.count)
                if a1s.count(top) * 2 > len(a1s):
                    towns = [o for o, a1 in zip(towns, a1s) if a1 == top]
                # a town the sentence places the list by ("the eastern arc of Bakhmut in X, Y, and Z") before a
                # village listed beside it, which may itself be a namesake of the one meant
                peers = self._list_peers(text, mentions, mi)
                towns = [o for o in towns if id(o) not in peers] or towns
                m.fallback = min(towns, key=lambda o: abs(o.start - m.start)).choice
                m.fallback_precision = 2
        # a village listed beside one placed by a town ("launched airstrikes on Pokrovske and Klynove", Pokrovske by
        # Bakhmut) lies by that town too, when nothing else places it
        for mi, m in enumerate(mentions):
            if m.how == "unknown" and m.choice is None and m.fallback is None and m.role == "literal":
                peers = self._list_peers(text, mentions, mi)
                by = [o for o in mentions if id(o) in peers and o.choice is None and o.fallback is not None
                      and o.fallback_precision == 2]
                if by:
                    m.fallback, m.fallback_precision = by[0].fallback, 2
        for m in mentions:
            if m.choice is None and m.fallback is not None and m.role == "literal":
                i = self._respelled(m)
                if i is not None:
                    m.choice, m.fallback, m.how = i, None, "name"
        self._place_villages(text, mentions)
        self._place_lists(text, mentions)
        self._list_namesakes(text, mentions)
        self._same_place_entries(mentions)

    def _same_place_entries(self, mentions) -> None:
        """A village the codifier placed at its own point that is a gazetteer entry of the mention's name at that point
        (Donetsk Oblast's Pervomaiske: GeoNames' Avdiyivske, with Pervomaiske as an alternate name, dropped above as a
        namesake): that entry, with its id."""
        gaz = self.gaz
        for m in mentions:
            v = m.village
            if v is None or m.choice is not None or m.role != "literal" or v.point != "own":
                continue
            same = [i for i in m.ids if int(gaz.kind[i]) == PLACE
                    and _fast_km(float(gaz.lat[i]), float(gaz.lon[i]), v.lat, v.lon) <= self.SAME_PLACE_KM]
            if len(same) == 1:
                m.choice, m.village, m.how = same[0], None, "name"

    def _former_name(self, m: Mention, e: Entry) -> bool:
        """The name matched a small Ukrainian settlement of the gazetteer only as one of its alternate names, and the
        codifier holds settlements of that name today, none of them in that settlement's oblast: the alternate is a
        former name ("Kostromka", renamed Velyka Dolyna in Dnipropetrovsk Oblast), and the village meant is one the
        codifier holds under it (Kherson Oblast's Kostromka)."""
        if e.kind != "place" or e.country != "UA" or not e.admin1 or e.population >= 10_000 \
                or self.villages.fold(N.key(m.text)) == self.villages.fold(N.key(e.name)):
            return False
        cands = self.villages.candidates(m.text)
        return bool(cands) and all(c.oblast != e.admin1 for c in cands)

    def _other_oblast_said(self, text, m) -> bool:
        """The text says in a parenthesis that the place lies in another oblast than the chosen one's:
        "Rubizhne (in Kharkiv, not Luhansk Oblast)"."""
        par = re.match(r"\s*\(\s*(?:in|of)\s+([A-Z][\w’'-]+)(?:\s+[Oo]blast)?\s*[,)]", text[m.end:m.end + 60])
        if par is None:
            return False
        gaz = self.gaz
        e = gaz.entry(m.choice)
        regs = [i for i in gaz.ids_by_key(N.key(par.group(1) + " oblast")) if int(gaz.kind[i]) == ADMIN1]
        return e.kind == "place" and bool(regs) and all(gaz.entry(r).admin1 != e.admin1 for r in regs)

    #: how far from the town its sentence locates it by a village of the codifier may lie (km)
    VILLAGE_KM = 60
    #: about how far from the town a village told only to lie on one side of it may lie (km; ``_fits_bearing`` allows
    #: 1.5 times this plus 12: "Olhyne (south of Kryvyi Rih on the T2207 highway)" lies 103 km off)
    SIDE_KM = 80
    #: how much farther (km) from the town than the nearest a namesake may lie and still be told apart by the other
    #: villages of its sentence
    TIE_KM = 10
    #: how far apart (km) the codifier's points of the villages of one list may lie (hromada centres, not the villages)
    LIST_KM = 40
    #: how near (km) a listed village a namesake of the codifier must lie to displace a town the list lies far from
    PEER_KM = 20
    #: how much farther a codifier village placed at its hromada's centre (not its own point) may lie
    HROMADA_SLACK_KM = 10
    #: how far (km) from some other place of its paragraph such a group may lie
    CONTEXT_KM = 100
    #: how near (km) a gazetteer entry must lie to the codifier's point (a hromada centre) to be the same place
    SAME_PLACE_KM = 15

    def _place_lists(self, text, mentions) -> None:
        """A list of villages ("airstrikes at Andriivka, Bilohirka, and Velyke Artakove") whose names the gazetteer
        places far apart, or only by a town of the paragraph: the codifier's namesakes that lie together, within
        ``LIST_KM`` of each other, when exactly one such group exists."""
        villages = self.villages
        done: set[int] = set()
        for mi, m in enumerate(mentions):
            if id(m) in done or m.role != "literal":
                continue
            peers = self._list_peers(text, mentions, mi)
            group = [o for o in mentions if id(o) in peers or o is m]
            done.update(id(o) for o in group)
            if len(group) < 2 or not all(o.role == "literal" and self._weak_list_member(o) for o in group):
                continue  # (a town of the list, "Dibrovne, Kramatorsk, and Slovyansk", places its villages already)
            cands = [villages.candidates(o.text) for o in group]
            if not all(cands):
                continue
            # where the list lies now: a village placed only at a town's point, or names far apart, is unsure
            points = [self._mention_point(o, fallback=False) for o in group]
            if None not in points and max(_fast_km(a[0], a[1], b[0], b[1]) for a in points for b in points) <= 2 * self.LIST_KM:
                continue
            clusters = []
            for anchor in min(cands, key=len):
                pick = [villages.nearest(c, anchor.lat, anchor.lon, self.LIST_KM) for c in cands]
                if all(pick) and not any(all(a is b for a, b in zip(pick, c)) for c in clusters):
                    clusters.append(pick)
            if len(clusters) != 1:
                continue  # common names ("Andriivka, Shyroke, and Oleksandrivka") lie together in many places
            # and the group lies where the paragraph is (not a Kyiv Oblast pair of names for a Kherson Oblast front)
            pa, pb = self._paragraph(text, m.start)
            context = [self._mention_point(o) for o in mentions
                       if pa <= o.start < pb and o.role == "literal" and all(o is not g for g in group)]
            if not any(_fast_km(v.lat, v.lon, c[0], c[1]) <= self.CONTEXT_KM for v in clusters[0] for c in context if c):
                continue
            for o, v in zip(group, clusters[0]):
                if o.choice is not None:
                    e = self.gaz.entry(o.choice)
                    if _fast_km(e.lat, e.lon, v.lat, v.lon) <= self.SAME_PLACE_KM:
                        continue  # the gazetteer's entry is the codifier's place ("Avdiivka" read as Avdiyivka)
                o.choice, o.village, o.how = None, v, "unknown"

    #: a town of up to this many people listed with villages far from it may be the codifier's namesake by them
    LIST_TOWN_POP = 100_000

    def _list_namesakes(self, text, mentions) -> None:
        """A town of the gazetteer (of fewer than ``LIST_TOWN_POP`` people, in an oblast its sentence does not name)
        listed with villages that lie far from it, while the codifier holds a namesake
        by them ("fought around Nyrkove, Mykolaivka, and Berestove": Luhansk Oblast's Mykolaivka, by Popasna, not
        Donetsk Oblast's town of 14,000 by Slovyansk, 37 km from Berestove and more from Nyrkove): that namesake, when
        it lies within ``PEER_KM`` of a listed village and at most half as far from the list as the town."""
        gaz = self.gaz
        for mi, m in enumerate(mentions):
            if m.choice is None or m.role != "literal" or m.constraint is not None or m.near is not None:
                continue
            e = gaz.entry(m.choice)
            if e.kind != "place" or e.country != "UA" or e.population >= self.LIST_TOWN_POP:
                continue
            peers = self._list_peers(text, mentions, mi)
            points = [self._mention_point(o, fallback=False) for o in mentions if id(o) in peers and o.role == "literal"
                      and N.key(o.text) != N.key(m.text)]
            points = [q for q in points if q is not None]
            cands = self.villages.candidates(m.text) if points else []
            if not cands:
                continue
            a, b = _sentence_start(text, m.start), _sentence_end(text, m.end)
            if any(a <= o.start < b and o.choice is not None and int(gaz.kind[o.choice]) == ADMIN1
                   and gaz.entry(o.choice).admin1 == e.admin1 for o in mentions):
                continue  # the sentence names the town's own oblast ("bridges in Chernihiv and Sumy Oblast, including ... Konotop")
            d_town = min(_fast_km(e.lat, e.lon, q[0], q[1]) for q in points)
            dist = lambda c: min(_fast_km(c.lat, c.lon, q[0], q[1]) for q in points)
            best = min(cands, key=dist)
            d_best = dist(best)
            # (a namesake the codifier places at its hromada's centre may lie that much farther: "shelled Ternova, Ruski
            # Tyshky, and Rubizhne", Vovchansk hromada's village, 22 km from Ternova's point)
            slack = 0 if best.point == "own" else self.HROMADA_SLACK_KM
            if d_best <= self.PEER_KM + slack and d_town >= 2 * d_best + self.SAME_PLACE_KM \
                    and _fast_km(best.lat, best.lon, e.lat, e.lon) > self.SAME_PLACE_KM:
                m.choice, m.village, m.how = None, best, "unknown"

    def _weak_list_member(self, o: Mention) -> bool:
        """A list item whose place the codifier may correct: a village placed by a town, or a small Ukrainian place
        chosen by name (or a bigger one the name matched only loosely: "Oleksandrivka" read as Donetsk's
        Oleksandrivskyi district)."""
        if o.choice is None:
            return (o.fallback is not None and o.fallback_precision == 2) or o.village is not None
        e = self.gaz.entry(o.choice)
        return e.kind == "place" and e.country == "UA" and (e.population < 10_000 or not N.key(e.name).startswith(N.key(o.text)[:-2]))

    def _mention_point(self, o: Mention, fallback: bool = True) -> tuple[float, float] | None:
        """(lat, lon) of a resolved Ukrainian mention: its codifier village, its entry or (``fallback``) the town or
        region that places it."""
        if o.village is not None:
            return o.village.lat, o.village.lon
        i = o.choice if o.choice is not None else (o.fallback if fallback else None)
        if i is None:
            return None
        e = self.gaz.entry(i)
        return (e.lat, e.lon) if e.country == "UA" else None

    def _place_villages(self, text, mentions) -> None:
        """A name missing from the gazetteer, located by a town of its sentence: the codifier's settlement of
        that name nearest the town (on the side and at about the distance the story gives: "Ternovi Pody,
        approximately 28km northwest of Kherson City" is Mykolaiv Oblast's), within ``VILLAGE_KM``; failing that, the
        only one in that town's oblast (Kherson Oblast's Kostromka, dropped as Velyka Dolyna's former name). A
        name placed by nothing is the codifier's only settlement of that name when it lies in an oblast where the
        paragraph's towns lie ("airstrikes on Sukhy Stavok, Bezimenne and Kostromka" in a Kherson Oblast paragraph).
        A name the codifier does not hold keeps the town's point; one stated to lie in a region stays that region."""
        villages, gaz = self.villages, self.gaz
        tied = []  # (mention, its namesakes about as near the town as the nearest)
        for m in mentions:
            # (one stated to lie in a region stays that region at precision 3: ../shared/spec/events.md)
            if m.choice is not None or m.role != "literal" or (m.fallback is not None and m.fallback_precision == 3):
                continue
            cands = villages.candidates(m.text)
            if not cands and m.fallback is not None:
                # none as written: one whose і the story writes as the Russian о, near the town that places it
                cands = villages.russianised(m.text)
            if not cands:
                continue
            if m.fallback is None:
                if len(cands) == 1 and cands[0].oblast in {
                        gaz.entry(o.choice).admin1 for o in self._paragraph_places(text, mentions, m)
                        if int(gaz.kind[o.choice]) in (PLACE, ADMIN1) and gaz.ccs[gaz.cc_idx[o.choice]] == "UA"}:
                    m.village = cands[0]
                continue
            self._place_village(m, cands, gaz.entry(m.fallback), tied)
        # namesakes about as near the town ("fired artillery at Ukrainka and launched airstrikes at Bilyaivka, both
        # southeast of Vysokopillya": Dnipropetrovsk Oblast's Ukrainka 24 km off, Kherson Oblast's 26 km): the one
        # nearest another village of the sentence (Kherson Oblast's, in Bilyaivka's hromada)
        for m, close in tied:
            a, b = _sentence_start(text, m.start), _sentence_end(text, m.end)
            near = [(o.village.lat, o.village.lon) for o in mentions if o is not m and a <= o.start < b
                    and o.village is not None and N.key(o.text) != N.key(m.text)]
            if near:
                m.village = min(close, key=lambda c: min(_fast_km(c.lat, c.lon, p[0], p[1]) for p in near))
        # one sense per paragraph: a name read as a village of the codifier ("fired artillery at Ukrainka"), told again
        # in its paragraph with nothing to place it ("just north of Ukrainka and Bilyaivka"), is that village, not a
        # small namesake of the gazetteer far away
        first, moved = {}, set()
        for m in mentions:
            k = (self._paragraph(text, m.start)[0], N.key(m.text))
            if m.village is not None and m.choice is None and m.role == "literal":
                first.setdefault(k, m)
            elif m.choice is not None and k in first and m.role == "literal" and m.near is None and m.constraint is None:
                e, v = gaz.entry(m.choice), first[k].village
                # (any town when the village was named earlier in the same sentence: "captured positions in Makiivka
                # (20km northwest of Kreminna) ... out of positions south of Makiivka", not Donetsk Oblast's city)
                same_sentence = first[k].start >= _sentence_start(text, m.start)
                if e.kind == "place" and e.country == "UA" and (e.population < 10_000 or same_sentence) \
                        and _fast_km(e.lat, e.lon, v.lat, v.lon) > self.VILLAGE_KM:
                    m.choice, m.how, m.village, m.fallback, m.fallback_precision = \
                        None, "unknown", v, first[k].fallback, first[k].fallback_precision
                    moved.add(id(m))
        # and a village placed by its side of such a mention ("Veremiivka, just north of Ukrainka") is placed anew by it
        for m in mentions:
            if m.near is not None and id(m.near[0]) in moved and m.choice is None and m.role == "literal":
                q = m.near[0]
                cands = villages.candidates(m.text)
                if cands:
                    m.village, m.fallback, m.fallback_precision = None, q.fallback, q.fallback_precision
                    self._place_village(m, cands, q.village, [])
        # one sense per story: another mention of a village placed by its distance and side from a town ("Chepil, about
        # 60 km northwest of Slovyansk" ... "in the Chepil area"), in a sentence naming no other place, is that
        # village, not the codifier's namesake nearest whatever town its paragraph names
        by_bearing = {}
        for m in mentions:
            if m.village is not None and m.near is not None and m.near[1]:
                by_bearing.setdefault(N.key(m.text), (m.village, m.fallback))
        for m in mentions:
            got = by_bearing.get(N.key(m.text)) if m.choice is None and m.role == "literal" and m.fallback_precision != 3 else None
            if got is None or (m.near is not None and m.near[1]):
                continue
            a, b = _sentence_start(text, m.start), _sentence_end(text, m.end)
            if not any(o is not m and a <= o.start < b and o.role == "literal" for o in mentions):
                m.village, m.fallback = got

    def _place_village(self, m: Mention, cands, fe, tied: list) -> None:
        """``m.village``: of the codifier's settlements ``cands`` of its name, the one the town or village ``fe`` that
        places it locates (see ``_place_villages``); namesakes about as near as the nearest go to ``tied``."""
        if m.near is not None and m.near[1]:
            fits = [c for c in cands if _fits_bearing(c, fe, m.near[1] + 10, m.near[2] or "")]
            if fits:
                m.village = min(fits, key=lambda c: abs(_fast_km(c.lat, c.lon, fe.lat, fe.lon) - m.near[1]))
                return
        elif m.near is not None and m.near[2]:
            # a side and no distance: the nearest on that side ("Oleksandrivka, just west of Kherson": Kherson Oblast's
            # by Stanislav, not Mykolaiv Oblast's as near to the north)
            fits = [c for c in cands if _fits_bearing(c, fe, self.SIDE_KM, m.near[2])]
            if fits:
                m.village = min(fits, key=lambda c: _fast_km(c.lat, c.lon, fe.lat, fe.lon))
                return
        m.village = self.villages.nearest(cands, fe.lat, fe.lon, self.VILLAGE_KM)
        if m.village is not None:
            d0 = _fast_km(m.village.lat, m.village.lon, fe.lat, fe.lon)
            close = [c for c in cands if _fast_km(c.lat, c.lon, fe.lat, fe.lon) <= min(self.VILLAGE_KM, d0 + self.TIE_KM)]
            if len(close) > 1:
                tied.append((m, close))
        else:
            # none near the town: the only one in the town's oblast (a former name: Kherson Oblast's Kostromka; a
            # village the paragraph's town places only by its oblast: "in northern Kherson, particularly from
            # Piatykhatky (about 35km south of the Dnipropetrovsk Oblast border)"), not the town's point and name
            oblast = fe.oblast if isinstance(fe, Settlement) else fe.admin1  # (a codifier village or a gazetteer entry)
            in_oblast = [c for c in cands if c.oblast == oblast]
            if len(in_oblast) == 1:
                m.village = in_oblast[0]

    def _respelled(self, m: Mention) -> int | None:
        """A village the gazetteer lacks as spelled ("Arhanhenske", "Velyka Kostroma", "Shchastlyve") that is a letter
        or two from a settlement of the gazetteer in the oblast that placed it (or within 30 km of the town that did):
        that settlement ("Arkhanhelske", "Velyka Kostromka", "Shchaslyve"), when only one such place is that close."""
        gaz = self.gaz
        k = re.sub(r"^(?:the )?(?:village|settlement|town) of ", "", N.key(m.text))
        if len(k) < 7:
            return None
        f = m.fallback
        near = None if int(gaz.kind[f]) == ADMIN1 else gaz.entry(f)
        iso = gaz.entry_iso[f] if near is None else near.admin1
        if not iso:
            return None
        scored = []
        for i in gaz.settlements_in(iso):
            own = N.key(gaz.names[i])
            if own[:1] != k[:1] or abs(len(own) - len(k)) > 2 or own == k:
                continue
            if near is not None and haversine(near.lat, near.lon, float(gaz.lat[i]), float(gaz.lon[i])) > 30:
                continue
            r = SequenceMatcher(None, k, own).ratio()
            if r >= 0.85:
                scored.append((r, int(i)))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02:
            return None  # two settlements as close in spelling (namesakes): the oblast stays
        return scored[0][1]

    @staticmethod
    def _list_peers(text, mentions, mi) -> set[int]:
        """ids of the mentions listed with ``mentions[mi]`` ("X, Y, and Z"), itself excluded."""
        out = set()
        for step in (-1, 1):
            j = mi
            while 0 <= j + step < len(mentions):
                p, q = (mentions[j + step], mentions[j]) if step < 0 else (mentions[j], mentions[j + step])
                if not _LIST_SEP.fullmatch(text[p.end:q.start]):
                    break
                j += step
                out.add(id(mentions[j]))
        return out

    def _regs_of(self, mi: int) -> set[str] | None:
        """The oblasts mention ``mi``'s paragraph names, but for those listed beside it (``_regions_beside``)."""
        regs = self._para_regs.get(self._para_of[mi])
        if regs and self._beside.get(mi):
            pa = self._para_of[mi]
            regs = set().union(*(isos for j, isos in self._reg_isos.items() if self._para_of[j] == pa and j not in self._beside[mi]))
        return regs

    def _regions_beside(self, text: str, mentions) -> dict[int, set[int]]:
        """For each mention, the region mentions listed after it as other places ("strikes west of Hulyaipole, and in
        Dnipropetrovsk and Mykolaiv Oblasts"; "fire west of Hulyaipole and in Mykolaiv Oblast"): they place it nowhere,
        so they neither pull it to a namesake in them nor count as its paragraph's oblasts. ("X, Y Oblast" with no
        conjunction locates X: not listed beside.)"""
        out: dict[int, set[int]] = {}
        for mi, m in enumerate(mentions):
            got, prev, first = set(), m, True
            for j in range(mi + 1, len(mentions)):
                o = mentions[j]
                gap = text[prev.end:o.start]
                if j not in self._reg_isos or not (_BESIDE_FIRST if first else _LIST_SEP_LOC).fullmatch(gap):
                    break
                got.add(j)
                prev, first = o, False
            if got:
                out[mi] = got
        return out

    def _paragraph_places(self, text: str, mentions, m) -> list:
        """The resolved literal mentions of ``m``'s paragraph, other than ``m`` and its own name."""
        pa, pb = self._paragraph(text, m.start)
        k = N.key(m.text)
        return [o for o in mentions if o is not m and pa <= o.start < pb and o.choice is not None
                and o.role == "literal" and N.key(o.text) != k]

    @staticmethod
    def _paragraph(text: str, pos: int) -> tuple[int, int]:
        a = text.rfind("\n", 0, pos) + 1
        b = text.find("\n", pos)
        return a, (len(text) if b < 0 else b)

    def _inside(self, e: Entry, c: Entry) -> bool:
        if c.kind == "country":
            return e.country == c.country and e.kind != "country"
        if c.kind == "admin1":
            return e.kind == "place" and e.country == c.country and e.admin1 is not None and e.admin1 == c.admin1
        return False

    def _score(self, m, e: Entry, mi, anchors, text) -> float:
        """Score of entry ``e`` for mention ``mi``; the mention's own votes do not count for it."""
        country_votes, admin_votes, own_c, own_a = self._votes
        oc, oa = own_c.get(mi, {}), own_a.get(mi, {})
        total = sum(country_votes.values()) - sum(oc.values())
        share = (country_votes.get(e.country, 0.0) - oc.get(e.country, 0.0)) / total if total > 1e-9 else 0.0
        # (nor do the regions listed beside it: "west of Hulyaipole and in Dnipropetrovsk Oblast", see _regions_beside)
        admin_support = admin_votes.get(e.admin1, 0.0) - oa.get(e.admin1, 0.0) - sum(
            own_a.get(j, {}).get(e.admin1, 0.0) for j in self._beside.get(mi, ())) if e.admin1 else 0.0
        s = 0.0
        pop = e.population
        if e.kind == "country":
            s += 3.0
        elif e.kind == "continent":
            s += 2.5
            pop = 100_000_000
        elif e.kind == "area":
            s += 2.2
            pop = max(pop, 1_000_000)
        elif e.kind == "admin1":
            s += 1.6
            pop = min(pop, 1_000_000)
        s += 0.6 * math.log10(pop + 10)
        if e.kind == "place" and pop > 100_000:
            s += self.W_BIG * (math.log10(pop) - 5)  # a world city is rarely beaten by a hamlet's context
        if e.idx in self.capital_ids:
            s += 2.0
        s += self.W_SHARE * share
        # a name that is itself a region or country ("Oregon", "Georgia") is not pulled to a
        # same-named village by the region or neighbours around it
        own_big = m.ids and self._has_big(m)
        if admin_support > 0.1 and e.kind in ("place", "area") and not own_big:
            s += self.W_ADMIN
        if anchors and not (own_big and e.kind == "place"):
            # the neighbours in the text (a window of mentions), not the whole of a long document
            lo_i = bisect.bisect_left(anchors, (mi - 20,))
            hi_i = bisect.bisect_right(anchors, (mi + 20, 1e9, 1e9))
            d = min((_fast_km(e.lat, e.lon, la, lo) for j, la, lo in anchors[lo_i:hi_i] if j != mi), default=None)
            if d is not None:
                s += self.W_PROX * math.exp(-d / 200.0)
        if e.kind == "place" and e.country in ("UA", "RU") and not own_big and len(m.ids) > 1:
            d = None
            if anchors:
                # the places of the same sentence (other names), closer than the window's
                sa, k = self._sent_of[mi], self._keys[mi]
                beside = self._beside.get(mi, ())
                d = min((_fast_km(e.lat, e.lon, la, lo) for j, la, lo in anchors
                         if j != mi and j in self._firm and self._sent_of[j] == sa and self._keys[j] != k and j not in beside),
                        default=None)
                if d is not None:
                    s += self.W_SENT * math.exp(-d / 50.0)
            # else the oblast its paragraph names
            regs = self._regs_of(mi)
            if d is None and regs and e.admin1 in regs:
                s += self.W_PARA
        # spelling: the entry's own name against the text (alternate names can be old or wrong)
        s += self._spelling(N.key(m.text), e.name)
        return s

    @staticmethod
    @lru_cache(maxsize=50_000)
    def _spelling(k: str, name: str) -> float:
        own = N.key(name)
        if own == k:
            return 0.6
        r = SequenceMatcher(None, k, own).ratio()
        # an alternate name that does not resemble the entry's own name at all ("Kremenchuk" as
        # an alternate name of Yampil) is more often an old or wrong name than the one meant
        return 0.6 * r - (0.2 if r >= 0.5 else 1.0)

    def _constraints(self, text, mentions):
        """Explicit qualifiers: "X, Y" (Y region or country), "X in the [...] Y Region" and
        "X, about 40 kilometers west of Y"."""
        gaz = self.gaz
        for a, m in enumerate(mentions):
            if m.how == "capital_phrase":
                continue
            if a + 1 < len(mentions) and m.how in ("name", "settlement_phrase", "unknown"):
                q = mentions[a + 1]
                dm = _DISTANCE_FROM.fullmatch(text[m.end:q.start])
                region = bool(m.ids) and all(int(gaz.kind[i]) in (ADMIN1, COUNTRY) for i in m.ids[:50])
                if region:
                    dm = None  # "X in Kharkiv Oblast (20km northwest of Svatove)": the distance is X's, not the region's
                unit = lambda dm: 1.609 if dm.group(2).lower().startswith("mi") else 1.0  # miles to km
                if dm and q.ids:
                    m.near = (q, float(dm.group(1).replace(",", ".")) * unit(dm), (dm.group(3) or "").lower())
                    # the places listed before it lie on that side too ("recaptured Lukyanivka and Rudnytske, 40km east
                    # of Brovary": not Kyiv City's Lukyanivka, west of Brovary), at a distance not told
                    j = a
                    while dm.group(3) and j > 0 and _LIST_SEP.fullmatch(text[mentions[j - 1].end:mentions[j].start]) \
                            and mentions[j - 1].how in ("name", "settlement_phrase", "unknown") and mentions[j - 1].near is None:
                        j -= 1
                        mentions[j].near = (q, None, dm.group(3).lower())
                elif q.ids and not region and (bm := _BEARING_FROM.fullmatch(text[m.end:q.start])):
                    m.near = (q, None, bm.group(1).lower())  # a side of the town, no distance
                dm = None if (dm or region) else _DISTANCES_FROM.fullmatch(text[m.end:q.start])
                if dm and q.ids:
                    # as many listed places before it as distances, each its own, in order
                    kms = [float(x.replace(",", ".")) for x in re.findall(r"\d+(?:[.,]\d+)?", dm.group(1))]
                    items = [m]
                    while len(items) < len(kms) and a - len(items) >= 0:
                        p = mentions[a - len(items)]
                        if not _LIST_SEP.fullmatch(text[p.end:items[-1].start]) or p.how not in ("name", "settlement_phrase", "unknown"):
                            break
                        items.append(p)
                    if len(items) == len(kms):
                        for p, km in zip(reversed(items), kms):
                            p.near = (q, km * unit(dm), (dm.group(3) or "").lower())
            for b in range(a + 1, min(a + 3, len(mentions))):
                q = mentions[b]
                gap = text[m.end:q.start]
                comma = re.fullmatch(r",\s*", gap)
                inside = re.fullmatch(r"\s+\(?(?:in|of)\s+(?:the\s+)?(?:[a-z\-]+\s+){0,2}", gap) and len(gap) < 40  # "X (in Luhansk Oblast)"
                if not (comma or inside):
                    continue
                regs = [i for i in q.ids if int(gaz.kind[i]) in (ADMIN1, COUNTRY)]
                if not regs:
                    continue
                if any(int(gaz.kind[i]) in (ADMIN1, COUNTRY, CONTINENT) for i in m.ids[:200]):
                    break  # a list of regions or countries ("Iraq, Iran"), not a qualifier
                if comma and re.match(r"\s*(,\s*)?(and|or)\b", text[q.end:q.end + 8]) :
                    break  # "Paris, London and Berlin"
                # the qualifier must fit some candidate, or be an explicit region phrase
                fits = [r for r in regs if any(self._inside(gaz.entry(i), gaz.entry(r)) for i in m.ids[:2000])]
                if fits:
                    m.constraint = max(fits, key=lambda r: (int(gaz.kind[r]) == ADMIN1, int(gaz.pop[r])))
                    if int(gaz.kind[m.constraint]) == ADMIN1:
                        q.ids = [m.constraint]
                elif inside and (q.region_hint or any(int(gaz.kind[r]) == ADMIN1 for r in regs)) and m.how in ("settlement_phrase", "name"):
                    adm = [r for r in regs if int(gaz.kind[r]) == ADMIN1]
                    if adm and (m.how == "settlement_phrase" or q.region_hint):
                        m.constraint = max(adm, key=lambda r: int(gaz.pop[r]))
                break
        self._list_constraints(text, mentions)

    def _list_constraints(self, text, mentions):
        """"repelled assaults on Pershotravneve, Tabaivka, and Berestove in Kharkiv Oblast": the oblast after a list
        places each village of it, as it places the last one ("X in Y Oblast" above); a village with no candidate
        there is placed by the oblast itself, unless it is a town of 20,000 or more, named for itself ("Izyum,
        Slovyansk and Kramatorsk in Donetsk Oblast")."""
        gaz = self.gaz
        kinds = ("name", "settlement_phrase", "unknown")
        a = 0
        while a < len(mentions):
            b = a
            while b + 1 < len(mentions) and mentions[b + 1].how in kinds and _LIST_SEP.fullmatch(text[mentions[b].end:mentions[b + 1].start]):
                b += 1
            if b > a and b + 1 < len(mentions) and mentions[a].how in kinds:
                q = mentions[b + 1]
                gap = text[mentions[b].end:q.start]
                adm = [i for i in q.ids if int(gaz.kind[i]) == ADMIN1]
                if q.region_hint and adm and len(gap) < 40 and re.fullmatch(r"\s+\(?(?:in|of)\s+(?:the\s+)?(?:[a-z\-]+\s+){0,2}", gap):
                    for m in mentions[a:b]:
                        if m.constraint is not None or any(int(gaz.kind[i]) in (ADMIN1, COUNTRY, CONTINENT) for i in m.ids[:200]):
                            continue
                        fits = [r for r in adm if any(self._inside(gaz.entry(i), gaz.entry(r)) for i in m.ids[:2000])]
                        if fits:
                            m.constraint = fits[0]
                        elif not any(int(gaz.pop[i]) >= 20_000 for i in m.ids[:2000]):
                            m.constraint = max(adm, key=lambda r: int(gaz.pop[r]))
            a = b + 1

    # -- records ----------------------------------------------------------------------------
    def record(self, m: Mention, text: str | None = None) -> dict | None:
        gaz = self.gaz
        if m.choice is None and m.village is not None:
            v = m.village
            return {"geonameid": None, "name": v.name, "country": "UA", "admin1": v.oblast, "lat": round(v.lat, 4),
                    "lon": round(v.lon, 4), "precision": 2, "feature": "settlement", "source": "KATOTTG"}  # (its point approximate)
        if m.choice is None and m.fallback is not None:
            fe = gaz.entry(m.fallback)
            prec = m.fallback_precision
            rec = gaz.record(fe, precision=prec)
            rec["geonameid"] = None  # the settlement itself is not in the gazetteer
            if prec != 3 and rec.get("admin1") in CITY_REGION_SURROUNDS:
                # a village near Kyiv lies in Kyiv Oblast, not in the city, a region of its own ("recaptured Lisovo")
                rec["admin1"] = CITY_REGION_SURROUNDS[rec["admin1"]]
            rec["feature"] = "settlement"  # a settlement located only by its region or a nearby town
            return rec
        if m.choice is None:
            return None
        e = gaz.entry(m.choice)
        rec = gaz.record(e)
        if m.how == "raion_phrase":
            rec["precision"] = 2  # a raion coded to its centre
        elif e.kind == "place" and text is not None and (_NEAR.search(text[max(0, m.start - 60):m.start])
                                                       or _pair_member(text, m.start, m.end)):
            rec["precision"] = 2  # ACLED: near the settlement, on its outskirts, N km from it, one end of "the X-Y direction"
        return rec

    def parse(self, text: str, entities=None, doc=None, keep_metonyms=False) -> list[tuple[Mention, dict]]:
        mentions = self.recognise(text, entities, doc, keep_metonyms=True)
        self.resolve_mentions(text, mentions)
        out = []
        for m in mentions:
            if m.role != "literal" and not keep_metonyms:
                continue
            rec = self.record(m, text)
            if rec is not None:
                out.append((m, rec))
        return out

    def resolve_spans(self, text: str, spans, entities=None, doc=None) -> list[dict | None]:
        """Resolve given spans in context (recognised mentions supply the context)."""
        gaz = self.gaz
        context = self.recognise(text, entities, doc, keep_metonyms=True)
        by_span = {(m.start, m.end): m for m in context}
        gold = []
        for s, e in spans:
            m = by_span.get((s, e))
            if m is None:
                t = text[s:e]
                adj = gaz.adjective_entry(t)
                if adj is not None:
                    m = Mention(s, e, t, [adj.idx], how="adjective")
                    m.choice = adj.idx
                    gold.append(m)
                    continue
                ids = gaz.ids(t)
                if not ids:
                    tt = re.sub(r"^(the|The)\s+", "", t)
                    ids = gaz.ids(tt) or self._hybrid(N.key(tt))
                if not ids:
                    ids = self._loose_ids(t)
                m = Mention(s, e, t, ids, how="gold")
                if N.key(t).split()[-1:] and N.key(t).split()[-1] in REGION_WORDS:
                    m.region_hint = True
            gold.append(m)
        gold_keys = {(m.start, m.end) for m in gold}
        allm = sorted([m for m in context if (m.start, m.end) not in gold_keys and
                       not any(g.start < m.end and m.start < g.end for g in gold)] + gold, key=lambda m: m.start)
        self.resolve_mentions(text, allm)
        return [self.record(m, text) for m in gold]


@component("places", assigns=["places"], requires=["sentences", "entities"])
class Geoparser:
    """The ``places`` component: literal toponyms of the story, resolved to GeoNames."""

    def __init__(self):
        self.core: GeoparserCore | None = None

    def initialize(self) -> None:
        if self.core is None:
            self.core = GeoparserCore(Gazetteer.load())

    def __call__(self, story: Story) -> Story:
        self.initialize()
        pairs = self.core.parse(story.text, story.entities, story.spacy_doc, keep_metonyms=True)
        places, metonyms = [], []
        for m, rec in pairs:
            if m.role in ("adjective", "embedded"):
                continue
            span = story.span(m.start, m.end, **rec)
            (metonyms if m.role == "metonym" else places).append(span)
        story.places = places
        # actors named by a place ("Kyiv said") are kept out of places, for stages that want them
        story.user_data["place_metonyms"] = metonyms
        return story
