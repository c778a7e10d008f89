from tests.portal.fixtures import media, world  # noqa: F401
