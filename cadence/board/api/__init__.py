"""The board app's part of the JSON API, mounted by the central API through ``BoardConfig.api_router``.

``routes_tasks`` (cards: list with the board's filters, create, read, change, delete, move, time, checklist,
attachments), ``routes_board`` (the board with its capacity, WIP limits, my work, role boards, labels) and
``routes_setup`` (recurring tasks, task templates, board settings); their bodies in ``schemas``. The same
permissions as the pages: ``board.view`` reads, ``board.edit`` changes cards, ``board.manage`` the set-up.
"""

from cadence.api.routers import Router
from cadence.board.api import routes_board, routes_setup, routes_tasks

router = Router()
for _module in (routes_tasks, routes_board, routes_setup):
    router.add_router("", _module.router)

# --- roadmap (helper "roadmap") ---
from cadence.board.api import routes_initiatives  # noqa: E402

router.add_router("", routes_initiatives.router)
