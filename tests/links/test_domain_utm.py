"""The UTM builder's pure rules: the URL (query and fragment kept, values encoded, bad addresses and
invisible characters refused), the naming rule, the warnings, and GA4's default channel grouping."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from cadence.links import utm
from cadence.links.domain import ga4
from cadence.links.domain.ga4 import ChannelGroup as G

RULE = utm.Rule()


def P(source="facebook", medium="paid_social", campaign="spring_sale", term="", content="", id=""):
    return utm.Params(source=source, medium=medium, campaign=campaign, term=term, content=content, id=id)


def test_build_basic_order_and_encoding():
    url = utm.build_url("https://shop.example.ro/produse", P(term="pantofi de vară", content="a&b=c", id="42"))
    assert url == ("https://shop.example.ro/produse?utm_source=facebook&utm_medium=paid_social"
                   "&utm_campaign=spring_sale&utm_term=pantofi%20de%20var%C4%83&utm_content=a%26b%3Dc&utm_id=42")


def test_build_keeps_query_and_fragment_and_replaces_old_utm():
    url = utm.build_url("https://example.com/p?ref=nl&utm_source=old#top", P())
    parts = urlsplit(url)
    assert parts.fragment == "top"
    q = parse_qs(parts.query)
    assert q["ref"] == ["nl"] and q["utm_source"] == ["facebook"]
    assert parts.query.startswith("ref=nl&utm_source=facebook")


def test_build_empty_params_are_left_out_and_root_path_added():
    url = utm.build_url("HTTPS://Example.com", P(term="  ", content=""))
    assert url == "https://Example.com/?utm_source=facebook&utm_medium=paid_social&utm_campaign=spring_sale"


@pytest.mark.parametrize("base", ["", "ftp://example.com/", "javascript:alert(1)", "example.com/page",
                                  "https://", "https://exa mple.com/", "https://example.com/\x00",
                                  "mailto:a@b.c", "data:text/html,hi", "https://example.com/\u202e"])
def test_build_refuses_bad_base(base):
    with pytest.raises(utm.UtmError) as e:
        utm.build_url(base, P())
    assert e.value.field == "base_url"


@pytest.mark.parametrize("field", utm.PARAMS)
def test_build_refuses_control_characters_in_values(field):
    values = P().values() | {field: "bad\x07value"}
    with pytest.raises(utm.UtmError) as e:
        utm.build_url("https://example.com/", utm.Params(**values))
    assert e.value.field == field


def test_build_refuses_overlong():
    with pytest.raises(utm.UtmError):
        utm.build_url("https://example.com/" + "a" * 3990, P())


@pytest.mark.parametrize(("value", "rule", "expected"), [
    ("  Spring Sale  ", utm.Rule(), "spring_sale"),
    ("Spring   Sale 2026", utm.Rule(separator="-"), "spring-sale-2026"),
    ("Spring Sale", utm.Rule(lowercase=False, separator="."), "Spring.Sale"),
    ("Reducere Iarnă", utm.Rule(), "reducere_iarnă"),
    ("Зимняя Акция", utm.Rule(), "зимняя_акция"),
    ("", utm.Rule(), ""),
])
def test_normalise_value(value, rule, expected):
    assert utm.normalise_value(value, rule) == expected


def codes(params, rule=RULE):
    return {(w.code, w.field) for w in utm.check(params, rule)}


def test_check_clean_link_has_no_warning():
    assert codes(P()) == set()


@pytest.mark.parametrize(("params", "expected"), [
    (P(campaign=""), {("missing_campaign", "campaign")}),
    (P(source=""), {("missing_source", "source")}),
    (P(source="Facebook"), {("mixed_case", "source")}),
    (P(campaign="spring sale"), {("spaces", "campaign")}),
    (P(medium="bannerz"), {("unknown_medium", "medium")}),
    (P(medium="Newsletter Promo"), {("unknown_medium", "medium"), ("spaces", "medium"), ("mixed_case", "medium")}),
])
def test_check_warnings(params, expected):
    assert codes(params) == expected


def test_mixed_case_is_fine_when_rule_allows_it():
    assert codes(P(source="Facebook"), utm.Rule(lowercase=False)) == set()


def test_extra_mediums_of_the_workspace_are_known():
    assert codes(P(medium="influencer"), utm.Rule(extra_mediums=("Influencer",))) == set()
    assert ("unknown_medium", "medium") in codes(P(medium="influencer"))


def test_preview_suggests_the_rule_only_when_different():
    p = utm.preview("https://example.com/", P(source="Facebook", campaign="Spring Sale"), RULE)
    assert p.suggestion == P(source="facebook", campaign="spring_sale")
    assert p.channel_group == "Paid Social"
    assert utm.preview("https://example.com/", P(), RULE).suggestion is None


@pytest.mark.parametrize(("source", "medium", "campaign", "group"), [
    ("(direct)", "(none)", "", G.DIRECT),
    ("(direct)", "(not set)", "", G.DIRECT),
    ("google", "cpc", "brand_cross-network", G.CROSS_NETWORK),
    ("google", "cpc", "shopping_feed", G.PAID_SHOPPING),
    ("emag.ro", "cpc", "black_friday", G.PAID_SHOPPING),
    ("google", "cpc", "brand", G.PAID_SEARCH),
    ("yandex", "ppc", "brand", G.PAID_SEARCH),
    ("bing", "paid_search", "brand", G.PAID_SEARCH),
    ("www.google.ro", "cpc", "brand", G.PAID_SEARCH),
    ("facebook", "paid_social", "spring", G.PAID_SOCIAL),
    ("m.facebook.com", "cpc", "spring", G.PAID_SOCIAL),
    ("instagram", "paid", "spring", G.PAID_SOCIAL),
    ("tiktok", "cpc", "spring", G.PAID_SOCIAL),
    ("vk", "cpc", "spring", G.PAID_SOCIAL),
    ("ok.ru", "retargeting", "spring", G.PAID_SOCIAL),
    ("linkedin", "cpm", "spring", G.PAID_SOCIAL),
    ("telegram", "paid", "spring", G.PAID_SOCIAL),
    ("youtube", "cpv", "launch", G.PAID_VIDEO),
    ("rutube.ru", "paid_video", "launch", G.PAID_VIDEO),
    ("adform", "display", "spring", G.DISPLAY),
    ("adform", "banner", "spring", G.DISPLAY),
    ("partner", "cpm", "spring", G.DISPLAY),  # cpm is a display medium
    ("partner", "cpa", "spring", G.PAID_OTHER),
    ("criteo", "retargeting", "spring", G.PAID_OTHER),
    ("amazon", "referral", "spring", G.ORGANIC_SHOPPING),
    ("newsletter", "referral", "shop_now", G.ORGANIC_SHOPPING),
    ("facebook", "social", "spring", G.ORGANIC_SOCIAL),
    ("instagram", "bio", "spring", G.ORGANIC_SOCIAL),
    ("partner_blog", "social-network", "spring", G.ORGANIC_SOCIAL),
    ("t.me", "post", "spring", G.ORGANIC_SOCIAL),
    ("youtube", "organic_video", "launch", G.ORGANIC_VIDEO),
    ("vimeo", "embed", "launch", G.ORGANIC_VIDEO),
    ("google", "organic", "", G.ORGANIC_SEARCH),
    ("duckduckgo", "(none)", "", G.ORGANIC_SEARCH),
    ("newsletter", "organic", "", G.ORGANIC_SEARCH),
    ("mailchimp", "email", "october_digest", G.EMAIL),
    ("e-mail", "newsletter", "october", G.EMAIL),
    ("blogger", "affiliate", "spring", G.AFFILIATES),
    ("partner.ro", "referral", "spring", G.REFERRAL),
    ("qr", "link", "spring", G.REFERRAL),
    ("spotify", "audio", "spring", G.AUDIO),
    ("sms", "text", "spring", G.SMS),
    ("twilio", "sms", "spring", G.SMS),
    ("firebase", "notification", "spring", G.MOBILE_PUSH),
    ("app", "web_push", "spring", G.MOBILE_PUSH),
    ("flyer", "print", "spring", G.UNASSIGNED),
    ("", "", "", G.UNASSIGNED),
    ("Facebook", "Paid_Social", "Spring", G.PAID_SOCIAL),  # GA4 matches case-insensitively
    ("example.com", "x", "", G.UNASSIGNED),  # "x" as a medium is nothing; "example" is no social site
])
def test_channel_grouping(source, medium, campaign, group):
    assert ga4.classify(source, medium, campaign) is group


@pytest.mark.parametrize(("medium", "known"), [
    ("cpc", True), ("paid_social", True), ("social", True), ("email", True), ("referral", True),
    ("organic", True), ("display", True), ("affiliate", True), ("sms", True), ("video", True),
    ("web_push", True), ("newsletter", False), ("print", False), ("qr", False), ("", False),
])
def test_known_medium(medium, known):
    assert ga4.is_known_medium(medium) is known
