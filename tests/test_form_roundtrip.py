"""Every form of the app, posted back exactly as it is rendered, must save (and save one change).

A formset's empty "new" card, a select whose default is not the field's initial value or a number
rendered in a format the field cannot read once blocked every save of a screen while each form's own
tests (which post hand-made data) passed. This test reads the HTML a user gets, fills in only what a
user must type (``fill``: the empty required fields of a "new" form), posts it unchanged, then again
with one field changed, and checks that the change is stored.

Each case names the URL of the page that shows the form (``page``), the role that uses it and the
form on the page (by the URL name of its action). A URL name ending in edit/new/create/settings that
has no case here fails ``test_every_form_page_has_a_case``, and a POST form found on any page that has
neither a case nor a reason in ``NOT_CASES`` fails ``test_every_post_form_on_every_page_has_a_case``:
add a case when you add a form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import resolve, reverse

from tests.test_access_matrix import ui_routes

# --- reading forms out of HTML --------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what a browser would submit, in order
    names: set[str] = field(default_factory=set)  # every named control (also unchecked boxes)

    def data(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in self.fields:
            out.setdefault(name, []).append(value)
        return out


class FormParser(HTMLParser):
    """The POST forms of a page and what a browser would submit for each (no button pressed)."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None  # name, multiple, options
        self._option: list[Any] | None = None
        self._textarea: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(action=a.get("action") or self.page_url)
            return
        form = self._form
        if form is None:
            return
        disabled = "disabled" in a
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if name:
                form.names.add(name)
            if not name or disabled or kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
                return
            form.fields.append((name, a.get("value", "")))
        elif tag == "select":
            if name:
                form.names.add(name)
            self._select = (name if not disabled else "", "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, []]
        elif tag == "textarea":
            if name:
                form.names.add(name)
            self._textarea = [name if not disabled else "", []]

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[2].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def _end_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[2].append((value if value is not None else "".join(text).strip(), selected))
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if tag == "option":
            self._end_option()
        elif tag == "select" and self._select is not None:
            self._end_option()
            name, multiple, options = self._select
            self._select = None
            if form is None or not name:
                return
            chosen = [v for v, sel in options if sel]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # a browser submits the first option of a single select
            form.fields.extend((name, v) for v in (chosen if multiple else chosen[-1:]))
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._textarea = None
            if form is not None and name:
                value = "".join(text)
                form.fields.append((name, value[1:] if value.startswith("\n") else value))
        elif tag == "form" and form is not None:
            self.forms.append(form)
            self._form = None


def post_forms(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


def errors_in(html: str) -> list[str]:
    """Form errors and error messages shown on a page."""
    found = []
    for marker in ('class="errorlist', "msg msg-error", "Nothing was logged"):
        start = html.find(marker)
        if start != -1:
            found.append(html[max(start - 200, 0): start + 400])
    return found


# --- the cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    page: str  # URL name of the page that renders the form
    role: str  # fixture name of the user who uses it
    action: str  # URL name of the form's action (several forms may share a page)
    change: dict[str, str]  # one field changed by the user (empty for a form that is only a button)
    stored: Callable[[dict[str, Any]], Any]  # reads back the changed value from the database
    expected: Any  # what ``stored`` returns after the change
    fill: dict[str, str] = field(default_factory=dict)  # what a user must type into a blank "new" form
    form_index: int = 0  # which of the forms with that action (in page order)
    reset: Callable[[dict[str, Any]], Any] | None = None  # undoes the first save when it would hide the form
    setup: Callable[[dict[str, Any]], Any] | None = None  # brings the world into the state that shows the form
    query: str = ""  # appended to the page's URL (e.g. the week of the timesheet)
    params: dict[str, str] = field(default_factory=dict)  # URL parameters beyond the world's (a plan's record kind)


def _engagement(w: dict[str, Any]) -> Any:
    w["engagement"].refresh_from_db()
    return w["engagement"]


def _ws(w: dict[str, Any]) -> Any:
    w["workspace"].refresh_from_db()
    return w["workspace"]


def _copy(w: dict[str, Any]) -> Any:
    w["copy"].refresh_from_db()
    return w["copy"]


def _latest_entry(w: dict[str, Any]) -> Any:
    entry = w["engagement"].time_entries.order_by("-created_at", "-id").first()
    return entry.note if entry else None


def _entry(w: dict[str, Any]) -> Any:
    """The specialist's entry of the world (1,5 h on research, Monday 19 October), deleted ones included."""
    return w["TimeEntry"].all_objects.get(pk=w["entry"].pk)


def _gate(w: dict[str, Any]) -> Any:
    return w["engagement"].gates.get(key="plan_approved")


def _month_closed(w: dict[str, Any], month: int) -> Any:
    row = w["engagement"].month_closes.filter(month_index=month).order_by("-created_at", "-id").first()
    return row.closed if row else None


def _close_month_2(w: dict[str, Any]) -> None:
    from cadence.engagements import services

    services.close_month(actor=w["manager"], engagement=w["engagement"], month=2)


def _research_done(w: dict[str, Any]) -> None:
    w["engagement"].phases.filter(key="research").update(completed_on=dt.date(2026, 10, 19))


def _research_awaiting(w: dict[str, Any]) -> None:
    """31,5 of research's 32 h in September (last on the 29th), the plan approved, then work on infrastructure:
    research awaits the manager's answer (mark it completed or keep it open)."""
    e, entries = w["engagement"], w["TimeEntry"].objects
    research, infrastructure = e.phases.get(key="research"), e.phases.get(key="infrastructure")
    for day in (8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 28):
        entries.create(workspace=e.workspace, engagement=e, user=w["specialist"], phase=research,
                       date=dt.date(2026, 9, day), hours=Decimal(2))
    entries.filter(pk=w["entry"].pk).update(date=dt.date(2026, 9, 29))
    e.gates.filter(key="plan_approved").update(passed_on=dt.date(2026, 10, 1))
    for day in (5, 12):
        entries.create(workspace=e.workspace, engagement=e, user=w["specialist"], phase=infrastructure,
                       date=dt.date(2026, 10, day), hours=Decimal(4))


def _plan_in_review(w: dict[str, Any]) -> None:
    """The world's plan submitted (version 1 in review), research started so its gate may pass."""
    from cadence.core.models import Membership
    from cadence.plans import services as plans

    plans.submit(actor=w["manager"], membership=Membership.objects.get(user=w["manager"]), plan=w["plan"])


def _back_in_review(w: dict[str, Any]) -> None:
    w["plan"].versions.update(state="in_review", decided_at=None, decided_by=None)
    w["engagement"].gates.update(passed_on=None, note="", approved_by="")


def _specialist_hours_on(w: dict[str, Any], day: dt.date) -> Any:
    return sum((e.hours for e in w["engagement"].time_entries.filter(user=w["specialist"], date=day)), Decimal(0))


CASES: list[Case] = [
    Case("core:workspace-new", "owner", "core:workspace-new", {"name": "Changed agency"},
         lambda w: w["Workspace"].objects.filter(name="Changed agency").count(), 1,
         fill={"name": "Second agency"}),
    Case("core:workspace-settings", "owner", "core:workspace-settings", {"name": "Agency renamed"},
         lambda w: _ws(w).name, "Agency renamed"),
    Case("core:client-new", "manager", "core:client-new", {"country": "MD"},
         lambda w: w["Client"].objects.filter(workspace=w["workspace"]).order_by("-id").first().country, "MD",
         fill={"name": "New client Ltd"}),
    Case("core:client-edit", "manager", "core:client-edit", {"notes": "Prefers calls"},
         lambda w: w["client_obj"].__class__.objects.get(pk=w["client_obj"].pk).notes, "Prefers calls"),
    Case("core:member-invite", "owner", "core:member-invite", {"role": "manager"},
         lambda w: w["Invitation"].objects.get(email="new@agency.test").role, "manager",
         fill={"email": "new@agency.test"}, reset=lambda w: w["Invitation"].objects.all().delete()),
    Case("core:member-list", "owner", "core:member-role", {"role": "manager"},
         lambda w: w["Membership"].objects.get(user=w["specialist"]).role, "manager",
         form_index=2),  # owner, manager, specialist
    Case("core:member-list", "manager", "core:member-capacity", {"weekly_capacity": "32"},
         lambda w: w["Membership"].objects.get(user=w["specialist"]).weekly_capacity, 32,
         form_index=2),  # owner, manager, specialist (client users have no weekly capacity)
    Case("core:profile", "manager", "core:profile", {"full_name": "Mihai M. Manager"},
         lambda w: w["User"].objects.get(pk=w["manager"].pk).full_name, "Mihai M. Manager"),
    Case("core:token-list", "manager", "core:token-list", {"name": "reporting script"},
         lambda w: w["manager"].api_tokens.filter(name="reporting script").count(), 1,
         fill={"name": "first script"}),
    Case("core:token-list", "manager", "core:token-list", {"scope": "read", "valid_until": "2027-01-31"},
         lambda w: [(t.scope, t.valid_until) for t in w["manager"].api_tokens.filter(name="read-only script")],
         [("read", dt.date(2027, 1, 31))], fill={"name": "read-only script"},
         reset=lambda w: w["manager"].api_tokens.all().delete()),
    Case("engagements:engagement-new", "manager", "engagements:engagement-new", {"monthly_hours": "60"},
         lambda w: w["Engagement"].objects.get(name="Second retainer").monthly_hours, Decimal(60),
         fill={"name": "Second retainer"},
         reset=lambda w: w["Engagement"].objects.filter(name="Second retainer").delete()),
    Case("engagements:engagement-edit", "manager", "engagements:engagement-edit", {"contract_months": "18"},
         lambda w: _engagement(w).contract_months, 18),
    # The hours and the rollover moved to the Contract page (terms from a month on).
    Case("engagements:engagement-terms", "manager", "engagements:engagement-terms", {"monthly_hours": "55.5"},
         lambda w: w["engagement"].contract_terms.order_by("-from_month", "-id").first().monthly_hours,
         Decimal("55.5")),
    Case("engagements:phase-edit", "manager", "engagements:phase-edit", {"phases-0-effort_hours": "40"},
         lambda w: w["engagement"].phases.get(key="research").effort_hours, Decimal(40)),
    Case("engagements:template-detail", "manager", "engagements:template-copy", {"name": "Our own retainer"},
         lambda w: w["ProcessTemplate"].objects.filter(workspace=w["workspace"], name="Our own retainer").count(), 1),
    Case("engagements:template-edit", "manager", "engagements:template-edit", {"phases-0-effort_hours": "20"},
         lambda w: _copy(w).phases.get(key="research").effort_hours, Decimal(20)),
    # The plan approval is a gate the client approves: "approved by (client side)" is required (a user types it).
    Case("engagements:engagement-detail", "manager", "engagements:gate-record", {"passed_on": "2026-10-19"},
         lambda w: (_gate(w).passed_on, _gate(w).approved_by), (dt.date(2026, 10, 19), "Ion Popescu, director"),
         fill={"approved_by": "Ion Popescu, director"}, reset=lambda w: w["engagement"].gates.update(passed_on=None)),
    # Reopening a passed gate needs a reason.
    Case("engagements:engagement-detail", "manager", "engagements:gate-record", {"reason": "The client wants changes"},
         lambda w: _gate(w).passed_on, None, fill={"reason": "Recorded by mistake"},
         setup=lambda w: w["engagement"].gates.update(passed_on=dt.date(2026, 10, 19)),
         reset=lambda w: w["engagement"].gates.update(passed_on=dt.date(2026, 10, 19))),
    # A button: the change is pressing it. It ends on the phase's last day with hours logged.
    Case("engagements:engagement-detail", "manager", "engagements:phase-complete", {},
         lambda w: w["engagement"].phases.get(key="research").completed_on, dt.date(2026, 10, 19),
         reset=lambda w: w["engagement"].phases.update(completed_on=None)),
    # "Is this phase finished?": mark it completed on its last day of work (a hidden date) or keep it open.
    # (The callout's form comes first on the page; naming its hidden field proves it is the one posted.)
    Case("engagements:engagement-detail", "manager", "engagements:phase-complete", {"completed_on": "2026-09-29"},
         lambda w: w["engagement"].phases.get(key="research").completed_on, dt.date(2026, 9, 29),
         setup=_research_awaiting, reset=lambda w: w["engagement"].phases.update(completed_on=None)),
    Case("engagements:engagement-detail", "manager", "engagements:phase-keep-open", {},
         lambda w: w["engagement"].phases.get(key="research").keep_open_since, dt.date(2026, 10, 20),
         setup=_research_awaiting, reset=lambda w: w["engagement"].phases.update(keep_open_since=None)),
    # The client's approver confirms the plan once the work before it is over (the client view).
    Case("engagements:engagement-detail", "approver", "engagements:gate-approve", {"note": "Looks good to us"},
         lambda w: (_gate(w).passed_on, _gate(w).note), (dt.date(2026, 10, 20), "Looks good to us"),
         setup=_research_done, reset=lambda w: w["engagement"].gates.update(passed_on=None, note="")),
    Case("engagements:time-list", "specialist", "engagements:time-list", {"note": "Keyword research"},
         _latest_entry, "Keyword research", fill={"hours": "1.5"}),
    Case("engagements:time-edit", "specialist", "engagements:time-edit", {"note": "Competitor research"},
         lambda w: (_entry(w).note, _entry(w).hours), ("Competitor research", Decimal("1.5"))),
    Case("engagements:time-delete", "specialist", "engagements:time-delete", {},  # the confirmation's button
         lambda w: _entry(w).deleted_at is not None, True,
         reset=lambda w: w["TimeEntry"].all_objects.filter(pk=w["entry"].pk).update(deleted_at=None)),
    # The week of the world's entry (1,5 h on Monday): the cells are read back in every language.
    Case("engagements:time-week", "specialist", "engagements:time-week", {"r0d1": "2,5"},
         lambda w: _specialist_hours_on(w, dt.date(2026, 10, 20)), Decimal("2.5"), query="?week=2026-W43"),
    # The months' table lists the current month first (month 2 on the fixed day).
    Case("engagements:time-list", "manager", "engagements:time-month-close", {},  # a button: close the month
         lambda w: _month_closed(w, 2), True, reset=lambda w: w["engagement"].month_closes.all().delete()),
    Case("engagements:time-list", "manager", "engagements:time-month-close", {"reason": "Invoice corrected"},
         lambda w: (_month_closed(w, 2), w["engagement"].month_closes.order_by("-id").first().reason),
         (False, "Invoice corrected"), fill={"reason": "Late timesheet"}, setup=_close_month_2, reset=_close_month_2),
    Case("engagements:override-new", "manager", "engagements:override-new", {"extra_hours": "6"},
         lambda w: w["engagement"].overrides.get().extra_hours, Decimal(6),
         fill={"extra_hours": "4", "reason": "Christmas menu launch"},
         reset=lambda w: w["engagement"].overrides.all().delete()),
    # The marketing plan (issue 7): the world's plan is a draft with a competitor and a channel.
    Case("plans:plan-section", "specialist", "plans:plan-section", {"situation.business": "Family bakery"},
         lambda w: w["Answer"].objects.get(plan=w["plan"], key="situation.business").text, "Family bakery"),
    Case("plans:plan-brief", "approver", "plans:plan-brief", {"brief.products": "Sourdough bread"},
         lambda w: w["BriefAnswer"].objects.get(plan=w["plan"], key="brief.products").text, "Sourdough bread"),
    Case("plans:record-new", "manager", "plans:record-new", {"location": "Iași"},
         lambda w: w["Competitor"].objects.get(plan=w["plan"], name="Fornetti").location, "Iași",
         fill={"name": "Fornetti"}, params={"kind": "competitor"},
         reset=lambda w: w["Competitor"].objects.filter(name="Fornetti").delete()),
    Case("plans:record-edit", "specialist", "plans:record-edit", {"summary": "Chain of shops"},
         lambda w: w["Competitor"].objects.get(plan=w["plan"], name="Paul").summary, "Chain of shops",
         params={"kind": "competitor"}),
    # A share with a decimal comma (ro, ru) reads back; choices and the textarea post as rendered.
    Case("plans:record-edit", "manager", "plans:record-edit", {"content_types": "Reels"},
         lambda w: (w["plan_records"]["channel"].__class__.objects.get(pk=w["plan_records"]["channel"].pk)
                    .content_types, w["plan_records"]["channel"].__class__.objects.get(
                        pk=w["plan_records"]["channel"].pk).budget_share), ("Reels", Decimal("62.5")),
         params={"kind": "channel"}),
    # Goal-tree kinds with a parent, dates and a metric choice.
    Case("plans:record-new", "manager", "plans:record-new", {"horizon_end": "2027-10-31"},
         lambda w: str(w["Objective"].objects.get(plan=w["plan"], title="More orders").horizon_end), "2027-10-31",
         fill={"title": "More orders", "department": "sales"}, params={"kind": "objective"},
         reset=lambda w: w["Objective"].objects.filter(title="More orders").delete()),
    Case("plans:plan-overview", "manager", "plans:plan-submit", {},  # a button: submit the draft
         lambda w: w["plan"].versions.get(number=1).state, "in_review",
         reset=lambda w: w["plan"].versions.update(state="draft", snapshot="", sha256="", schema_version=None)),
    Case("plans:plan-overview", "manager", "plans:template-save", {"name": "Bakery plan"},
         lambda w: w["PlanTemplate"].objects.filter(name="Bakery plan").count(), 1),
    # The client's approver: approve (a button with an optional note), or request changes on a section.
    Case("plans:plan-overview", "approver", "plans:plan-review", {"note": "All good"},
         lambda w: w["plan"].versions.get(number=1).state, "approved", setup=_plan_in_review,
         reset=_back_in_review),
    Case("plans:plan-overview", "approver", "plans:plan-review", {"section": "strategy"},
         lambda w: w["ChangeRequest"].objects.order_by("-id").first().section, "strategy",
         fill={"comment": "Add the cafés as a persona"}, form_index=1, setup=_plan_in_review,
         reset=_back_in_review),
]

# --- board (issue 8, ui helper) ---------------------------------------------------------------------
def _board_task(w: dict[str, Any]) -> Any:
    w["task"].refresh_from_db()
    return w["task"]


def _wip(w: dict[str, Any]) -> Any:
    from cadence.board.models import EngagementBoard

    row = EngagementBoard.objects.filter(engagement=w["engagement"]).first()
    return (row.wip_limits or {}).get("in_progress") if row else None


def _board_model(name: str) -> Any:
    from cadence.board import models

    return getattr(models, name)


CASES += [
    Case("board:task-new", "manager", "board:task-new", {"estimate": "3"},
         lambda w: _board_model("Task").objects.get(title="Roundtrip card").estimate, Decimal(3),
         fill={"title": "Roundtrip card"},
         reset=lambda w: _board_model("Task").objects.filter(title="Roundtrip card").delete()),
    Case("board:task-detail", "specialist", "board:task-detail", {"title": "Edited card"},
         lambda w: _board_task(w).title, "Edited card"),
    Case("board:task-move", "manager", "board:task-move", {"column": "on_hold"},
         lambda w: _board_task(w).column, "on_hold"),
    Case("board:task-detail", "specialist", "board:task-log-time", {"hours": "2"},
         lambda w: _specialist_hours_on(w, dt.date(2026, 10, 20)), Decimal(3)),
    Case("board:task-detail", "specialist", "board:task-checklist", {"text": "Send the report"},
         lambda w: w["task"].checklist.filter(text="Send the report").count(), 1, fill={"text": "Call the client"},
         reset=lambda w: w["task"].checklist.all().delete()),
    Case("board:board-settings", "manager", "board:board-settings", {"wip_in_progress": "4"}, _wip, 4),
    Case("board:label-list", "manager", "board:label-list", {"name": "Roundtrip 2"},
         lambda w: _board_model("Label").objects.filter(workspace=w["workspace"], name="Roundtrip 2").count(), 1,
         fill={"name": "Roundtrip"}),
    Case("board:recurring-new", "manager", "board:recurring-new", {"due_after_days": "2"},
         lambda w: _board_model("RecurringTask").objects.get(title="Roundtrip rule").due_after_days, 2,
         fill={"title": "Roundtrip rule"},
         reset=lambda w: _board_model("RecurringTask").objects.filter(title="Roundtrip rule").delete()),
    Case("board:recurring-edit", "manager", "board:recurring-edit", {"title": "Monthly review"},
         lambda w: _board_model("RecurringTask").objects.get(pk=w["recurring"].pk).title, "Monthly review"),
    Case("board:template-task-new", "manager", "board:template-task-new", {"estimate": "2"},
         lambda w: _board_model("TaskTemplate").objects.get(title="Roundtrip standard task").estimate, Decimal(2),
         fill={"title": "Roundtrip standard task"},
         reset=lambda w: _board_model("TaskTemplate").objects.filter(title="Roundtrip standard task").delete()),
    Case("board:template-task-edit", "manager", "board:template-task-edit", {"title": "Renamed standard task"},
         lambda w: _board_model("TaskTemplate").objects.get(pk=w["task_template"].pk).title,
         "Renamed standard task"),
]
# --- cal (issue 9) ---
CAL_POST = "3f1c2b6e-0c1a-4b7e-9a55-4c2f6d1e9b01"  # the uuid of the post the edit case makes (URL parameter)


def _cal_post(w: dict[str, Any]) -> None:
    """A draft Instagram post of the world's engagement, with a date, a caption and hashtags."""
    import uuid

    from cadence.content.models import Post

    Post.objects.create(uuid=uuid.UUID(CAL_POST), workspace=w["workspace"], engagement=w["engagement"],
                        channel="instagram", format="image", title="Roundtrip post", caption="Autumn is here",
                        hashtags=["autumn"], publish_at=dt.datetime(2026, 11, 3, 8, 30, tzinfo=dt.UTC))


def _cal_model(name: str) -> Any:
    from cadence.content import models

    return getattr(models, name)


CASES += [
    Case("content:post-new", "specialist", "content:post-new", {"title": "Roundtrip new post"},
         lambda w: _cal_model("Post").objects.filter(title="Roundtrip new post").count(), 1),
    Case("content:post-edit", "manager", "content:post-edit", {"caption": "Winter is coming"},
         lambda w: _cal_model("Post").objects.get(uuid=CAL_POST).caption, "Winter is coming", setup=_cal_post,
         params={"post": CAL_POST}),
    Case("content:calendar-settings", "manager", "content:calendar-settings", {"approval_required": ""},
         lambda w: _cal_model("ContentSettings").objects.get(engagement=w["engagement"]).approval_required, False),
    Case("content:calendar-frequency", "manager", "content:calendar-frequency", {"instagram-per_week": "3"},
         lambda w: _cal_model("FrequencyPlan").objects.get(engagement=w["engagement"], channel="instagram").per_week,
         3),
]
CAL_NOT_CASES = {
    "content:post-status": "the status buttons of a post (only the pressed one); tested in tests/content/test_views.py",
    "content:post-approve": "the client's decision on a post in review; tested in tests/content/test_views.py",
    "content:post-request-changes": "the client's decision on a post in review; tested in tests/content/test_views.py",
    "content:post-delete": "a single button; tested in tests/content/test_views.py",
}
# --- end cal (issue 9) ---
BOARD_NOT_CASES = {
    "board:task-step": "the up/down buttons of a card (only the pressed button); tested in tests/board/test_views.py",
    "board:task-delete": "a single button; tested in tests/board/test_views.py",
    "board:task-attachments": "attach/detach a file (the files app's); tested in tests/board/test_views.py",
    "board:label-delete": "a single button; tested in tests/board/test_views.py",
    "board:recurring-delete": "a single button; tested in tests/board/test_views.py",
    "board:template-task-delete": "a single button; tested in tests/board/test_views.py",
}


def _board_world(engagement: Any, manager: Any, specialist: Any, copy: Any) -> dict[str, Any]:
    """A card on research (no gate) assigned to the specialist, a recurring rule, a standard task of the copy."""
    from cadence.board import services as board
    from cadence.core.models import Membership

    mm = Membership.objects.get(user=manager, workspace=engagement.workspace)
    task = board.create_task(actor=manager, membership=mm, engagement=engagement, title="Roundtrip task",
                             column="todo", assignee=specialist, phase=engagement.phases.get(key="research"),
                             estimate=Decimal("2.5"), due=dt.date(2026, 10, 23))
    recurring = board.create_recurring(actor=manager, membership=mm, engagement=engagement, title="Weekly report",
                                       kind="weekly", weekdays=[0], starts_on=dt.date(2026, 10, 19),
                                       estimate=Decimal("1.5"))
    task_template = board.create_task_template(actor=manager, membership=mm, template=copy, phase_key="research",
                                               title="Interview the owner", estimate=Decimal("1.5"))
    return {"task": task, "recurring": recurring, "task_template": task_template}
# --- end of board

# --- links (issue 9) ---
def _links_model(name: str) -> Any:
    from cadence.links import models

    return getattr(models, name)


CASES += [
    Case("links:library", "specialist", "links:library", {"campaign": "autumn_sale"},
         lambda w: _links_model("UtmLink").objects.filter(engagement=w["engagement"], campaign="autumn_sale").count(),
         1, fill={"base_url": "https://shop.example.ro/", "source": "facebook", "medium": "paid_social",
                  "campaign": "spring_sale"}),
    Case("links:rule", "owner", "links:rule", {"separator": "-"},
         lambda w: _links_model("UtmRule").objects.get(workspace=w["workspace"]).separator, "-"),
]
LINKS_NOT_CASES = {
    "links:link-edit": "round-tripped in tests/links/test_links_app.py (the same helpers, every language)",
    "links:link-delete": "a single button; tested in tests/links/test_links_app.py",
    "content:feed-manage": "buttons (make, replace, revoke the address); tested in tests/content/test_feed.py",
    "content:import": "a file chosen by the user (never posted back) and the import button; tested in "
                      "tests/content/test_exchange_views.py",
}
# --- end links ---


# POST forms that are not data-entry forms of our own (a single button or another app's), with the reason.
NOT_CASES = {
    "core:invitation-accept": "a single accept button (no fields); tested in tests/core/test_invitations.py",
    "core:member-remove": "a single confirmed button; tested in tests/core/test_members.py",
    "core:invitation-revoke": "a single button; tested in tests/core/test_members.py",
    "core:token-revoke": "a single confirmed button; tested in tests/core/test_account.py",
    "engagements:time-restore": "the Undo button in the message after a delete (no fields); tested in "
                                "tests/engagements/test_views_time_edit.py",
    "set_language": "Django's language switch (buttons)",
    "account_logout": "allauth's sign-out button",
    # --- files (issue 8)
    "files:file-list": "the upload form: files chosen by the user (a file input is never posted back); tested in "
                       "tests/files/test_views.py",
    "files:file-delete": "a single button; tested in tests/files/test_views.py",
    # --- end of files
    # --- roadmap (issue 8) ---
    "board:initiative-new": "round-tripped in tests/board/test_roadmap_views.py (the same helpers, every language)",
    "board:initiative-edit": "round-tripped in tests/board/test_roadmap_views.py (the same helpers, every language)",
    "board:roadmap-import": "a single button; tested in tests/board/test_roadmap_views.py",
    "board:initiative-delete": "a single button; tested in tests/board/test_roadmap_views.py",
    "board:initiative-shift": "a single button; tested in tests/board/test_roadmap_views.py",
    "board:dependency-add": "tested in tests/board/test_roadmap_views.py",
    "board:dependency-remove": "a single button; tested in tests/board/test_roadmap_views.py",
    # --- end roadmap ---
}
NOT_CASES.update(BOARD_NOT_CASES)  # board (ui helper)
NOT_CASES.update(CAL_NOT_CASES)  # cal (issue 9)
NOT_CASES.update(LINKS_NOT_CASES)  # links (issue 9)
# --- metrics (issue 10) ---
NOT_CASES.update({
    "metrics:imports": "the upload form: a file chosen by the user (a file input is never posted back); tested in "
                       "tests/metrics/test_views.py",
    "metrics:batch-mapping": "the column-mapping step of an uploaded file; posted back as rendered in "
                             "tests/metrics/test_views.py",
    "metrics:batch-confirm": "the import button (an exchange rate when the currency differs); tested in "
                             "tests/metrics/test_views.py",
    "metrics:batch-undo": "a single button; tested in tests/metrics/test_views.py",
    "metrics:batch-discard": "a single button; tested in tests/metrics/test_views.py",
    "metrics:profile-delete": "a single button; tested in tests/metrics/test_views.py",
})
# --- end metrics (issue 10) ---


# --- budget (issue 9) ---
BUDGET_LINE = "5b0d3c1e-9a57-4c61-8d3e-0b5f0f1a2b3c"  # the line the budget cases make (a fixed id for the URL)


def _budget_line(w: dict[str, Any]) -> Any:
    from cadence.budget.models import BudgetLine

    return BudgetLine.objects.get_or_create(
        uuid=BUDGET_LINE, defaults={"workspace": w["workspace"], "engagement": w["engagement"],
                                    "category": "advertising", "channel": "meta", "name": "Reclame Meta"})[0]


def _budget_model(name: str) -> Any:
    from cadence.budget import models

    return getattr(models, name)


def _budget_planned(w: dict[str, Any], month: dt.date) -> Any:
    row = _budget_model("BudgetPlan").objects.filter(line__uuid=BUDGET_LINE, month=month).first()
    return row.amount if row else None


CASES += [
    Case("budget:settings", "manager", "budget:settings", {"months": "6"},
         lambda w: _budget_model("BudgetSettings").objects.get(engagement=w["engagement"]).months, 6),
    Case("budget:line-new", "manager", "budget:line-new", {"category": "services"},
         lambda w: _budget_model("BudgetLine").objects.get(name="Roundtrip line").category, "services",
         fill={"name": "Roundtrip line"},
         reset=lambda w: _budget_model("BudgetLine").objects.filter(name="Roundtrip line").delete()),
    Case("budget:line-edit", "manager", "budget:line-edit", {"name": "Google Ads"},
         lambda w: _budget_line(w).name, "Google Ads", setup=_budget_line, params={"budget_line": BUDGET_LINE}),
    Case("budget:month-edit", "manager", "budget:month-edit", {f"planned-{BUDGET_LINE}": "1250,5"},
         lambda w: _budget_planned(w, dt.date(2026, 10, 1)), Decimal("1250.50"), setup=_budget_line,
         query="?month=2026-10"),
]
NOT_CASES.update({
    "budget:line-delete": "a single button; tested in tests/budget/test_views.py",
    "budget:line-move": "the up/down buttons of a line (only the pressed button); tested in tests/budget/test_views.py",
})
# --- end budget (issue 9) ---
# --- reports (issue 11) ---
REPORT = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"  # the report the narrative case makes (a fixed id for the URL)


def _report_model(name: str) -> Any:
    from cadence.reports import models

    return getattr(models, name)


def _report(w: dict[str, Any]) -> Any:
    return _report_model("MonthlyReport").objects.get_or_create(
        uuid=REPORT, defaults={"workspace": w["workspace"], "engagement": w["engagement"],
                               "month": dt.date(2026, 10, 1), "narrative": "Draft"})[0]


CASES += [
    Case("reports:settings", "owner", "reports:settings", {"agency_name": "Agenția Nord"},
         lambda w: _report_model("ReportSettings").objects.get(workspace=w["workspace"]).agency_name, "Agenția Nord"),
    Case("reports:report", "manager", "reports:narrative", {"narrative": "Luna **bună**."},
         lambda w: _report_model("MonthlyReport").objects.get(uuid=REPORT).narrative, "Luna **bună**.",
         setup=_report, params={"report": REPORT}),
]
NOT_CASES.update({
    "reports:report-open": "a month picker and a button; tested in tests/reports/test_views.py",
    "reports:narrative-reset": "a single button; tested in tests/reports/test_views.py",
    "reports:send": "a single button; tested in tests/reports/test_views.py",
})
# --- end reports (issue 11) ---
# --- webhooks (issue 12) ---
WEBHOOK = "5b0f3c1e-8d2a-4e6f-9a7b-1c2d3e4f5a6b"  # the endpoint the edit case makes (a fixed id for the URL)


def _webhook_model(name: str) -> Any:
    from cadence.webhooks import models

    return getattr(models, name)


def _webhook(w: dict[str, Any]) -> Any:
    return _webhook_model("Endpoint").objects.get_or_create(
        uuid=WEBHOOK, defaults={"workspace": w["workspace"], "url": "https://93.184.215.14/hook",
                                "events": ["task.completed"], "secret": "whsec_roundtrip"})[0]


CASES += [
    Case("webhooks:endpoint-new", "owner", "webhooks:endpoint-new", {"description": "CRM"},
         lambda w: _webhook_model("Endpoint").objects.filter(description="CRM").count(), 1,
         fill={"url": "https://93.184.215.14/hook"}),
    Case("webhooks:endpoint-edit", "owner", "webhooks:endpoint-edit", {"status": "paused"},
         lambda w: _webhook_model("Endpoint").objects.get(uuid=WEBHOOK).status, "paused",
         setup=_webhook, params={"endpoint": WEBHOOK}),
]
NOT_CASES.update({
    "webhooks:endpoint-delete": "a single button; tested in tests/webhooks/test_views.py",
    "webhooks:endpoint-rotate": "a single button; tested in tests/webhooks/test_views.py",
    "webhooks:endpoint-test": "a single button; tested in tests/webhooks/test_views.py",
    "webhooks:delivery-redeliver": "a single button; tested in tests/webhooks/test_views.py",
})
# --- end webhooks (issue 12) ---

# --- kpis (issue 11) ---
KPI = "7c1e9a52-3b8d-4f0e-9a61-2d5c8b7e4f10"  # the KPI the cases make (a fixed id for the URL)


def _kpi(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import Kpi

    eng = w["engagement"]
    row = Kpi.objects.filter(uuid=KPI).first()
    return row or Kpi.objects.create(uuid=KPI, workspace=eng.workspace, engagement=eng, name="Leads",
                                     metric_key="manual", unit="leads", acceptable=Decimal(40),
                                     due=dt.date(2027, 6, 30))


def _kpi_field(name: str) -> Callable[[dict[str, Any]], Any]:
    def read(w: dict[str, Any]) -> Any:
        from cadence.kpis.models import Kpi

        return getattr(Kpi.objects.get(uuid=KPI), name)
    return read


def _kpi_review(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import ControlPoint

    kpi = _kpi(w)
    return ControlPoint.objects.filter(kpi=kpi).first() or ControlPoint.objects.create(
        workspace=kpi.workspace, kpi=kpi, review_on=dt.date(2027, 4, 15))


def _kpi_entry_value(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import KpiEntry

    row = KpiEntry.objects.filter(kpi__uuid=KPI).order_by("-id").first()
    return row.value if row else None


def _new_kpi_acceptable(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import Kpi

    return Kpi.objects.get(name="Roundtrip KPI").acceptable


def _new_kpi_delete(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import Kpi

    return Kpi.objects.filter(name="Roundtrip KPI").delete()


def _kpi_last_review(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import ControlPoint

    row = ControlPoint.objects.filter(kpi__uuid=KPI).order_by("-id").first()
    return row.review_on if row else None


def _kpi_decision_reset(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import ControlPoint

    return ControlPoint.objects.filter(kpi__uuid=KPI).update(decision="", task=None)


def _kpi_decision(w: dict[str, Any]) -> Any:
    from cadence.kpis.models import ControlPoint

    return ControlPoint.objects.get(kpi__uuid=KPI).decision


CASES += [
    Case("kpis:kpi-new", "manager", "kpis:kpi-new", {"acceptable": "1,6"}, _new_kpi_acceptable, Decimal("1.6"),
         fill={"name": "Roundtrip KPI", "unit": "leads"}, reset=_new_kpi_delete),
    Case("kpis:kpi-edit", "manager", "kpis:kpi-edit", {"name": "Leads from the CRM"}, _kpi_field("name"),
         "Leads from the CRM", setup=_kpi, params={"kpi": KPI}),
    Case("kpis:kpi", "specialist", "kpis:entry-add", {"value": "12,5"}, _kpi_entry_value, Decimal("12.5"),
         fill={"value": "3"}, setup=_kpi, params={"kpi": KPI}),
    Case("kpis:kpi", "manager", "kpis:control-point-add", {"review_on": "2027-05-02"}, _kpi_last_review,
         dt.date(2027, 5, 2), setup=_kpi, params={"kpi": KPI}),
    Case("kpis:kpi", "manager", "kpis:decision-record", {"decision": "Raise the budget"}, _kpi_decision,
         "Raise the budget", fill={"decision": "Keep going"}, setup=_kpi_review, params={"kpi": KPI},
         reset=_kpi_decision_reset),
]
NOT_CASES.update({
    "kpis:import-plan": "a single button; tested in tests/kpis/test_views.py",
    "kpis:kpi-delete": "a single button; tested in tests/kpis/test_views.py",
    "kpis:entry-delete": "a single button; tested in tests/kpis/test_views.py",
    "kpis:control-point-delete": "a single button; tested in tests/kpis/test_views.py",
    "kpis:alerts-read": "the mark-read buttons; tested in tests/kpis/test_views.py",
})
# --- end kpis (issue 11) ---
# --- notifications (issue 12) ---


def _task_assigned_channel(w: dict[str, Any]) -> Any:
    from cadence.notifications.models import Preference

    return Preference.objects.filter(user=w["specialist"], kind="task.assigned").values_list("channel", flat=True).first()


CASES += [
    Case("notifications:preferences", "specialist", "notifications:preferences", {"task.assigned": "email"},
         _task_assigned_channel, "email"),
]
NOT_CASES.update({
    "notifications:read": "the mark-read buttons (one or all); tested in tests/notifications/test_notify.py",
})
# --- end notifications (issue 12) ---

# --- meetings (issue 12) ---
MEETING = "5b0c2d1e-8f3a-4c6b-9e2d-7a1f3c5e9b40"  # the meeting the cases make (a fixed id for the URL)


def _meetings(name: str) -> Any:
    from cadence.meetings import models

    return getattr(models, name)


def _meeting(w: dict[str, Any]) -> Any:
    eng = w["engagement"]
    model = _meetings("Meeting")
    return model.objects.filter(uuid=MEETING).first() or model.objects.create(
        uuid=MEETING, workspace=eng.workspace, engagement=eng, title="Status",
        starts_at=dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC))


def _meeting_field(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda w: getattr(_meetings("Meeting").objects.get(uuid=MEETING), name)


def _last(model_name: str, attr: str) -> Callable[[dict[str, Any]], Any]:
    def read(w: dict[str, Any]) -> Any:
        row = _meetings(model_name).objects.filter(meeting__uuid=MEETING).order_by("-id").first()
        return getattr(row, attr) if row else None
    return read


CASES += [
    Case("meetings:meeting-new", "manager", "meetings:meeting-new", {"place": "Sala 2"},
         lambda w: _meetings("Meeting").objects.exclude(uuid=MEETING).order_by("-id").first().place, "Sala 2",
         fill={"day": "2027-03-09", "time": "10:30"},
         reset=lambda w: _meetings("Meeting").objects.exclude(uuid=MEETING).delete()),
    Case("meetings:meeting-edit", "manager", "meetings:meeting-edit", {"title": "Lunar status"},
         _meeting_field("title"), "Lunar status", setup=_meeting, params={"meeting": MEETING}),
    Case("meetings:minutes", "manager", "meetings:minutes", {"minutes": "Am decis **bugetul**."},
         _meeting_field("minutes"), "Am decis **bugetul**.", setup=_meeting, params={"meeting": MEETING}),
    Case("meetings:meeting", "manager", "meetings:agenda-add", {"text": "Bugetul pe martie"},
         _last("AgendaItem", "text"), "Bugetul pe martie", fill={"text": "Buget"}, setup=_meeting,
         params={"meeting": MEETING}),
    Case("meetings:meeting", "manager", "meetings:decision-add", {"text": "Dublăm bugetul"},
         _last("Decision", "text"), "Dublăm bugetul", fill={"text": "Păstrăm"}, setup=_meeting,
         params={"meeting": MEETING}),
    Case("meetings:meeting", "manager", "meetings:action-add", {"due": "2027-03-20"},
         _last("ActionItem", "due"), dt.date(2027, 3, 20), fill={"text": "Brief foto"}, setup=_meeting,
         params={"meeting": MEETING}),
]
NOT_CASES.update({
    "meetings:meeting-cancel": "a single button; tested in tests/meetings/test_views.py",
    "meetings:series-cancel": "a single button; tested in tests/meetings/test_views.py",
    "meetings:meeting-close": "a single button; tested in tests/meetings/test_views.py",
    "meetings:agenda-delete": "a single button; tested in tests/meetings/test_views.py",
    "meetings:decision-delete": "a single button; tested in tests/meetings/test_views.py",
    "meetings:action-delete": "a single button; tested in tests/meetings/test_views.py",
    "meetings:actions-to-tasks": "a single button; tested in tests/meetings/test_views.py",
})
# --- end meetings (issue 12) ---
# --- portal (issue 12) ---
NOT_CASES.update({
    "portal:post-decide": "a decision (approve / request changes), not an edit form; every portal form is submitted "
                          "as rendered by tests/portal/test_portal.py (test_every_link_and_form_of_the_portal...)",
    "portal:plan-decide": "a decision on a plan version; submitted as rendered by tests/portal/test_portal.py",
    "portal:materials-send": "an upload; submitted as rendered (with a file) by tests/portal/test_portal.py",
})
# --- end portal (issue 12) ---


# --- comments (issue 12) ---
COMMENT = "3b0c6a2e-51f4-4e8a-9d27-6f1e2a9c4b11"  # the owner's comment on the engagement's ideas (a fixed id)


def _comment_model() -> Any:
    from cadence.comments.models import Comment

    return Comment


def _own_comment(w: dict[str, Any]) -> Any:
    from cadence.comments.models import Thread

    eng = w["engagement"]
    thread, _ = Thread.objects.get_or_create(workspace=eng.workspace, target_kind="engagement", target_id=eng.uuid,
                                             target_key="", defaults={"engagement": eng, "title": eng.name})
    return _comment_model().objects.get_or_create(uuid=COMMENT, defaults={
        "workspace": eng.workspace, "thread": thread, "author": w["owner"], "body": "First idea"})[0]


CASES += [
    Case("comments:comment-edit", "owner", "comments:comment-edit", {"body": "A better idea"},
         lambda w: _comment_model().objects.get(uuid=COMMENT).body, "A better idea", setup=_own_comment,
         params={"comment": COMMENT}),
]
NOT_CASES.update({
    "comments:thread": "a thread's comment box; tested in tests/comments/test_views.py",
    "comments:thread-part": "a plan section's comment box; tested in tests/comments/test_views.py",
    "comments:thread-resolve": "a single button; tested in tests/comments/test_views.py",
})
# --- end comments (issue 12) ---


@pytest.fixture
def world(workspace, owner, manager, specialist, approver, client_obj, engagement):
    from cadence.accounts.models import User
    from cadence.core.models import Client, Invitation, Membership, Workspace
    from cadence.engagements import services
    from cadence.engagements.models import Engagement, ProcessTemplate, TimeEntry
    from cadence.plans.models import Answer, BriefAnswer, ChangeRequest, Competitor, Objective, PlanTemplate

    retainer = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    copy = services.copy_template(actor=owner, template=retainer, name="Ours")
    # Research has started (gates after it can be recorded, it can be marked completed), with a decimal.
    entry, _level = services.log_time(
        actor=specialist, membership=Membership.objects.get(user=specialist), engagement=engagement,
        phase=engagement.phases.get(key="research"), date=dt.date(2026, 10, 19), hours="1.5", note="Audit")
    plan, plan_records = _plan(engagement, owner)
    board = _board_world(engagement, manager, specialist, copy)  # board (ui helper)
    return {
        **board,
        "plan": plan, "plan_records": plan_records,
        "workspace": workspace, "owner": owner, "manager": manager, "specialist": specialist, "approver": approver,
        "client_obj": client_obj, "engagement": engagement, "copy": copy, "retainer": retainer, "entry": entry,
        "Workspace": Workspace, "Client": Client, "Invitation": Invitation, "Membership": Membership,
        "User": User, "Engagement": Engagement, "ProcessTemplate": ProcessTemplate, "TimeEntry": TimeEntry,
        "Answer": Answer, "BriefAnswer": BriefAnswer, "Competitor": Competitor, "Objective": Objective,
        "PlanTemplate": PlanTemplate, "ChangeRequest": ChangeRequest,
    }


def _plan(engagement: Any, owner: Any) -> tuple[Any, dict[str, Any]]:
    """The engagement's marketing plan in draft, with a competitor and a channel (a decimal share)."""
    from cadence.core.models import Membership
    from cadence.plans import services as plans

    membership = Membership.objects.get(user=owner, workspace=engagement.workspace)
    plan = plans.ensure_plan(actor=owner, engagement=engagement)
    records = {
        "competitor": plans.create_record(actor=owner, membership=membership, plan=plan, kind="competitor",
                                          data={"name": "Paul", "location": "Cluj"}),
        "channel": plans.create_record(actor=owner, membership=membership, plan=plan, kind="channel",
                                       data={"name": "Instagram", "purpose": "main_sales",
                                             "budget_share": Decimal("62.5")}),
    }
    return plan, records


def page_url(name: str, w: dict[str, Any], params: dict[str, str] | None = None) -> str:
    kw: dict[str, Any] = {}
    route = next(r for r in ui_routes() if r.name == name)
    params = params or {}
    for _conv, param in route.params:
        if param == "record":  # a record of the plan, of the case's kind
            kw[param] = w["plan_records"][params["kind"]].uuid
            continue
        kw[param] = params.get(param) or {
            "workspace": w["workspace"].slug, "engagement": w["engagement"].uuid, "client": w["client_obj"].uuid,
            "template": (w["retainer"] if name == "engagements:template-detail" else w["copy"]).uuid,
            "entry": w["entry"].uuid, "section": "situation",
            **({"task": w["task"].uuid, "recurring": w["recurring"].uuid,  # board (ui helper)
                "task_template": w["task_template"].uuid} if "task" in w else {}),
        }[param]
    return reverse(name, kwargs=kw)


def find_form(html: str, url: str, case: Case) -> Form:
    forms = [f for f in post_forms(html, url) if resolve(f.action.split("?")[0]).view_name == case.action]
    assert len(forms) > case.form_index, f"{case.page}: no POST form posting to {case.action} on {url}"
    return forms[case.form_index]


def submit(client: Any, form: Form, values: dict[str, str]) -> tuple[Any, str]:
    data = form.data()
    for name, value in values.items():
        assert name in form.names, f"the form has no field {name!r} (fields: {sorted(form.names)})"
        data[name] = [value]
    response = client.post(form.action, data, follow=True)
    return response, response.content.decode()


@pytest.fixture(autouse=True)
def _today(clock):
    """A fixed day inside the engagement's second month (it starts on 7 September 2026)."""
    clock.set(dt.date(2026, 10, 20))


def _read_models_follow() -> None:
    """Setups and resets write with ``QuerySet.update`` (no service, no ``save``): bring the month summaries
    and the schedule's revision up to date as ``cadence rebuild-summaries`` would."""
    from cadence.engagements import readmodels
    from cadence.engagements.models import Engagement

    for engagement in Engagement.objects.all():
        readmodels.rebuild(engagement)
        readmodels.bump_revision(engagement)


@pytest.mark.parametrize("language", ["en", "ro", "ru"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.page}>{c.action}")
def test_a_form_saves_as_rendered_and_with_one_change(case, language, world, client, login):
    """In every language: a number rendered with a decimal comma must be read back (ro, ru)."""
    user = world[case.role]
    login(client, user)
    client.cookies["django_language"] = language
    url = page_url(case.page, world, case.params) + case.query
    if case.setup is not None:
        case.setup(world)
        _read_models_follow()

    # 1. Unchanged (plus what a user must type into a blank form): it saves.
    r = client.get(url)
    assert r.status_code == 200, f"GET {url} answered {r.status_code}"
    form = find_form(r.content.decode(), url, case)
    response, body = submit(client, form, case.fill)
    assert response.status_code == 200 and not errors_in(body), (
        f"{case.page}: the form as rendered does not save:\n" + "\n---\n".join(errors_in(body)))

    # 2. The page again, one field changed: it saves and the change is stored.
    if case.reset is not None:
        case.reset(world)
        _read_models_follow()
    fill = dict(case.fill)
    r = client.get(url)
    form = find_form(r.content.decode(), url, case)
    response, body = submit(client, form, {**fill, **case.change})
    assert response.status_code == 200 and not errors_in(body), (
        f"{case.page}: the form with one change does not save:\n" + "\n---\n".join(errors_in(body)))
    assert case.stored(world) == case.expected


def test_every_form_page_has_a_case():
    covered = {c.page for c in CASES} | {c.action for c in CASES} | set(NOT_CASES)
    missing = [r.name for r in ui_routes()
               if r.name.rsplit(":", 1)[-1].endswith(("edit", "new", "create", "settings")) and r.name not in covered]
    assert not missing, f"add a case to tests/test_form_roundtrip.py for: {missing}"


def test_every_post_form_on_every_page_has_a_case(world, client, login):
    """Walk every page that needs no more than the objects of ``world`` and read its POST forms."""
    from cadence.core import services as core_services
    from cadence.engagements import services

    research = world["engagement"].phases.get(key="research")
    services.log_time(actor=world["owner"], membership=world["Membership"].objects.get(user=world["owner"]),
                      engagement=world["engagement"], phase=research, date=dt.date(2026, 10, 19), hours="1")
    core_services.invite_member(actor=world["owner"], workspace=world["workspace"], email="x@agency.test",
                                role="specialist", client=None, client_role="")
    core_services.create_api_token(actor=world["owner"], name="script")
    login(client, world["owner"])
    covered = {c.action for c in CASES} | set(NOT_CASES)
    fillable = {"workspace", "engagement", "client", "template", "entry"}
    seen: set[str] = set()
    uncovered: list[str] = []
    for route in ui_routes():
        if route.name in PREVIEWS or any(param not in fillable for _c, param in route.params):
            continue
        url = page_url(route.name, world)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode(), url):
            name = resolve(form.action.split("?")[0]).view_name
            seen.add(name)
            if name not in covered:
                uncovered.append(f"{route.name} posts to {name}")
    assert not uncovered, f"add a case (or a NOT_CASES reason) to tests/test_form_roundtrip.py: {uncovered}"
    assert {"engagements:phase-edit", "engagements:gate-record", "core:member-role"} <= seen


# htmx endpoints that answer a POST with a fragment and have no page of their own.
PREVIEWS = {"engagements:engagement-preview", "engagements:phase-preview", "engagements:template-preview"}


def test_the_parser_reads_what_a_browser_submits():
    html = """<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
    <input name="a" value="1"><input type="checkbox" name="c" value="k" checked><input type="checkbox" name="d">
    <select name="s"><option value="1">one</option><option value="2">two</option></select>
    <select name="m" multiple><option value="x" selected>x</option><option value="y" selected>y</option></select>
    <textarea name="t">
line</textarea><input name="off" value="z" disabled><button type="submit" name="b">go</button></form>
    <form method="get"><input name="q"></form>"""
    (form,) = post_forms(html, "/page/")
    assert form.action == "/x/"
    assert form.data() == {"csrfmiddlewaretoken": ["t"], "a": ["1"], "c": ["k"], "s": ["1"], "m": ["x", "y"],
                           "t": ["line"]}
    assert {"d", "off"} <= form.names


def test_no_empty_form_is_rendered_for_a_phase_without_a_button(world, client, login):
    """Only research has hours: one Mark-completed form, not an empty form for every other phase."""
    login(client, world["manager"])
    url = page_url("engagements:engagement-detail", world)
    forms = [f for f in post_forms(client.get(url).content.decode(), url)
             if resolve(f.action.split("?")[0]).view_name == "engagements:phase-complete"]
    assert [f.action.rstrip("/").split("/")[-2] for f in forms] == ["research"]
