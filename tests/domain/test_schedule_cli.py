"""``cadence schedule``: the DB-less timeline preview."""

from __future__ import annotations

import json

import pytest

from cadence.engagements.schedule_cli import main

BASE = ["--start", "2027-01-11", "--hours", "40", "--country", "RO"]


def test_text_table(capsys):
    assert main(BASE) == 0
    out = capsys.readouterr().out
    assert "research" in out and "Research, marketing plan and first implementation" in out
    assert "2027-01-11" in out
    assert "ongoing" in out
    assert "Gates:" in out and "plan_approved" in out and "Marketing plan approved" in out
    lines = [line for line in out.splitlines() if line.startswith("research ")]
    assert lines and lines[0].rstrip().endswith("32.00")


def test_text_shows_duration_ranges_for_sostac(capsys):
    assert main([*BASE, "--template", "sostac"]) == 0
    out = capsys.readouterr().out
    situation = next(line for line in out.splitlines() if line.startswith("situation"))
    assert "2027-01-29 (2027-01-22 to 2027-02-08)" in situation
    assert "control" in out


def test_json(capsys):
    assert main([*BASE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["key"] for d in data] == ["research", "infrastructure", "campaigns", "optimisation", "expansion"]
    research = data[0]
    assert research["start"] == "2027-01-11" and research["hours"] == 32.0
    assert research["end"] == "2027-02-04"
    assert data[3]["ongoing"] is True


def test_months_and_subdivision(capsys):
    assert main(["--start", "2027-01-11", "--hours", "40", "--country", "de", "--subdivision", "BY", "--months", "24",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[3]["end"] == "2029-01-10"


@pytest.mark.parametrize(("args", "message"), [
    (["--start", "2027-02-30", "--hours", "40", "--country", "RO"], "not a date"),
    (["--start", "tomorrow", "--hours", "40", "--country", "RO"], "not a date"),
    (["--start", "2027-01-11", "--hours", "0", "--country", "RO"], "more than 0"),
    (["--start", "2027-01-11", "--hours", "-5", "--country", "RO"], "more than 0"),
    (["--start", "2027-01-11", "--hours", "lots", "--country", "RO"], "not a number"),
    (["--start", "2027-01-11", "--hours", "40", "--country", "XX"], "not known for 'XX'"),
    (["--start", "2027-01-11", "--hours", "40", "--country", "RO", "--subdivision", "ZZ"], "not known"),
    (["--start", "2027-01-11", "--hours", "40", "--country", "RO", "--months", "0"], "between 1 and 60"),
    (["--start", "2027-01-11", "--hours", "40", "--country", "RO", "--template", "nope"], "invalid choice"),
    (["--hours", "40", "--country", "RO"], "--start"),
])
def test_bad_input_exits_2_with_a_message(capsys, args, message):
    assert main(args) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "cadence schedule" in capsys.readouterr().out


def test_months_follow_the_contract_terms(capsys):
    assert main([*BASE, "--hours", "5", "--hours-from", "3:8", "--contract-months", "4"]) == 0
    out = capsys.readouterr().out
    months = out.split("Months:")[1].splitlines()
    rows = [line.split() for line in months if line.strip()[:1].isdigit()]
    assert [(r[0], r[3]) for r in rows] == [("1", "5"), ("2", "5"), ("3", "8"), ("4", "8")]
    assert "Warning: campaigns starts after the contract ends on 2027-05-10 (at 8 h a month)." in out
    assert "E+" not in out


def test_bad_new_terms_exit_2(capsys):
    assert main([*BASE, "--hours-from", "0:60"]) == 2
    assert main([*BASE, "--hours-from", "five"]) == 2
