"""The board app's part of the JSON API (tasks, labels, recurring rules, task templates, initiatives)."""

from cadence.api.routers import Router

router = Router()

# --- roadmap (helper "roadmap") ---
from cadence.board.api import routes_initiatives  # noqa: E402

router.add_router("", routes_initiatives.router)
