"""Schemathesis against the API on the demo workspace, as a manager: all checks, zero failures.

Every phase runs (examples, coverage, fuzzing, stateful) with every check, against pytest-django's
live server (a free port the system picks, stopped after the test; schemathesis 4.32's in-process WSGI
transport passes requests' ``max_redirects`` to werkzeug and fails). A small example budget keeps it to
a minute or two. A failure means the
OpenAPI schema and the API disagree: a 500, an undocumented status or content type, a request the
schema allows but the API refuses (a bound missing from the schema), or one it forbids but the API
accepts.

One deliberate setting: ``positive_data_acceptance`` also accepts 400. The API answers 400 when a
business rule refuses a well-formed request (the month's hours are used up, a gate is not passed, a
date is in the future, a referenced phase does not exist): no schema can state those. Every bound of
the input itself answers 422 and is stated in the schema, so a schema-valid request refused with 422
still fails this test.
"""

from __future__ import annotations

import io
import os

import pytest
import schemathesis
from django.core.management import call_command

from cadence.accounts.models import User
from cadence.core import services as core_services
from cadence.core.models import Workspace

MAX_EXAMPLES = 4
# Statuses a schema-valid request may get (the default, plus 400 for refused business rules).
POSITIVE_STATUSES = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]


def _only_once_in_ci() -> None:
    """The API's contract with its schema does not depend on the database, and this test is the suite's
    longest (about 7 minutes with 120 operations). CI runs the suite on SQLite and on PostgreSQL at once: it
    runs here on SQLite, and on PostgreSQL only when ``CADENCE_SCHEMATHESIS_EVERYWHERE=1`` asks for it."""
    from django.db import connection

    if connection.vendor != "sqlite" and os.environ.get("CADENCE_SCHEMATHESIS_EVERYWHERE") != "1":
        pytest.skip("schemathesis runs on the SQLite pass (CADENCE_SCHEMATHESIS_EVERYWHERE=1 runs it here)")


@pytest.fixture
def demo(live_server, settings):
    _only_once_in_ci()
    settings.CADENCE_API_RATE_LIMIT = 0  # thousands of requests in a minute: the limit is tested elsewhere
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", force=True, stdout=io.StringIO())
    workspace = Workspace.objects.get(slug="demo")
    manager = User.objects.get(email="manager@demo.cadence.test")
    token = core_services.create_api_token(actor=manager, name="schemathesis")[1]
    engagement = workspace.engagements.order_by("start_date").first()
    return {"workspace": workspace, "token": token, "engagement": engagement, "url": live_server.url}


def _config(demo):
    from schemathesis.config import SchemathesisConfig

    checks = {"enabled": True, "positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES}}
    return SchemathesisConfig.from_dict({
        "seed": 20261129,
        "workers": 1,
        "headers": {"Authorization": f"Bearer {demo['token']}"},
        "generation": {"max-examples": MAX_EXAMPLES},
        "checks": checks,
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": True, "max-steps": 4},
        },
        # Real objects of the demo, so requests reach the rules instead of stopping at 404.
        "parameters": {
            "workspace": demo["workspace"].slug,
            "engagement": str(demo["engagement"].uuid),
            "phase": demo["engagement"].phases.order_by("order").first().key,
            "gate": demo["engagement"].gates.order_by("id").first().key,
        },
    })


def _describe(failure) -> str:
    parts = [getattr(failure, "title", type(failure).__name__), getattr(failure, "message", "")]
    operation = getattr(failure, "operation", "")
    return f"{operation}: " + " - ".join(str(p) for p in parts if p)


def test_schemathesis_finds_nothing_on_the_demo(demo):
    from schemathesis.engine import events, from_schema

    schema = schemathesis.openapi.from_url(demo["url"] + "/api/v1/openapi.json", config=_config(demo))
    failures: list[str] = []
    errors: list[str] = []
    finished = None
    statuses: dict[str, set[int]] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for interaction in event.recorder.interactions.values():
                if interaction.response is not None:
                    method = interaction.request.method.upper()
                    statuses.setdefault(method, set()).add(interaction.response.status_code)
            for case_id, check in event.recorder.checks.items():
                for result in check:
                    if result.failure_info is not None:
                        interaction = event.recorder.interactions.get(case_id)
                        answer = ""
                        if interaction is not None and interaction.response is not None:
                            answer = f"\n    -> {interaction.response.status_code} {interaction.response.content[:300]!r}"
                        failures.append(f"{event.label}: {_describe(result.failure_info.failure)}"
                                        f"\n    {result.failure_info.code_sample}{answer}")
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            finished = event
    assert finished is not None
    assert not errors, "\n".join(errors)
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} schemathesis failures:\n" + "\n".join(unique)
    # Not vacuous: requests got through to the rules, reads and writes alike.
    assert 200 in statuses["GET"] and 201 in statuses["POST"] and 200 in statuses["PATCH"], statuses
