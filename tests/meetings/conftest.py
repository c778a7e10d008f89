from tests.meetings.fixtures import m, planned  # noqa: F401
