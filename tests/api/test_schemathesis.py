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

The coverage phase (every bound of every operation, about three quarters of the time) and the other phases
(examples, fuzzing, stateful) can run in different processes: ``CADENCE_SCHEMATHESIS_PHASES`` lists the
phases to run (all by default), and a phase written ``coverage@1/2`` runs on the first of two shares of the
operations only (each operation's share is fixed by a checksum of its method and path, so ``@1/2`` and ``@2/2``
together are every operation). CI runs half the coverage phase in its SQLite pass and the other half with the
other phases in its PostgreSQL pass, which run at the same time; the contract does not depend on the database.
Without that variable the test runs on SQLite only (``CADENCE_EVERY_DATABASE=1``: on every database).
"""

from __future__ import annotations

import io
import os
import zlib

import pytest
import schemathesis
from django.core.management import call_command

from cadence.accounts.models import User
from cadence.core import services as core_services
from cadence.core.models import Workspace

MAX_EXAMPLES = 4
PHASES = ("examples", "coverage", "fuzzing", "stateful")


Share = tuple[int, int] | None  # (k, n): the k-th of n shares of the operations; None: all of them


def _runs() -> dict[Share, set[str]]:
    """The phases this run asks for, by share of the operations (``CADENCE_SCHEMATHESIS_PHASES``, comma
    separated, each ``phase`` or ``phase@k/n``; all phases on all operations by default)."""
    asked = os.environ.get("CADENCE_SCHEMATHESIS_PHASES", "").strip()
    if not asked:
        return {None: set(PHASES)}
    runs: dict[Share, set[str]] = {}
    for item in (p.strip() for p in asked.split(",") if p.strip()):
        phase, _, share_text = item.partition("@")
        share: Share = None
        if share_text:
            k, _, n = share_text.partition("/")
            if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
                pytest.fail(f"CADENCE_SCHEMATHESIS_PHASES: {item!r}: write a share as phase@k/n, 1 <= k <= n")
            share = (int(k), int(n))
        if phase not in PHASES:
            pytest.fail(f"CADENCE_SCHEMATHESIS_PHASES: unknown phase {phase!r}; known: {PHASES}")
        runs.setdefault(share, set()).add(phase)
    return runs


def in_share(method: str, path: str, share: Share) -> bool:
    """Whether the operation falls in the share (a checksum of its method and path: the same on every machine)."""
    if share is None:
        return True
    k, n = share
    return zlib.crc32(f"{method.upper()} {path}".encode()) % n == k - 1


def test_the_shares_cover_every_operation_once() -> None:
    operations = [(m, f"/api/v1/x{i}") for i in range(200) for m in ("GET", "POST")]
    for n in (1, 2, 3):
        counts = [sum(in_share(m, p, (k, n)) for m, p in operations) for k in range(1, n + 1)]
        assert sum(counts) == len(operations) and min(counts) > len(operations) / n / 2


def _runs_here() -> None:
    from django.db import connection

    if (connection.vendor != "sqlite" and "CADENCE_SCHEMATHESIS_PHASES" not in os.environ
            and os.environ.get("CADENCE_EVERY_DATABASE") != "1"):
        pytest.skip("schemathesis runs on the SQLite pass (CADENCE_SCHEMATHESIS_PHASES or "
                    "CADENCE_EVERY_DATABASE=1 run it here)")
# Statuses a schema-valid request may get (the default, plus 400 for refused business rules).
POSITIVE_STATUSES = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]


@pytest.fixture
def demo(live_server, settings):
    _runs_here()
    settings.CADENCE_API_RATE_LIMIT = 0  # thousands of requests in a minute: the limit is tested elsewhere
    # schemathesis also sends requests with no or a wrong token (and checks they are refused): dozens a minute
    # from one address, which the bad-token throttle answers 429 for every request, good tokens too (tested in
    # tests/api/test_auth.py)
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", force=True, stdout=io.StringIO())
    workspace = Workspace.objects.get(slug="demo")
    manager = User.objects.get(email="manager@demo.cadence.test")
    token = core_services.create_api_token(actor=manager, name="schemathesis")[1]
    engagement = workspace.engagements.order_by("start_date").first()
    return {"workspace": workspace, "token": token, "engagement": engagement, "url": live_server.url}


def _config(demo, phases):
    from schemathesis.config import SchemathesisConfig

    checks = {"enabled": True, "positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES}}
    return SchemathesisConfig.from_dict({
        "seed": 20261129,
        "workers": 1,
        "headers": {"Authorization": f"Bearer {demo['token']}"},
        "generation": {"max-examples": MAX_EXAMPLES},
        "checks": checks,
        "phases": {
            "examples": {"enabled": "examples" in phases},
            "coverage": {"enabled": "coverage" in phases},
            "fuzzing": {"enabled": "fuzzing" in phases},
            "stateful": {"enabled": "stateful" in phases, "max-steps": 4},
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
    runs = _runs()
    failures: list[str] = []
    errors: list[str] = []
    statuses: dict[str, set[int]] = {}
    for share, phases in runs.items():
        _run(demo, share, phases, failures, errors, statuses)
    assert not errors, "\n".join(errors)
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} schemathesis failures:\n" + "\n".join(unique)
    # Not vacuous: requests got through to the rules, reads and writes alike (the coverage phase alone sends
    # mostly requests that break a bound: it must at least have had them refused with 422).
    every = set().union(*runs.values())
    if every - {"coverage"}:
        assert 200 in statuses["GET"] and 201 in statuses["POST"] and 200 in statuses["PATCH"], statuses
    else:
        assert 200 in statuses["GET"] and 422 in statuses["POST"] and 422 in statuses["PATCH"], statuses


def _run(demo, share: Share, phases: set[str], failures: list[str], errors: list[str],
         statuses: dict[str, set[int]]) -> None:
    import time

    from schemathesis.engine import events, from_schema

    schema = schemathesis.openapi.from_url(demo["url"] + "/api/v1/openapi.json", config=_config(demo, phases))
    if share is not None:
        schema = schema.include(lambda ctx: in_share(ctx.operation.method, ctx.operation.path, share))
    where = "every operation" if share is None else f"share {share[0]}/{share[1]}"
    print(f"schemathesis: {sorted(phases)} on {where}")
    finished = None
    phase_started: dict[str, float] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted):
            phase_started[str(event.phase.name)] = time.monotonic()
        elif isinstance(event, events.PhaseFinished):
            name = str(event.phase.name)
            print(f"schemathesis phase {name}: {time.monotonic() - phase_started.get(name, 0):.1f} s")
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
