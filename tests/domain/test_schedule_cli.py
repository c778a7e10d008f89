"""``cadence schedule``: the DB-less timeline preview."""

from __future__ import annotations

import json
from decimal import Decimal

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
    phases = data["phases"]
    assert [d["key"] for d in phases] == ["research", "infrastructure", "campaigns", "optimisation", "expansion"]
    research = phases[0]
    assert research["start"] == "2027-01-11" and research["hours"] == 32.0
    assert research["end"] == "2027-02-04"
    assert phases[3]["ongoing"] is True
    assert data["input"] == {"start": "2027-01-11", "hours": 40.0, "country": "RO", "subdivision": None,
                             "template": "retainer", "months": 12, "hours_from": {}, "contract_months": None}


def test_json_has_the_months_figures_and_the_contract_warnings_of_the_text_output(capsys):
    args = [*BASE, "--hours-from", "3:60", "--contract-months", "2"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["input"]["hours_from"] == {"3": 60.0} and data["input"]["contract_months"] == 2
    months = data["months"]
    assert [m["month"] for m in months] == [1, 2]  # up to the contract's end
    assert months[0] == {"month": 1, "start": "2027-01-11", "end": "2027-02-10", "contracted": 40.0,
                         "planned": months[0]["planned"]}
    for m in months:
        assert f"{m['month']:>5}  {m['start']}  {m['end']}" in text
    assert data["warnings"], "phases run past a two-month contract"
    for w in data["warnings"]:
        assert w["contract_end"] == "2027-03-10"
        assert f"Warning: {w['phase']} " in text and f"after the contract ends on {w['contract_end']}" in text


def test_json_has_the_gates_and_the_horizon_of_the_text_output(capsys):
    assert main(BASE) == 0
    text = capsys.readouterr().out
    assert main([*BASE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    gates = {g["key"]: g for g in data["gates"]}
    assert set(gates) == {"plan_approved", "materials_ready"}
    plan = gates["plan_approved"]
    assert plan["name"] == "Marketing plan approved" and plan["after_phase"] == "research"
    assert plan["status"] == "expected" and plan["date"]
    line = next(line for line in text.splitlines() if line.strip().startswith("plan_approved"))
    assert plan["date"] in line and f"({plan['status']}, after research)" in line
    horizon = data["horizon"]
    assert f"Horizon: until {horizon['end']} ({horizon['months']} months)" in text
    assert horizon["months"] >= 12


def test_months_and_subdivision(capsys):
    assert main(["--start", "2027-01-11", "--hours", "40", "--country", "de", "--subdivision", "by", "--months", "24",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["phases"][3]["end"] == "2029-01-10"
    assert data["input"]["subdivision"] == "BY"
    assert data["horizon"]["months"] == 24


@pytest.mark.parametrize("hours", ["0.5", "1000", "40.25"])
def test_it_accepts_the_hours_the_form_accepts(capsys, hours):
    assert main(["--start", "2027-01-11", "--hours", hours, "--country", "RO"]) == 0


@pytest.mark.parametrize("hours", ["0.4", "0.25", "1000.5", "1e9", "NaN", "Infinity"])
def test_it_refuses_the_hours_the_form_refuses(capsys, hours):
    from django import forms

    from cadence.engagements.forms import EngagementForm, TermsForm
    from cadence.engagements.models import ContractTerms

    for form in (EngagementForm, TermsForm):  # a new engagement, new contract terms
        with pytest.raises(forms.ValidationError):
            form.base_fields["monthly_hours"].clean(hours)
    model_field = ContractTerms._meta.get_field("monthly_hours")
    if hours not in ("NaN", "Infinity"):
        with pytest.raises(Exception):  # noqa: B017 - the model's validators refuse it too
            model_field.run_validators(Decimal(hours))
    assert main(["--start", "2027-01-11", "--hours", hours, "--country", "RO"]) == 2
    captured = capsys.readouterr()
    assert "between 0.5 and 1000" in captured.err
    assert captured.out == ""


def test_an_unknown_country_lists_the_valid_codes(capsys):
    assert main(["--start", "2027-01-11", "--hours", "40", "--country", "XX"]) == 2
    err = capsys.readouterr().err
    assert "not known for 'XX'" in err
    codes = err.split("Valid country codes:")[1].replace(",", " ").split()
    assert {"RO", "MD", "RU", "DE", "US"} <= set(codes)
    assert codes == sorted(codes)


def test_an_unknown_subdivision_lists_the_valid_ones(capsys):
    assert main(["--start", "2027-01-11", "--hours", "40", "--country", "DE", "--subdivision", "ZZ"]) == 2
    err = capsys.readouterr().err
    assert "not known for 'DE/ZZ'" in err and "BY" in err and "NW" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--start", "2027-02-30", "--hours", "40", "--country", "RO"], "not a date"),
    (["--start", "tomorrow", "--hours", "40", "--country", "RO"], "not a date"),
    (["--start", "2027-01-11", "--hours", "0", "--country", "RO"], "between 0.5 and 1000"),
    (["--start", "2027-01-11", "--hours", "-5", "--country", "RO"], "between 0.5 and 1000"),
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
