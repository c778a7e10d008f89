"""The completeness meter per SOSTAC section and for the whole plan (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from cadence.plans.domain.completeness import (
    CODES,
    SECTIONS,
    WEIGHTS,
    Channel,
    Competitor,
    ControlRow,
    Initiative,
    Persona,
    PlanContent,
    Positioning,
    Section,
    Swot,
    TeamRole,
    completeness,
    section_completeness,
)

from .builders import full_objective, task

QUESTIONS = {s: (f"{s.value}.q1", f"{s.value}.q2") for s in SECTIONS}
OBJ = full_objective()
TASKS = [t.uid for t in OBJ.tasks]


def complete_plan() -> PlanContent:
    return PlanContent(
        questions=QUESTIONS,
        answers={key: f"Answer to **{key}**" for keys in QUESTIONS.values() for key in keys},
        company_name="Brutăria Demo", mission="Fresh bread every morning",
        team_roles=(TeamRole("r1", "copywriter", "Ana"),),
        swot=Swot(("oven",), ("no site",), ("Easter",), ("supermarkets",)),
        competitors=(Competitor("c1", "Pâine Bună"),),
        objectives=(OBJ,),
        markets=("RO",),
        personas=(Persona("p1", "Maria, 34", negative=False), Persona("p2", "Bargain hunter", negative=True)),
        positioning=Positioning("flour, butter", "premium", "shop and delivery", ("Instagram", "order", "pickup")),
        channels=(Channel("ch1", "Instagram", "main sales", Decimal(70)),
                  Channel("ch2", "Facebook", "news", Decimal("30.0"))),
        initiatives=(Initiative("i1", "Launch reels", "Ana", dt.date(2027, 1, 4), dt.date(2027, 3, 31), "o1"),),
        control=tuple(ControlRow(f"c{uid}", uid, "Ion", (dt.date(2027, 2, 1),)) for uid in TASKS),
    )


def missing(plan: PlanContent, section: Section) -> list[tuple[str, dict]]:
    return [(f.code, dict(f.params)) for f in section_completeness(plan, section).missing]


def test_a_complete_plan_is_100_percent_everywhere():
    result = completeness(complete_plan())
    assert result.complete and result.percent == 100
    assert [s.percent for s in result.sections] == [100] * 6
    assert [s.section for s in result.sections] == list(SECTIONS)


def test_an_empty_plan_is_zero_and_lists_every_requirement():
    result = completeness(PlanContent(questions=QUESTIONS))
    assert result.percent == 0 and not result.complete
    found = {f.code for s in result.sections for f in s.missing}
    assert found == CODES
    situation = result.section(Section.SITUATION)
    assert (situation.answered, situation.questions, situation.met, situation.requirements) == (0, 2, 0, 5)


def test_the_weights_add_up_to_100_and_favour_the_first_three_sections():
    assert sum(WEIGHTS.values()) == 100 and set(WEIGHTS) == set(SECTIONS)
    assert WEIGHTS[Section.SITUATION] == WEIGHTS[Section.OBJECTIVES] == WEIGHTS[Section.STRATEGY] == 20
    assert WEIGHTS[Section.TACTICS] == WEIGHTS[Section.ACTION] == 15 and WEIGHTS[Section.CONTROL] == 10


@pytest.mark.parametrize("blank", ["", "   ", "\n\t ", "-", "**", "# ", "> \n- [ ]"])
def test_blank_or_markup_only_answers_do_not_count(blank):
    plan = complete_plan()
    plan = replace(plan, answers={**plan.answers, "tactics.q1": blank})
    result = section_completeness(plan, Section.TACTICS)
    assert (result.answered, result.questions) == (1, 2)
    assert missing(plan, Section.TACTICS) == [("question_unanswered", {"question": "tactics.q1"})]
    assert result.percent == 66  # 2 of 3, rounded down


def test_answers_in_any_script_count_and_unknown_keys_are_ignored():
    plan = complete_plan()
    plan = replace(plan, answers={**plan.answers, "control.q1": "Да", "control.q2": "7", "other.q": "x"})
    assert section_completeness(plan, Section.CONTROL).complete


def test_a_question_listed_twice_counts_once():
    plan = replace(complete_plan(), questions={**QUESTIONS, Section.ACTION: ("action.q1", "action.q1")})
    result = section_completeness(plan, Section.ACTION)
    assert (result.answered, result.questions) == (1, 1)


def test_a_section_with_nothing_to_count_is_complete():
    result = section_completeness(replace(complete_plan(), questions={}), Section.TACTICS)
    assert result.total == 1 and result.complete  # the budget split only
    assert section_completeness(PlanContent(), Section.TACTICS).percent == 0


def test_overall_percentage_is_the_weighted_sections_rounded_down():
    plan = replace(complete_plan(), control=())  # Control: 2 questions of 3 items -> 2/3 of its 10 %
    result = completeness(plan)
    assert result.section(Section.CONTROL).percent == 66
    assert result.percent == 96  # 90 + 10 * 2/3 = 96.67 -> 96
    plan = replace(complete_plan(), swot=None)  # Situation: 6 of 7 -> 20 * 6/7 = 17.14
    assert completeness(plan).percent == 97  # 80 + 17.14 = 97.14 -> 97


def test_one_missing_item_keeps_the_plan_below_100():
    plan = replace(complete_plan(), answers={**complete_plan().answers, "situation.q1": ""})
    result = completeness(plan)
    assert result.percent == 97 and not result.complete  # 20 * 6/7 + 80 = 97.1


def test_situation_requirements():
    plan = replace(complete_plan(), company_name=" ", mission="", team_roles=(TeamRole("r1", "copywriter", ""),),
                   swot=Swot(("oven",), (), ("",), ("rent",)), competitors=(Competitor("c1", " "),))
    assert missing(plan, Section.SITUATION) == [
        ("company_profile", {}), ("mission", {}), ("team_roles", {}),
        ("swot", {"quadrants": "weaknesses,opportunities"}), ("competitor", {}),
    ]


def test_objectives_need_one_objective_whose_seven_steps_are_complete():
    assert missing(replace(complete_plan(), objectives=()), Section.OBJECTIVES) == [
        ("objective", {}), ("objectives_complete", {"objectives": ""})]
    short = full_objective(3, uid="o2")
    plan = replace(complete_plan(), objectives=(OBJ, short))
    assert missing(plan, Section.OBJECTIVES) == [("objectives_complete", {"objectives": "o2"})]
    assert section_completeness(plan, Section.OBJECTIVES).met == 1


def test_strategy_requirements():
    plan = replace(complete_plan(), markets=(), personas=(Persona("p2", "Bargain hunter", negative=True),),
                   positioning=Positioning("flour", "", "shop", ()),
                   channels=(Channel("ch1", "Instagram", "", Decimal(100)),))
    assert missing(plan, Section.STRATEGY) == [
        ("target_market", {}), ("persona", {}), ("positioning", {"missing": "price,journey"}),
        ("channel_purposes", {"channels": "ch1"}),
    ]
    assert ("channel_purposes", {"channels": ""}) in missing(replace(plan, channels=()), Section.STRATEGY)


@pytest.mark.parametrize(("shares", "expected"), [
    ((Decimal(70), Decimal(30)), None),
    ((Decimal("70.5"), Decimal("29.5")), None),
    ((Decimal(70), Decimal(20)), {"total": "90", "without_share": ""}),
    ((Decimal(70), None), {"total": "70", "without_share": "ch2"}),
    ((Decimal(130), Decimal(-30)), {"total": "100", "without_share": ""}),
    ((), {"total": "0", "without_share": ""}),
])
def test_tactics_split_the_advertising_budget_to_100_percent(shares, expected):
    channels = tuple(Channel(f"ch{i}", f"c{i}", "sales", s) for i, s in enumerate(shares, start=1))
    found = missing(replace(complete_plan(), channels=channels), Section.TACTICS)
    assert found == ([] if expected is None else [("budget_split", expected)])


def test_action_needs_initiatives_with_owner_dates_and_objective():
    good = complete_plan().initiatives[0]
    plan = replace(complete_plan(), initiatives=(
        good,
        replace(good, uid="i2", owner=""),
        replace(good, uid="i3", end=dt.date(2027, 1, 1)),  # ends before it starts
        replace(good, uid="i4", start=None),
        replace(good, uid="i5", objective="o9"),
        replace(good, uid="i6", objective=None),
        replace(good, uid="i7", end=good.start),  # one day: fine
    ))
    assert missing(plan, Section.ACTION) == [("initiatives_complete", {"initiatives": "i2,i3,i4,i5,i6"})]
    assert missing(replace(plan, initiatives=()), Section.ACTION) == [
        ("initiative", {}), ("initiatives_complete", {"initiatives": ""})]


def test_control_reviews_every_task_s_kpi():
    plan = complete_plan()
    rows = tuple(r for r in plan.control if r.task != "t2")
    rows = tuple(replace(r, reviewer="") if r.task == "t3" else r for r in rows)
    rows = tuple(replace(r, review_dates=()) if r.task == "t4" else r for r in rows)
    assert missing(replace(plan, control=rows), Section.CONTROL) == [("kpis_controlled", {"tasks": "t2,t3,t4"})]
    no_kpi = replace(OBJ, tasks=tuple(task(f"t{i}", kpi=None) for i in range(4)))
    assert missing(replace(plan, objectives=(no_kpi,)), Section.CONTROL) == [("kpis_controlled", {"tasks": ""})]
