"""Every code the reading layer returns is worded as a whole sentence with its line and column, in English,
Romanian and Russian (the Romanian and Russian catalogs arrive with the lead's merge of the strings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from cadence.metrics import problems
from cadence.metrics.domain import reader, recognition, textio
from cadence.metrics.domain.facts import NOTICE, Problem
from cadence.metrics.domain.reader import FileRefused, MappingRefused

DOMAIN = Path(reader.__file__).parent


def _codes(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in DOMAIN.glob("*.py"):
        found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


PROBLEM_CODES = _codes(r'Problem\(\s*"([a-z_]+)"') | {"currency"}
REFUSAL_CODES = _codes(r'FileRefused\(\s*"([a-z_]+)"') | {"truncated_quote", "bad_quote"}
MAPPING_CODES = _codes(r'MappingRefused\(\s*"([a-z_]+)"')


def test_the_codes_are_found() -> None:
    assert {"bad_date", "not_a_number", "total_row", "truncated_line", "mixed_delimiters", "wrong_cells",
            "masked", "no_rows"} <= PROBLEM_CODES
    assert {"empty", "binary", "zip_bomb", "bad_xlsx", "encoding", "no_header", "too_wide"} <= REFUSAL_CODES
    assert {"no_date", "no_measure", "unknown_column", "date_format"} <= MAPPING_CODES
    assert textio.FileRefused is FileRefused and recognition.MappingRefused is MappingRefused


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
def test_each_problem_is_a_sentence_with_its_line_and_column(code: str) -> None:
    if code == "no_rows":
        text = problems.describe(Problem(code, None))
        assert text == "The file has a header but no data rows."
        return
    if code == "currency":
        assert "RON" in problems.describe({"code": code, "line": None, "value": "RON"})
        return
    text = problems.describe(Problem(code, 42, "Amount spent (USD)", "eleven", NOTICE))
    assert "42" in text and text.endswith(".") and code not in text
    assert text == problems.describe(Problem(code, 42, "Amount spent (USD)", "eleven").as_dict())


def test_the_sentences_say_the_cell() -> None:
    assert problems.describe(Problem("not_a_number", 3, "Cost", "eleven")) == (
        "Line 3, column “Cost”: “eleven” is not a number.")
    assert problems.describe({"code": "something_new", "line": 4}) == (
        "Line 4: a problem that stops the import (something_new).")


@pytest.mark.parametrize("code", sorted(REFUSAL_CODES))
def test_each_refusal_is_a_sentence(code: str) -> None:
    text = problems.refusal(FileRefused(code))
    assert text.endswith(".") and f"({code})" not in text
    with_line = problems.refusal(FileRefused(code, 7))
    assert with_line.endswith(".")


def test_a_refusal_says_its_line() -> None:
    assert "line 12" in problems.refusal(FileRefused("truncated_quote", 12))


@pytest.mark.parametrize("code", sorted(MAPPING_CODES))
def test_each_mapping_refusal_is_a_sentence(code: str) -> None:
    text = problems.mapping_refusal(MappingRefused(code, "spend"))
    assert text.endswith(".") and f"({code})" not in text


def test_field_labels_cover_every_field() -> None:
    from cadence.metrics.domain.facts import DIMENSIONS, MEASURES

    assert set(problems.FIELD_LABELS) == set(DIMENSIONS) | set(MEASURES)
    assert problems.field_label("spend") == "Spend"


def test_the_words_follow_the_language() -> None:
    with translation.override("ro"):
        ro = problems.describe(Problem("bad_date", 3, "Zi", "30.02.2027"))
    assert "3" in ro and "30.02.2027" in ro
