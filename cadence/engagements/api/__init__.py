"""The engagements app's part of the JSON API, mounted by the central API through ``EngagementsConfig.api_router``.

``routes_templates`` (process templates), ``routes_engagements`` (engagements, phases, gates, terms,
schedule, hours, history), ``routes_time`` (time entries, overrides, month close) and
``routes_timesheet`` (the weekly timesheet); their bodies in ``schemas`` and ``schemas_hours``.
"""

from cadence.api.routers import Router
from cadence.engagements.api import routes_engagements, routes_templates, routes_time, routes_timesheet

router = Router()
for _module in (routes_templates, routes_engagements, routes_time, routes_timesheet):
    router.add_router("", _module.router)
