"""This app's part of the JSON API, mounted by the central API through the AppConfig's ``api_router``: an
engagement's campaign links (list, create, read, change, delete), the builder's preview and the workspace's
naming rule. The same capabilities as the screens: ``links.view``, ``links.edit``, ``links.manage``."""

from cadence.links.api.routes import router

__all__ = ["router"]
