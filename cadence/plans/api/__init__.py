"""The plans app's part of the JSON API, mounted by the central API through ``PlansConfig.api_router``.

``routes_plan`` (the plan, its answers, the brief, versions and transitions, templates) and
``routes_records`` (the structured records, one resource per kind of ``records.KINDS``); their bodies in
``schemas``. The same permissions as the pages: client users read the client-visible version only.
"""

from cadence.api.routers import Router
from cadence.plans.api import routes_plan, routes_records

router = Router()
for _module in (routes_plan, routes_records):
    router.add_router("", _module.router)
