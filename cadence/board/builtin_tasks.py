"""The standard tasks of the built-in process templates' phases (seed 000: what happens in each category;
seed 002: the account set-up). A new workspace gets them as its task templates
(``services.install_builtin_task_templates``); the board creates them as cards when a phase begins.

Stored in English and translated on display (``display``), as the built-in phase names are. The estimates
of an effort phase add up to its effort (``tests/board/test_templates.py`` shows each sum against it); a
continuous or a duration phase has no effort to match, so its estimates are one month's or one stage's work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext, gettext_noop


@dataclass(frozen=True)
class TaskSpec:
    title: str
    role: str
    estimate: Decimal
    checklist: tuple[str, ...] = field(default=())
    description: str = ""


ACCOUNTS = TaskSpec(
    gettext_noop("Set up the accounts: professional handles, a business email, two-factor sign-in"), "account",
    Decimal(3), (gettext_noop("Professional handles on every network"), gettext_noop("A business email address"),
                 gettext_noop("Two-factor sign-in on every account")))

RETAINER_TASKS: dict[str, tuple[TaskSpec, ...]] = {
    "research": (
        TaskSpec(gettext_noop("Business and competitor analysis"), "strategist", Decimal(12),
                 (gettext_noop("Website and social media statistics"), gettext_noop("Three main competitors"))),
        TaskSpec(gettext_noop("Audience and buyer personas"), "strategist", Decimal(8)),
        TaskSpec(gettext_noop("Marketing plan for the next 3-6 months"), "strategist", Decimal(12),
                 (gettext_noop("First action chosen"), gettext_noop("Plan sent to the client for approval"))),
    ),
    "infrastructure": (
        TaskSpec(gettext_noop("Website and online shop changes"), "developer", Decimal(10)),
        TaskSpec(gettext_noop("Brand book"), "designer", Decimal(6)),
        TaskSpec(gettext_noop("Post and story templates"), "designer", Decimal(4)),
        TaskSpec(gettext_noop("Tone of voice"), "copywriter", Decimal(3)),
        TaskSpec(gettext_noop("Photos and video"), "video", Decimal(6)),
        ACCOUNTS,
    ),
    "campaigns": (
        TaskSpec(gettext_noop("Launch the ad campaigns (Meta Ads, Google Ads)"), "ads", Decimal(6)),
        TaskSpec(gettext_noop("First social media posts"), "community", Decimal(4)),
        TaskSpec(gettext_noop("First email campaign"), "copywriter", Decimal(2)),
    ),
    "optimisation": (
        TaskSpec(gettext_noop("Optimise budgets, targeting, messages and visuals"), "ads", Decimal(6)),
        TaskSpec(gettext_noop("KPI report"), "analyst", Decimal(4)),
    ),
    "expansion": (
        TaskSpec(gettext_noop("New channels (TikTok, LinkedIn, YouTube)"), "strategist", Decimal(8)),
        TaskSpec(gettext_noop("New media materials"), "designer", Decimal(6)),
        TaskSpec(gettext_noop("Remarketing and loyalty"), "ads", Decimal(6)),
        TaskSpec(gettext_noop("Update the marketing plan"), "strategist", Decimal(4)),
    ),
}

SOSTAC_TASKS: dict[str, tuple[TaskSpec, ...]] = {
    "situation": (
        TaskSpec(gettext_noop("Website and social media statistics"), "analyst", Decimal(6)),
        TaskSpec(gettext_noop("Business and competitor analysis"), "strategist", Decimal(8)),
        TaskSpec(gettext_noop("Audience and buyer personas"), "strategist", Decimal(6)),
    ),
    "objectives": (
        TaskSpec(gettext_noop("Marketing goals: acceptable, optimal and best results"), "strategist", Decimal(4)),
    ),
    "strategy": (
        TaskSpec(gettext_noop("Positioning and key messages"), "strategist", Decimal(8)),
        TaskSpec(gettext_noop("Content and contact strategy"), "copywriter", Decimal(6)),
    ),
    "tactics": (
        TaskSpec(gettext_noop("Channels, ad platforms, timing and budgets"), "ads", Decimal(8)),
        TaskSpec(gettext_noop("Who is responsible for what"), "account", Decimal(2)),
    ),
    "action": (
        ACCOUNTS,
        TaskSpec(gettext_noop("Launch the ad campaigns (Meta Ads, Google Ads)"), "ads", Decimal(6)),
        TaskSpec(gettext_noop("First social media posts"), "community", Decimal(4)),
    ),
    "control": (
        TaskSpec(gettext_noop("KPI report"), "analyst", Decimal(4)),
    ),
}

BUILTIN_TASKS: dict[str, dict[str, tuple[TaskSpec, ...]]] = {"retainer": RETAINER_TASKS, "sostac": SOSTAC_TASKS}


@lru_cache(maxsize=1)
def builtin_texts() -> frozenset[str]:
    texts: set[str] = set()
    for phases in BUILTIN_TASKS.values():
        for specs in phases.values():
            for spec in specs:
                texts.update((spec.title, *spec.checklist))
                if spec.description:
                    texts.add(spec.description)
    return frozenset(texts)


def display(text: str, names: Mapping[str, str] | None = None, *, language: str | None = None) -> str:
    """A task template's text in ``language`` (default: the reader's): the user's own wording in it, else the
    catalog's translation of a built-in text, else the text as stored."""
    lang = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if names and names.get(lang):
        return names[lang]
    if text in builtin_texts():
        with translation.override(lang):
            return gettext(text)
    return text
