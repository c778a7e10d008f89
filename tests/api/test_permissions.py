"""Every API route as anonymous, as the member of another workspace and as each role.

The expected status per role mirrors the UI's capabilities: client users read their own clients'
engagements, schedule and hours, and write nothing; specialists log time; managers and owners run
engagements. Each request runs in a rolled-back savepoint, so one role's write cannot change the
next role's case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from cadence.core.models import Membership
from cadence.engagements import services as eng_services
from tests.api import Api, api_fixture, fast_fixture, token_for  # noqa: F401

ROLES = ("owner", "manager", "specialist", "approver", "viewer")
STAFF = {"owner": 200, "manager": 200, "specialist": 200, "approver": 403, "viewer": 403}
EVERYONE = dict.fromkeys(ROLES, 200)
MANAGERS = {"owner": 200, "manager": 200, "specialist": 403, "approver": 403, "viewer": 403}
APPROVER_ONLY = {"owner": 403, "manager": 403, "specialist": 403, "approver": 200, "viewer": 403}


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # {ws}, {client}, {engagement}, {entry} are filled from the fixtures
    expect: dict[str, int]
    body: Callable[[dict[str, Any]], Any] | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def created(expect: dict[str, int], code: int = 201) -> dict[str, int]:
    return {role: code if status == 200 else status for role, status in expect.items()}


E = "/workspaces/{ws}/engagements/{engagement}"
CASES = [
    Case("GET", "/workspaces/{ws}", EVERYONE),
    Case("GET", "/workspaces/{ws}/templates", STAFF),
    Case("GET", "/workspaces/{ws}/clients", EVERYONE),
    Case("POST", "/workspaces/{ws}/clients", created(MANAGERS), lambda o: {"name": "New Co", "country": "RO"}),
    Case("GET", "/workspaces/{ws}/clients/{client}", EVERYONE),
    Case("PATCH", "/workspaces/{ws}/clients/{client}", MANAGERS, lambda o: {"notes": "Prefers email."}),
    Case("GET", "/workspaces/{ws}/engagements", EVERYONE),
    Case("POST", "/workspaces/{ws}/engagements", created(MANAGERS), lambda o: {
        "client": str(o["client"].uuid), "template": "sostac", "name": "Plan", "start_date": "2026-10-05",
        "monthly_hours": 20, "country": "MD", "time_zone": "Europe/Chisinau", "language": "ru",
    }),
    Case("GET", E, EVERYONE),
    Case("PATCH", E, MANAGERS, lambda o: {"name": "Renamed retainer"}),
    Case("GET", E + "/phases", EVERYONE),
    Case("PATCH", E + "/phases/research", MANAGERS, lambda o: {"completed_on": "2026-11-20"}),
    Case("GET", E + "/gates", EVERYONE),
    Case("POST", E + "/gates/plan_approved", MANAGERS, lambda o: {"passed_on": "2026-11-20", "note": "By email",
                                                                  "approved_by": "Ion Popescu, director"}),
    Case("POST", E + "/phases/research/complete", MANAGERS, lambda o: {}),
    Case("POST", E + "/phases/research/keep-open", MANAGERS),
    # the client's approver confirms the plan; the viewer and the agency's staff cannot use this route
    Case("POST", E + "/gates/plan_approved/approve", APPROVER_ONLY, lambda o: {"note": "Looks good"}),
    Case("GET", E + "/schedule", EVERYONE),
    Case("GET", E + "/hours", EVERYONE),
    Case("GET", E + "/history", STAFF),
    Case("GET", E + "/time-entries", STAFF),
    Case("POST", E + "/time-entries", created(STAFF), lambda o: {"date": "2026-11-20", "hours": 2, "phase": "research"}),
    Case("DELETE", E + "/time-entries/{entry}", created(STAFF, 204)),
    Case("POST", E + "/overrides", created(MANAGERS), lambda o: {"month": 3, "extra_hours": 4, "reason": "Launch"}),
]


@pytest.fixture
def objs(workspace, owner, manager, specialist, approver, viewer, outsider, client_obj, engagement):
    membership = Membership.objects.get(workspace=workspace, user=specialist)
    # The specialist's own entry: every staff role may delete it (the specialist as its author).
    entry, _ = eng_services.log_time(actor=specialist, membership=membership, engagement=engagement,
                                     phase=engagement.phases.get(key="research"), date=dt.date(2026, 11, 9),
                                     hours=Decimal(3))
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer,
             "outsider": outsider}
    return {"ws": workspace, "client": client_obj, "engagement": engagement, "entry": entry,
            "tokens": {key: token_for(user) for key, user in users.items()}}


def url_for(case: Case, o: dict[str, Any]) -> str:
    return case.path.format(ws=o["ws"].slug, client=o["client"].uuid, engagement=o["engagement"].uuid,
                            entry=o["entry"].uuid)


def call(case: Case, o: dict[str, Any], token: str | None) -> Any:
    client = Api(token)
    with transaction.atomic():
        body = case.body(o) if case.body else None
        if case.method == "GET":
            response = client.get(url_for(case, o))
        elif case.method == "DELETE":
            response = client.delete(url_for(case, o))
        else:
            response = client.request(case.method, url_for(case, o), body)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("case", CASES, ids=str)
def test_it_answers_each_role_as_expected(case, objs):
    problems = []
    checks = [("anonymous", None, 401), ("outsider", objs["tokens"]["outsider"], 404)]
    checks += [(role, objs["tokens"][role], case.expect[role]) for role in ROLES]
    for who, token, wanted in checks:
        response = call(case, objs, token)
        if response.status_code != wanted:
            problems.append(f"{who}: {response.status_code} (wanted {wanted}) {response.content[:200]!r}")
        elif wanted >= 400:
            body = response.json()
            assert body["detail"] and body["code"], body
    assert not problems, "\n".join(problems)


def test_it_lists_only_the_callers_workspaces(api, owner, outsider, workspace, other_workspace):
    mine = api(owner).get("/workspaces").json()
    assert [(w["slug"], w["role"]) for w in mine] == [("agency-one", "owner")]
    theirs = api(outsider).get("/workspaces").json()
    assert [w["slug"] for w in theirs] == ["elsewhere"]
    assert api(None).get("/workspaces").status_code == 401


def test_it_hides_clients_a_client_user_has_no_access_to(api, owner, approver, workspace, client_obj, other_client):
    from cadence.engagements.models import ProcessTemplate

    hidden = eng_services.create_engagement(
        actor=owner, workspace=workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Hidden",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="MD", time_zone="Europe/Chisinau",
    )
    a = api(approver)
    assert [c["id"] for c in a.get("/workspaces/agency-one/clients").json()["items"]] == [str(client_obj.uuid)]
    assert a.get("/workspaces/agency-one/engagements").json()["count"] == 0
    assert a.get(f"/workspaces/agency-one/clients/{other_client.uuid}").status_code == 404
    for suffix in ("", "/schedule", "/hours", "/phases", "/gates", "/history", "/time-entries"):
        assert a.get(f"/workspaces/agency-one/engagements/{hidden.uuid}{suffix}").status_code == 404, suffix
    # the agency team sees both
    assert api(owner).get("/workspaces/agency-one/clients").json()["count"] == 2


def test_it_answers_404_for_another_workspaces_objects_under_our_slug(api, owner, outsider, other_workspace):
    from cadence.core import services as core_services
    from cadence.engagements.models import ProcessTemplate

    foreign_client = core_services.create_client(actor=outsider, workspace=other_workspace, name="Far Co")
    foreign = eng_services.create_engagement(
        actor=outsider, workspace=other_workspace, client=foreign_client,
        template=ProcessTemplate.objects.get(workspace=other_workspace, key="retainer"), name="Far",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="RO", time_zone="Europe/Bucharest",
    )
    a = api(owner)
    assert a.get(f"/workspaces/agency-one/clients/{foreign_client.uuid}").status_code == 404
    assert a.get(f"/workspaces/agency-one/engagements/{foreign.uuid}").status_code == 404
    assert a.get(f"/workspaces/agency-one/engagements/{foreign.uuid}/schedule").status_code == 404
    assert a.patch(f"/workspaces/agency-one/engagements/{foreign.uuid}", {"name": "Mine"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Far"


def test_it_answers_405_for_a_method_the_route_does_not_have(api, owner, workspace):
    assert api(owner).delete("/workspaces/agency-one/clients").status_code == 405
