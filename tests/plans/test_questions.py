"""The guided questions: stable, unique keys; counts per section; every text translatable and translated lazily."""

from __future__ import annotations

import re

from django.utils import translation

from cadence.plans.domain.completeness import SECTIONS
from cadence.plans.questions import (
    BRIEF_QUESTIONS,
    SECTION_QUESTIONS,
    default_question_keys,
    question,
    section_of,
)

KEY = re.compile(r"^[a-z]+\.[a-z0-9_]+$")


def test_every_section_has_six_to_ten_questions_with_keys_of_that_section():
    assert list(SECTION_QUESTIONS) == list(SECTIONS)
    for section, questions in SECTION_QUESTIONS.items():
        assert 6 <= len(questions) <= 10, section
        for q in questions:
            assert KEY.match(q.key) and q.key.startswith(f"{section.value}."), q.key
            assert str(q.text).strip() and str(q.help).strip()


def test_the_brief_has_eight_to_twelve_questions_covering_what_the_client_states():
    assert 8 <= len(BRIEF_QUESTIONS) <= 12
    keys = {q.key for q in BRIEF_QUESTIONS}
    assert all(k.startswith("brief.") and KEY.match(k) for k in keys)
    assert {"brief.products", "brief.image", "brief.results", "brief.kpis", "brief.budget", "brief.materials",
            "brief.people", "brief.meetings"} <= keys


def test_keys_are_unique_and_looked_up():
    keys = [q.key for qs in SECTION_QUESTIONS.values() for q in qs] + [q.key for q in BRIEF_QUESTIONS]
    assert len(keys) == len(set(keys))
    for key in keys:
        found = question(key)
        assert found is not None and found.key == key
    assert question("situation.nope") is None
    assert section_of("tactics.channel_mix") == "tactics"
    assert section_of("brief.products") is None
    assert section_of("unknown") is None


def test_tactics_ask_for_the_channel_mix_tools_and_timing():
    keys = {q.key for q in SECTION_QUESTIONS[SECTIONS[3]]}
    assert {"tactics.channel_mix", "tactics.tools", "tactics.timing"} <= keys


def test_default_keys_follow_the_sections_order():
    keys = default_question_keys()
    assert list(keys) == [s.value for s in SECTIONS]
    assert keys["situation"][0] == SECTION_QUESTIONS[SECTIONS[0]][0].key


def test_texts_are_lazy_and_render_in_the_active_language():
    q = question("brief.products")
    assert q is not None
    with translation.override("en"):
        assert str(q.text) == "Which products or services should we promote?"
    # The lazy text is re-evaluated on each str() (never frozen at import time).
    assert not isinstance(q.text, str)
