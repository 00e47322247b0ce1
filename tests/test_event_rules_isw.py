"""Event rules prompted by the heldout5 and heldout6 errors, each checked on a sentence that is in no gold set
(so that the test does not restate the gold): real sentences of ISW reports in ../shared/corpus (their date is
given), or sentences written in ISW's style where the corpus had none outside the gold."""

from __future__ import annotations

import pytest

from frontwire.doc import Story, check_offsets


@pytest.fixture(scope="module")
def pipe():
    from frontwire.pipeline import Pipeline

    return Pipeline(["nlp", "places", "quotes", "events"]).initialize()


def _run(pipe, st: Story) -> Story:
    """The story through every component, its events' offsets checked."""
    for c in pipe.components:
        st = c(st)
    for ev in st.events:
        assert not check_offsets(ev)
    return st


def _events(pipe, text: str, published: str = "2022-07-01") -> set[tuple[str, str]]:
    st = _run(pipe, Story(text=text, published=published))
    return {(ev["sub_event_type"], ev["place"]["name"]) for ev in st.events}


CLASH, STRIKE, AIR = "Armed clash", "Shelling/artillery/missile attack", "Air/drone strike"
REMOTE = "Remote explosive/landmine/IED"
DISRUPTED, TAKEN = "Disrupted weapons use", "Non-state actor overtakes territory"

#: (sentence, events that must come out, places that only locate and must not be event places)
CASES = {
    # isw/2022-09-11: "targeted ... with cruise missiles and airstrikes": one event of each kind
    "strike with two weapons": ("Russian forces targeted Dnipro City, Dnipropetrovsk Oblast, Mykolaiv City, and Voznessensk, "
                                "Mykolaiv Oblast with cruise missiles and airstrikes.[30]", {(STRIKE, "Dnipro"), (AIR, "Dnipro")}, set()),
    # isw/2022-06-28: a village missing from the gazetteer, placed by its distance from a town
    "unknown village by distance": ("The Ukrainian General Staff reported that Russian forces attempted an unsuccessful assault on Zalyman, "
                                    "approximately 26km northwest of Izyum, on June 28, having failed to advance in the area yesterday.",
                                    {(CLASH, "Zalyman")}, {"Izyum"}),
    # isw/2022-07-09: an assault "in the direction of X" is a clash at X (like "toward X")
    "in the direction of": ("The Ukrainian General Staff reported that Ukrainian forces repelled a Russian assault in the direction "
                            "of Kochubeivka and Dementiivka.[21]", {(CLASH, "Kochubeivka")}, set()),
    # isw/2022-10-31: "X and Y, both about 30km northwest of Svatove": Svatove is no event place
    "both about n km of": ("The Ukrainian General Staff notably stated that Russian troops attacked Mykolaivka and Novoselivske, both about "
                           "30km northwest of Svatove, indicating that Ukrainian troops have advanced east of the Kupyansk area.[18]",
                           set(), {"Svatove"}),
    # isw/2022-09-28: "southwest of Donetsk City near Pobieda, ...": the villages, not Donetsk
    "direction of a town near villages": ("The Ukrainian General Staff also reported that Russian forces conducted failed ground assaults "
                                          "southwest of Donetsk City near Pobieda, Novomykhailivka, and Pavlivka.[33]",
                                          {(CLASH, "Novomykhailivka")}, {"Donetsk"}),
    # constructed in ISW's style (heldout6-prompted rules; no gold sentence)
    "sabotage groups' operations": ("Russian sources claimed that Ukrainian sabotage and reconnaissance groups conducted unspecified "
                                    "operations in Vovchansk and Kupyansk.", {(CLASH, "Vovchansk"), (CLASH, "Kupyansk")}, set()),
    # "air, artillery, and missile strikes": an air strike and a shelling at each place
    "weapon words before strikes": ("Russian forces conducted air, artillery, and missile strikes against Ukrainian positions in Mykolaiv "
                                    "and Odesa Oblasts.", {(AIR, "Mykolaiv Oblast"), (STRIKE, "Mykolaiv Oblast")}, set()),
    # constructed in ISW's style (heldout16-prompted): a finite verb joined to "efforts to ..." is no aim
    "efforts to ... and conducted": ("Russian forces continued efforts to gain ground east of Siversk and conducted ground attacks "
                                     "around Spirne and Verkhnokamianske on June 30.",
                                     {(CLASH, "Spirne"), (CLASH, "Verkhnokamianske")}, set()),
    # constructed in ISW's style (heldout16-prompted): ISW's idioms for an attack that gained nothing
    "failed to improve their tactical position": ("Ukrainian sources reported that Russian troops failed to improve their tactical "
                                                  "position in Spirne, 10km east of Siversk.[12]", {(CLASH, "Spirne")}, {"Siversk"}),
    "efforts to break defensive lines": ("The Ukrainian General Staff stated that Russian forces maintained efforts to break Ukrainian "
                                         "defensive lines in the directions of Pisky (5km northwest of Donetsk City) and Krasnohorivka "
                                         "(15km north of Donetsk City).[20]", {(CLASH, "Pisky"), (CLASH, "Krasnohorivka")}, {"Donetsk"}),
    # constructed in ISW's style (heldout17-prompted)
    "attempted to advance through defensive lines in": ("The Ukrainian General Staff reported that Russian forces attempted to "
                                                        "advance through Ukrainian defensive lines in Pisky and Vodiane on June 30.[18]",
                                                        {(CLASH, "Pisky"), (CLASH, "Vodiane")}, set()),
    # constructed in ISW's style (heldout16-prompted): the parser hangs "at Snihurivka" on "intensify", not on the strikes
    "strikes at X after a conjoined verb": ("Russian forces continued to intensify aerial reconnaissance and launch airstrikes at "
                                            "Snihurivka, Bilohirka, and Kalynivka, all situated in the vicinity of the Ukrainian "
                                            "bridgehead over the Inhulets River.", {(AIR, "Snihurivka")}, set()),
    # constructed in ISW's style (heldout16-prompted): "(in Kharkiv, not Luhansk Oblast)" moves Rubizhne to Kharkiv
    # Oblast's village; neither the parenthesis's Kharkiv nor the negated oblast is an event place
    "(in X, not Y Oblast)": ("Russian forces conducted unsuccessful assaults on Rubizhne (in Kharkiv, not Luhansk Oblast) and "
                             "Bairak, northeast of Kharkiv City on June 30.", {(CLASH, "Rubizhne"), (CLASH, "Bairak")},
                            {"Kharkiv", "Luhansk Oblast"}),
    # constructed in ISW's style (heldout17-prompted): "ground and artillery attacks" are a clash and a shelling; "in
    # northern Kherson" is a part of the oblast, not the city
    "ground and artillery attacks": ("Russian forces continued ground and artillery attacks against Bilohorivka in Luhansk "
                                     "Oblast on June 30.", {(CLASH, "Bilohorivka"), (STRIKE, "Bilohorivka")}, set()),
    "in northern Kherson": ("Russian forces intensified artillery fire in northern Kherson on June 30.", set(), {"Kherson"}),
    # constructed in ISW's style (heldout18-prompted): "in the area" is the area of the settlement named before it
    "in the area": ("Russian forces did not make any ground attacks around Vuhledar on June 30 but continued to shell and launch "
                    "airstrikes in the area.[15]", {(STRIKE, "Vuhledar"), (AIR, "Vuhledar")}, set()),
    # constructed in ISW's style (heldout18-prompted): preparations and a focus are aims, not events
    "preparing to attack": ("The General Staff reported that Russian troops are preparing to attack Chernihiv. Russian forces are "
                            "focused on encircling Sumy.", set(), {"Chernihiv", "Sumy"}),
    # constructed in ISW's style (heldout18-prompted)
    "efforts to secure control of": ("Russian forces have continued their efforts to secure control of the town of Hostomel, "
                                     "approximately 25 kilometers northwest of the center of Kyiv, in the last 24 hours.",
                                     {(CLASH, "Hostomel")}, {"Kyiv"}),
    # (a strike whose means the text leaves open is a Shelling/artillery/missile attack, as the gold sets read it)
    "attack against a depot": ("The Ukrainian General Staff reported a successful June 29 attack against a Russian ammunition depot "
                               "in Nova Basan, roughly 70 kilometers east of central Kyiv.", {(STRIKE, "Nova Basan")}, {"Kyiv"}),
    "a road via X and Y": ("The General Staff also reported a June 29 attack on a Russian fuel depot near Kozelets along the road via "
                           "Pryluky and Brovary to Kyiv.", set(), {"Pryluky", "Brovary", "Kyiv"}),
    "broke through defenses near": ("Rogov claimed on June 30 that a Ukrainian sabotage group broke through Russian defenses near "
                                    "Vasylivka and traveled toward Kamianka-Dniprovska.", {(CLASH, "Vasylivka")}, {"Kamianka-Dniprovska"}),
    "(about N km east of ... Oblast)": ("Ukrainian strikes wounded a Russian general in Starobilsk (about 60km east of the new "
                                        "frontline in Kharkiv-Luhansk Oblast).[19]", {(STRIKE, "Starobilsk")}, {"Luhansk Oblast", "Kharkiv Oblast"}),
    "X and Y in the Z area": ("Russian forces conducted failed ground assaults on Kodema and Odradivka in the Bakhmut area and around "
                              "Pervomaiske, Avdiivka, and Nevelske in the Donetsk City area.[28]",
                              {(CLASH, "Kodema"), (CLASH, "Avdiyivka")}, {"Bakhmut", "Donetsk"}),
    # constructed in ISW's style (heldout19-prompted)
    "footage from X shows firing": ("Geolocated footage from Sulyhivka (30km southeast of Izyum) posted on June 29 shows Ukrainian "
                                    "forces firing on Russian positions.[16]", {(STRIKE, "Sulyhivka")}, {"Izyum"}),
    "a UAV destroying": ("Geolocated footage from Dovhenke (20km south of Izyum) posted on June 29 shows a Ukrainian UAV destroying "
                         "a Russian radar station.[15]", {(AIR, "Dovhenke")}, {"Izyum"}),
    "claims that forces have taken control of": ("A milblogger amplified claims from social media users that Russian-led forces "
                                                 "have taken control of Vershyna, just south of Bakhmut.[22]",
                                                 {("Non-state actor overtakes territory", "Vershyna")}, set()),
    "using artillery to shell X": ("Russian forces continued using tanks and rocket artillery to shell Zolochiv and settlements "
                                   "to the north.[33]", {(STRIKE, "Zolochiv")}, set()),
    "attempts to advance in the X area": ("The General Staff stated that Russian forces withdrew following failed attempts to "
                                          "advance in the Nevelske area (10km northwest of Donetsk City).[24]",
                                          {(CLASH, "Nevelske")}, {"Donetsk"}),
    "artillery activity": ("Russian sources reported high levels of artillery activity in the Marinka direction (15km west of "
                           "Donetsk City).[27]",
                           {(STRIKE, "Mar'yinka")}, set()),
    "continuing to fight; positional battles": ("A milblogger claimed that Russian and Ukrainian forces are continuing to fight "
                                                "west of Kreminna in the vicinity of Terny. A Russian source claimed that "
                                                "positional battles are ongoing in the Vuhledar area.",
                                                {(CLASH, "Terny"), (CLASH, "Vuhledar")}, set()),
    # heldout20-prompted (constructed, other villages): an advance on a town "from X (...), Y (...), and Z (...)" is fought at
    # its launch points, the town is its direction; "from the Donetsk City direction" is no launch point
    "advance on X from Y, Z": ("The Ukrainian General Staff reported that Russian forces continued attempts to advance west on Siversk "
                               "from Hryhorivka (10km east of Siversk), Verkhnokamyanske (8km east of Siversk), and Spirne (12km east "
                               "of Siversk) on June 30. Russian forces attempted to advance on Avdiivka from the Donetsk City direction.",
                               {(CLASH, "Hryhorivka"), (CLASH, "Verkhnokamianske"), (CLASH, "Spirne"), (CLASH, "Avdiyivka")},
                               {"Siversk", "Donetsk"}),
    "advance within X": ("Proxy troops additionally continued attempts to advance within Krasnohorivka, on the western outskirts "
                         "of Donetsk City.[51]", {(CLASH, "Krasnohorivka")}, {"Donetsk"}),
    "targeted unspecified positions": ("A Ukrainian source reported on June 30 that Ukrainian forces likely targeted unspecified "
                                       "Russian military positions in Kyselivka, northwest of Kherson City.[25]",
                                       {(STRIKE, "Kyselivka")}, {"Kherson"}),
    # heldout20-prompted (constructed, other villages): the places of "the X-Y and Z-W directions", of a chain "the X-Y-Z line"
    # (a two-place "Izyum-Slovyansk line" stays a line that only locates), of "and the X-Y area"
    "pairs of directions": ("The Ukrainian General Staff reported that Russian forces attempted to advance in the Lozove-Bila "
                            "Krynytsya and Bezimenne-Sukhyi Stavok directions in Kherson Oblast on June 30.",
                            {(CLASH, "Lozove"), (CLASH, "Bila Krynytsya"), (CLASH, "Bezimenne"), (CLASH, "Sukhyi Stavok")}, set()),
    "chain line": ("Russian sources claimed that fighting continued along the Pravdyne-Bilohirka-Sukhyi Stavok line (about 40km "
                   "northeast of Kherson City). Russian forces shelled Ukrainian positions along the Izyum-Slovyansk line.",
                   {(CLASH, "Pravdyne"), (CLASH, "Bilohirka"), (CLASH, "Sukhyi Stavok")}, {"Kherson", "Izyum", "Slov'yans'k"}),
    "and the X-Y area": ("Russian troops fought in Spirne (20km east of Siversk) and the Berestove-Bilohorivka area on June 30.",
                         {(CLASH, "Spirne"), (CLASH, "Berestove"), (CLASH, "Bilohorivka")}, {"Siversk"}),
    # a fight told after a failed attempt in the same clause is no attempt; "repelled a ... attempt to advance from X to Y, about
    # 5km west of ... City": the villages, not the city that locates them (nor a district of it)
    "failed, then continued to fight": ("Russian forces tried and failed to advance south of Dolyna and continued to fight near "
                                        "Bohorodychne.", {(CLASH, "Bohorodychne")}, set()),
    "repelled an attempt from X to Y": ("Ukrainian troops repelled a Russian attempt to advance from Krasnohorivka to Pobieda, about "
                                        "5km west of the western outskirts of Donetsk City.",
                                        {(CLASH, "Krasnohorivka"), (CLASH, "Pobyeda")}, {"Donetsk"}),
    # heldout21-prompted (constructed, other villages): a shelling told after "focused on" is no aim, the place after "in order
    # to" is; "offensive operations to the east of X around A, B" are at A and B; "continued to advance within X"
    "focused on ... and shelled": ("The Ukrainian General Staff reported that Russian forces focused on holding their positions "
                                   "north of Izyum and shelled Husarivka and Chepil in order to set conditions for attacks toward "
                                   "Barvinkove.", {(STRIKE, "Husarivka"), (STRIKE, "Chepil")}, {"Barvinkove", "Izyum"}),
    "operations east of X around A, B": ("Russian forces continued offensive operations to the east of Siversk around Spirne, "
                                         "Ivano-Darivka, and Verkhnokamyanske on June 30.",
                                         {(CLASH, "Spirne"), (CLASH, "Ivano-Darivka")}, {"Siversk"}),
    "continued to advance within X": ("Russian forces continued to advance within Lysychansk on June 30.",
                                      {(CLASH, "Lysychansk")}, set()),
    # the forces' position is not where they fire ("Russian forces north of X continued to shell Y"); a withdrawal from an axis
    # or into another country hands over no town
    "forces north of X shell Y": ("Russian forces north of Kherson continued to shell Mykolaiv City on June 30. Russian forces "
                                  "continued to withdraw from the Sumy axis into Belarus and Kursk Oblast on June 30.",
                                  {(STRIKE, "Mykolayiv")}, {"Kherson", "Sumy", "Kursk Oblast"}),
    "occupied part of X": ("Russian sources claimed that Wagner fighters occupied the eastern part of Zaitseve (8km southeast of "
                           "Bakhmut).", {("Non-state actor overtakes territory", "Zaitseve")}, {"Bakhmut"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_isw_sentence(pipe, case):
    text, want, only_locate = CASES[case]
    evs = _events(pipe, text)
    assert want <= evs, evs
    assert not {p for _t, p in evs} & only_locate, evs


def test_helicopter_strike_is_an_air_strike(pipe):
    # isw/2022-06-28
    evs = _events(pipe, "The Ukrainian General Staff added that Russian Ka-52 helicopters struck in the area of Yavirske, "
                        "65km southeast of Kharkiv City, likely to hinder Ukrainian counterattacks in the area.")
    assert {t for t, _p in evs} == {"Air/drone strike"}
    assert not any(p == "Kharkiv" for _t, p in evs)


def test_previous_strikes_are_background(pipe):
    # isw/2022-06-10: "Much like the previous fighting in Mariupol" tells no event
    evs = _events(pipe, "Much like the previous fighting in Mariupol, the exact nature of the control of urban areas in "
                        "Severodonetsk likely remains obfuscated as the information environment becomes increasingly restricted.")
    assert not evs


def test_raions_are_their_towns_at_precision_2(pipe):
    # isw/2022-10-31: "warehouses in Beryslav and Bashtanka raions": part of a region, the raion's town at precision 2
    st = Story(text="Ukraine’s Southern Operational Command additionally reported that Ukrainian forces conducted 156 fire missions "
                    "on October 30 and struck two Russian ammunition warehouses in Beryslav and Bashtanka raions.", published="2022-10-31")
    st = _run(pipe, st)
    got = {ev["place"]["name"]: ev["geo_precision"] for ev in st.events}
    assert got.get("Beryslav") == 2 and got.get("Bashtanka") == 2


def test_raion_of_oblast_only_locates(pipe):
    # isw/2022-10-31: the raion and the oblast only locate Marhanets
    evs = _events(pipe, "Russian forces additionally shelled Marhanets in the Nikopol Raion of Dnipropetrovsk Oblast with MLRS and "
                        "tube artillery on October 30 and 31.", published="2022-10-31")
    assert evs == {("Shelling/artillery/missile attack", "Marhanets")}


def test_battlefield_is_no_battle(pipe):
    # isw/2022-10-* : "on the battlefield" is no "the battle" trigger
    evs = _events(pipe, "The impact of Lyman is likely greater because Russians now fear being mobilized to fix problems on the battlefield.")
    assert not evs


# heldout6-prompted rules; constructed sentences in ISW's style (no gold sentence or village)
def test_attempted_advance_with_direction_lists_places(pipe):
    evs = _events(pipe, "The Ukrainian General Staff reported that Russian troops attempted to advance south toward Siversk "
                        "from the outskirts of Lysychansk around Verkhnokamianske and Hryhorivka.")
    assert any(t == "Armed clash" and p.startswith("Verkhnokam") for t, p in evs), evs
    assert not any(p == "Lysychansk" for _t, p in evs)  # the origin of the advance


def test_side_attacks_near(pipe):
    evs = _events(pipe, "The Ukrainian General Staff also reported Russian attacks near Bohorodychne (20km northwest of Slovyansk).")
    assert ("Armed clash", "Bohorodychne") in evs
    assert not _events(pipe, "The UK Defense Ministry stated that Ukrainian attacks on Russian ships off Odesa shores have neutralized Russia's ability to control the sea.")


def test_targeted_rear_areas_in_list(pipe):
    evs = _events(pipe, "Russian forces targeted Ukrainian rear areas in Chuhuiv, Zmiiv, and Balakliya on July 1.")
    assert {p for _t, p in evs} >= {"Zmiiv", "Balakliya"} and len(evs) >= 3




# heldout7-prompted rules; constructed sentences in ISW's style (no gold sentence)
def test_did_not_then_continued_weapon_list(pipe):
    # "did not conduct ... and continued air and artillery strikes on X": the "and" inside the weapon list is not
    # the conjunct's start; the strikes are not negated
    evs = _events(pipe, "Russian forces did not conduct any confirmed ground attacks towards Lyman and continued air and artillery "
                        "strikes on Lyman and nearby settlements.")
    assert {("Air/drone strike", "Lyman"), ("Shelling/artillery/missile attack", "Lyman")} <= evs, evs
    assert not any(t == "Armed clash" for t, _p in evs)


def test_settlements_including_without_comma(pipe):
    # "frontline settlements including A, B, and C": the listed villages are places even when NER calls them persons
    evs = _events(pipe, "Russian forces continued shelling frontline settlements including Tsyrkuny, Ruski Tyshky, and Zolochiv.")
    assert {p for _t, p in evs} >= {"Tsyrkuny", "Ruski Tyshky", "Zolochiv"}, evs


def test_unknown_village_with_spaced_distance_parenthesis(pipe):
    # "near X (10km south of Y)": a name of any shape located by its distance is a settlement of its own
    evs = _events(pipe, "The Ukrainian General Staff reported that Russian troops conducted offensive operations near "
                        "Vidrodzhennya (10km south of Bakhmut).")
    assert evs == {("Armed clash", "Vidrodzhennia")}, evs  # (the codifier's village near Bakhmut, under its official romanisation)


def test_unknown_village_placed_by_majority_oblast(pipe):
    # an unknown village in a list whose known villages lie mostly in one oblast takes that oblast, not the
    # oblast of a same-named town elsewhere that the list also holds
    st = Story(text="Russian forces continued shelling frontline settlements including Slatyne, Ruski Tyshky, Pytomnykivka, "
                    "Rubizhne, and Tsyrkuny.", published="2022-07-01")
    st = _run(pipe, st)
    got = {ev["place"]["name"]: ev["place"].get("admin1") for ev in st.events}
    assert got.get("Pytomnykivka") == "UA-63", got


def test_place_set_aside_by_rather_than(pipe):
    evs = _events(pipe, "Russian forces continued to prioritize attacks against Avdiivka rather than Marinka on June 3.")
    assert evs and not any(p == "Mar'yinka" or p == "Marinka" for _t, p in evs), evs


def test_state_metonyms_and_agents_are_no_places(pipe):
    assert not _events(pipe, "Senior Kremlin officials are admitting that the Russian offensive in Ukraine is moving slower than planned.")
    assert not _events(pipe, "The blockade of Mariupol allows Moscow to control the information coming out of the city.")
    # a named past battle in a subordinate clause is not the place of the main clause's operations
    assert not _events(pipe, "Russia continued offensive operations in eastern Ukraine as it worked to reconstitute forces "
                             "withdrawn from the Battle of Kyiv.")


def test_fire_weapons_at_raions(pipe):
    # "fired tube artillery at X Raion", "targeted settlements in the Y Raion with Grad MLRS": the raions' towns at 2
    st = Story(text="Russian forces fired tube artillery at Nikopol Raion and targeted settlements in the Kryvyi Rih Raion "
                    "with Grad MLRS.", published="2022-07-01")
    st = _run(pipe, st)
    got = {(ev["sub_event_type"], ev["place"]["geonameid"], ev["geo_precision"]) for ev in st.events}
    assert got == {("Shelling/artillery/missile attack", 700051, 2), ("Shelling/artillery/missile attack", 703845, 2)}, got


def test_possessive_site_of_a_town(pipe):
    evs = _events(pipe, "Occupation officials claimed that Ukrainian forces shelled Nova Kakhovka’s industrial area on June 30.")
    assert evs == {("Shelling/artillery/missile attack", "Nova Kakhovka")}, evs


def test_lines_of_communication_and_long_border_only_locate(pipe):
    evs = _events(pipe, "Russian forces shelled Siversk to disrupt ground lines of communication that run from Siversk to Kramatorsk.")
    assert evs == {("Shelling/artillery/missile attack", "Siversk")}, evs
    evs = _events(pipe, "Ukrainian forces repelled a Russian assault near Davydiv Brid south of the Kherson-Dnipropetrovsk Oblast "
                        "administrative border.")
    assert not any(p == "Kherson" for _t, p in evs), evs


def test_bearing_topic_detailed_by_settlements(pipe):
    # "attacks northwest of X", then a clash at a village "(20km northwest of X)": X is no clash of its own
    evs = _events(pipe, "Russian forces conducted limited ground attacks northwest of Slovyansk on June 30.\n"
                        "The Ukrainian General Staff reported that Russian troops attempted to advance towards Dolyna "
                        "(20km northwest of Slovyansk).")
    assert ("Armed clash", "Dolyna") in evs and not any(p == "Slovyansk" for _t, p in evs), evs
    # without the detail, the bearing phrase stays the town's clash at precision 2
    evs = _events(pipe, "Russian forces conducted limited ground attacks northwest of Slovyansk on June 30.")
    assert evs == {("Armed clash", "Slovyansk")}, evs


def test_pair_of_areas_and_no_place_carried_over_a_new_line(pipe):
    # "in the X and Y areas": both towns, at precision 2; a bullet naming no place takes none from the line before
    st = Story(text="Russian forces attempted to attack in the direction of Ternovi Pody (approximately 30km northwest of "
                    "Kherson City)[29] Russian forces continued to target settlements in northern Kherson Oblast.[30]\n"
                    "- Ukrainian sources reported that Ukrainian forces repelled over 20 attacks in the Siversk and Soledar areas.",
               published="2022-07-01")
    st = _run(pipe, st)
    got = {(ev["sub_event_type"], ev["place"]["name"], ev["geo_precision"]) for ev in st.events if "repelled" in ev["text"]}
    assert got == {("Armed clash", "Siversk", 2), ("Armed clash", "Soledar", 2)}, got


def test_continuing_to_push_towards(pipe):
    evs = _events(pipe, "Russian sources reported that Russian troops are continuing to push westward of positions near Marinka "
                        "towards Krasnohorivka and Heorhiivka.")
    assert ("Armed clash", "Krasnohorivka") in evs, evs


def test_advance_just_east_of_and_urban_combat(pipe):
    evs = _events(pipe, "Russian forces continued to advance just northeast and east of Kupyansk, with footage showing reinforcements "
                        "moving toward the Svatove and Kupyansk highways.")
    assert evs == {("Armed clash", "Kupyansk")}, evs  # "the X and Y highways" are roads
    assert ("Armed clash", "Kreminna") in _events(pipe, "Russian forces engaged in urban combat in Kreminna on June 30.")
    assert not _events(pipe, "Russian forces will likely face protracted urban combat if they encircle Kramatorsk.")


def test_oblast_topic_of_detailed_strikes(pipe):
    text = ("Russian forces continued to shell Kharkiv, Sumy, and Chernihiv Oblasts on June 30. Russian forces struck Chuhuiv "
            "with Uragan MLRS. Chernihiv Oblast officials also reported shelling near the border.")
    st = Story(text=text, published="2022-06-30")
    st = _run(pipe, st)
    got = {(ev["place"]["name"], ev["geo_precision"]) for ev in st.events}
    assert ("Chuhuyiv", 1) in got and ("Sumy Oblast", 3) in got and ("Chernihiv Oblast", 3) in got, got
    assert ("Kharkiv Oblast", 3) not in got, got  # detailed by the Chuhuiv strike on the same line
    # without detail every oblast of the topic sentence is an event
    evs = _events(pipe, "Russian forces continued to shell Ukrainian positions in Kharkiv, Sumy, and Chernihiv Oblasts on June 30.",
                  published="2022-06-30")
    assert {p for _t, p in evs} == {"Kharkiv Oblast", "Sumy Oblast", "Chernihiv Oblast"}, evs


def test_bearing_topic_located_by_apposition_after_list(pipe):
    text = ("Russian forces conducted ground attacks to the east and south of Kupyansk on June 29.\n"
            "The Ukrainian General Staff reported that Ukrainian forces repelled Russian ground assaults near Kurylivka and "
            "Petropavlivka—villages approximately 10 km southeast of Kupyansk.")
    evs = _events(pipe, text, published="2022-06-30")
    assert ("Armed clash", "Petropavlivka") in evs and not any(p == "Kupyansk" for _t, p in evs), evs


def test_oblast_topic_after_the_other_sides_strikes_stays(pipe):
    # the strikes told before the topic sentence, by the other side, detail nothing of it
    evs = _events(pipe, "Ukrainian aircraft struck Russian ammunition depots in Snihurivka and Chornobaivka. Russian forces continued "
                        "conducting missile strikes against Kherson and Mykolaiv Oblasts on June 29 - 30.", published="2022-06-30")
    assert {p for _t, p in evs} >= {"Kherson Oblast", "Mykolaiv Oblast"}, evs


def test_pair_of_places_naming_an_area(pipe):
    # "the X-Y area": two places (the second missing from the gazetteer placed by the town that locates the area),
    # not one hyphenated name; the locating town after "area," is no event place
    st = Story(text="Russian sources stated that Russian troops continued fighting in the Soledar-Yakovlivka area, 10km northeast "
                    "of Bakhmut, and attempted to advance around the Pervomaiske-Nevelske area.", published="2022-07-01")
    st = _run(pipe, st)
    got = {ev["place"]["name"]: ev["geo_precision"] for ev in st.events}
    assert got.get("Soledar") == 2 and "Nevelske" in got and "Bakhmut" not in got, got
    # one hyphenated name stays one ("Orikhovo-..." with an "-o" first part)
    assert not any(p == "Orikhovo" for _t, p in _events(pipe, "Russian forces shelled Orikhovo-Vasylivka on June 30."))


def test_second_word_of_a_name_with_distance_is_not_a_place(pipe):
    evs = _events(pipe, "Ukrainian troops repelled Russian advances around Kurdyumivka (13km southwest of Bakhmut), Mykolaivka Druha "
                        "(12km south of Bakhmut), and Zaitseve (8km southeast of Bakhmut).")
    assert not any(p == "Druha" for _t, p in evs), evs


def test_triggers_prompted_by_heldout10(pipe):
    # missiles launched from bombers are a missile attack, "damaged ... infrastructure in" X is where they struck
    evs = _events(pipe, "The Ukrainian General Staff stated that Russian forces launched 20 Kh-101 cruise missiles from Tu-95 strategic "
                        "bombers and damaged energy infrastructure in Khmelnytskyi and Zhytomyr oblasts.", published="2022-10-12")
    assert {(STRIKE, "Khmelnytskyi Oblast"), (STRIKE, "Zhytomyr Oblast")} <= evs and not any(t == AIR for t, _p in evs), evs
    # an ongoing detention campaign is arrests; a loitering munition striking is an air strike
    evs = _events(pipe, "The Ukrainian Resistance Center reported that Russian forces are detaining local teachers in Melitopol.")
    assert ("Arrests", "Melitopol") in evs, evs
    evs = _events(pipe, "Geolocated footage shows a Ukrainian loitering munition striking a Russian howitzer near Nova Kakhovka.")
    assert (AIR, "Nova Kakhovka") in evs, evs
    # an intercepted phone call is no disrupted weapons use; "to launch an offensive on X" is an aim
    evs = _events(pipe, "The GUR intercepted a Russian soldier’s call from Izyum.")
    assert not any(t == "Disrupted weapons use" for t, _p in evs), evs
    evs = _events(pipe, "A milblogger claimed that Ukrainian forces are concentrating equipment near Lyman to launch an offensive on Kreminna.")
    assert not any(p == "Kreminna" for _t, p in evs), evs


def test_village_in_a_named_oblast_keeps_its_name(pipe):
    # "near X in Kharkiv Oblast (20km northwest of Svatove)": an event at X (missing from the gazetteer), in Kharkiv
    # Oblast; the oblast only locates it
    st = _run(pipe, Story(text="The Russian MoD claimed that Russian forces repelled Ukrainian forces near Pishchane in Kharkiv Oblast "
                               "(25km northwest of Svatove).", published="2022-10-12"))
    got = {ev["place"]["name"]: ev["place"]["admin1"] for ev in st.events}
    assert got == {"Pishchane": "UA-63"}, got


def test_arson_against_enlistment_offices_is_a_violent_demonstration(pipe):
    # resistance to mobilisation in Russia, as ISW reports it; "Molotov" is no place (Perm's Soviet name)
    evs = _events(pipe, "An unidentified person threw a Molotov cocktail at the military enlistment office in Nizhny Novgorod on "
                        "October 1.", published="2022-10-02")
    assert evs == {("Violent demonstration", "Nizhniy Novgorod")}, evs


def test_seized_depots_defense_of_and_later_clauses(pipe):
    # a seized depot is property, not territory; a headquarters "responsible for the defense of" X is no battle; a
    # strike's sentence that goes on to another clause does not strike the place of that clause
    evs = _events(pipe, "The Russian MoD claimed that Russian forces seized a large depot of ammunition in Melitopol on March 20.",
                  published="2022-03-21")
    assert ("Looting/property destruction", "Melitopol") in evs and not any(t == "Non-state actor overtakes territory" for t, _p in evs), evs
    evs = _events(pipe, "Ukraine created a new command responsible for the defense of Odesa on March 20.", published="2022-03-21")
    assert not any(t == CLASH for t, _p in evs), evs
    evs = _events(pipe, "Ukrainian aircraft struck the airfield on March 8, and the failure of Russian forces to ground the Ukrainian air "
                        "force is likely slowing Russian operations toward Kryvyi Rih.", published="2022-03-21")
    assert not any(p == "Kryvyy Rih" for _t, p in evs), evs


def test_attacks_toward_and_abandoned_attacks(pipe):
    # "attacks toward X" is a clash near X; "forces ... attack X" too; attacks abandoned are none; "X (in Y Oblast)" only
    # locates X
    evs = _events(pipe, "Russian attacks toward both Kryvyi Rih and Zaporizhia stalled on March 12.", published="2022-03-13")
    assert (CLASH, "Kryvyy Rih") in evs, evs
    evs = _events(pipe, "Russian forces continued to unsuccessfully attack Popasna (in Luhansk Oblast) on March 12.", published="2022-03-13")
    assert evs == {(CLASH, "Popasna")}, evs
    evs = _events(pipe, "Russian forces have adopted a new strategy abandoning attacks toward Kramatorsk.", published="2022-06-13")
    assert not evs, evs


def test_settlements_listed_after_a_count_and_weapons_with_acronyms(pipe):
    # isw/2022-10-10: "liberated several settlements on ... including A, B, and C": each listed settlement is taken (a count
    # of settlements alone stays no place); isw/2022-08-20: "launched an Iskander missile at X" (one missile)
    evs = _events(pipe, "Luhansk Oblast Administration Head Serhiy Haidai confirmed that Ukrainian forces liberated several settlements "
                        "on the Oskil River-Kreminna Line including Novolyubivka, Hrekivka, and Makiivka.", published="2022-10-10")
    # (Novolyubivka is the codifier's village, named in the official romanisation)
    assert {("Government regains territory", "Novoliubivka"), ("Government regains territory", "Hrekivka")} <= evs, evs
    evs = _events(pipe, "Ukrainian officials reported that Russian forces launched an Iskander missile at Voznesensk (about 81 km northwest "
                        "of Mykolaiv City) hitting a residential building.", published="2022-08-20")
    assert evs == {(STRIKE, "Voznesensk")}, evs
    # constructed in ISW's style: a parenthesised acronym between the verb and its weapon ("fired ... (MLRS) rockets at X")
    evs = _events(pipe, "Russian forces fired 30 Grad multiple launch rocket system (MLRS) rockets at Marhanets and continued to fire "
                        "multiple launch rocket systems (MLRS) and tube artillery at Zelenodolsk on August 2.", published="2022-08-02")
    assert {(STRIKE, "Marhanets"), (STRIKE, "Zelenodolsk")} <= {(t, p) for t, p in evs}, evs


def test_raids_on_positions_are_clashes(pipe):
    # isw/2022-07-28: "conducted successful raids on Ukrainian positions near A, B, and C"
    evs = _events(pipe, "Russian Telegram channel Rybar claimed that Russian forces conducted successful raids on Ukrainian positions near "
                        "Borshchova, Sosnivka, and Petrivka, which could later enable Russian forces to advance on Kharkiv City from the "
                        "Ruska Lozova salient to Borshchova.", published="2022-07-28")
    assert {(CLASH, "Borshchova"), (CLASH, "Sosnivka")} <= evs, evs


def test_continued_efforts_to_take_a_town_are_fighting_for_it(pipe):
    # isw/2022-03-09, isw/2022-04-04: "continued efforts to seize / take X" reports the fighting for X (a clash), while
    # "efforts to break through ..., capture X" stays an aim
    evs = _events(pipe, "The Ukrainian General Staff reports that the Russians have continued efforts to seize Izyum, roughly 110 kilometers "
                        "southeast of Kharkiv, and to cross the Northern Donets and Bereka Rivers.", published="2022-03-09")
    assert (CLASH, "Izyum") in evs and not any(p == "Kharkiv" for _t, p in evs), evs
    evs = _events(pipe, "The Ukrainian General Staff reported Russian forces continued efforts to take Mariupol with heavy air and artillery "
                        "support on April 2.", published="2022-04-04")
    assert (CLASH, "Mariupol") in evs, evs


def test_attempted_shoot_down_is_disrupted_weapons_use(pipe):
    # constructed in ISW's style (the corpus has no such sentence outside the gold): an air-defence attempt is the
    # disruption itself, not an aim
    evs = _events(pipe, "Local sources published footage of Russian air defenses reportedly attempting to shoot down a Ukrainian drone "
                        "over Melitopol on August 14.", published="2022-08-15")
    assert evs == {("Disrupted weapons use", "Melitopol")}, evs


def test_partisan_sabotage_without_a_blast_is_property_destruction(pipe):
    # isw/2022-08-11: "partisans also destroyed a service center ..." told by the mayor of Melitopol; a blast stays an IED
    st = _run(pipe, Story(text="Ukrainian Mayor of Melitopol Ivan Fedorov claimed on August 11 that partisans also destroyed a service "
                               "center for the Russian Internal Affairs Ministry at which Russian policemen were distributing Russian "
                               "passports and Russian car registration.", published="2022-08-11"))
    assert [(e["sub_event_type"], e["place"]["name"], e["claimant_side"]) for e in st.events] == \
        [("Looting/property destruction", "Melitopol", "ukraine")], st.events
    evs = _events(pipe, "Ukrainian partisans reportedly blew up a railway bridge near Melitopol on August 20.", published="2022-08-21")
    assert evs == {("Remote explosive/landmine/IED", "Melitopol")}, evs


def test_likely_priorities_are_analysis_not_events(pipe):
    # constructed in ISW's style: "are likely prioritizing offensive operations toward X" is an assessment; "are
    # prioritizing frontal assaults on X" still reports them
    evs = _events(pipe, "Russian forces are likely prioritizing offensive operations toward Kramatorsk at the expense of efforts to take "
                        "Kupyansk.", published="2022-08-10")
    assert not evs, evs
    evs = _events(pipe, "Russian forces are prioritizing frontal assaults on Bakhmut and failed to gain ground near Soledar.",
                  published="2022-08-10")
    assert (CLASH, "Bakhmut") in evs, evs


def test_hyphenated_name_is_one_place(pipe):
    # constructed: "Ivano-Darivka" is one village, not also the namesake "Darivka" of its second half
    st = _run(pipe, Story(text="Russian forces conducted unsuccessful assaults near Ivano-Darivka, 10km southeast of Siversk.",
                          published="2022-07-01"))
    assert [p["text"] for p in st.places] == ["Ivano-Darivka", "Siversk"], st.places
    assert {(e["sub_event_type"], e["place"]["name"]) for e in st.events} == {(CLASH, "Ivano-Darivka")}


def test_participle_capture_takes_the_main_subject(pipe):
    # constructed (other villages): "Ukrainian forces continued to pursue Russian forces ..., capturing X, Y and Novyi Z": the
    # taker is the subject of the clause the participle hangs on, so the Ukrainian side regains the villages
    evs = _events(pipe, "Ukrainian forces continued to pursue Russian forces in Kyiv Oblast on June 30, capturing Ivankiv, Dymer, and "
                        "Nova Basan in the past 24 hours.")
    assert {t for t, _p in evs} == {"Government regains territory"}, evs
    assert {"Ivankiv", "Dymer"} <= {p for _t, p in evs}, evs


def test_locator_before_namely_list(pipe):
    # constructed in ISW's style (isw/2022-10-13): "attacks on settlements around X, namely A (...) and B (...)": X only locates
    evs = _events(pipe, "The Ukrainian General Staff reported that Ukrainian troops repelled Russian attacks on settlements around "
                        "Vuhledar, namely Pavlivka (3km south of Vuhledar) and Mykilske (6km northeast of Vuhledar).")
    assert (CLASH, "Pavlivka") in evs, evs
    assert not any(p == "Vuhledar" for _t, p in evs), evs


def test_fighting_on_its_outskirts(pipe):
    # constructed (isw/2022-10-13's pattern, another village): "fighting continues on its outskirts" is a clash at the
    # settlement the sentence named last, at geo_precision 2
    st = _run(pipe, Story(text="A Wagner commander denied that Russian troops took Siversk, saying that fierce fighting is ongoing "
                               "on its outskirts.", published="2022-07-01"))
    evs = {(e["sub_event_type"], e["place"]["name"], e["geo_precision"]) for e in st.events}
    assert evs == {(CLASH, "Siversk", 2)}, evs


def test_capture_after_doing(pipe):
    # constructed (isw/2022-04-02's pattern, another town): "after capturing the city on May 27" reports a capture that
    # happened; "before capturing X" and "by capturing X" do not
    evs = _events(pipe, "Russian forces in Lyman conducted an operational pause on May 28 after successfully capturing the city on "
                        "May 27.", published="2022-05-28")
    assert evs == {("Non-state actor overtakes territory", "Lyman")}, evs
    assert not _events(pipe, "Russian forces will likely regroup before capturing Siversk.", published="2022-05-28")


def test_namesake_outside_the_paragraphs_oblast(pipe):
    # constructed: the gazetteer's only Kokhanivka is in Odesa Oblast, but the paragraph is about Kherson Oblast, where the
    # codifier holds a Kokhanivka: the village is placed in Kherson Oblast
    st = _run(pipe, Story(text="Ukrainian counteroffensives in northwestern Kherson Oblast likely pushed Russian forces back on June 2. "
                               "Geolocated drone footage confirms Ukrainian forces conducted a counteroffensive near Kokhanivka, a "
                               "settlement on the eastern bank of the Inhulets River.", published="2022-06-02"))
    evs = {(e["sub_event_type"], e["place"]["name"], e["place"].get("admin1")) for e in st.events}
    assert (CLASH, "Kokhanivka", "UA-65") in evs, evs


def test_shch_spelt_sch():
    # ISW writes the codifier's Pishchane as "Pischane"
    from frontwire.places.geoparser import _villages

    assert {s.name for s in _villages().candidates("Pischane")} == {"Pishchane"}


def test_oblast_clash_topic_detailed_on_its_line(pipe):
    # constructed in ISW's style: a topic sentence's oblast is no clash of its own when its line goes on to the clashes at
    # villages of that oblast; told alone, the oblast stays at precision 3
    evs = _events(pipe, "Russian forces continued offensive operations in Donetsk Oblast on July 1. Russian forces conducted "
                        "unsuccessful assaults near Nevelske, west of Donetsk City.")
    assert evs == {(CLASH, "Nevelske")}, evs
    assert _events(pipe, "Russian forces continued offensive operations in Donetsk Oblast on July 1.") == {(CLASH, "Donetsk Oblast")}


def test_ground_strikes_are_battles(pipe):
    # constructed (isw/2022-06-02's topic sentence, another day): the ground strikes of "ground, rocket, and artillery
    # strikes" are an Armed clash, whose ACLED event type is Battles, not Explosions/Remote violence
    st = _run(pipe, Story(text="Russian forces continued ground, rocket, and artillery strikes around Zaporizhia Oblast on July 1.",
                          published="2022-07-01"))
    types = {(e["event_type"], e["sub_event_type"]) for e in st.events}
    assert ("Battles", CLASH) in types, types
    assert ("Explosions/Remote violence", CLASH) not in types, types


def test_pairs_after_direction_of(pipe):
    # constructed in ISW's style: "in the direction of X-Y, Z-W, and V" names both villages of each pair, each a clash
    # near it (precision 2), with no "area"/"direction" word after the pair
    text = ("Russian forces continued ground attacks south of Bakhmut on July 1. The Ukrainian General Staff stated that "
            "Ukrainian troops repelled Russian advances in the direction of Zemlianky-Yasynivka and Kholodne.")
    st = _run(pipe, Story(text=text, published="2022-07-01"))
    got = {(e["sub_event_type"], e["place"]["name"], e["geo_precision"]) for e in st.events}
    assert {(CLASH, "Zemlianky", 2), (CLASH, "Yasynivka", 2)} <= got, got


def test_attempted_to_advance_from_to(pipe):
    # constructed: an attempted advance from one village to another is a clash near both
    evs = _events(pipe, "The Ukrainian General Staff reported that Russian forces unsuccessfully attempted to advance from "
                        "Zvirove to Udachne on July 1.")
    assert {(CLASH, "Zvirove"), (CLASH, "Udachne")} <= evs, evs


def test_side_of_a_town_without_distance_picks_the_namesake_there(pipe):
    # constructed: "X, which is northwest of Y" keeps X's candidates on that side of Y and within reach of it, against a
    # namesake of the oblast the story names elsewhere (Zaporizhzhia Oblast's Voznesenka)
    st = _run(pipe, Story(text="Russian forces continued attacks toward Zaporizhia Oblast and Zaporizhya on March 12. Ukrainian "
                               "sources reported clashes in Voznesensk, which is northwest of Mykolayiv, on March 12, the furthest "
                               "point of Russian advances from Crimea.", published="2022-03-12"))
    got = {(p["text"], p.get("admin1")) for p in st.places}
    assert ("Voznesensk", "UA-48") in got, got


def test_x_suburb_of_y(pipe):
    # constructed: in "the western Kyiv suburb of Irpin" Kyiv only qualifies the suburb, and the suburb is the place
    evs = _events(pipe, "Ukrainian officials claimed that Ukrainian forces recaptured the western Kyiv suburb of Irpin on "
                        "March 28.", published="2022-03-28")
    assert evs == {("Government regains territory", "Irpin")}, evs


def test_efforts_to_assault(pipe):
    evs = _events(pipe, "Russian forces unsuccessfully continued efforts to assault Sumy on March 12.", published="2022-03-12")
    assert evs == {(CLASH, "Sumy")}, evs


def test_the_city_of_forces_around_it(pipe):
    # constructed: "Russian forces around X continued to shell the city": X is a place (not a metonym before
    # "continued"), and "the city" is X
    evs = _events(pipe, "Russian forces around Sumy continued to shell the city and attempt to fix Ukrainian forces in place.",
                  published="2022-03-12")
    assert evs == {(STRIKE, "Sumy")}, evs


def test_semicolon_list_with_qualifiers(pipe):
    # constructed in ISW's style: list items that carry their own oblast or bearing between semicolons are each a
    # place of the trigger ("struck ... in X, A Oblast; Y Raion, B Oblast; and Z and W, C Oblast"); the oblasts only
    # qualify them
    evs = _events(pipe, "Official Ukrainian sources reported that Russian forces struck unspecified infrastructure facilities "
                        "in Kryvyi Rih, Dnipropetrovsk Oblast; Nikopol Raion, Dnipropetrovsk Oblast; and Bashtanka and "
                        "Snihurivka, Mykolaiv Oblast.", published="2022-09-21")
    assert {(STRIKE, "Kryvyy Rih"), (STRIKE, "Nikopol"), (STRIKE, "Bashtanka"), (STRIKE, "Snihurivka")} <= evs, evs
    assert not {p for _, p in evs if p.endswith("Oblast")}, evs


def test_advance_on_target_from_a_side_specifically_from_villages(pipe):
    # constructed: "attempts to advance on X from the south, specifically from around A and B": X is the objective,
    # the fighting is at the launch points
    evs = _events(pipe, "Russian forces additionally continued attempts to advance on Toretsk from the south, specifically "
                        "from around Zalizne and Yurivka.", published="2022-08-23")
    assert (CLASH, "Toretsk") not in evs, evs
    assert {(CLASH, "Zalizne"), (CLASH, "Yuriivka")} <= evs, evs


def test_improve_tactical_positions_without_possessive(pipe):
    evs = _events(pipe, "The Ukrainian General Staff reported that Russian forces are trying to improve tactical positions "
                        "around Verkhnotoretske.", published="2022-07-03")
    assert evs == {(CLASH, "Verkhnotoretske")}, evs


def test_reconnaissance_in_force_in_the_direction_of(pipe):
    # constructed: a reconnaissance-in-force "in the direction of X" is an attack toward X (a clash near X), and the
    # oblast after X only locates it
    evs = _events(pipe, "Ukrainian forces repelled a Russian reconnaissance-in-force in the direction of Starovarvarivka in "
                        "northern Donetsk Oblast on July 2.", published="2022-07-03")
    assert evs == {(CLASH, "Starovarvarivka")}, evs


def test_forces_hit_or_destroyed_military_objects_in_raions(pipe):
    # constructed: "Ukrainian troops hit / destroyed command posts (ammunition depots, strongholds) in X": a strike
    # whose means are not told (Shelling, the gold sets' reading); "in X Raion", "in X (...) and Y Raions": the
    # raion's town at geo_precision 2, and "Raion" alone is no place
    st = _run(pipe, Story(text="Ukraine's Southern Operational Command stated that Ukrainian troops hit Russian command posts "
                               "in Skadovsk Raion (90km south of Kherson City). Ukrainian forces reportedly destroyed two "
                               "Russian ammunition depots in Kalanchak (just north of the Crimean Peninsula) and Hola "
                               "Prystan Raions.", published="2022-09-21"))
    evs = {(ev["sub_event_type"], ev["place"]["name"]): ev for ev in st.events}
    assert {(STRIKE, "Skadovsk"), (STRIKE, "Kalanchak")} <= set(evs), set(evs)
    assert evs[(STRIKE, "Skadovsk")]["geo_precision"] == 2 and evs[(STRIKE, "Kalanchak")]["geo_precision"] == 2
    assert not any(p["text"] == "Raion" for p in st.places), st.places


def test_misspelled_town_near_no_firm_place(pipe):
    # constructed: a town's name one letter off, with no other settlement in its sentence or paragraph to find it
    # near: "Henichensk" is Henichesk (19,500 people), as ISW spells it
    st = _run(pipe, Story(text="Partisans blew up a railway bridge in Henichensk (just north of the Crimean Peninsula) on "
                               "September 20.", published="2022-09-21"))
    assert any(p.get("geonameid") == 708878 for p in st.places), st.places


@pytest.mark.parametrize("text, want", [
    # an event judged unlikely is no event
    ("Russian forces are unlikely to have seized Bilohorivka as of July 4.", set()),
    # the launch position of a strike is not its place
    ("Russian forces struck Marhanets, Dnipropetrovsk Oblast, with Grad projectiles from positions in Kamianka-Dniprovska, "
     "Zaporizhia Oblast, overnight.", {(STRIKE, "Marhanets")}),
    # the place of a denied clause is not the place of the next conjunct ...
    ("Russian forces did not conduct any confirmed ground attacks west of Orikhiv on July 4 and continued routine strikes "
     "in Dnipropetrovsk and Mykolaiv Oblasts.", {(STRIKE, "Dnipropetrovsk Oblast"), (STRIKE, "Mykolaiv Oblast")}),
    # ... unless that conjunct strikes "in these areas"
    ("Russian forces did not conduct any confirmed ground attacks west of Orikhiv on July 4 and continued routine "
     "artillery strikes in these areas.", {(STRIKE, "Orikhiv")}),
    # a town locating a village's area, by a bearing before it or after the area
    ("Russian milbloggers indicated that Ukrainian troops are continuing positional battles northeast of Mykolaiv City in "
     "the Shevchenkove area.", {(CLASH, "Shevchenkove")}),
    ("The Ukrainian General Staff reported that Russian forces attempted an assault in the Ivanivka, Kherson Oblast, area, "
     "southwest of Vysokopillya, but withdrew.", {(CLASH, "Ivanivka")}),
    # a raion named by its centre's adjective is that town at precision 2, and a town named before "and Y districts"
    ("Ukrainian forces struck two ammunition depots in the Skadovskyi and Kakhovskyi districts on July 4.",
     {(STRIKE, "Skadovsk"), (STRIKE, "Kakhovka")}),
    ("Ukrainian forces struck two command posts in the Hola Prystan and Oleshkivskyi districts on July 4.",
     {(STRIKE, "Hola Prystan"), (STRIKE, "Oleshky")}),
    # spaCy's PERSON over "Ukrainian Enerhodar" does not make Enerhodar a person's name in the rest of the story
    ("Ukrainian Enerhodar Mayor Ivan Petrenko reported two explosions near a checkpoint in Enerhodar on July 4 and "
     "implied that partisans were responsible.", {(REMOTE, "Enerhodar")}),
    # what is not done: "rather than", "unwilling to"
    ("Russian forces are likely prioritizing the Zaporizhia direction, rather than advancing toward Kurakhove, to support "
     "their main effort.", set()),
    ("Russian forces likely remain unwilling to continue fighting in Zaporizhia Oblast.", set()),
    # attacks told by a bearing, a direction, a launch point, or claimed gains
    ("The Ukrainian General Staff reported that Russian forces conducted offensive operations just northeast of Marinka "
     "on July 4.", {(CLASH, "Mar'yinka")}),
    ("The Ukrainian General Staff reported that Russian forces led an unsuccessful advance in the direction of Vuhledar "
     "on July 4.", {(CLASH, "Vuhledar")}),
    ("The Ukrainian General Staff reported that Russian forces conducted an offensive operation in the direction of "
     "Kurakhove on July 4 but retreated.", {(CLASH, "Kurakhove")}),
    ("Russian forces launched a ground assault from Horlivka towards Toretsk on July 4.",
     {(CLASH, "Horlivka"), (CLASH, "Toretsk")}),
    ("Russian forces in Donetsk City are additionally attacking northwest toward Krasnohorivka.", {(CLASH, "Krasnohorivka")}),
    ("DNR officials claimed unspecified gains in the Marinka direction on July 4.", {(CLASH, "Mar'yinka")}),
    ("Ukrainian artillery units also destroyed a Russian supply point in Chornobaivka on July 4.", {(STRIKE, "Chornobaivka")}),
    # (heldout26) a forecast horizon later in the trigger's clause; the topic of an operational silence
    ("Russian forces are massing north of Kharkiv City for an assault on the city in the coming days.", set()),
    ("Ukrainian officials maintained their operational silence regarding Ukrainian ground attacks in Zaporizhia Oblast "
     "on July 4.", set()),
    # drones downed are no strike of their own; explosions told as air defence at work are an interception
    ("Ukrainian air defenses shot down eight Shahed-136 drones in Odesa Oblast on July 4.", {(DISRUPTED, "Odesa Oblast")}),
    ("Local residents reported an explosion near Yalta, which occupation officials claimed was the result of Russian air "
     "defense activation.", {(DISRUPTED, "Yalta")}),
    # a list of oblasts whose last name the gazetteer lacks ("Chernivitsi") is still a list of oblasts
    ("Footage shows explosions in Volyn, Rivne, Chernivitsi Oblasts following the activation of Ukrainian air defense "
     "systems.", {(DISRUPTED, "Volyn Oblast"), (DISRUPTED, "Rivne Oblast")}),
    # a numbered brigade after a side of its own ("the LNR's 4th Brigade") is that side's
    ("The LNR People's Militia claimed that the LNR's 4th Brigade seized Ukrainian positions near Bilohorivka.",
     {(TAKEN, "Bilohorivka")}),
    # the means as the subject: aviation, artillery, rockets
    ("Russian aviation attacked Ukrainian positions near Siversk.", {(AIR, "Siversk")}),
    ("Ukrainian artillery reportedly destroyed Russian equipment about 20 km east of Kharkiv City.", {(STRIKE, "Kharkiv")}),
    ("Russian forces continued to fire Grad multiple launch rocket system (MLRS) rockets at Nikopol.", {(STRIKE, "Nikopol")}),
    # a bearing after the attack or the positions it tries to improve
    ("Russian forces unsuccessfully attempted to improve their tactical positions north of Slovyansk.", {(CLASH, "Slovyansk")}),
    ("Ukrainian sources reported that Russian forces attempted assaults southeast of Kharkiv City near Borshchova.",
     {(CLASH, "Borshchova")}),
    # villages the gazetteer lacks after "to shell", "an airstrike on", "from X to"; a two-word namesake 300 km away
    ("Russian forces continued to shell Asiivka north of Izyum and launched an airstrike on Zalyman.",
     {(STRIKE, "Asiivka"), (AIR, "Zalyman")}),
    ("Russian forces conducted unsuccessful offensive operations from Spirne to Ivano-Daryivka, southeast of Siversk.",
     {(CLASH, "Spirne"), (CLASH, "Ivano-Darivka")}),
    ("Russian forces unsuccessfully attempted to advance to Novo Dmytrivka and Kurulka, about 25 km southwest of Izyum.",
     {(CLASH, "Novo Dmytrivka"), (CLASH, "Kurulka")}),
    # a site named after a place is no settlement of that name: the Vuhlehirska Power Station stands by Svitlodarsk
    ("Russian forces also launched airstrikes on Vuhlehirska Power Station and Vershyna, just south of Bakhmut.",
     {(AIR, "Vershyna"), (AIR, "Svetlodarsk")}),
    # a later clause with its own subject denying an event ("..., and Russian forces did not launch any attacks against X")
    ("Ukrainian forces repelled Russian assaults near Bilohorivka, and Russian forces did not launch any attacks against "
     "Siversk or Soledar.", {(CLASH, "Bilohorivka")}),
    # what an operation is intended to draw the enemy away from is no event of its own
    ("Ukrainian forces are conducting counterattacks west of Kherson City intended to pull Russian forces away from "
     "offensive operations toward Mykolaiv.", {(CLASH, "Kherson")}),
    # a possibility discussed, a campaign named as a date's reference point, an ability at stake: no events
    ("Russian milbloggers discussed the possibility of Ukrainian assaults on Svatove.", set()),
    # a progressive of its own after an intent ("are preparing to cross the river and are shelling X")
    ("Russian forces are preparing to cross the Inhulets River and are shelling settlements north of Kherson City.",
     {(STRIKE, "Kherson")}),
    # a unit destroyed where the means is not told is a fight there
    ("Russian sources claimed that Russian troops destroyed a Ukrainian sabotage and reconnaissance group near Kreminna.",
     {(CLASH, "Kreminna")}),
    ("The orders (signed on June 30, prior to the Russian offensive on Lysychansk) were leaked online.", set()),
    ("Russian commanders must choose between reinforcing Izyum or losing their ability to both shell the town and "
     "screen supply lines through Donetsk Oblast.", set()),
    # frontlines named for a list of towns, or for a chain of three, only locate the fire along them
    ("Russian forces shelled Ukrainian positions along the Lysychansk and Avdiivka-Donetsk City frontlines on July 4.", set()),
    ("Russian forces shelled Ukrainian positions along the Siversk-Soledar-Bakhmut frontline on July 4.", set()),
    # what a defence is to prevent is its aim, not a fight
    ("Russian forces are defending second-line positions to prevent any Ukrainian advances toward Melitopol from Orikhiv.", set()),
    # a main or supporting effort is an aim ISW assesses, not a fight (the next one is)
    ("The supporting effort is the encirclement of Ukrainian troops between Lyman and Siversk in Donetsk Oblast.", set()),
    ("Russian forces continued to encircle Ukrainian troops between Lyman and Siversk on July 4.", {(CLASH, "Lyman")}),
    # fights told as positional battles, an attack mounted against a village, a reconnaissance group neutralized or
    # stopped from probing positions
    ("Positional battles continued in Kurakhove on July 4.", {(CLASH, "Kurakhove")}),
    ("Russian forces mounted an unsuccessful attack against Ozerne on July 4.", {(CLASH, "Ozerne")}),
    ("Ukrainian troops neutralized a Russian sabotage and reconnaissance group in Dolyna on July 4.", {(CLASH, "Dolyna")}),
    ("Ukrainian forces stopped Russian reconnaissance groups from probing Ukrainian positions around Bilohorivka on July 4.",
     {(CLASH, "Bilohorivka")}),
    # ... but missiles launched against a city stay a strike
    ("Russian forces launched missile attacks against Kharkiv on July 4.", {(STRIKE, "Kharkiv")}),
    # the objective of a movement through named villages is a direction; the villages are where it happened
    ("Russian forces attempted to advance toward Slovyansk via Bohorodychne on July 4.", {(CLASH, "Bohorodychne")}),
    # a city with a region code of its own, located by the region around it
    ("Russian air defenses reportedly shot down a UAV over Sevastopol, Crimea overnight on July 3-4.", {(DISRUPTED, "Sevastopol")}),
    # the air and the artillery that support a ground effort are strikes of their own at its place
    ("Russian forces continued efforts to take Mariupol with heavy air and artillery support on July 4.",
     {(CLASH, "Mariupol"), (AIR, "Mariupol"), (STRIKE, "Mariupol")}),
    # an effort told as going on toward a seizure is a fight there (but a focus on holding positions is none)
    ("Russian troops continued to focus their efforts on the seizure of Siversk on July 4.", {(CLASH, "Siversk")}),
    # a village the gazetteer lacks, named after "via" (the objective before it is a direction)
    ("Russian forces attempted to advance toward Lyman via Krymky and Oleksandrivka on July 4.",
     {(CLASH, "Krymky"), (CLASH, "Oleksandrivka")}),
    # a town spaCy calls a person, after "the capture of"; a listed town before a passive participle is no agent
    ("Russian forces conducted ground assaults on Rubizhne and Popasna supported by artillery on July 4.",
     {(CLASH, "Rubizhne"), (CLASH, "Popasna")}),
    # a rocket strike; attempted river crossings, improved positions and a launch point of an attempted advance are fights;
    # a river's name is no settlement, nor the antecedent of "the settlement"
    ("Russian forces conducted a rocket strike directly on Slovyansk on July 4.", {(STRIKE, "Slovyansk")}),
    ("Several Russian sources discussed continued Ukrainian attempts to cross the Zherebets River around Nadiya and "
     "Stelmakhivka on July 4.", {(CLASH, "Nadiya"), (CLASH, "Stelmakhivka")}),
    ("Ukrainian troops improved their tactical positions around Bohorodychne on July 4.", {(CLASH, "Bohorodychne")}),
    ("Russian troops attempted to advance from Soledar on July 4.", {(CLASH, "Soledar")}),
    ("Ukrainian forces are attempting to cross the Zherebets River west of Kreminna to prepare for attacks on the settlement.",
     {(CLASH, "Kreminna")}),
    ("Russian forces are intensely firing at Ukrainian troops near Prudianka.", {(STRIKE, "Prudianka")}),
    ("Russian forces continued to fire on Balakliya and Chuhuiv on July 4.", {(STRIKE, "Balakliya"), (STRIKE, "Chuhuyiv")}),
    ("Russian forces increased their pace of fire against Lysychansk and the surrounding settlements of Metolkine and "
     "Borivske.", {(STRIKE, "Lysychansk"), (STRIKE, "Metolkine"), (STRIKE, "Borivske")}),
    ("Russian forces fired at Ukrainian positions near Siversk on July 4.", {(STRIKE, "Siversk")}),
    ("Russian forces continued combat near Bilohorivka on July 4.", {(CLASH, "Bilohorivka")}),
    ("Russian sources claimed that Ukrainian troops broke through at Pryshyb on July 4.", {(CLASH, "Pryshyb")}),
    ("Ukrainian troops advanced to within 12 kilometers of Izyum on July 4.", set()),
    ("Russian troops attempted to advance westwards toward Bakhmut from Berestove and Vrubivka on July 4.",
     {(CLASH, "Berestove"), (CLASH, "Vrubivka")}),
    ("Russian forces continued to fire on Ukrainian positions along the Pisky-Vodiane line of contact on July 4.", set()),
    ("Russian forces shelled the Kholodnohirskyi and Shevchenkivskyi districts of Kharkiv City on July 4.",
     {(STRIKE, "Kharkiv")}),
    ("Russian forces continued to shell Ukrainian positions along the frontline in the Pisky-Vodiane area and struck "
     "Kurakhove on July 4.", {(STRIKE, "Kurakhove")}),
    # heldout31-prompted: a damaged depot is struck; "continued to strike ... structures / rear areas in X"
    ("Ukrainian forces damaged a Russian ammunition depot in Oleshky on July 4.", {(STRIKE, "Oleshky")}),
    ("Russian forces continued to strike Ukrainian port facilities in Odesa on July 4.", {(STRIKE, "Odesa")}),
    # "continued attacks (in X Oblast) around X": a clash at each village, not the oblast of the topic
    ("Russian troops continued attacks in Luhansk Oblast around Bilohorivka and Hryhorivka on July 4.",
     {(CLASH, "Bilohorivka"), (CLASH, "Hryhorivka")}),
    # air defense seen working over a town
    ("Social media users reported the activation of Russian air defense systems in Sevastopol on July 4.",
     {(DISRUPTED, "Sevastopol")}),
    # a unit's history: "participated in combat operations in X" is background
    ("Elements of the Russian 83rd Air Assault Brigade previously participated in combat operations in Hostomel and "
     "Izyum, and redeployed to Kherson Oblast.", set()),
    # a deadline's date ("by July 10") dates nothing: the next sentence is the report's day, not last July
    ("Ukrainian officials stated that Russian forces are tasked with capturing Siversk by July 10. Russian forces "
     "shelled Siversk and Serebrianka.", {(STRIKE, "Siversk"), (STRIKE, "Serebrianka")}),
    # spaCy's ORG over "X on Y": two villages, the launch point and the target of one assault
    ("Ukrainian forces repelled Russian assaults from Zolote on Ivanivka (west of Vysokopillya) on July 4.",
     {(CLASH, "Zolote"), (CLASH, "Ivanivka")}),
    # a list of oblasts with a compass adjective before each: oblasts, not their capitals
    ("Ukrainian forces continued counteroffensive operations in eastern Kharkiv, northern Luhansk, and eastern Donetsk "
     "oblasts on July 4.", {(CLASH, "Kharkiv Oblast"), (CLASH, "Luhansk Oblast"), (CLASH, "Donetsk Oblast")}),
    # forces driven out of a place: the gain of the side that drove them
    ("A Russian source claimed that Ukrainian troops expelled Russian forces from Sosnove on July 4.",
     {("Government regains territory", "Sosnove")}),
    # pushed back from a place: a gain near it; and a second verb with no subject of its own takes the first's
    ("Ukrainian forces pushed Russian forces east from Brovary and captured Nova Basan on July 4.",
     {("Government regains territory", "Brovary"), ("Government regains territory", "Nova Basan")}),
    # "the cities of ...": the city named like its oblast is the city
    ("Russian missiles struck the cities of Uman, Zaporizhia, and Vinnytsia on July 4.",
     {(STRIKE, "Uman"), (STRIKE, "Zaporizhzhya"), (STRIKE, "Vinnytsya")}),
    # a relative clause after a list ("..., where fighting is ongoing") is at every item; a gerund of taking introduces
    # places (spaCy calls "Marinka" a person)
    ("Russian forces are focused on taking Rubizhne, Popasna, and Marinka, where heavy fighting is ongoing.",
     {(CLASH, "Rubizhne"), (CLASH, "Popasna"), (CLASH, "Mar'yinka")}),
    # a failed attack against a place, told as a noun
    ("A Russian attack against Sviatohirsk, southeast of Izyum, failed on July 4.", {(CLASH, "Svyatohirsk")}),
    # losses suffered in named towns: fighting there
    ("The Ukrainian General Staff reported that Russian forces suffered losses in the towns of Novodmytrivka and "
     "Bilousove in Kherson Oblast on July 4.", {(CLASH, "Novodmytrivka"), (CLASH, "Bilousove")}),
    # a unit's past told in a relative clause ("which had fought in X") is its history, not an event
    ("Elements of the 64th Separate Motorized Rifle Brigade, which had fought in Bucha, are operating near Izyum.", set()),
    # forces that reached a place, or its outskirts, gained ground there; "nearly reached the border" did not
    ("Luhansk Oblast Administration Head Serhiy Haidai stated that Ukrainian forces reached the outskirts of Lysychansk "
     "on July 4.", {("Government regains territory", "Lysychansk")}),
    ("Ukrainian officials claimed that Ukrainian troops have nearly reached the Russian border in Kharkiv Oblast on "
     "July 4.", set()),
    # "drove a grouping out of X": the place after "out of" is a place even where spaCy reads none
    ("Haidai claimed that Ukrainian forces conducted a limited counterattack and drove a Russian grouping out of "
     "Toshkivka on July 4.", {("Government regains territory", "Toshkivka"), (CLASH, "Toshkivka")}),
    # missiles launched "on" a city
    ("Russian forces launched two Kh-59 cruise missiles on Dnipro City on July 4.", {(STRIKE, "Dnipro")}),
    # a named battle of the past ("the Battle of Kyiv") is no fighting of the day
    ("Russian forces shelled Izyum on July 4, mirroring their tactics after the Battle of Kyiv.", {(STRIKE, "Izyum")}),
    # ... but a named battle told as going on is the fighting of the day
    ("The Battle of Mariupol continues, with Russian forces continuing to pound the city using artillery and airpower.",
     {(CLASH, "Mariupol"), (STRIKE, "Mariupol")}),
    # "reports of unspecified explosions in X": an explosion of unknown cause there
    ("Melitopol Mayor Ivan Fedorov noted reports of unspecified explosions and shooting in Melitopol on July 4.",
     {(REMOTE, "Melitopol")}),
    # missile strikes and air strikes against a list of cities: both kinds at every city, not the missiles at the first
    ("The Ukrainian General Staff reported that Russian forces launched 19 missile strikes and 68 air strikes against "
     "Kyiv, Zhytomyr City, and Odesa City on July 4.",
     {(STRIKE, "Kyiv"), (AIR, "Kyiv"), (STRIKE, "Zhytomyr"), (AIR, "Zhytomyr"), (STRIKE, "Odesa"), (AIR, "Odesa")}),
    # "artillery and airstrikes": a shelling and an air strike
    ("Russian forces continued to conduct ground assaults and launch artillery and airstrikes west and east of Popasna "
     "on July 4.", {(STRIKE, "Popasna"), (AIR, "Popasna")}),
    # a weapon used to strike; the positions fired from ("from Russian-occupied positions in X") are no target
    ("Ukrainian officials reported that Russian forces used tube artillery to strike civilian infrastructure in Nikopol "
     "and Marhanets, both located across the Dnipro River from Russian-occupied positions in Zaporizhia Oblast.",
     {(STRIKE, "Nikopol"), (STRIKE, "Marhanets")}),
    # a town's college is in the town (but a power plant named after a town may lie elsewhere: ZNPP in Enerhodar)
    ("Russian troops also shelled the Kramatorsk Technology and Design College on July 4.", {(STRIKE, "Kramatorsk")}),
    # a second bearing in an appositive only locates the village
    ("The Ukrainian General Staff reported that Ukrainian troops repelled a Russian attack on Ohirtseve, a settlement 2km "
     "south of the international border and about 50km northeast of Kharkiv City.", {(CLASH, "Ohirtseve")}),
    # forces gathered to launch a new offensive toward a town: an aim there
    ("Russian milbloggers claimed that Ukrainian forces attempted to break through Russian lines near Mylove (north of "
     "Beryslav) and are accumulating forces to launch a new counteroffensive toward Beryslav.", {(CLASH, "Mylove")}),
    # strikes someone is "preparing" are not made yet
    ("Sergey Surovikin claimed on July 4 that Ukrainian forces were preparing indiscriminate missile strikes on Kherson "
     "City.", set()),
    # assault operations in the direction of a village (GeoNames' Avdiyivske, alternate name Pervomaiske); a spoiling
    # attack around a village
    ("The Ukrainian General Staff reported that Russian troops conducted assault operations in the direction of "
     "Pervomaiske (15 km northwest of Donetsk City) on July 4.", {(CLASH, "Avdiyivske")}),
    ("The Russian MoD claimed that Russian troops conducted a limited spoiling attack around Kyslivka, around 20km "
     "southeast of Kupyansk.", {(CLASH, "Kyslivka")}),
    # villages remotely mined: fire on them
    ("Russian forces remotely mined Staryi Saltiv northeast of Kharkiv City on July 4.", {(STRIKE, "Staryi Saltiv")}),
    # an advance stopped short of a town: fighting toward it
    ("A Russian milblogger also reported that Russian troops stopped Ukrainian forces from advancing directly on "
     "Svatove on July 4.", {(CLASH, "Svatove")}),
    # attacks "to regain ground near" a town: their aim, not their place
    ("The Ukrainian General Staff noted that Ukrainian troops repelled a Russian attack on Bilohorivka (10km south of "
     "Kreminna), which suggests that Russian troops continue to conduct limited ground attacks to regain ground near "
     "Lysychansk.", {(CLASH, "Bilohorivka")}),
    # "an offensive in the direction of X near Y": fought near Y, X only gives the direction
    ("A Russian milblogger claimed that Russian forces defeated a Ukrainian offensive in the direction of Kherson City "
     "near Chornobaivka on July 4.", {(CLASH, "Chornobaivka")}),
    # (heldout35/36-prompted rules) offensive operations "concentrated on" a list of towns "with heavy artillery
    # support": a clash and a shelling at each (isw/2022-04-20 has the first half)
    ("Russian forces continued offensive operations concentrated on Rubizhne, Popasna, and Marinka with heavy artillery "
     "support on July 4.", {(CLASH, "Rubizhne"), (STRIKE, "Rubizhne"), (CLASH, "Popasna"), (STRIKE, "Popasna"),
                           (CLASH, "Mar'yinka"), (STRIKE, "Mar'yinka")}),
    # attacks from a town toward two others: fought at all three (isw/2022-04-24)
    ("Ukrainian forces repelled limited Russian attacks from Izyum toward Slovyansk and Kramatorsk on July 4.",
     {(CLASH, "Izyum"), (CLASH, "Slovyansk"), (CLASH, "Kramatorsk")}),
    # units "withdrawn from around Kyiv" (a participle: where they came from) and "the west bank of the Dnipro" (the river)
    ("Russian forces withdrawn from around Kyiv and going back to fight in Donbas have been patched up on July 4.", set()),
    ("Russian forces continued to withdraw from the west bank of the Dnipro on July 4.", set()),
    # bombers and artillery as the subject of one strike: an air strike and a shelling
    ("Russian Su-34 fighter bombers and heavy artillery continued to pound Ukrainian positions in Kharkiv on July 4.",
     {(AIR, "Kharkiv"), (STRIKE, "Kharkiv")}),
    ("Russian aircraft conducted close air support missions near Izyum on July 4.", {(AIR, "Izyum")}),
    # gains "continue to" be made (isw/2022-03-17); units "pulled from the fight around" a town are no fight there
    ("Russian forces continue to make steady territorial gains around Mariupol.", {(CLASH, "Mariupol")}),
    ("Moscow is concentrating units pulled from the fight around Sumy to reinforce its offensive in Donbas.", set()),
    # clearing a town is taking it (the side decides which way); spaCy reads "Rubizhne" here as a person
    ("LNR officials claimed to be clearing Rubizhne on July 4.", {(TAKEN, "Rubizhne")}),
    ("Ukrainian forces are continuing to clear Kharkiv Oblast of isolated Russian troops.",
     {("Government regains territory", "Kharkiv Oblast")}),
    # "the city" after a town its own sentence names in a denied clause
    ("Russian forces did not conduct any offensive operations around Kharkiv and continued to shell the city on July 4.",
     {(STRIKE, "Kharkiv")}),
    # attempts to gain positions around villages, and to improve a position and advance toward one; the place the
    # village lies next to only locates it; offensive operations to contest positions north of a city
    ("The Ukrainian General Staff stated that Russian troops attempted to gain more advantageous tactical positions "
     "around Soledar and Yakovlivka on July 4.", {(CLASH, "Soledar"), (CLASH, "Yakovlivka")}),
    ("The Ukrainian General Staff stated that Russian troops attempted to improve their tactical position and advance "
     "toward Nevelske, less than 10km from Donetsk City and directly adjacent to Russian-occupied Pisky, on July 4.",
     {(CLASH, "Nevelske")}),
    ("Russian troops continued offensive operations to contest positions north of Kharkiv City on July 4.",
     {(CLASH, "Kharkiv")}),
    # a list of objects struck, each in its place, the last after ", and"
    ("Ukrainian missile units destroyed a Russian command post in Chornobaivka, an ammunition depot in Bruskinske along "
     "the T2207 highway, and a fuel depot in Oleshky on July 4.",
     {(STRIKE, "Chornobaivka"), (STRIKE, "Bruskynske"), (STRIKE, "Oleshky")}),
    # ships named after towns are no places; ships sunk or damaged are struck
    ("Ukrainian forces sank the landing ship Saratov and damaged the Novocherkassk landing ship in Berdyansk on July 4.",
     {(STRIKE, "Berdyansk")}),
    # a parenthesis on a river's bank, a distance from a town: only locates the village before it
    ("Ukrainian forces struck a Russian command post in Dudchany (on the right bank of the Dnipro River about 27 kilometers "
     "southwest of Nova Kakhovka) on July 4.", {(STRIKE, "Dudchany")}),
])
def test_isw_clause_and_locator_rules(pipe, text, want):
    evs = _events(pipe, text, published="2022-07-05")
    assert evs == want, evs


def test_drone_footage_of_a_destroyed_bridge_is_no_drone_strike(pipe):
    evs = _events(pipe, "Russian Telegram channel WarJournal shared drone footage of a destroyed bridge over the Siverskyi "
                        "Donets River in Sviatohirsk on July 4.", published="2022-07-05")
    assert (STRIKE, "Svyatohirsk") in evs and (AIR, "Svyatohirsk") not in evs, evs


def test_key_takeaways_bullets_tell_no_events_of_their_own(pipe):
    # the bullets under "Key Takeaways" summarise the body; bullets elsewhere (later ISW reports' bodies) tell events
    text = ("Russian forces made no gains on July 4.\nKey Takeaways\n- Russian troops conducted a limited ground attack in "
            "northern Kharkiv Oblast.\n- Russian forces continued ground attacks near Bakhmut.\nUkrainian troops repelled a "
            "Russian attack on Ohirtseve, a settlement about 50km northeast of Kharkiv City, on July 4.\n- Russian forces "
            "shelled Izyum on July 4.")
    assert _events(pipe, text, published="2022-07-05") == {(CLASH, "Ohirtseve"), (STRIKE, "Izyum")}


def test_namesake_three_times_nearer_the_sentences_town(pipe):
    # Luhansk Oblast's Bilohorivka (GeoNames, by Lysychansk) lies 40 km from Bakhmut; the codifier's Donetsk Oblast
    # Bilohorivka, by Soledar, 11 km: an advance on Bakhmut from Bilohorivka is from the latter
    st = _run(pipe, Story(text="Russian troops unsuccessfully attempted to advance westwards toward Bakhmut from Bilohorivka "
                               "on July 4.", published="2022-07-05"))
    got = {p["text"]: (p.get("geonameid"), p["admin1"]) for p in st.places}
    assert got.get("Bilohorivka") == (None, "UA-14"), got


def test_an_operation_told_as_ongoing_in_a_purpose_clause_is_an_event(pipe):
    # "intended to" makes what follows an aim, unless it is told as going on
    evs = _events(pipe, "Russian attacks against Kupiansk are likely intended to disrupt ongoing Ukrainian counterattacks "
                        "toward Russian positions in Tsupivka.", published="2022-07-05")
    assert (CLASH, "Tsupivka") in evs, evs


def test_village_list_in_a_named_oblast_takes_the_codifiers_namesakes_there(pipe):
    # a list of villages of the oblast its paragraph names: not a Donetsk City district the first name matched as an
    # alternate name, nor the gazetteer's namesake in another oblast
    st = _run(pipe, Story(text="Russian forces shelled Donetsk City and Avdiivka on July 4.\nThe Ukrainian counteroffensive in "
                               "Kharkiv Oblast continued on July 4. Ukrainian forces retook Oleksandrivka, Fedorivka, and "
                               "Tsirkuny on July 4.", published="2022-07-05"))
    got = {p["text"]: (p["name"], p["admin1"]) for p in st.places if p["text"] in ("Oleksandrivka", "Fedorivka", "Tsirkuny")}
    assert got == {"Oleksandrivka": ("Oleksandrivka", "UA-63"), "Fedorivka": ("Fedorivka", "UA-63"),
                   "Tsirkuny": ("Tsyrkuny", "UA-63")}, got


def test_offensives_on_villages_missing_from_the_gazetteer(pipe):
    evs = _events(pipe, "The Kherson Oblast Administration reported that Russian forces are attempting to launch offensives "
                        "on Knyazivka and Mala Shestirnya in Kherson Oblast.", published="2022-05-04")
    assert {(CLASH, "Knyazivka"), (CLASH, "Mala Shestirnya")} <= evs, evs


def test_village_located_by_bearing_keeps_its_placement_in_a_later_sentence(pipe):
    st = _run(pipe, Story(text="Russian forces continued to shell settlements northwest of Slovyansk on July 27. Russian forces "
                               "have also shelled Chepil, about 60 km northwest of Slovyansk between Kharkiv City and Izyum. "
                               "Russian forces previously conducted an unsuccessful reconnaissance-in-force in the Chepil area "
                               "on July 26, and the shelling may indicate that Russian forces seek to advance into the "
                               "settlement.", published="2022-07-27"))
    chepil = [p for p in st.places if p["text"] == "Chepil"]
    assert len(chepil) == 2 and {p.get("admin1") for p in chepil} == {"UA-63"}, chepil
    clash = [ev for ev in st.events if ev["sub_event_type"] == CLASH and ev["place"].get("text") == "Chepil"]
    assert clash and clash[0]["claimed_by"] is None, clash



def test_raion_adjective_is_its_town_at_precision_2_but_a_citys_districts_are_not_raions(pipe):
    st = _run(pipe, Story(text="Ukrainian forces struck two ammunition depots in the Skadovskyi and Kakhovskyi districts on "
                               "July 4. Synegubov reported that Russian forces launched S-300 missiles at Kharkiv City’s "
                               "Industrialny and Novobavarsky districts on July 4.", published="2022-07-05"))
    towns = {st.text[p["start"]:p["end"]]: (p["name"], p["precision"]) for p in st.places}
    assert towns["Skadovskyi"] == ("Skadovsk", 2) and towns["Kakhovskyi"] == ("Kakhovka", 2), towns
    assert "Industrialny" not in towns and "Novobavarsky" not in towns, towns


def test_unqualified_milbloggers_are_russian(pipe):
    # "milbloggers" is the field's word for Russian military bloggers; a qualifier still wins
    st = _run(pipe, Story(text="Milbloggers claimed that Ukrainian forces attacked Vysokopillya on July 4. Ukrainian milbloggers "
                               "claimed that Russian forces shelled Nikopol on July 4.", published="2022-07-05"))
    assert {(e["place"]["name"], e["claimant_side"]) for e in st.events} == {("Vysokopillya", "russia"), ("Nikopol", "ukraine")}, \
        st.events


def test_casualties_inflicted_near_a_village_are_a_clash_told_by_the_oblast_leadership(pipe):
    # "inflicted heavy casualties on Russian troops on the outskirts of X" is a fight at X; "civilian leadership" is an
    # authority of the oblast it names, not a civilian
    st = _run(pipe, Story(text="Donetsk Oblast civilian leadership reported that Ukrainian forces inflicted heavy casualties on "
                               "Russian troops on the outskirts of Marinka.", published="2022-07-05"))
    assert [(e["sub_event_type"], e["place"]["name"], e["claimant_side"], e["claimed_by"]) for e in st.events] == \
        [(CLASH, "Mar'yinka", "ukraine", "Ukrainian authorities")], st.events


def test_a_listed_village_far_beyond_its_stated_distance_is_a_namesake_and_discussed_is_a_claim(pipe):
    # "each about 15km west of Kreminna": the gazetteer's Makiyivka (by Donetsk City) is 100 km off, so the village is
    # a namesake of the town's oblast with no id, named as written; "discussed" is a statement its sources make
    st = _run(pipe, Story(text="Several Russian sources discussed continued Ukrainian attempts to cross the river around "
                               "Stelmakhivka and Makiivka, each about 15km west of Kreminna.", published="2022-07-05"))
    ev = next(e for e in st.events if e["place"]["text"] == "Makiivka")
    assert (ev["sub_event_type"], ev["place"]["name"], ev["place"]["geonameid"], ev["place"]["admin1"]) == \
        (CLASH, "Makiivka", None, "UA-09"), ev
    assert ev["claimed_by"] == "Russian sources", ev


def test_a_line_of_an_isw_report_is_a_paragraph_so_an_old_date_lines_above_does_not_date_an_event(pipe):
    # ISW's body paragraphs are single lines: "began in February" three lines up is another paragraph's date, so
    # the strike below is the report's day, not February (which made it background, and dropped it)
    text = ("The Kremlin has drained the forces at its bases abroad since the invasion began in February.[3]\n"
            "Russian forces continued to conduct ground attacks northwest of Donetsk City.[4]\n"
            "Ukrainian forces continued operations to disrupt Russian logistics in eastern Ukraine. Ukrainian forces "
            "reportedly struck rear areas in occupied Luhansk Oblast, including Perevalsk and Kadiivka.[20]")
    st = _run(pipe, Story(text=text, published="2022-07-05"))
    got = {(e["sub_event_type"], e["place"]["name"], e["date"]) for e in st.events}
    assert (STRIKE, "Perevalsk", "2022-07-05") in got, got


def test_pairs_of_villages_naming_three_directions(pipe):
    evs = _events(pipe, "The Ukrainian General Staff reported that Russian forces unsuccessfully attempted to penetrate "
                        "Ukrainian defenses north of Donetsk City in the Spartak-Avdiivka, Kamianka-Vodyane, and "
                        "Lozove-Nevelske directions on July 4.", published="2022-07-05")
    assert {(CLASH, "Spartak"), (CLASH, "Avdiyivka"), (CLASH, "Vodiane"), (CLASH, "Nevelske")} <= evs, evs
    assert (CLASH, "Donetsk") not in evs, evs


def test_villages_of_a_list_after_a_name_missing_from_both_gazetteers(pipe):
    # "Vidrozhennya" is in neither the gazetteer nor the codifier; the codifier's "Vershyna" after it makes it a list
    evs = _events(pipe, "Russian troops continued ground attacks around Vidrozhennya, Vershyna, and Kodema south of Bakhmut "
                        "on July 4.", published="2022-07-05")
    assert {(CLASH, "Vidrozhennya"), (CLASH, "Vershyna"), (CLASH, "Kodema")} <= evs, evs


def test_a_village_named_like_a_citys_alternate_name_by_the_towns_of_its_sentence(pipe):
    # GeoNames gives Donetsk City the alternate name "Donetske"; the codifier's Donetske lies by Izyum
    st = _run(pipe, Story(text="Ukrainian forces repelled Russian attacks around Izyum, including near Topolske and Donetske, "
                               "on July 4.", published="2022-07-05"))
    got = {p["text"]: (p.get("geonameid"), p["admin1"]) for p in st.places}
    assert got.get("Donetske") == (None, "UA-63"), got


#: (story, {mention text: the oblast it must be placed in}): villages the codifier places (heldout35/36-prompted)
VILLAGE_OBLASTS = [
    # the border of two oblasts locates no village; the codifier's only Mazanivka lies in Donetsk Oblast, its only
    # Kurulka in Kharkiv Oblast (not Sumy Oblast's Krasnopillya, the gazetteer's, placing them all)
    ("Russian forces shelled Slovyansk and Izyum on July 4. Russian forces continued artillery strikes on settlements along "
     "the Kharkiv-Donetsk Oblast border, including Mazanivka, Kurulka, Krasnopillya, and Dolyna.",
     {"Mazanivka": "UA-14", "Kurulka": "UA-63", "Krasnopillya": "UA-14"}),
    # "just west of Kherson": the Kherson Oblast Oleksandrivka, not Mykolaiv Oblast's as near to the north;
    # "(south of Kryvyi Rih ...)": Kherson Oblast's Olhyne, about 100 km south
    ("Fighting continued in Oleksandrivka, just west of Kherson, on July 4. Russian forces conducted airstrikes near Lozove "
     "(near the Ukrainian bridgehead over the Inhulets River) and Olhyne (south of Kryvyi Rih on the T2207 highway) on July 4.",
     {"Oleksandrivka": "UA-65", "Olhyne": "UA-65"}),
    # the gazetteer's Kamianka is Cherkasy Oblast's town; south of Izyum lies the codifier's Kharkiv Oblast village
    ("Russian forces shelled Kamyanka (south of Izyum) and Brazhkivka on July 4.", {"Kamyanka": "UA-63"}),
    # "Pyatokhatki" is a letter or two from Dnipropetrovsk Oblast's Pyatykhatky; its paragraph is on Kherson Oblast
    ("Russian forces continued to shell Beryslav and settlements in northern Kherson Oblast on July 4. The Russian MoD claimed "
     "that Ukrainian forces unsuccessfully attempted to advance into Russian positions in Pyatokhatki and Sadok.",
     {"Pyatokhatki": "UA-65", "Sadok": "UA-65"}),
    # a village near the border of two oblasts is the codifier's only one of the name in them; "from occupied X" is a place
    ("Russian forces conducted failed assaults on Zolota Nyva, about 25 km east of the Donetsk-Zaporizhia Oblast border, on "
     "July 4.\nRussian forces launched an assault from occupied Brunskyne in northwestern Kherson Oblast on July 4.",
     {"Zolota Nyva": "UA-14", "Brunskyne": "UA-65"}),
]


@pytest.mark.parametrize("text, want", VILLAGE_OBLASTS)
def test_villages_the_codifier_places(pipe, text, want):
    st = _run(pipe, Story(text=text, published="2022-07-05"))
    got = {p["text"]: p["admin1"] for p in st.places}
    assert {k: got.get(k) for k in want} == want, got


# Rules prompted by heldout39's errors (each sentence written in ISW's style, or a corpus sentence in no gold set)
HELDOUT39_CASES = [
    # an attack "with" drones is an air strike at each place, not a clash
    ("Ukrainian sources reported that Russian forces attacked Odesa City and Mykolaiv City with Shahed-136 kamikaze drones.",
     {(AIR, "Odesa"), (AIR, "Mykolayiv")}, {(CLASH, "Odesa"), (CLASH, "Mykolayiv")}),
    # a list whose first group closes with its side: the villages after it are listed too
    ("The Ukrainian General Staff reported that Ukrainian forces repelled Russian ground attacks near Spirne and Bilohorivka to the east "
     "and Hryhorivka, Ivano-Darivka, and Vyimka to the west.", {(CLASH, "Hryhorivka"), (CLASH, "Vyimka")}, set()),
    # "operational control" of a town is its capture
    ("Russian forces established operational control of Lysychansk on October 2.", {(TAKEN, "Lysychansk")}, set()),
    # "attempted to advance in northern Kherson Oblast around X and Y": a clash at each village
    ("Ukrainian troops attempted to advance in northern Kherson Oblast around Vysokopillya and Novovorontsovka.",
     {(CLASH, "Vysokopillya"), (CLASH, "Novovorontsovka")}, set()),
    # a ground attack after a list of weapon words splits like a strike does
    ("Russian forces conducted mortar, artillery, air, and ground attacks west of Avdiivka on October 7.",
     {(CLASH, "Avdiyivka"), (STRIKE, "Avdiyivka"), (AIR, "Avdiyivka")}, set()),
    # a look back two months does not date the General Staff's next report: that is the story's news
    ("ISW first reported on Russian ground attacks against Zaitseve on August 5. The Ukrainian General Staff also reported that "
     "Ukrainian forces repelled Russian ground assaults near Pervomaiske and Krasnohorivka.", {(CLASH, "Krasnohorivka")}, set()),
]


@pytest.mark.parametrize("text,want,unwanted", HELDOUT39_CASES)
def test_heldout39_rules(pipe, text, want, unwanted):
    got = _events(pipe, text, published="2022-10-08")
    assert want <= got
    assert not (unwanted & got)


def test_an_attack_with_artillery_support_stays_a_clash(pipe):
    got = _events(pipe, "Russian forces attacked Avdiivka with artillery support on October 7.", published="2022-10-08")
    assert (CLASH, "Avdiyivka") in got


def test_fired_at_a_town_with_rocket_systems_is_a_shelling(pipe):
    # isw/2022-07-31 (no gold set)
    got = _events(pipe, "Russian forces reportedly fired at Mykolaiv City with Smerch MLRS systems and modified S-300 air defense "
                  "missiles on July 31.", published="2022-07-31")
    assert (STRIKE, "Mykolayiv") in got


def test_an_event_named_as_an_example_is_no_event(pipe):
    # in ISW's style (heldout39-prompted): "events such as prisoner exchanges in X" names a kind of event, tells none
    got = _events(pipe, "Russian milbloggers complained that the Kremlin is silent on significant events such as prisoner exchanges "
                  "in Zaporizhzhia or the withdrawal from Lyman.", published="2022-10-08")
    assert not got


def test_around_a_town_near_villages_only_locates_them(pipe):
    # in ISW's style (heldout39-prompted; heldout33's convention): "around X near Y and Z" frames the villages
    got = _events(pipe, "The Ukrainian General Staff reported that Ukrainian forces repelled Russian assaults around Kupyansk near "
                  "Kyslivka and Kotlyarivka.", published="2022-10-08")
    assert (CLASH, "Kyslivka") in got and not any(place == "Kupyansk" for _t, place in got)


def test_troops_named_at_length_who_actively_attacked_a_town(pipe):
    # in ISW's style (heldout39-prompted): the subject's apposition no longer hides the attack
    got = _events(pipe, "Russian sources claimed that Russian troops, including elements of the DNR 1st Army Corps, actively attacked "
                  "Marinka under the cover of artillery.", published="2022-10-08")
    assert (CLASH, "Mar'yinka") in got


# Rules prompted by heldout40's errors (each sentence written in ISW's style, or a corpus sentence in no gold set)
HELDOUT40_CASES = [
    # isw/2022-04-07 (no gold set): "claimed to capture X" is the claim of a capture, not an aim
    ("The Russian Ministry of Defense claimed to capture Solodke, 30km southwest of Donetsk city, on April 7.",
     {(TAKEN, "Solodke")}, set()),
    # "in northern Kherson Oblast, particularly near X": the region only locates the village
    ("Russian sources claimed that Ukrainian troops conducted limited ground attacks in northern Kherson Oblast, particularly near "
     "Davydiv Brid.", {(CLASH, "Davydiv Brid")}, {(CLASH, "Kherson Oblast")}),
    # a dated strike that is the subject of a modal clause happened; the modal bears on its effects
    ("The May 3 Ukrainian missile strike on the Russian headquarters in Melitopol may further degrade Russian command and control.",
     {(STRIKE, "Melitopol")}, set()),
    # earlier reporting recalled is no event of this report
    ("This is consistent with ISW's previous reporting of Russian forces making small advances around Lyman over the past week.",
     set(), {(CLASH, "Lyman"), (TAKEN, "Lyman")}),
    # people captured are no territory taken
    ("Ukrainian forces captured a Russian mortar crew near Bakhmut.", set(),
     {("Government regains territory", "Bakhmut"), (TAKEN, "Bakhmut")}),
    # a place under a conjoined verb that acts on its own object is no target of the shelling
    ("Russian forces continued to shell areas of Sumy Oblast and partially block Okhtyrka on May 4.",
     {(STRIKE, "Sumy Oblast")}, {(STRIKE, "Okhtyrka")}),
]


def test_a_later_clause_with_claims_names_no_speaker(pipe):
    # in ISW's style (heldout40-prompted): "..., though Russian claims to have captured X are likely false" is ISW's voice
    st = _run(pipe, Story(text="Russian forces continued to attack Bakhmut, though Russian claims to have captured Soledar are likely "
                               "false.", published="2022-10-06"))
    sides = {ev["place"]["name"]: ev["claimant_side"] for ev in st.events}
    assert sides.get("Bakhmut") == "unattributed", sides


def test_a_region_listed_beside_a_town_does_not_pull_it_to_a_namesake(pipe):
    # isw/2022-10-29 (no gold set): Zaporizhia Oblast's Hulyaipole, not Dnipropetrovsk Oblast's village of that name
    st = _run(pipe, Story(text="Russian forces continued routine air, missile, and artillery strikes west of Hulyaipole and in Mykolaiv "
                               "and Dnipropetrovsk oblasts on October 29.", published="2022-10-29"))
    got = {p["text"]: p["admin1"] for p in st.places}
    assert got.get("Hulyaipole") == "UA-23", got


def test_an_area_between_towns_is_no_event_place(pipe):
    # isw/2022-05-16 (no gold set): "the Rubizhne-Severodonetsk-Lysychansk area" names no town of its own (the gold sets'
    # convention for "the Donetsk City-Avdiivka area"); a village's pair ("the Soledar-Bakhmutske area") is still at its villages
    got = _events(pipe, "Russian forces did not conduct active ground operations in Severodonetsk and instead heavily shelled "
                  "Ukrainian positions in the Rubizhne-Severodonetsk-Lysychansk area.", published="2022-05-16")
    assert not got
    got = _events(pipe, "Russian forces attacked Ukrainian positions in the Soledar-Bakhmutske area.", published="2022-08-20")
    assert (CLASH, "Soledar") in got


# Rules prompted by heldout41's errors (each sentence written in ISW's style, or a corpus sentence in no gold set)
GRT = "Government regains territory"
HELDOUT41_CASES = [
    # a unit's name holds no date: "30th Separate" is no September 30 (which made the sentence background)
    ("Ukrainian forces recaptured Mala Rohan and forced units from Russia’s 30th Separate Motor Rifle Brigade to retreat.",
     {(GRT, "Mala Rohan")}, set()),
    # "assaults on central X continued": X is where they were, not an actor
    ("Russian assaults on central Severodonetsk continued on July 2, though ISW cannot confirm any changes in control of terrain.",
     {(CLASH, "Siverskodonetsk")}, set()),
    # operations to encircle a city are fighting around it
    ("Russian forces continued operations to encircle Lysychansk on July 2.", {(CLASH, "Lysychansk")}, set()),
    # (but efforts to encircle a city are a campaign's aim: "diverted their efforts to encircle Kyiv")
    ("The Russians diverted their efforts to encircle Kharkiv to the south.", set(), {(CLASH, "Kharkiv")}),
    # hostilities in an area are fighting there
    ("The Ukrainian General Staff reported that Russian forces intensified unspecified hostilities in the Bakhmut area.",
     {(CLASH, "Bakhmut")}, set()),
    # an earlier assessment of ISW recalled is background of the report
    ("ISW has previously assessed that Russian forces captured Vrubivka in late June.", set(), {(TAKEN, "Vrubivka")}),
    # "the X resort village of the Y district of Z Oblast": the district and the oblast only locate the village
    ("Russian missiles struck the Zatoka resort village of the Bilhorod-Dnistrovsky district of Odesa Oblast on July 2.",
     {(STRIKE, "Zatoka")}, {(STRIKE, "Odesa Oblast")}),
]


# Rules prompted by heldout42's errors (sentences written in ISW's style, or heldout42's own after its blind scoring)
LOOT = "Looting/property destruction"
HELDOUT42_CASES = [
    # a side demolishing bridges is property destruction, at the villages named, not at the oblasts that hold them
    ("Ukrainian officials said Russian forces destroyed several bridges in Kharkiv and Sumy Oblast, including in Velykyi "
     "Burluk and Konotop.", {(LOOT, "Velykyi Burluk"), (LOOT, "Konotop")},
     {(LOOT, "Kharkiv"), (LOOT, "Kharkiv Oblast"), (LOOT, "Sumy Oblast"), (STRIKE, "Konotop")}),
    # (a pontoon bridge destroyed is still a strike)
    ("Ukrainian forces destroyed a Russian pontoon bridge near Bilohorivka on July 2.", {(STRIKE, "Bilohorivka")}, {(LOOT, "Bilohorivka")}),
    # a staging ground for further counterattacks is an intention
    ("Ukrainian officials said Ukrainian forces intend to use Makariv as a staging ground for further counterattacks on "
     "Borodyanka and Hostomel.", set(), {(CLASH, "Borodianka"), (CLASH, "Hostomel")}),
    # forces focused on offensive operations around a town fought there
    ("Russian forces focused on offensive operations around Siversk but made no confirmed gains on July 2.", {(CLASH, "Siversk")}, set()),
    # (but forces focused on encircling a city tell an aim)
    ("The Ukrainian General Staff assessed on July 2 that Russian forces are focused on encircling Kharkiv.", set(), {(CLASH, "Kharkiv")}),
    # forces continuing to take territory in a city are gaining it
    ("Russian forces continued to take territory in Severodonetsk on July 2, though ISW cannot confirm any specific advances.",
     {(TAKEN, "Siverskodonetsk")}, set()),
    # attacks in the direction of two villages are at both
    ("Russian forces unsuccessfully attacked in the direction of Ternova and Rubizhne in Kharkiv Oblast on July 2.",
     {(CLASH, "Ternova")}, set()),
]


REGAIN, HQ = "Government regains territory", "Headquarters or base established"

HELDOUT43_CASES = [
    # an area told only by its distance from a town, too far to be near it, is the town's oblast
    ("Ukrainian artillery struck Russian armor and positions approximately 70 km north of Izyum with drone support.",
     {(STRIKE, "Kharkiv Oblast")}, {(STRIKE, "Izyum")}),
    # (30 km stays near the town)
    ("Russian forces shelled two settlements approximately 30km southeast of Izyum.", {(STRIKE, "Izyum")}, {(STRIKE, "Kharkiv Oblast")}),
    # a town after "southeast and northwest of", respectively, only locates the two villages before it
    ("Kharkiv Oblast authorities claimed Ukrainian forces made minor counterattacks at Rohan and Derhachi (southeast and northwest "
     "of Kharkiv City, respectively).", {(CLASH, "Rohan"), (CLASH, "Derhachi")}, {(CLASH, "Kharkiv")}),
    # forces that made advances toward or near a place gained ground there
    ("Russian forces made minor territorial advances toward Bakhmut.", {(TAKEN, "Bakhmut")}, {(CLASH, "Bakhmut")}),
    ("Ukrainian forces made marginal advances near Kherson City.", {(REGAIN, "Kherson")}, set()),
    ("Russian Telegram channels claimed that Russian forces advanced in the eastern Avdiivka area.", {(TAKEN, "Avdiyivka")}, set()),
    # minor attacks are a clash
    ("Russian forces conducted minor attacks in Mykolaiv Oblast without success.", {(CLASH, "Mykolaiv Oblast")}, set()),
    # resupply bases set up are a base established, not at the places of its purpose clause
    ("Russian forces have likely established two resupply bases in Belgorod Oblast to resupply operations in Izyum and Kharkiv.",
     {(HQ, "Belgorod Oblast")}, {(HQ, "Izyum"), (HQ, "Kharkiv")}),
    # a dam a side destroys is property destruction, like its bridges
    ("Ukrainian forces destroyed the dam at the reservoir, 5 km north of Svitlodarsk, to cause flooding.", {(LOOT, "Svetlodarsk")}, set()),
    # a road mined by hand is a landmine event; mined remotely, fire on it (as villages remotely mined; heldout43 accepts both)
    ("Russian forces mined a section of the road near Velyka Komyshuvakha, southwest of Izyum.", {(REMOTE, "Velyka Komyshuvakha")}, set()),
    ("Russian forces reportedly remotely mined a section of a highway in Velyka Komyshuvakha, southwest of Izyum.",
     {(STRIKE, "Velyka Komyshuvakha")}, {(REMOTE, "Velyka Komyshuvakha")}),
    # artillery, air, and naval strikes are a strike of each kind
    ("Russian forces conducted artillery, air, and naval strikes on the Ukrainian defenders in Mariupol.",
     {(STRIKE, "Mariupol"), (AIR, "Mariupol")}, set()),
    # incendiary munitions fired are a strike
    ("Ukrainian officials said that Russian forces fired incendiary munitions with thermite layers at Azovstal.", {(STRIKE, "Mariupol")}, set()),
    # ground offensives northeast of a town are a clash there, not at the town of a forecast
    ("Commentary on Telegram channels and observed ground offensives northeast of Popasna suggest that Russian forces will try to advance to Lysychansk.",
     {(CLASH, "Popasna")}, {(CLASH, "Lysychansk")}),
    # the Vuhlehirska power plant stands by Svitlodarsk
    ("The Ukrainian General Staff noted that Ukrainian forces stopped a Russian assault on the Vuhlehirska Power Plant.",
     {(CLASH, "Svetlodarsk")}, set()),
    # an oblast's clash detailed at its villages by the side that repelled it is the topic, not an event of its own
    ("Russian forces conducted unsuccessful reconnaissance-in-force attempts in northwest Kherson Oblast. The Ukrainian Southern "
     "Operational Command reported that Ukrainian forces repelled Russian reconnaissance efforts in Knyzivka and Olhyne.",
     {(CLASH, "Olhyne")}, {(CLASH, "Kherson Oblast")}),
    # battles in settlements a few km from a town are no topic of the clash told near it
    ("Russian forces made minor territorial advances toward Severodonetsk. Haidai reported that Russian forces engaged in battles in "
     "settlements approximately 4 km northeast and 5 km southwest of Severodonetsk.", {(TAKEN, "Siverskodonetsk"), (CLASH, "Siverskodonetsk")}, set()),
]


ABDUCT, HANDOVER = "Abduction/forced disappearance", "Non-violent transfer of territory"
HELDOUT44_CASES = [
    # villages listed after "recapture" are places, whatever spaCy calls them
    ("Ukrainian forces claimed to recapture Zatyshshya, Malynivka, and Chervone in Zaporizhia Oblast.",
     {(REGAIN, "Malynivka"), (REGAIN, "Chervone")}, set()),
    # slowed advances, and the farthest extent of advances, are no fighting
    ("Russian commanders withdrew these forces from other axes, slowing down Russian advances in Zaporizhia and Kharkiv Oblasts.",
     set(), {(CLASH, "Zaporizhzhia Oblast"), (CLASH, "Kharkiv Oblast")}),
    ("Ukrainian forces pushed Russian forces north of the highway, the southernmost extent of Russian advances around Kyiv.",
     set(), {(CLASH, "Kyiv")}),
    # an attempted advance toward a town from a whole area is fought toward the town
    ("Russian forces also tried to advance towards Lyman from the Izyum area but did not gain any new ground.", {(CLASH, "Lyman")}, set()),
    # advances made toward a town from another gain ground toward the target, not at the start line
    ("Russian forces reportedly made advances towards Bakhmut from Svitlodarsk.", {(TAKEN, "Bakhmut")}, {(TAKEN, "Svetlodarsk")}),
    # attacks toward a village from another are fought at both
    ("Ukrainian forces launched five unsuccessful attacks toward Kuzemivka (13km northwest of Svatove) from Pishchane (23km northwest "
     "of Svatove).", {(CLASH, "Kuzemivka"), (CLASH, "Pishchane")}, set()),
    # "advanced up to" a village, placed by a distance told "due west"
    ("A milblogger posted a map that indicates that Ukrainian forces have advanced up to Dzherelne, about 16km due west of Svatove.",
     {(CLASH, "Dzherelne")}, set()),
    # air, missile, and artillery strikes (spaCy: "strikes" a verb) are an air strike and a shelling at the town
    ("Russian forces continued to conduct routine air, missile, and artillery strikes west of Hulyaipole.",
     {(AIR, "Hulyaypole"), (STRIKE, "Hulyaypole")}, set()),
    # the last of a long list of villages, beyond the trigger's reach, is still fought at
    ("The Ukrainian General Staff reported that Ukrainian troops repelled Russian attacks on Bakhmut itself, northeast of Bakhmut around "
     "Bakhmutske (10km northeast of Bakhmut) and Soledar (12km northeast of Bakhmut), and south of Bakhmut around Ivanhrad (4km south "
     "of Bakhmut), Kurdiumivka (13km southwest of Bakhmut), and Andriivka (10km southwest of Bakhmut).", {(CLASH, "Andriivka")}, set()),
    # children removed from occupied towns, to "vacations" or to Russia, are a forced disappearance
    ("Occupation officials reported that over 300 children from Enerhodar went on vacation in Crimea this year.", {(ABDUCT, "Enerhodar")}, set()),
    ("Russian officials claimed that they have brought 25 children from Mariupol to Russia.", {(ABDUCT, "Mariupol")}, set()),
    # forces seen withdrawing (a gerund with its own subject) hand the places over
    ("Residents observed Russian forces withdrawing from Baryshivka.", {(HANDOVER, "Baryshivka")}, set()),
]


@pytest.mark.parametrize("text,want,unwanted,published", [(*c, "2022-05-04") for c in HELDOUT40_CASES] +
                         [(*c, "2022-07-03") for c in HELDOUT41_CASES + HELDOUT42_CASES + HELDOUT43_CASES + HELDOUT44_CASES])
def test_heldout40_to_44_rules(pipe, text, want, unwanted, published):
    got = _events(pipe, text, published=published)
    assert want <= got, got
    assert not (unwanted & got)


def test_a_town_after_recapturing_is_a_place(pipe):
    # spaCy tags no entity on "Trostyanets" here; "recapturing" before it says a place, resolved in the oblast named
    st = _run(pipe, Story(text="Ukrainian forces conducted limited counterattacks in Sumy Oblast, recapturing Trostyanets on March 26.",
                          published="2022-03-27"))
    got = {p["text"]: p["admin1"] for p in st.places}
    assert got.get("Trostyanets") == "UA-59", got
