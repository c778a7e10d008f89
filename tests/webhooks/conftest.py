from tests.webhooks.fixtures import m, receiver  # noqa: F401
