"""The content calendar's part of the JSON API, mounted by the central API through ``ContentConfig.api_router``:
posts, reviews, settings and the frequency plan (``routes_posts``); the feed and CSV in and out
(``routes_exchange``)."""

from cadence.api.routers import Router
from cadence.content.api import routes_exchange, routes_posts

router = Router()
for _module in (routes_posts, routes_exchange):
    router.add_router("", _module.router)
