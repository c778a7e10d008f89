"""GA4's default channel grouping, as a preview of how Google Analytics 4 will classify a campaign link's
``source`` / ``medium`` / ``campaign`` (pure: no database, no request).

The rules and their order follow Google's published definitions ("[GA4] Default channel group", Analytics
Help, answer 9756891) and ``/work/shared/data/README.md``: the first matching rule wins. Google's source
categories (search, social, video, shopping sites) are long lists; the ones below hold the sites the
agency's clients use (the Romanian and Russian networks and search engines included). A source matches an
entry when it is the entry, a subdomain of it (``m.facebook.com``), or, for a bare name, the first label of
a domain (``facebook.com`` -> ``facebook``).
"""

from __future__ import annotations

import re
from enum import StrEnum


class ChannelGroup(StrEnum):
    DIRECT = "Direct"
    CROSS_NETWORK = "Cross-network"
    PAID_SHOPPING = "Paid Shopping"
    PAID_SEARCH = "Paid Search"
    PAID_SOCIAL = "Paid Social"
    PAID_VIDEO = "Paid Video"
    DISPLAY = "Display"
    PAID_OTHER = "Paid Other"
    ORGANIC_SHOPPING = "Organic Shopping"
    ORGANIC_SOCIAL = "Organic Social"
    ORGANIC_VIDEO = "Organic Video"
    ORGANIC_SEARCH = "Organic Search"
    EMAIL = "Email"
    AFFILIATES = "Affiliates"
    REFERRAL = "Referral"
    AUDIO = "Audio"
    SMS = "SMS"
    MOBILE_PUSH = "Mobile Push Notifications"
    UNASSIGNED = "Unassigned"


PAID_MEDIUM = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
SHOPPING_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$")
SOCIAL_MEDIUMS = frozenset({"social", "social-network", "social-media", "sm", "social network", "social media"})
EMAIL_VALUES = frozenset({"email", "e-mail", "e_mail", "e mail"})
DISPLAY_MEDIUMS = frozenset({"display", "banner", "expandable", "interstitial", "cpm"})
REFERRAL_MEDIUMS = frozenset({"referral", "app", "link"})
DIRECT_MEDIUMS = frozenset({"(not set)", "(none)", ""})

SEARCH_SITES = frozenset({
    "google", "bing", "yahoo", "yandex", "ya.ru", "duckduckgo", "baidu", "ecosia", "naver", "seznam",
    "mail.ru", "go.mail.ru", "rambler", "qwant", "startpage", "ask", "aol", "brave", "search.brave.com",
    "yandex.ru", "yandex.com", "yandex.md", "google.ro", "google.md", "google.ru", "petalsearch",
    "sogou", "so.com", "daum", "onet", "wp.pl", "search.yahoo.com", "msn", "perplexity", "chatgpt.com",
})
SOCIAL_SITES = frozenset({
    "facebook", "fb", "fb.com", "fb.me", "instagram", "ig", "tiktok", "linkedin", "lnkd.in", "twitter",
    "t.co", "x", "x.com", "vk", "vk.com", "vkontakte", "ok.ru", "odnoklassniki", "telegram", "t.me",
    "pinterest", "pin.it", "reddit", "snapchat", "threads", "threads.net", "whatsapp", "wa.me", "viber",
    "tumblr", "quora", "discord", "bluesky", "bsky.app", "mastodon", "messenger", "meta", "dzen.ru",
    "zen.yandex.ru", "medium", "weibo", "line", "wechat", "badoo", "myspace", "xing",
})
VIDEO_SITES = frozenset({
    "youtube", "youtu.be", "vimeo", "twitch", "dailymotion", "rutube", "rutube.ru", "vk video", "vkvideo.ru",
    "wistia", "youku", "bilibili", "ted", "kick",
})
SHOPPING_SITES = frozenset({
    "google shopping", "shopping.google.com", "amazon", "ebay", "etsy", "aliexpress", "alibaba", "walmart",
    "shopify", "ozon", "ozon.ru", "wildberries", "wildberries.ru", "emag", "emag.ro", "emag.md",
    "olx", "olx.ro", "999.md", "avito", "avito.ru", "allegro", "rozetka", "mercadolibre", "temu", "shein",
    "market.yandex.ru", "idealo", "zalando",
})


def _matches(source: str, sites: frozenset[str]) -> bool:
    if not source:
        return False
    if source in sites:
        return True
    host = source.removeprefix("www.")
    for site in sites:
        if host == site or ("." in site and host.endswith("." + site)):
            return True
    labels = host.split(".")
    for prefix in ("m", "l", "lm", "mobile", "web"):
        if len(labels) > 2 and labels[0] == prefix:
            labels = labels[1:]
    # the site's own name: "facebook" in facebook.com and m.facebook.com, "google" in google.co.uk
    names = {labels[0]} if len(labels) > 1 else set()
    return bool(names & {s for s in sites if "." not in s})


def classify(source: str, medium: str, campaign: str = "") -> ChannelGroup:
    """The channel GA4's default channel group will show for a session with these campaign values."""
    source = (source or "").strip().lower()
    medium = (medium or "").strip().lower()
    campaign = (campaign or "").strip().lower()
    paid = bool(PAID_MEDIUM.match(medium))
    shopping = _matches(source, SHOPPING_SITES) or bool(SHOPPING_CAMPAIGN.match(campaign))
    if source == "(direct)" and medium in DIRECT_MEDIUMS:
        return ChannelGroup.DIRECT
    if "cross-network" in campaign:
        return ChannelGroup.CROSS_NETWORK
    if shopping and paid:
        return ChannelGroup.PAID_SHOPPING
    if paid and _matches(source, SEARCH_SITES):
        return ChannelGroup.PAID_SEARCH
    if paid and _matches(source, SOCIAL_SITES):
        return ChannelGroup.PAID_SOCIAL
    if paid and _matches(source, VIDEO_SITES):
        return ChannelGroup.PAID_VIDEO
    if medium in DISPLAY_MEDIUMS:
        return ChannelGroup.DISPLAY
    if paid:
        return ChannelGroup.PAID_OTHER
    if shopping:
        return ChannelGroup.ORGANIC_SHOPPING
    if _matches(source, SOCIAL_SITES) or medium in SOCIAL_MEDIUMS:
        return ChannelGroup.ORGANIC_SOCIAL
    if _matches(source, VIDEO_SITES) or "video" in medium:
        return ChannelGroup.ORGANIC_VIDEO
    if _matches(source, SEARCH_SITES) or medium == "organic":
        return ChannelGroup.ORGANIC_SEARCH
    if source in EMAIL_VALUES or medium in EMAIL_VALUES:
        return ChannelGroup.EMAIL
    if medium == "affiliate":
        return ChannelGroup.AFFILIATES
    if medium in REFERRAL_MEDIUMS:
        return ChannelGroup.REFERRAL
    if medium == "audio":
        return ChannelGroup.AUDIO
    if source == "sms" or medium == "sms":
        return ChannelGroup.SMS
    if medium.endswith("push") or "mobile" in medium or "notification" in medium or source == "firebase":
        return ChannelGroup.MOBILE_PUSH
    return ChannelGroup.UNASSIGNED


def is_known_medium(medium: str) -> bool:
    """Whether GA4's default channel group has a rule for this medium (others land by source or in
    Unassigned)."""
    medium = (medium or "").strip().lower()
    return bool(
        PAID_MEDIUM.match(medium) or medium in SOCIAL_MEDIUMS or medium in EMAIL_VALUES
        or medium in DISPLAY_MEDIUMS or medium in REFERRAL_MEDIUMS
        or medium in {"organic", "affiliate", "audio", "sms"} or "video" in medium
        or medium.endswith("push") or "mobile" in medium or "notification" in medium
    )
