import pytest

from cadence.core.models import Membership


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


@pytest.fixture
def emit(django_capture_on_commit_callbacks):
    """Emit an event and run everything after its commit (the listener, then the queued emails)."""
    from cadence.core import events

    def _emit(kind, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return events.emit(kind, **kwargs)

    return _emit
