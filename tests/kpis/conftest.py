from tests.kpis.fixtures import facts, kpi_ctr, m  # noqa: F401
