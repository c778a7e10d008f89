"""This app's part of the audit trail: readable names of the actions it records and of the fields their
changes name. Every KPI entry belongs to the engagement's history (``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "kpis.kpi_created": _("added a KPI"),
    "kpis.kpi_updated": _("changed a KPI"),
    "kpis.kpi_deleted": _("deleted a KPI"),
    "kpis.kpi_imported": _("imported a KPI from the plan"),
    "kpis.entry_added": _("entered a KPI value by hand"),
    "kpis.entry_updated": _("changed a KPI value entered by hand"),
    "kpis.entry_deleted": _("deleted a KPI value entered by hand"),
    "kpis.control_point_added": _("planned a KPI review"),
    "kpis.control_point_deleted": _("deleted a KPI review"),
    "kpis.decision_recorded": _("recorded a KPI review's decision"),
    "kpis.status_worsened": _("saw a KPI's status worsen"),
}

FIELD_LABELS: dict[str, Any] = {
    "metric_key": _("metric"), "aggregation": _("value of a period"), "platform": _("platform"),
    "campaign_contains": _("campaign name contains"), "channel_group": _("channel group"), "unit": _("unit"),
    "direction": _("direction"), "baseline": _("baseline"), "baseline_date": _("baseline measured on"),
    "acceptable": _("acceptable level"), "optimal": _("optimal level"), "best": _("best level"),
    "due": _("due date"), "day": _("date"), "value": _("value"), "review_on": _("review date"),
    "reviewer": _("reviewer"), "decision": _("decision"), "task": _("task on the board"), "status": _("status"),
}
