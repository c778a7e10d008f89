"""What an exported plan says, once: the snapshot document turned into translated, formatted blocks.

The three formats (Markdown, DOCX, PDF) render the same ``PlanView``, so they never disagree on what a
version contains, on its labels or on how a date or an amount reads. ``build`` must run inside
``translation.override(<the plan's language>)``: the labels are translated, and dates and numbers formatted,
when it runs (``rendering`` does both).

Texts are kept raw here (the user's words, control characters removed); each renderer escapes them for its
own format. Answers stay Markdown (``QuestionAnswer.markdown``) with their sanitised HTML alongside.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cadence.core.markdown import clean_text, render
from cadence.plans import models as m
from cadence.plans.domain.completeness import SECTIONS, Section
from cadence.plans.exports.values import (
    Document,
    Record,
    as_date,
    as_decimal,
    by_parent,
    choice_label,
    field_label,
    fmt_bool,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_number,
    horizon_text,
    kpi_text,
    levels_text,
    ranked,
    records,
    text,
)
from cadence.plans.questions import BRIEF_QUESTIONS, SECTION_SUMMARIES, question


@dataclass(frozen=True)
class Approval:
    """The version's facts that are not in the frozen text: its state now and who approved it, when."""

    state: str
    approved_at: dt.datetime | None = None
    approved_by: str = ""

    @classmethod
    def from_document(cls, document: Document) -> Approval:
        plan = document.get("plan", {})
        at = plan.get("approved_at")
        when = dt.datetime.fromisoformat(at) if isinstance(at, str) and at else None
        return cls(str(plan.get("state") or "in_review"), when, str(plan.get("approved_by") or ""))


# --- the blocks a section is made of ----------------------------------------------------------------

@dataclass(frozen=True)
class QuestionAnswer:
    key: str
    question: str
    markdown: str  # "" when unanswered
    html: SafeString

    @property
    def answered(self) -> bool:
        return any(ch.isalnum() for ch in self.markdown)


@dataclass(frozen=True)
class Facts:
    title: str
    rows: tuple[tuple[str, str], ...]  # (label, value); multi-line values keep their newlines
    type: str = "facts"


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()  # columns aligned right
    empty: str = ""  # said instead of the table when it has no rows
    type: str = "table"


def pruned(table: Table) -> Table:
    """The table without the columns (after the first) that are empty in every row."""
    keep = [i for i in range(len(table.headers)) if i == 0 or any(row[i] for row in table.rows)]
    if len(keep) == len(table.headers) or not table.rows:
        return table
    return replace(table, headers=tuple(table.headers[i] for i in keep),
                   rows=tuple(tuple(row[i] for i in keep) for row in table.rows),
                   numeric=frozenset(keep.index(i) for i in table.numeric if i in keep))


@dataclass(frozen=True)
class Swot:
    title: str
    quadrants: tuple[tuple[str, str, tuple[str, ...]], ...]  # (value, label, items) in S W O T order
    type: str = "swot"


@dataclass(frozen=True)
class Comparison:
    """Our SWOT beside each competitor's: one row per quadrant, one column per party."""

    title: str
    parties: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (quadrant label, items per party)
    type: str = "comparison"


@dataclass(frozen=True)
class PersonaCard:
    name: str
    negative: bool
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Personas:
    title: str
    cards: tuple[PersonaCard, ...]
    type: str = "personas"


@dataclass(frozen=True)
class Steps:
    title: str
    items: tuple[tuple[str, str], ...]  # (label, description), in order
    type: str = "steps"


@dataclass(frozen=True)
class Figure:
    title: str
    svg: SafeString  # built by our own escaping SVG renderers
    caption: str = ""
    type: str = "figure"

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI for an ``<img>`` (the PDF renderer scales it like a picture)."""
        return "data:image/svg+xml;base64," + base64.b64encode(str(self.svg).encode("utf-8")).decode("ascii")


@dataclass(frozen=True)
class Note:
    text: str
    type: str = "note"


Block = Facts | Table | Swot | Comparison | Personas | Steps | Figure | Note


@dataclass(frozen=True)
class SectionView:
    key: str
    number: int
    title: str
    summary: str
    dates: str
    answers: tuple[QuestionAnswer, ...]
    blocks: tuple[Block, ...]
    anchor: str = ""


@dataclass(frozen=True)
class PlanView:
    language: str
    title: str
    client: str
    engagement: str
    version: int
    state: str
    approved: bool
    approval_line: str
    frozen_line: str
    footer: str
    currency: str
    brief: tuple[QuestionAnswer, ...]
    sections: tuple[SectionView, ...]
    contents_title: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)


# --- building ------------------------------------------------------------------------------------------

def _qa(key: str, answer: str) -> QuestionAnswer:
    q = question(key)
    markdown = clean_text(answer or "").strip()
    return QuestionAnswer(key, str(q.text) if q else key, markdown, render(markdown))


def _answers(document: Document, section: str) -> tuple[QuestionAnswer, ...]:
    answers: Mapping[str, str] = document.get("sections", {}).get(section, {}).get("answers", {})
    listed = document.get("plan", {}).get("questions", {}).get(section)
    keys: list[str] = list(listed) if isinstance(listed, list) else []
    keys += [k for k in sorted(answers) if k not in keys]  # answers to questions no longer listed still show
    return tuple(_qa(k, answers.get(k, "")) for k in keys)


def _brief(document: Document) -> tuple[QuestionAnswer, ...]:
    brief: Mapping[str, str] = document.get("plan", {}).get("brief", {}) or {}
    keys = [q.key for q in BRIEF_QUESTIONS]
    keys += [k for k in sorted(brief) if k not in keys]
    return tuple(_qa(k, brief.get(k, "")) for k in keys)


def _swot_items(rows: Sequence[Record], quadrant: str) -> tuple[str, ...]:
    return tuple(text(r.get("text")) for r in rows if r.get("quadrant") == quadrant and text(r.get("text")))


def _situation(document: Document) -> list[Block]:
    blocks: list[Block] = []
    profile = next(iter(records(document, "company_profile")), None)
    if profile:
        cp = m.CompanyProfile
        rows = [(field_label(cp, "name"), text(profile.get("name"))),
                (field_label(cp, "seat"), text(profile.get("seat"))),
                (field_label(cp, "founded_on"), fmt_date(profile.get("founded_on"))),
                (field_label(cp, "founder"), text(profile.get("founder"))),
                (field_label(cp, "milestones"), text(profile.get("milestones"))),
                (field_label(cp, "resources"), text(profile.get("resources"))),
                (field_label(cp, "mission"), text(profile.get("mission")))]
        blocks.append(Facts(_("Company profile"), tuple((k, v) for k, v in rows if v)))
    roles = records(document, "team_role")
    blocks.append(pruned(Table(
        _("Team and roles"),
        (field_label(m.TeamRole, "person"), field_label(m.TeamRole, "role"), _("Side"), field_label(m.TeamRole, "note")),
        tuple((text(r.get("person")), choice_label(m.TeamRoleChoice, r.get("role")),
               _("Client") if r.get("on_client_side") else _("Agency"), text(r.get("note"))) for r in roles),
        empty=_("No roles assigned yet."),
    )))
    swot = records(document, "swot_item")
    by_competitor = by_parent(swot, "competitor")
    ours = by_competitor.get(None, [])
    quadrants = [(q.value, str(q.label)) for q in m.QuadrantChoice]
    blocks.append(Swot(_("SWOT analysis"), tuple((v, label, _swot_items(ours, v)) for v, label in quadrants)))

    competitors = records(document, "competitor")
    channels = by_parent(records(document, "competitor_channel"), "competitor")
    cc = m.CompetitorChannel
    for c in competitors:
        name = text(c.get("name"))
        facts = [(field_label(m.Competitor, "summary"), text(c.get("summary"))),
                 (field_label(m.Competitor, "location"), text(c.get("location"))),
                 (field_label(m.Competitor, "website"), text(c.get("website")))]
        blocks.append(Facts(_("Competitor: %(name)s") % {"name": name}, tuple((k, v) for k, v in facts if v)))
        channel_rows = tuple((text(ch.get("channel")), fmt_number(ch.get("followers")), fmt_number(ch.get("avg_likes")),
                      fmt_number(ch.get("avg_shares")), fmt_number(ch.get("avg_comments")))
                     for ch in channels.get(str(c.get("uid")), []))
        if channel_rows:
            blocks.append(Table(_("Channels of %(name)s") % {"name": name},
                                (field_label(cc, "channel"), field_label(cc, "followers"), field_label(cc, "avg_likes"),
                                 field_label(cc, "avg_shares"), field_label(cc, "avg_comments")),
                                channel_rows, numeric=frozenset({1, 2, 3, 4})))
    if competitors:
        parties = (_("Us"), *(text(c.get("name")) for c in competitors))
        columns = [ours, *(by_competitor.get(str(c.get("uid")), []) for c in competitors)]
        blocks.append(Comparison(
            _("Our SWOT beside the competitors'"), parties,
            tuple((label, tuple(_swot_items(col, v) for col in columns)) for v, label in quadrants)))
    else:
        blocks.append(Note(_("No competitors analysed yet.")))
    return blocks


def _objectives(document: Document, currency: str) -> list[Block]:
    from cadence.plans.exports.diagram import goal_tree_svg  # noqa: PLC0415 - diagram imports this module

    blocks: list[Block] = []
    objectives = records(document, "objective")
    dept_tasks = by_parent(records(document, "department_task"), "objective")
    tasks = by_parent(records(document, "smm_task"), "objective")
    actions = by_parent(records(document, "plan_action"), "task")
    metrics = by_parent(records(document, "tracked_metric"), "action")
    o = m.Objective
    if not objectives:
        blocks.append(Note(_("No objectives set yet.")))
    for n, obj in enumerate(objectives, start=1):
        uid = str(obj.get("uid"))
        facts = [(field_label(o, "department"), choice_label(m.DepartmentChoice, obj.get("department"))),
                 (field_label(o, "smm_goal"), text(obj.get("smm_goal"))),
                 (_("Horizon"), horizon_text(obj)),
                 (_("Target levels"), levels_text(obj)),
                 (_("Department tasks it serves"), "\n".join(text(d.get("text")) for d in dept_tasks.get(uid, [])))]
        blocks.append(Facts(_("Objective %(number)s: %(title)s") % {"number": n, "title": text(obj.get("title"))},
                            tuple((k, v) for k, v in facts if v)))
        rows = []
        for t in tasks.get(uid, []):
            acts = ranked(actions.get(str(t.get("uid")), []))
            action_lines = []
            for a in acts:
                rank = a.get("rank")
                names = ", ".join(text(x.get("name")) for x in metrics.get(str(a.get("uid")), []))
                head = f"{rank}. " if rank is not None else "- "
                line = f"{head}{text(a.get('title'))} ({text(a.get('channel'))})"
                action_lines.append(f"{line}: {names}" if names else line)
            rows.append((text(t.get("title")), kpi_text(t, currency) or _("No KPI yet"), "\n".join(action_lines)))
        blocks.append(Table(_("SMM tasks of objective %(number)s") % {"number": n},
                            (_("SMM task"), _("KPI"), _("Actions by expected impact, with their metrics")),
                            tuple(rows), empty=_("No SMM tasks yet.")))
        svg = mark_safe(goal_tree_svg(document, objective=uid))  # noqa: S308 - the diagram escapes every text
        blocks.append(Figure(_("Goal tree of objective %(number)s") % {"number": n}, svg))
    return blocks


def _strategy(document: Document) -> list[Block]:
    from cadence.core.forms import country_name  # noqa: PLC0415 - core forms import models

    blocks: list[Block] = []
    market = next(iter(records(document, "target_market")), None)
    if market:
        tm = m.TargetMarket
        countries = market.get("countries") or []
        rows = [(field_label(tm, "countries"), ", ".join(country_name(str(c)) for c in countries)),
                (field_label(tm, "cities"), text(market.get("cities"))),
                (field_label(tm, "languages"), text(market.get("languages"))),
                (field_label(tm, "industries"), text(market.get("industries"))),
                (field_label(tm, "affiliations"), text(market.get("affiliations")))]
        blocks.append(Facts(_("Target market"), tuple((k, v) for k, v in rows if v)))
    p = m.Persona
    persona_fields = ("professional", "income", "personal", "demographics", "channels", "content", "business_goals",
                      "personal_goals", "challenges", "how_we_help", "objections", "usp")
    personas = records(document, "persona")
    cards = tuple(PersonaCard(text(x.get("name")), bool(x.get("negative")),
                              tuple((field_label(p, f), text(x.get(f))) for f in persona_fields if text(x.get(f))))
                  for x in sorted(personas, key=lambda x: bool(x.get("negative"))))
    blocks.append(Personas(_("Buyer personas"), cards) if cards else Note(_("No buyer personas yet.")))
    pos = next(iter(records(document, "positioning")), None)
    if pos:
        ps = m.Positioning
        rows = [(field_label(ps, "materials"), text(pos.get("materials"))),
                (field_label(ps, "quality_proof"), text(pos.get("quality_proof"))),
                (field_label(ps, "uniqueness"), text(pos.get("uniqueness"))),
                (field_label(ps, "handmade"), fmt_bool(pos.get("handmade"))),
                (field_label(ps, "origin"), text(pos.get("origin"))),
                (field_label(ps, "price"), text(pos.get("price"))),
                (field_label(ps, "price_reason"), text(pos.get("price_reason"))),
                (field_label(ps, "distribution"), text(pos.get("distribution")))]
        blocks.append(Facts(_("Positioning"), tuple((k, v) for k, v in rows if v)))
    steps = records(document, "journey_step")
    if steps:
        blocks.append(Steps(_("Customer journey"), tuple(
            (choice_label(m.JourneyStepChoice, s.get("step")), text(s.get("description"))) for s in steps)))
    ch = m.Channel
    blocks.append(Table(
        _("Channels and their purpose"),
        (field_label(ch, "name"), field_label(ch, "purpose"), field_label(ch, "content_types")),
        tuple((text(c.get("name")), choice_label(m.ChannelPurposeChoice, c.get("purpose")),
               text(c.get("content_types"))) for c in records(document, "channel")),
        empty=_("No channels chosen yet."),
    ))
    return blocks


def _tactics(document: Document) -> list[Block]:
    channels = records(document, "channel")
    if not channels:
        return [Note(_("No channels chosen yet."))]
    shares = [as_decimal(c.get("budget_share")) for c in channels]
    total = sum((s for s in shares if s is not None), Decimal(0))
    rows = [(text(c.get("name")), choice_label(m.ChannelPurposeChoice, c.get("purpose")),
             f"{fmt_number(s)} %" if s is not None else "") for c, s in zip(channels, shares, strict=True)]
    rows.append((_("Total"), "", f"{fmt_number(total)} %"))
    return [Table(_("Advertising budget by channel"), (_("Channel"), _("Purpose"), _("Share of the budget")),
                  tuple(rows), numeric=frozenset({2}))]


def _action(document: Document, currency: str, timeline: SafeString | None) -> list[Block]:
    objectives = {str(o.get("uid")): text(o.get("title")) for o in records(document, "objective")}
    initiatives = sorted(records(document, "initiative"),
                         key=lambda i: (as_date(i.get("start")) or dt.date.max, int(i.get("position") or 0)))
    i = m.Initiative
    rows = tuple((text(x.get("title")), text(x.get("owner")), fmt_date(x.get("start")), fmt_date(x.get("end")),
                  fmt_money(x.get("budget"), currency), objectives.get(str(x.get("objective")), ""))
                 for x in initiatives)
    budgets = [as_decimal(x.get("budget")) for x in initiatives]
    total = sum((b for b in budgets if b is not None), Decimal(0))
    blocks: list[Block] = [Table(
        _("The 90-day action plan"),
        (field_label(i, "title"), field_label(i, "owner"), field_label(i, "start"), field_label(i, "end"),
         field_label(i, "budget"), _("Objective")),
        (*rows, (_("Total"), "", "", "", fmt_money(total, currency), "")) if rows else (),
        numeric=frozenset({4}), empty=_("No initiatives planned yet."),
    )]
    if timeline:
        blocks.append(Figure(_("Timeline of the engagement"), timeline))
    return blocks


def _control(document: Document, currency: str) -> list[Block]:
    tasks = {str(t.get("uid")): t for t in records(document, "smm_task")}
    rows = []
    for c in sorted(records(document, "control_row"), key=lambda r: (str(r.get("review_on") or ""),
                                                                      int(r.get("position") or 0))):
        task = tasks.get(str(c.get("task")))
        rows.append((text(task.get("title")) if task else "", kpi_text(task, currency) if task else "",
                     text(c.get("reviewer")), fmt_date(c.get("review_on")), text(c.get("note"))))
    return [pruned(Table(_("KPI reviews"), (_("SMM task"), _("KPI"), field_label(m.ControlRow, "reviewer"),
                                            field_label(m.ControlRow, "review_on"), field_label(m.ControlRow, "note")),
                         tuple(rows), empty=_("No KPI reviews planned yet.")))]


def state_label(state: str) -> str:
    return choice_label(m.StateChoice, state)


def approval_line(approval: Approval) -> str:
    if approval.approved_at is not None:
        if approval.approved_by:
            return _("Approved on %(date)s by %(name)s") % {"date": fmt_datetime(approval.approved_at),
                                                             "name": text(approval.approved_by)}
        return _("Approved on %(date)s") % {"date": fmt_datetime(approval.approved_at)}
    if approval.state == m.StateChoice.SUPERSEDED:
        return _("Superseded by a later version")
    if approval.state == m.StateChoice.DRAFT:
        return _("Draft: not submitted to the client")
    return _("Not approved yet: in review by the client")


def stage_dates(document: Document, section: str) -> str:
    dates = (document.get("plan", {}).get("stage_dates") or {}).get(section) or {}
    start, end = fmt_date(dates.get("start")), fmt_date(dates.get("end"))
    if start and end:
        return _("Planned from %(start)s to %(end)s") % {"start": start, "end": end}
    return ""


def build(document: Document, approval: Approval | None = None, *, timeline_svg: str | None = None) -> PlanView:
    """The plan as translated blocks (call inside ``translation.override`` of the plan's language).

    ``timeline_svg`` is the engagement's timeline chart (``cadence/engagements/gantt.py``), shown in the
    Action section when given; it is trusted markup produced by our own renderer."""
    plan = document.get("plan", {})
    approval = approval or Approval.from_document(document)
    currency = text(plan.get("currency")) or "EUR"
    timeline = mark_safe(timeline_svg) if timeline_svg else None  # noqa: S308 - our gantt renderer escapes its text
    version = int(plan.get("version") or 0)
    client, engagement = text(plan.get("client_name")), text(plan.get("engagement_name"))
    approval_text = approval_line(approval)
    frozen_at = plan.get("frozen_at")
    frozen = ""
    if frozen_at:
        by = text(plan.get("frozen_by"))
        frozen = (_("Submitted on %(date)s by %(name)s") % {"date": fmt_date(frozen_at), "name": by} if by
                  else _("Submitted on %(date)s") % {"date": fmt_date(frozen_at)})
    blocks_of: dict[Section, list[Block]] = {
        Section.SITUATION: _situation(document),
        Section.OBJECTIVES: _objectives(document, currency),
        Section.STRATEGY: _strategy(document),
        Section.TACTICS: _tactics(document),
        Section.ACTION: _action(document, currency, timeline),
        Section.CONTROL: _control(document, currency),
    }
    sections = tuple(
        SectionView(s.value, n, choice_label(m.SectionChoice, s.value), str(SECTION_SUMMARIES[s]),
                    stage_dates(document, s.value), _answers(document, s.value), tuple(blocks_of[s]),
                    anchor=f"section-{s.value}")
        for n, s in enumerate(SECTIONS, start=1))
    footer = _("Marketing plan for %(client)s, version %(version)s. %(approval)s.") % {
        "client": client, "version": version, "approval": approval_text}
    labels = {
        "brief": _("The client's brief"), "contents": _("Contents"), "client": _("Client"),
        "engagement": _("Engagement"), "version": _("Version"), "state": _("State"), "approval": _("Approval"),
        "unanswered": _("Not answered yet."), "negative": _("Negative persona"),
        "negative_help": _("Exclude these people from the ads."), "questions": _("Questions and answers"),
        "total": _("Total"),
    }
    return PlanView(
        language=str(plan.get("language") or "en"), title=_("Marketing plan"), client=client, engagement=engagement,
        version=version, state=state_label(approval.state), approved=approval.approved_at is not None,
        approval_line=approval_text, frozen_line=frozen,
        footer=footer, currency=currency, brief=_brief(document), sections=sections, contents_title=_("Contents"),
        labels=labels,
    )


@contextmanager
def rendering(document: Document) -> Iterator[str]:
    """Translation and formats of the plan's language for the duration of an export; yields the language."""
    language = str(document.get("plan", {}).get("language") or "en")
    with translation.override(language):
        yield language
