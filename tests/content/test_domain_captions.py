"""Captions and hashtags as the networks count them, directly (no database)."""

from __future__ import annotations

import pytest

from cadence.content.domain import captions as c
from cadence.content.domain.channels import LIMITS, Channel, Format


def codes(problems):
    return [p.code for p in problems]


@pytest.mark.parametrize(("text", "expected"), [
    ("#spring #sale", ["spring", "sale"]),
    ("spring, sale;  vară", ["spring", "sale", "vară"]),
    ("#Spring #spring #SPRING", ["Spring"]),
    ("#țară #știri #școală", ["țară", "știri", "școală"]),
    ("#скидки #Скидки #онлайн_школа", ["скидки", "онлайн_школа"]),
    ("##double  #under_score #2026sale", ["double", "under_score", "2026sale"]),
    ("", []), ("   # , ##", []),
    ("#cafe\u0301", ["café"]),  # decomposed accents are normalised (NFC)
])
def test_parse_hashtags(text, expected):
    assert c.parse_hashtags(text) == expected


@pytest.mark.parametrize(("text", "code", "tag"), [
    ("#spring-sale", "hashtag_invalid", "#spring-sale"), ("#ok #a.b", "hashtag_invalid", "#a.b"),
    ("#2026", "hashtag_invalid", "#2026"), ("#emoji🙂", "hashtag_invalid", "#emoji🙂"),
    ("#" + "a" * 101, "hashtag_too_long", "#" + "a" * 101),
])
def test_bad_hashtags_name_the_word(text, code, tag):
    with pytest.raises(c.HashtagError) as e:
        c.parse_hashtags(text)
    assert (e.value.code, e.value.tag) == (code, tag)


def test_a_hashtag_of_exactly_the_limit_is_accepted():
    assert c.parse_hashtags("#" + "a" * 100) == ["a" * 100]


def test_compose_appends_the_hashtags_after_a_blank_line():
    assert c.compose("Hello  ", ["a", "b"]) == "Hello\n\n#a #b"
    assert c.compose("Hello", []) == "Hello"
    assert c.compose("", ["a"]) == "#a"


def test_the_length_counts_the_hashtags_as_published():
    caption = "x" * 270
    assert c.check("x", "text", caption, [], 0) == []
    # 270 + 2 (blank line) + len("#abcdefgh") 9 = 281 > 280
    problems = c.check("x", "text", caption, ["abcdefgh"], 0)
    assert codes(problems) == ["caption_too_long"]
    assert problems[0].params == {"channel": "x", "length": 281, "max": 280, "over": 1}
    assert c.check("x", "text", caption, ["abcdefg"], 0) == []  # 270 + 2 + 8: exactly 280


def test_cyrillic_and_romanian_letters_count_one_each():
    assert codes(c.check("x", "text", "ș" * 280, [], 0)) == []
    assert codes(c.check("x", "text", "щ" * 281, [], 0)) == ["caption_too_long"]


def test_telegram_caption_is_shorter_with_media():
    text = "т" * 2000
    assert c.check("telegram", "text", text, [], 0) == []
    problems = c.check("telegram", "image", text, [], 1)
    assert codes(problems) == ["caption_too_long"] and problems[0].params["max"] == 1024


def test_formats_per_channel():
    assert codes(c.check("youtube", "image", "", [], 0)) == ["format_not_allowed"]
    assert codes(c.check("instagram", "text", "", [], 0)) == ["format_not_allowed"]
    assert codes(c.check("instagram", "nonsense", "", [], 0)) == ["format_not_allowed"]
    for channel, limits in LIMITS.items():
        for fmt in limits.formats:
            assert c.check(channel.value, fmt.value, "", [], 0) == []


def test_hashtag_count_and_media_count():
    tags = [f"t{i}" for i in range(31)]
    assert codes(c.check("instagram", "image", "", tags, 1)) == ["too_many_hashtags"]
    assert codes(c.check("instagram", "image", "", tags[:30], 1)) == []
    assert codes(c.check("telegram", "text", "", tags * 3, 0)) == []  # no hashtag limit
    assert codes(c.check("x", "image", "", [], 5)) == ["too_many_media"]
    assert codes(c.check("x", "image", "", [], 4)) == []


def test_several_problems_at_once_and_unknown_channel():
    problems = c.check("x", "story", "y" * 300, [f"t{i}" for i in range(11)], 5)
    assert codes(problems) == ["format_not_allowed", "caption_too_long", "too_many_hashtags", "too_many_media"]
    assert codes(c.check("myspace", "text", "", [], 0)) == ["channel_unknown"]


def test_limits_json_covers_every_channel():
    data = c.limits_json()
    assert data["separator"] == "\n\n"
    assert set(data["channels"]) == {ch.value for ch in Channel}
    assert data["channels"]["telegram"]["caption_with_media"] == 1024
    assert data["channels"]["x"] == {"caption": 280, "caption_with_media": None, "hashtags": 10, "media_max": 4,
                                     "formats": sorted([Format.IMAGE, Format.TEXT, Format.VIDEO])}
    assert data["channels"]["blog"]["caption"] is None
