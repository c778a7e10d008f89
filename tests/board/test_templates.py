"""Task templates: the built-in ones (per phase of the built-in process templates, estimates checkable against
each phase's effort), their CRUD, and the cards they create when a phase begins or when the engagement starts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from cadence.board import builtin_tasks, services
from cadence.board.models import ChecklistItem, Task, TaskTemplate
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import AuditEntry
from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES
from cadence.engagements.models import ProcessTemplate
from tests.board.core_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_estimates_add_up_to_each_effort_phase(capsys):
    """The sum of a phase's task estimates against the phase's effort (printed: `pytest -s` shows it)."""
    for key, spec in BUILTIN_TEMPLATES.items():
        tasks = builtin_tasks.BUILTIN_TASKS[key]
        assert set(tasks) == {p.key for p in spec.phases}, key  # every phase has its standard tasks
        for phase in spec.phases:
            total = sum((t.estimate for t in tasks[phase.key]), Decimal(0))
            print(f"{key}/{phase.key}: tasks {total} h, phase effort {phase.effort_hours or '-'} h ({phase.kind})")
            if phase.kind == "effort":
                assert total == phase.effort_hours, phase.key
            assert all(t.role for t in tasks[phase.key])
    out = capsys.readouterr().out
    assert "retainer/research: tasks 32 h, phase effort 32 h" in out


def test_seed_002_account_set_up_is_a_template_task():
    infra = builtin_tasks.RETAINER_TASKS["infrastructure"]
    accounts = next(t for t in infra if "two-factor" in t.title)
    assert "Two-factor sign-in on every account" in accounts.checklist
    assert {"Brand book", "Tone of voice", "Photos and video"} <= {t.title for t in infra}


def test_a_new_workspace_gets_the_builtin_task_templates_translated_on_display(workspace):
    rows = TaskTemplate.objects.filter(workspace=workspace)
    expected = sum(len(specs) for phases in builtin_tasks.BUILTIN_TASKS.values() for specs in phases.values())
    assert rows.count() == expected
    services.install_builtin_task_templates(workspace)  # idempotent
    assert rows.count() == expected
    row = rows.get(template__key="retainer", title="Brand book")
    assert builtin_tasks.display(row.title, row.names, language="en") == "Brand book"
    with translation.override("en"):
        assert builtin_tasks.display("My own task", {"ro": "Sarcina mea"}, language="ro") == "Sarcina mea"
        assert builtin_tasks.display("My own task", {}) == "My own task"


def test_template_crud(today, workspace, owner, owner_m, specialist, specialist_m):
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    row = services.create_task_template(actor=owner, membership=owner_m, template=template, phase_key="campaigns",
                                        title="Google Merchant feed", role="ads", estimate=3, checklist=["Feed URL"])
    assert row.position == 3  # after the three built-in ones
    row = services.update_task_template(actor=owner, membership=owner_m, task_template=row, estimate="2.5")
    assert row.estimate == Decimal("2.5")
    for kw, field in [({"phase_key": "nowhere"}, "phase_key"), ({"checklist": "one"}, "checklist"),
                      ({"role": "wizard"}, "role"), ({"colour": "x"}, "colour")]:
        with pytest.raises(DomainError) as e:
            services.update_task_template(actor=owner, membership=owner_m, task_template=row, **kw)
        assert e.value.field == field
    with pytest.raises(DomainError) as e:
        services.delete_task_template(actor=specialist, membership=specialist_m, task_template=row)
    assert e.value.code == "forbidden"
    services.delete_task_template(actor=owner, membership=owner_m, task_template=row)
    assert [a for a in AuditEntry.objects.filter(action__startswith="board.template.")
            .order_by("id").values_list("action", flat=True)] == \
        ["board.template.created", "board.template.updated", "board.template.deleted"]


def test_cards_are_created_when_a_phase_begins_once(today, engagement, owner, owner_m, pass_gate):
    # research begins with the engagement (2026-09-07); infrastructure waits for the plan's approval
    created = services.create_template_tasks(engagement)
    assert created == 3
    assert services.create_template_tasks(engagement) == 0
    research = Task.objects.filter(engagement=engagement)
    assert {t.phase.key for t in research} == {"research"}
    # stored in English, created in the engagement's language (Romanian)
    with translation.override("ro"):
        expected = translation.gettext("Business and competitor analysis")
    assert research.filter(title=expected).exists()
    assert ChecklistItem.objects.filter(task__engagement=engagement).count() == 4
    pass_gate("plan_approved", on=dt.date(2026, 9, 20))
    assert services.create_template_tasks(engagement) == 0  # research still runs by the schedule
    pass_gate("materials_ready", on=dt.date(2026, 10, 1))  # hours logged on infrastructure: it has begun
    assert services.create_template_tasks(engagement) >= 6
    assert Task.objects.filter(engagement=engagement, phase__key="infrastructure").count() == 6
    assert services.create_template_tasks(engagement) == 0
    assert services.create_due_template_tasks() == 0


def test_all_at_once_when_the_engagement_starts(today, engagement, owner, owner_m):
    services.set_board_settings(actor=owner, membership=owner_m, template_tasks="engagement_start")
    assert services.create_template_tasks(engagement, today=dt.date(2026, 9, 1)) == 0  # not started yet
    n = services.create_template_tasks(engagement)
    assert n == sum(len(v) for v in builtin_tasks.RETAINER_TASKS.values())
    assert services.create_due_template_tasks() == 0
    with pytest.raises(InvalidInput):
        services.set_board_settings(actor=owner, membership=owner_m, template_tasks="sometimes")
    assert AuditEntry.objects.filter(action="board.settings.updated").count() == 1
