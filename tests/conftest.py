"""Canonical users and objects shared by every test (the healthchecks way).

An owner, a manager, a specialist, a client approver and a client viewer in one workspace,
and an outsider who owns another workspace.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cadence.accounts.models import User
from cadence.core import services as core_services
from cadence.core.models import ClientAccess, ClientRole, Membership, Role

PASSWORD = "pw-Cadence-2026"


def pytest_configure(config):
    # Argon2 is the production hasher (see test_settings); tests hash with MD5 to stay fast.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _every_database() -> bool:
    import os

    return os.environ.get("CADENCE_EVERY_DATABASE") == "1"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests whose outcome does not depend on the database run on SQLite only, unless
    ``CADENCE_EVERY_DATABASE=1``: CI runs the suite on SQLite and on PostgreSQL at the same time, and running
    these twice would only cost time. They are marked ``single_database`` (the settings checks in
    subprocesses, schemathesis' contract test, a migration's round trip) or ``browser`` (Playwright drives
    pages whose every query the view tests already run on both databases).

    ``CADENCE_BROWSER_TESTS`` moves the browser tests from one pass to the other: ``skip`` leaves them out of
    this run, ``run`` runs them whatever the database. CI runs them in its PostgreSQL pass, the shorter one."""
    browser = item.get_closest_marker("browser") is not None
    if item.get_closest_marker("single_database") is None and not browser:
        return
    import os

    wanted = os.environ.get("CADENCE_BROWSER_TESTS", "")
    if browser and wanted == "skip":
        pytest.skip("the browser tests run in another pass (CADENCE_BROWSER_TESTS=skip)")
    if browser and wanted == "run":
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("sqlite3") and not _every_database():
        pytest.skip("runs on the SQLite pass only (CADENCE_EVERY_DATABASE=1 runs it on every database)")


# --- the demo workspace, built once -------------------------------------------------------------------
# A build of the demo takes 7 to 25 seconds; the tests that only read it (twenty-odd) share one build. It is made in a
# transaction opened for the rest of the session (each test then runs in a savepoint of it, as usual, and its
# changes are rolled back) and rolled back at the end. So that the transaction never holds other tests' rows,
# the tests that use it run last (``pytest_collection_modifyitems`` below), the ones marked ``demo_reset`` (they
# delete some of its stored files) after the others, and ``demo_reset(rebuilds=True)`` (a reset) at the very end.

DEMO_FIXTURE = "demo_build"


@dataclass(frozen=True)
class DemoBuild:
    output: str          # what ``manage.py demo`` printed (its summary line and the sign-in list)
    media: Path          # where its files are stored (MEDIA_ROOT while the demo tests run)
    lookups: tuple[str, ...]  # the host names it tried to resolve beyond this machine (it must reach no network)
    emails: tuple[tuple[str, tuple[str, ...]], ...]  # (subject, recipients) of the emails it sent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        names = getattr(item, "fixturenames", ())
        if DEMO_FIXTURE not in names:
            return 0
        if {"transactional_db", "live_server"} & set(names):
            raise pytest.UsageError(f"{item.nodeid}: {DEMO_FIXTURE} cannot be shared with a transactional test")
        marker = item.get_closest_marker("demo_reset")
        if marker is None:
            return 1
        return 3 if marker.kwargs.get("rebuilds") else 2  # the rebuild last: it deletes every stored file

    items[:] = sorted(items, key=rank)  # stable: each group keeps its order


@contextlib.contextmanager
def held_transaction(django_db_blocker: Any) -> Iterator[None]:
    """Rows made once for many tests (a class's, the session's): made inside a transaction this holds open, each
    test running in a savepoint of it as usual, and rolled back when the block ends. Marked as TestCase's own
    transaction, so the ``durable`` blocks of the code nest in it as they do in a test."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="session")
def demo_build(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoBuild]:
    """The demo workspace, built by ``manage.py demo`` as a developer runs it: no workspace scope entered, the
    tasks run where they are enqueued, and what waits for the commit (the events the notifications and webhooks
    hear) runs at the end of the build, as it does after the command's commits."""
    import socket
    from io import StringIO
    from unittest import mock

    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test import TestCase
    from django.test.utils import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    out = StringIO()
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host) not in ("localhost", "127.0.0.1", "::1"):
            lookups.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, "the demo build reaches no network")
        return real_getaddrinfo(host, *args, **kwargs)

    immediate = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(MEDIA_ROOT=str(media)), held_transaction(django_db_blocker):
        with (django_db_blocker.unblock(), mock.patch("socket.getaddrinfo", local_only),
              override_settings(TASKS=immediate), TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True)):
            mail.outbox = []
            call_command("demo", force=True, stdout=out)
        emails = tuple((m.subject, tuple(m.to)) for m in mail.outbox)
        yield DemoBuild(output=out.getvalue(), media=media, lookups=tuple(lookups), emails=emails)


@pytest.fixture
def clock():
    """The app's clock, stopped for the test (``cadence/core/clock.py``): ``clock.set(date)`` makes that
    day "today" in every time zone, ``clock.set(aware_datetime)`` that instant, ``clock.advance(delta)``
    moves it on. It starts at the real current instant; the system clock is back after the test."""
    from django.utils import timezone

    from cadence.core.clock import frozen_clock

    with frozen_clock(timezone.now()) as frozen:
        yield frozen


@pytest.fixture(autouse=True)
def _scopes_disabled():
    """Tests build and inspect rows of several workspaces, so they run with the workspace scopes disabled
    (pretix's way). Requests made by the test client still start with no scope and enter their view's own
    (``cadence.core.scoping.RequestScopeMiddleware``), so a view that forgot its scope fails in tests too.
    A test of the backstop itself enters ``scope(...)`` or uses the ``no_scope`` fixture."""
    from cadence.core.scoping import scopes_disabled

    with scopes_disabled():
        yield


@pytest.fixture
def no_scope(_scopes_disabled):
    """The test body runs as production code does: no scope entered, so scoped queries raise."""
    from django_scopes.state import state

    token = state.set({})
    yield
    state.reset(token)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rendered fragments (keyed by ids and revisions, which another
    test's rolled-back rows may have had) and rate-limit counters do not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background tasks run where they are enqueued (tests/core/test_invitation_email.py also runs the
    real database backend and its worker)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def make_user(email: str, name: str = "") -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name)


# --- the canonical objects: one function each, called by its fixture (and by canonical_objects) -------------

def make_owner() -> User:
    return make_user("owner@agency.test", "Olga Owner")


def make_workspace(owner):
    return core_services.create_workspace(actor=owner, name="Agency One", slug="agency-one")


def make_manager(workspace):
    return _member(workspace, "manager@agency.test", Role.MANAGER, "Mihai Manager")


def make_specialist(workspace):
    return _member(workspace, "specialist@agency.test", Role.SPECIALIST, "Sofia Specialist")


def make_client_obj(workspace, owner):
    return core_services.create_client(actor=owner, workspace=workspace, name="Brutărie Dulce", country="RO",
                                       language="ro")


def make_other_client(workspace, owner):
    return core_services.create_client(actor=owner, workspace=workspace, name="Other Co", country="MD",
                                       language="ru")


def make_approver(workspace, client_obj):
    return _client_user(workspace, client_obj, "approver@client.test", ClientRole.APPROVER, "Ana Approver")


def make_viewer(workspace, client_obj):
    return _client_user(workspace, client_obj, "viewer@client.test", ClientRole.VIEWER, "Victor Viewer")


def make_outsider() -> User:
    """The owner of another workspace ("Elsewhere")."""
    user = make_user("outsider@elsewhere.test", "Oscar Outsider")
    core_services.create_workspace(actor=user, name="Elsewhere", slug="elsewhere")
    return user


def canonical_objects() -> dict[str, Any]:
    """Every canonical object at once, by its fixture's name (for rows made once for many tests)."""
    owner = make_owner()
    workspace = make_workspace(owner)
    client_obj = make_client_obj(workspace, owner)
    outsider = make_outsider()
    return {
        "owner": owner, "workspace": workspace, "client_obj": client_obj,
        "other_client": make_other_client(workspace, owner), "manager": make_manager(workspace),
        "specialist": make_specialist(workspace), "approver": make_approver(workspace, client_obj),
        "viewer": make_viewer(workspace, client_obj), "outsider": outsider,
        "other_workspace": Membership.objects.get(user=outsider).workspace,
        "engagement": make_engagement(workspace, client_obj, owner),
    }


def _member(workspace, email, role, name):
    user = make_user(email, name)
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


def _client_user(workspace, client, email, role, name):
    user = make_user(email, name)
    membership = Membership.objects.create(workspace=workspace, user=user, role=Role.CLIENT)
    ClientAccess.objects.create(workspace=workspace, membership=membership, client=client, role=role)
    return user


@pytest.fixture
def owner(db):
    return make_owner()


@pytest.fixture
def workspace(owner):
    return make_workspace(owner)


@pytest.fixture
def manager(workspace):
    return make_manager(workspace)


@pytest.fixture
def specialist(workspace):
    return make_specialist(workspace)


@pytest.fixture
def client_obj(workspace, owner):
    return make_client_obj(workspace, owner)


@pytest.fixture
def other_client(workspace, owner):
    return make_other_client(workspace, owner)


@pytest.fixture
def approver(workspace, client_obj):
    return make_approver(workspace, client_obj)


@pytest.fixture
def viewer(workspace, client_obj):
    return make_viewer(workspace, client_obj)


@pytest.fixture
def outsider(db):
    return make_outsider()


@pytest.fixture
def other_workspace(outsider):
    return Membership.objects.get(user=outsider).workspace


@pytest.fixture
def engagement(workspace, client_obj, owner):
    return make_engagement(workspace, client_obj, owner)


def make_engagement(workspace, client_obj, owner):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    return services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, template=template, name="Social & ads retainer",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro",
        close_after_days=60,  # months stay open long enough to back-date entries; closed months have own tests
    )


@pytest.fixture
def login():
    def _login(client, user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
