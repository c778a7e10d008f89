"""Filled in by the board work (placeholder so the app loads)."""


def register() -> None:
    return None
