import pytest

from tests.webhooks.fixtures import m, receiver  # noqa: F401


@pytest.fixture(autouse=True)
def _private_allowed(settings):
    """Development settings (the local receiver is on 127.0.0.1 over http); the refusal tests turn it off."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_TIMEOUT = 5
