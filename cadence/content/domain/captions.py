"""Captions and hashtags as each network counts them (no Django import).

A post is published as its caption followed by its hashtags (``compose``: a blank line, then ``#tag`` words
separated by spaces); the length a network sees is Python's ``len`` of that text (code points, which is
what Instagram, TikTok, LinkedIn, Facebook and Telegram count; X counts some characters double, which this
does not model). ``check`` lists every problem of a post for its channel; the service and the form turn the
``Problem`` codes into translated messages with ``params``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cadence.content.domain.channels import LIMITS, Channel, Format, Limits

HASHTAG_MAX = 100  # characters of one hashtag (without "#")
HASHTAGS_MAX = 60  # hashtags any post may carry, whatever its network
SEPARATOR = "\n\n"  # between the caption and its hashtags
# A hashtag: letters (any script: Latin with ș ț ă â î, Cyrillic, ...), digits, underscores and the combining
# marks some letters are written with; at least one letter or underscore (networks ignore "#123").
_TAG_RE = re.compile(r"^[\w\u0300-\u036f]+$")
_SPLIT_RE = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Problem:
    """A problem of a post for its network: ``code`` is stable, ``params`` fill the message."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class HashtagError(ValueError):
    """A word of a hashtag list that is not a hashtag (``code``: ``hashtag_invalid`` or ``hashtag_too_long``)."""

    def __init__(self, code: str, tag: str) -> None:
        super().__init__(f"{code}: {tag}")
        self.code = code
        self.tag = tag


def normalise_hashtag(word: str) -> str:
    """One hashtag without its leading "#" signs, in NFC; ``HashtagError`` when it is not one."""
    tag = unicodedata.normalize("NFC", word.strip()).lstrip("#＃")
    if not tag or not _TAG_RE.match(tag) or tag.isdigit():
        raise HashtagError("hashtag_invalid", word.strip())
    if len(tag) > HASHTAG_MAX:
        raise HashtagError("hashtag_too_long", word.strip())
    return tag


def clean_hashtags(tags: list[str]) -> list[str]:
    """Normalised hashtags, duplicates (ignoring case) dropped, the first spelling and the order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for word in tags:
        tag = normalise_hashtag(word)
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            out.append(tag)
    return out


def parse_hashtags(text: str) -> list[str]:
    """Hashtags typed in one field ("#spring, #vânzări  #скидки"): split on spaces, commas and semicolons,
    each "#" stripped, duplicates dropped. ``HashtagError`` names the first word that is not a hashtag."""
    return clean_hashtags([word for word in _SPLIT_RE.split(text or "") if word.strip("#＃")])


def compose(caption: str, hashtags: list[str]) -> str:
    """The text as it will be published: the caption, then the hashtags after a blank line."""
    tags = " ".join(f"#{tag}" for tag in hashtags)
    body = caption.rstrip()
    if not tags:
        return body
    return f"{body}{SEPARATOR}{tags}" if body else tags


def caption_limit(limits: Limits, media_count: int) -> int | None:
    if media_count > 0 and limits.caption_with_media is not None:
        return limits.caption_with_media
    return limits.caption


def check(channel: str, format: str, caption: str, hashtags: list[str], media_count: int) -> list[Problem]:
    """Every problem of a post for its network: the format the network takes, the length of the published text,
    the number of hashtags and of files. An unknown channel is one problem (``channel_unknown``)."""
    try:
        chan = Channel(channel)
        limits = LIMITS[chan]
    except (ValueError, KeyError):
        return [Problem("channel_unknown", {"channel": channel})]
    problems: list[Problem] = []
    try:
        fmt: Format | None = Format(format)
    except ValueError:
        fmt = None
    if fmt is None or fmt not in limits.formats:
        problems.append(Problem("format_not_allowed", {"channel": chan.value, "format": format}))
    limit = caption_limit(limits, media_count)
    length = len(compose(caption, hashtags))
    if limit is not None and length > limit:
        problems.append(Problem("caption_too_long", {"channel": chan.value, "length": length, "max": limit,
                                                     "over": length - limit}))
    if limits.hashtags is not None and len(hashtags) > limits.hashtags:
        problems.append(Problem("too_many_hashtags", {"channel": chan.value, "count": len(hashtags),
                                                      "max": limits.hashtags}))
    if media_count > limits.media_max:
        problems.append(Problem("too_many_media", {"channel": chan.value, "count": media_count,
                                                   "max": limits.media_max}))
    return problems


def limits_json() -> dict[str, Any]:
    """Each network's limits for the form's as-you-type counter: the counter counts ``compose()``'s text,
    i.e. the caption, ``separator`` and the hashtags as "#tag" joined by spaces."""
    return {
        "separator": SEPARATOR,
        "channels": {
            chan.value: {
                "caption": limits.caption,
                "caption_with_media": limits.caption_with_media,
                "hashtags": limits.hashtags,
                "media_max": limits.media_max,
                "formats": sorted(f.value for f in limits.formats),
            }
            for chan, limits in LIMITS.items()
        },
    }
