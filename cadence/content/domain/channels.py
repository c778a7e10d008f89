"""The networks a post can go to, the formats each takes, and each network's limits (caption length,
hashtags). Figures are the networks' published limits as of 2026; ``None`` means no limit applies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    LINKEDIN = "linkedin"
    YOUTUBE = "youtube"
    X = "x"
    TELEGRAM = "telegram"
    PINTEREST = "pinterest"
    NEWSLETTER = "newsletter"
    BLOG = "blog"


class Format(StrEnum):
    IMAGE = "image"
    CAROUSEL = "carousel"
    VIDEO = "video"  # a reel, a short or a video
    STORY = "story"
    TEXT = "text"
    ARTICLE = "article"


class Status(StrEnum):
    IDEA = "idea"
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Limits:
    caption: int | None  # characters
    hashtags: int | None  # how many
    formats: frozenset[Format]
    media_max: int  # files a post can carry (0: none)
    caption_with_media: int | None = None  # a shorter caption limit when the post carries media (Telegram)


ALL_FORMATS = frozenset(Format)

LIMITS: dict[Channel, Limits] = {
    Channel.INSTAGRAM: Limits(2200, 30, frozenset({Format.IMAGE, Format.CAROUSEL, Format.VIDEO, Format.STORY}), 20),
    Channel.FACEBOOK: Limits(63206, 30, frozenset({Format.IMAGE, Format.CAROUSEL, Format.VIDEO, Format.STORY,
                                                   Format.TEXT}), 10),
    Channel.TIKTOK: Limits(4000, 30, frozenset({Format.VIDEO, Format.CAROUSEL, Format.STORY}), 35),
    Channel.LINKEDIN: Limits(3000, 30, frozenset({Format.IMAGE, Format.CAROUSEL, Format.VIDEO, Format.TEXT,
                                                  Format.ARTICLE}), 20),
    Channel.YOUTUBE: Limits(5000, 15, frozenset({Format.VIDEO}), 1),
    Channel.X: Limits(280, 10, frozenset({Format.IMAGE, Format.VIDEO, Format.TEXT}), 4),
    Channel.TELEGRAM: Limits(4096, None, frozenset({Format.IMAGE, Format.CAROUSEL, Format.VIDEO, Format.TEXT}), 10,
                             caption_with_media=1024),
    Channel.PINTEREST: Limits(500, 20, frozenset({Format.IMAGE, Format.CAROUSEL, Format.VIDEO}), 5),
    Channel.NEWSLETTER: Limits(None, None, frozenset({Format.TEXT, Format.ARTICLE, Format.IMAGE}), 20),
    Channel.BLOG: Limits(None, None, frozenset({Format.ARTICLE, Format.TEXT}), 20),
}
