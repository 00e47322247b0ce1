"""Readers: plain text, HTML, RSS/Atom, JSON Lines and digests, on real and example inputs."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, need_shared

from frontwire.errors import InputError
from frontwire.ingest import iter_stories, read_path
from frontwire.ingest.readers import decode, sniff

DIGEST_HEADLINES = [
    "Russia Captures Another Ukrainian Town While Zelensky Still Insists On Altering Trump Peace Plan",
    "Lt General Fanil Sarvarov Killed In Car Bombing In Moscow",
    "Citizens In Eastern Ukraine Will Not Be Allowed To Vote, Zelensky Says",
    "EU is Broke & Rejects Peace Since They Would Have to Return Russian Money",
    "Volodymyr Zelensky’s Non-Compromise NATO Compromise",
    "The EU is getting ready for its most dangerous move",
    "Ukraine Energy Sector in Permanent Crisis Due to Relentless Russian Strikes – Daily Power Cuts Affecting All Regions",
    "The Oligarch Part 1: How one powerful man made Zelensky president, Ukraine his pocket state, and sent it to war",
    "Senate Advances $900 BILLION Defense Spending Bill with Military Aid to Ukraine",
    "BRITAIN ESCALATES: First Female MI6 Intel Chief Blaise Metreweli Warns of Russia’s ‘Aggressive’ Threat in First Speech, Vows a More ‘Active’, ‘Operational’ Role",
]


def test_digest_seed_gives_ten_stories_with_their_headlines():
    stories = read_path(str(need_shared("seeds", "digest_2025-12.txt")))
    assert [s.title for s in stories] == DIGEST_HEADLINES
    for s in stories:
        assert s.text.startswith(s.title)  # headline is the first line of the text
        assert "Keep reading" not in s.text
    assert "Zarechnoye" in stories[0].text and "Siversk" in stories[0].text
    assert stories[1].text.rstrip().endswith("the war in Ukraine.")
    assert len({s.id for s in stories}) == 10


def test_frontline_seed_is_one_story_with_headline():
    [story] = read_path(str(need_shared("seeds", "frontline_2025-01.txt")))
    assert story.title == "Doomed Kyiv Looking For Scapegoat To Blame For Defeat"
    assert story.text.endswith("from Chasov Yar in the near future.")


def test_plain_text_takes_date_from_file_name():
    [story] = read_path(str(EXAMPLES / "plain" / "20240508T101500Z_pokrovsk-direction.txt"))
    assert story.published == "2024-05-08T10:15:00+00:00"
    assert story.title.startswith("Fighting intensifies west of Avdiivka")


def test_html_article_metadata_and_boilerplate_removed():
    [story] = read_path(str(EXAMPLES / "kharkiv-strike.html"))
    assert story.title == "Missile strike on Kharkiv injures six, officials say"
    assert story.outlet == "Borderland Wire"
    assert story.url == "https://borderland-wire.example/news/2024/05/06/kharkiv-missile-strike"
    assert story.published.startswith("2024-05-06T09:40:00")
    assert "Ihor Terekhov" in story.text
    for junk in ("Cookie settings", "Power cuts return", "Opinion"):
        assert junk not in story.text


def test_html_digest_is_split_at_keep_reading_links():
    stories = read_path(str(EXAMPLES / "frontline-digest.html"))
    assert [s.title for s in stories] == [
        "Russia says its troops took a village near Kupiansk",
        "Drones hit energy site in Sumy region, governor says",
        "Belgorod reports shelling as Kyiv stays silent",
    ]
    assert stories[0].url.endswith("/synkivka")
    assert all(s.outlet == "Eastern Dispatch" for s in stories)
    assert all("Privacy" not in s.text and "Subscribe" not in s.text for s in stories)


def test_rss_feed_one_story_per_entry_with_date_and_link():
    stories = read_path(str(EXAMPLES / "wire.rss"))
    assert len(stories) == 3
    first = stories[0]
    assert first.title == "Ukraine says it shot down 20 of 24 drones overnight"
    assert first.url == "https://steppe-monitor.example/2024/05/07/air-defence"
    assert first.published.startswith("2024-05-07T07:30")
    assert first.outlet == "Steppe Monitor"
    assert "<p>" not in first.text and "Odesa" in first.text


def test_atom_feed(tmp_path):
    atom = tmp_path / "feed.atom"
    atom.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Kherson hit by glide bombs</title><link href="https://atom.example/kherson"/>
<updated>2024-05-03T08:00:00Z</updated><content type="html">&lt;p&gt;Russian glide bombs hit Kherson on Friday, the regional administration said.&lt;/p&gt;</content></entry>
</feed>""", encoding="utf-8")
    [s] = read_path(str(atom))
    assert (s.title, s.url, s.published[:10], s.outlet) == ("Kherson hit by glide bombs", "https://atom.example/kherson", "2024-05-03", "Atom Desk")


def test_jsonl_reader_keeps_metadata_and_reports_bad_lines(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text((EXAMPLES / "stories.jsonl").read_text() + "not json\n" + json.dumps({"title": "no text"}) + "\n")
    items = list(iter_stories([str(f)]))
    stories = [i for i in items if not isinstance(i, InputError)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [s.outlet for s in stories] == ["River Post", "River Post"]
    assert stories[0].published == "2024-05-11"
    assert len(errors) == 2 and errors[0].endswith(":3: not valid JSON (Expecting value at column 1)")
    assert ":4:" in errors[1] and '"text"' in errors[1]


def test_encoding_detection_cp1251_and_utf16():
    text = "Війська відійшли з Сіверська, повідомив Генштаб. Російські війська наступають на Покровськ."
    assert decode(text.encode("cp1251"), "x") == text
    assert decode(text.encode("utf-16"), "x") == text


def test_isw_pages_give_clean_text():
    isw = need_shared("corpus", "isw")
    [story] = read_path(str(isw / "2022-05-10.html"))
    assert story.title and "Campaign Assessment" in story.title
    assert story.published == "2022-05-10"
    assert "Ukrainian counteroffensive north of Kharkiv City" in story.text
    tail = story.text[-2000:]
    assert "https://" not in tail and "t dot me" not in tail  # the trailing reference list is gone
    for junk in ("Subscribe", "Donate", "Copyright", "Privacy Policy"):
        assert junk not in story.text


def test_sniff_formats():
    assert sniff("a.txt", b"<?xml version='1.0'?><rss><channel/></rss>") == "feed"
    assert sniff("a", b"<!DOCTYPE html><html></html>") == "html"
    assert sniff("a.jsonl", b"{}") == "jsonl"
    assert sniff("a.txt", b"Plain words.") == "text"


@pytest.mark.parametrize("content,reason", [
    (b"", "empty input"),
    (b"   \n\t\n", "empty input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
])
def test_bad_files_give_one_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [err] = list(iter_stories([str(f)]))
    assert isinstance(err, InputError) and reason in str(err) and str(f) in str(err)


def test_missing_path_and_huge_file(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:  # a 50 MB text
        fh.write(b"Russian forces shelled the city. " * (50 * 1024 * 1024 // 33 + 1))
    items = list(iter_stories([str(tmp_path / "nope.txt"), str(huge)]))
    assert [type(i) for i in items] == [InputError, InputError]
    assert "no such file" in str(items[0])
    assert "too large" in str(items[1]) and "huge.txt" in str(items[1])


def test_malformed_feed_and_html(tmp_path):
    feed = tmp_path / "broken.rss"
    feed.write_text("<?xml version='1.0'?><rss><channel><item><title>Unclosed")
    html = tmp_path / "broken.html"
    html.write_text("<html><body><div><p>")
    items = list(iter_stories([str(feed), str(html)]))
    assert all(isinstance(i, InputError) for i in items), items
    assert "feed" in str(items[0]) and "broken.rss" in str(items[0])
    assert "broken.html" in str(items[1])


def test_language_is_guessed_for_english_ukrainian_and_russian():
    from frontwire.ingest.language import guess_language

    assert guess_language(read_path(str(EXAMPLES / "wire.rss"))[0].text) == "en"
    assert guess_language("Війська відійшли з Сіверська, повідомив Генштаб ЗСУ у вівторок.") == "uk"
    assert guess_language("Российские войска заняли населённый пункт, сообщило Минобороны России.") == "ru"
    assert guess_language("Les forces russes ont bombardé la ville de Kharkiv lundi matin.") == "und"
    assert guess_language("ok") == "und"


def test_a_space_lost_between_sentences_is_put_back(tmp_path):
    # machine-translated and scraped copy often glues sentences ("Ukraine.Currently"); the parser
    # then reads one token, and the place in it is lost
    f = tmp_path / "glued.txt"
    f.write_text("Tuesday is the 97th day of the war.Currently the heaviest fights are for "
                 "Sievierodonetsk.“We hold,” he said.Officials in St.Petersburg and the U.S.Army "
                 "wrote to ukrinform.ua.", encoding="utf-8")
    (story,) = list(read_path(f))
    assert "war. Currently" in story.text and "said. Officials" in story.text
    assert "St.Petersburg" in story.text and "U.S.Army" in story.text and "ukrinform.ua" in story.text
