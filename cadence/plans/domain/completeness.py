"""The completeness meter: per SOSTAC section and for the whole plan.

A section's score counts two kinds of items: its **guided questions** (answered when the Markdown answer
holds at least one letter or digit: blank, whitespace-only or punctuation-only answers such as "-" or
"**" do not count) and its **required records** (``REQUIREMENTS`` below). ``answered + met`` of
``questions + requirements`` gives the section's percentage, rounded down, so 100 % means nothing is
missing; a section with nothing to count is complete.

Required records, by section (each missing one is reported by its code, with parameters):

* Situation: ``company_profile`` (the company's name), ``mission``, ``team_roles`` (at least one role with
  a person), ``swot`` (each of the four quadrants has an item; ``quadrants`` lists the empty ones),
  ``competitor`` (at least one named competitor).
* Objectives: ``objective`` (at least one), ``objectives_complete`` (every objective's 7-step view is
  complete; ``objectives`` lists the uids that are not).
* Strategy: ``target_market`` (a country), ``persona`` (a buyer persona that is not a negative one),
  ``positioning`` (product, price, distribution and at least one customer-journey step; ``missing``
  lists the parts), ``channel_purposes`` (at least one channel, each with its purpose; ``channels``
  lists those without).
* Tactics: ``budget_split`` (every channel has its share of the advertising budget and the shares add
  up to 100; ``total`` is their sum).
* Action: ``initiative`` (at least one), ``initiatives_complete`` (each has a title, an owner, a start,
  an end not before the start and the objective it serves; ``initiatives`` lists the others).
* Control: ``kpis_controlled`` (there is at least one KPI, and every task's KPI has a control row with
  a reviewer and a review date; ``tasks`` lists the tasks whose KPI is not controlled).

Personas belong to Strategy and competitors to Situation, as in the product specification.

The whole plan: the sections' fractions weighted by ``WEIGHTS`` (Situation, Objectives and Strategy 20
each: they carry the analysis, the goals and the strategy the client approves; Tactics and Action 15
each: they follow from them; Control 10: it is short and runs with Action), rounded down to a whole
percentage, so a plan shows 100 % only when every section does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from cadence.plans.domain.findings import Finding, number_text
from cadence.plans.domain.seven_steps import seven_steps
from cadence.plans.domain.tree import Objective


class Section(StrEnum):
    SITUATION = "situation"
    OBJECTIVES = "objectives"
    STRATEGY = "strategy"
    TACTICS = "tactics"
    ACTION = "action"
    CONTROL = "control"


SECTIONS = tuple(Section)

WEIGHTS: dict[Section, int] = {
    Section.SITUATION: 20, Section.OBJECTIVES: 20, Section.STRATEGY: 20,
    Section.TACTICS: 15, Section.ACTION: 15, Section.CONTROL: 10,
}


@dataclass(frozen=True)
class Swot:
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamRole:
    uid: str
    role: str
    person: str


@dataclass(frozen=True)
class Competitor:
    uid: str
    name: str


@dataclass(frozen=True)
class Persona:
    uid: str
    name: str
    negative: bool = False


@dataclass(frozen=True)
class Positioning:
    product: str = ""
    price: str = ""
    distribution: str = ""
    journey_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Channel:
    uid: str
    name: str
    purpose: str = ""
    budget_share: Decimal | None = None  # percent of the advertising budget


@dataclass(frozen=True)
class Initiative:
    uid: str
    title: str
    owner: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    objective: str | None = None  # uid of the objective it serves


@dataclass(frozen=True)
class ControlRow:
    uid: str
    task: str  # uid of the SMM task whose KPI is reviewed
    reviewer: str = ""
    review_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class PlanContent:
    questions: Mapping[Section, Sequence[str]] = field(default_factory=dict)  # guided question keys
    answers: Mapping[str, str] = field(default_factory=dict)  # question key -> Markdown
    company_name: str = ""
    mission: str = ""
    team_roles: tuple[TeamRole, ...] = ()
    swot: Swot | None = None
    competitors: tuple[Competitor, ...] = ()
    objectives: tuple[Objective, ...] = ()
    markets: tuple[str, ...] = ()  # country codes
    personas: tuple[Persona, ...] = ()
    positioning: Positioning | None = None
    channels: tuple[Channel, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    control: tuple[ControlRow, ...] = ()


def _text(value: str | None) -> bool:
    """Whether a text says something: at least one letter or digit, in any script."""
    return bool(value) and any(ch.isalnum() for ch in value or "")


Check = Callable[[PlanContent], Finding | None]


def _company_profile(p: PlanContent) -> Finding | None:
    return None if _text(p.company_name) else Finding("company_profile")


def _mission(p: PlanContent) -> Finding | None:
    return None if _text(p.mission) else Finding("mission")


def _team_roles(p: PlanContent) -> Finding | None:
    return None if any(_text(r.role) and _text(r.person) for r in p.team_roles) else Finding("team_roles")


def _swot(p: PlanContent) -> Finding | None:
    s = p.swot or Swot()
    quadrants = {"strengths": s.strengths, "weaknesses": s.weaknesses, "opportunities": s.opportunities,
                 "threats": s.threats}
    empty = [name for name, items in quadrants.items() if not any(_text(i) for i in items)]
    return Finding("swot", {"quadrants": ",".join(empty)}) if empty else None


def _competitor(p: PlanContent) -> Finding | None:
    return None if any(_text(c.name) for c in p.competitors) else Finding("competitor")


def _objective(p: PlanContent) -> Finding | None:
    return None if p.objectives else Finding("objective")


def _objectives_complete(p: PlanContent) -> Finding | None:
    if not p.objectives:
        return Finding("objectives_complete", {"objectives": ""})
    incomplete = [o.uid for o in p.objectives if not seven_steps(o).complete]
    return Finding("objectives_complete", {"objectives": ",".join(incomplete)}) if incomplete else None


def _target_market(p: PlanContent) -> Finding | None:
    return None if any(_text(m) for m in p.markets) else Finding("target_market")


def _persona(p: PlanContent) -> Finding | None:
    return None if any(_text(x.name) and not x.negative for x in p.personas) else Finding("persona")


def _positioning(p: PlanContent) -> Finding | None:
    pos = p.positioning or Positioning()
    parts = {"product": _text(pos.product), "price": _text(pos.price), "distribution": _text(pos.distribution),
             "journey": any(_text(s) for s in pos.journey_steps)}
    missing = [name for name, ok in parts.items() if not ok]
    return Finding("positioning", {"missing": ",".join(missing)}) if missing else None


def _channel_purposes(p: PlanContent) -> Finding | None:
    without = [c.uid for c in p.channels if not _text(c.purpose)]
    if p.channels and not without:
        return None
    return Finding("channel_purposes", {"channels": ",".join(without)})


def _budget_split(p: PlanContent) -> Finding | None:
    shares = [c.budget_share for c in p.channels]
    total = sum((s for s in shares if s is not None), Decimal(0))
    if p.channels and None not in shares and total == 100 and all(s is not None and s >= 0 for s in shares):
        return None
    return Finding("budget_split", {"total": number_text(total),
                                    "without_share": ",".join(c.uid for c in p.channels if c.budget_share is None)})


def _initiative(p: PlanContent) -> Finding | None:
    return None if p.initiatives else Finding("initiative")


def _initiative_ok(i: Initiative, objectives: set[str]) -> bool:
    return (_text(i.title) and _text(i.owner) and i.start is not None and i.end is not None
            and i.end >= i.start and i.objective in objectives)


def _initiatives_complete(p: PlanContent) -> Finding | None:
    objectives = {o.uid for o in p.objectives}
    bad = [i.uid for i in p.initiatives if not _initiative_ok(i, objectives)]
    if p.initiatives and not bad:
        return None
    return Finding("initiatives_complete", {"initiatives": ",".join(bad)})


def _kpis_controlled(p: PlanContent) -> Finding | None:
    controlled = {c.task for c in p.control if _text(c.reviewer) and c.review_dates}
    with_kpi = [t.uid for o in p.objectives for t in o.tasks if t.kpi is not None]
    missing = [uid for uid in with_kpi if uid not in controlled]
    if with_kpi and not missing:
        return None
    return Finding("kpis_controlled", {"tasks": ",".join(missing)})


REQUIREMENTS: dict[Section, tuple[tuple[str, Check], ...]] = {
    Section.SITUATION: (("company_profile", _company_profile), ("mission", _mission),
                        ("team_roles", _team_roles), ("swot", _swot), ("competitor", _competitor)),
    Section.OBJECTIVES: (("objective", _objective), ("objectives_complete", _objectives_complete)),
    Section.STRATEGY: (("target_market", _target_market), ("persona", _persona), ("positioning", _positioning),
                       ("channel_purposes", _channel_purposes)),
    Section.TACTICS: (("budget_split", _budget_split),),
    Section.ACTION: (("initiative", _initiative), ("initiatives_complete", _initiatives_complete)),
    Section.CONTROL: (("kpis_controlled", _kpis_controlled),),
}
CODES = frozenset({"question_unanswered"} | {code for reqs in REQUIREMENTS.values() for code, _ in reqs})


@dataclass(frozen=True)
class SectionCompleteness:
    section: Section
    answered: int
    questions: int
    met: int
    requirements: int
    missing: tuple[Finding, ...]  # unanswered questions first, then missing records

    @property
    def done(self) -> int:
        return self.answered + self.met

    @property
    def total(self) -> int:
        return self.questions + self.requirements

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.done, self.total) if self.total else Fraction(1)

    @property
    def percent(self) -> int:
        return int(self.fraction * 100)  # rounded down: 100 only when nothing is missing

    @property
    def complete(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class PlanCompleteness:
    sections: tuple[SectionCompleteness, ...]

    @property
    def fraction(self) -> Fraction:
        total = sum(WEIGHTS.values())
        return sum((Fraction(WEIGHTS[s.section]) * s.fraction for s in self.sections), Fraction(0)) / total

    @property
    def percent(self) -> int:
        return int(self.fraction * 100)

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.sections)

    def section(self, section: Section) -> SectionCompleteness:
        return self.sections[SECTIONS.index(section)]


def section_completeness(content: PlanContent, section: Section) -> SectionCompleteness:
    keys = list(dict.fromkeys(content.questions.get(section, ())))  # a key listed twice counts once
    unanswered = [k for k in keys if not _text(content.answers.get(k))]
    missing = [Finding("question_unanswered", {"question": k}) for k in unanswered]
    checks = REQUIREMENTS[section]
    failed = [f for f in (check(content) for _code, check in checks) if f is not None]
    return SectionCompleteness(section, len(keys) - len(unanswered), len(keys), len(checks) - len(failed),
                               len(checks), tuple(missing + failed))


def completeness(content: PlanContent) -> PlanCompleteness:
    return PlanCompleteness(tuple(section_completeness(content, s) for s in SECTIONS))
