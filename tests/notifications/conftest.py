import pytest

from cadence.core.models import Membership
from tests.content.posts_fixtures import in_review, make_post, today, users  # noqa: F401
from tests.metrics.conftest import members, upload  # noqa: F401
from tests.plans.plan_fixtures import plan  # noqa: F401
from tests.reports.fixtures import media, report_data  # noqa: F401


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    people = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in people.items()}


@pytest.fixture
def emit(django_capture_on_commit_callbacks):
    """Emit an event and run everything after its commit (the listener, then the queued emails)."""
    from cadence.core import events

    def _emit(kind, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return events.emit(kind, **kwargs)

    return _emit
