from tests.reports.fixtures import m, media, report_data  # noqa: F401
