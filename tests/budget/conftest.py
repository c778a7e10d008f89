from tests.budget.fixtures import budget, m  # noqa: F401
