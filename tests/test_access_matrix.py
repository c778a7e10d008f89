"""The access matrix: every route, every role, our objects and everybody else's (the pretix way).

Routes are found from the URL resolver and from the API's OpenAPI schema, never from a hand list, so a
new route is covered the day it is added. Each route's path parameters are filled with real objects:

* ``own``      -- objects of our workspace that every member may see (the approver's and viewer's client);
* ``foreign``  -- our workspace's slug with the objects of another workspace           -> 404 for everyone;
* ``crossed``  -- our parent object with a child of another workspace (or of a client
                  the user may not see)                                               -> 404 for everyone;
* ``hidden``   -- objects of a client the client users have no access to              -> 404 for them.

And for every route: anonymous -> login redirect (UI) or 401 (API); the member of another workspace
-> 404 on every route of our workspace; no 500 for anyone; client users -> 403/404 on staff-only
routes; no response shows another workspace's (or a hidden client's) names. A route whose parameters
cannot be filled fails with a message saying where to add a filler.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# --- which routes ----------------------------------------------------------------------------------

# Prefixes the matrix does not walk: Django's admin, static files, allauth's own pages (tested below in
# test_it_logs_in_through_allauth), the language switch, and the API (walked from its OpenAPI schema).
SKIP_PREFIXES = ("admin/", "static/", "media/", "accounts/", "i18n/", "api/v1/")

# Routes anybody may open without signing in (with the reason). Everything else needs a login.
PUBLIC_ROUTES = {
    "core:invitation-accept": "the invitation page explains the invitation before sign-in or sign-up",
}
# Routes whose object is reached by a secret in the URL rather than by membership: no tenancy expectations.
BEARER_ROUTES = {"core:invitation-accept"}

# Staff-only routes (templates, team management, time logging, workspace administration): a client user
# gets 403 or 404. Matched against the URL name (UI) or "METHOD path" (API).
STAFF_ONLY_UI = [
    r"template", r"^core:member-", r"^core:invitation-revoke", r"(^|:)time-", r"entry", r"override",
    r"^core:workspace-settings", r"^core:audit-list", r"^core:client-(new|edit)$", r"engagement-(new|edit|terms)$",
    r"phases?-(edit|complete|keep-open|preview)", r"gate-record",
]
STAFF_ONLY_API = [r"^GET /api/v1/workspaces/[^/]+/(templates|members)",
                  # every write, except what a client user does by design (approvals, comments, the brief)
                  r"^(POST|PUT|PATCH|DELETE) (?!.*(approv|comment|brief)).*"]

# Routes a client user must be able to open for their own engagements (200), not merely "not a 500":
# the engagement page and the timeline downloads are what an agency sends its clients to.
CLIENT_ALLOWED_UI = [r"^engagements:engagement-detail$", r"^engagements:engagement-gantt$",
                     r"^engagements:engagement-timeline-(png|pdf|svg)$"]

# Routes where roles differ by capability, not only staff versus client: the exact outcome per role on our own
# objects. ``client.approve`` is granted to the client approver and to no one else (not the viewer, and not the
# agency's staff, who record gates through gate-record): the approver's request goes through, everyone else's is 403.
_APPROVER_ONLY_UI = {"approver": {302}, "viewer": {403}, "owner": {403}, "manager": {403}, "specialist": {403}}
_APPROVER_ONLY_API = {**_APPROVER_ONLY_UI, "approver": {200}}
EXACT_OUTCOMES: dict[str, dict[str, set[int]]] = {
    "engagements:gate-approve": _APPROVER_ONLY_UI,
    "POST /api/v1/workspaces/{workspace}/engagements/{engagement}/gates/{gate}/approve": _APPROVER_ONLY_API,
}

PARAM_RE = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>\w+)>")
API_PARAM_RE = re.compile(r"{(?:(?P<conv>[^}:]+):)?(?P<name>\w+)}")

ROLES = ("owner", "manager", "specialist", "approver", "viewer")
CLIENT_ROLES = ("approver", "viewer")

# Names that must never show up for a user who cannot see them (words, not hex: uuids can't collide).
MARK_OURS = "Kiwi"       # our client and engagement: every member of our workspace sees them
MARK_HIDDEN = "Mango"    # a client of our workspace the client users have no access to
MARK_FOREIGN = "Papaya"  # the other workspace's client and engagement
OUR_EMAIL_DOMAIN = "agency.test"  # emails of our staff (conftest)


@dataclass(frozen=True)
class Route:
    kind: str  # "ui" or "api"
    name: str  # URL name (ui) or "METHOD path" (api)
    path: str  # with <conv:name> / {name} placeholders
    methods: tuple[str, ...]  # api: methods from the schema; ui: () -> GET, then POST on 405
    params: tuple[tuple[str, str], ...]  # (converter, name)
    body_schema: str = ""  # api: the JSON schema of the request body (resolved), as JSON text

    def __str__(self) -> str:
        return self.name


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + route, ns)
        elif isinstance(p, URLPattern):
            yield prefix + route, f"{namespace}{p.name or ''}", p


def ui_routes() -> list[Route]:
    out = []
    for path, name, _pattern in _walk(get_resolver().url_patterns):
        if path.startswith(SKIP_PREFIXES) or path.lstrip("^").startswith(SKIP_PREFIXES):
            continue
        if path.startswith("^") or "(?P<" in path:  # a regex route: the matrix only fills path() routes
            out.append(Route("ui", name or path, path, (), (("regex", path),)))
            continue
        params = tuple((m["conv"] or "str", m["name"]) for m in PARAM_RE.finditer(path))
        out.append(Route("ui", name or path, "/" + path, (), params))
    return out


def api_routes() -> list[Route]:
    try:
        from cadence.api.api import api
    except ImportError as exc:  # the API module is missing: report it as one failing case
        return [Route("api", f"cadence.api.api missing ({exc})", "", (), (("missing", "api"),))]
    schema = api.get_openapi_schema()
    out = []
    for raw_path, ops in schema["paths"].items():
        path = raw_path if raw_path.startswith("/api/v1/") else "/api/v1/" + raw_path.lstrip("/")
        methods = tuple(m.upper() for m in ops if m.lower() in {"get", "post", "put", "patch", "delete"})
        formats = {}
        for op in ops.values():
            for prm in op.get("parameters", []) if isinstance(op, dict) else []:
                if prm.get("in") == "path":
                    formats[prm["name"]] = (prm.get("schema") or {}).get("format", "")
        params = tuple(
            ("uuid" if formats.get(m["name"]) == "uuid" or m["conv"] == "uuid" else m["conv"] or "str", m["name"])
            for m in API_PARAM_RE.finditer(path)
        )
        for method in methods:
            body = (ops[method.lower()].get("requestBody") or {}).get("content", {}).get("application/json", {})
            resolved = _resolve(body.get("schema"), schema.get("components", {}).get("schemas", {}))
            out.append(Route("api", f"{method} {path}", path, (method,), params,
                             json.dumps(resolved) if resolved else ""))
    return out


def _resolve(node: Any, components: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolve(components[node["$ref"].rsplit("/", 1)[-1]], components)
        return {k: _resolve(v, components) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, components) for v in node]
    return node


def all_routes() -> list[Route]:
    return ui_routes() + api_routes()


# --- the objects ----------------------------------------------------------------------------------

@dataclass
class World:
    users: dict[str, Any]
    raw_tokens: dict[str, str]  # API token per user key
    objs: dict[str, dict[str, Any]]  # variant -> {param: object}
    token_owner: dict[str, str]  # ApiToken uuid -> user key


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(workspace, other_workspace, owner, manager, specialist, approver, viewer, outsider, client_obj,
          other_client, engagement) -> World:
    from cadence.core import services as core
    from cadence.core.models import Membership, Role
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    core.update_client(actor=owner, client=client_obj, name=f"{MARK_OURS} Bakery")
    eng.update_engagement(actor=owner, engagement=engagement, name=f"{MARK_OURS} retainer",
                          start_date=dt.date(2026, 1, 5))
    core.update_client(actor=owner, client=other_client, name=f"{MARK_HIDDEN} Traders")
    foreign_client = core.create_client(actor=outsider, workspace=other_workspace, name=f"{MARK_FOREIGN} Shop",
                                        country="RO", language="ro")

    def make_engagement(actor, ws, client, name):
        template = ProcessTemplate.objects.get(workspace=ws, key="retainer")
        return eng.create_engagement(
            actor=actor, workspace=ws, client=client, template=template, name=name,
            start_date=dt.date(2026, 1, 5), monthly_hours=Decimal(40), country="RO",
            time_zone="Europe/Bucharest", currency="EUR", language="ro",
        )

    hidden_engagement = make_engagement(owner, workspace, other_client, f"{MARK_HIDDEN} retainer")
    foreign_engagement = make_engagement(outsider, other_workspace, foreign_client, f"{MARK_FOREIGN} retainer")

    def children(actor, ws, eng_obj):
        membership = Membership.objects.get(workspace=ws, user=actor)
        phase = eng_obj.phases.order_by("order").first()
        entry, _ = eng.log_time(actor=actor, membership=membership, engagement=eng_obj, phase=phase,
                                date=dt.date(2026, 1, 8), hours=Decimal(2), note="research",
                                reason="Back-dated for the matrix")  # month 1 may be closed by now
        override = eng.add_override(actor=actor, engagement=eng_obj, month=1, extra_hours=Decimal(2),
                                    reason="Launch week")
        gate = eng_obj.gates.order_by("id").first()
        template = eng.copy_template(actor=actor, template=ProcessTemplate.objects.get(workspace=ws, key="retainer"),
                                     name="Custom process")
        return {"engagement": eng_obj, "client": eng_obj.client, "phase": phase, "gate": gate, "entry": entry,
                "time_entry": entry, "override": override, "template": template}

    ours = children(owner, workspace, engagement)
    hidden = children(owner, workspace, hidden_engagement)
    foreign = children(outsider, other_workspace, foreign_engagement)

    invitation_ours, raw_inv_ours = core.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                                      role=Role.SPECIALIST)
    invitation_foreign, raw_inv_foreign = core.invite_member(actor=outsider, workspace=other_workspace,
                                                            email="new@elsewhere.test", role=Role.SPECIALIST)
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer,
             "outsider": outsider}
    raw_tokens, token_owner, tokens = {}, {}, {}
    for key, user in users.items():
        token, raw = core.create_api_token(actor=user, name=f"matrix {key}")
        raw_tokens[key], token_owner[str(token.uuid)], tokens[key] = raw, key, token

    common_ours = {"workspace": workspace, "member": Membership.objects.get(workspace=workspace, user=specialist),
                   "invitation": invitation_ours, "invitation_token": raw_inv_ours, "token": tokens["owner"]}
    common_foreign = {"workspace": workspace, "member": Membership.objects.get(workspace=other_workspace, user=outsider),
                      "invitation": invitation_foreign, "invitation_token": raw_inv_foreign,
                      "token": tokens["outsider"]}
    objs = {
        "own": {**common_ours, **ours},
        "foreign": {**common_foreign, **foreign},
        "hidden": {**common_ours, **hidden},
        # crossed: the parent (workspace, engagement, client) is ours; each child belongs elsewhere
        "crossed": {**common_ours, **{k: v for k, v in foreign.items() if k not in ("engagement", "client")},
                    "engagement": engagement, "client": client_obj},
        "crossed_hidden": {**common_ours, **{k: v for k, v in hidden.items() if k not in ("engagement", "client")},
                           "engagement": engagement, "client": client_obj},
    }
    return World(users=users, raw_tokens=raw_tokens, objs=objs, token_owner=token_owner)


# --- fillers --------------------------------------------------------------------------------------

class MissingFiller(Exception):
    pass


def _uuid_or_key(obj: Any, conv: str) -> str:
    return str(obj.uuid) if conv == "uuid" else obj.key


FILLERS: dict[str, Callable[[dict[str, Any], str], str]] = {
    "workspace": lambda o, conv: o["workspace"].slug,
    "client": lambda o, conv: str(o["client"].uuid),
    "engagement": lambda o, conv: str(o["engagement"].uuid),
    "template": lambda o, conv: str(o["template"].uuid),
    "member": lambda o, conv: str(o["member"].uuid),
    "invitation": lambda o, conv: str(o["invitation"].uuid),
    "token": lambda o, conv: str(o["token"].uuid) if conv == "uuid" else o["invitation_token"],
    "entry": lambda o, conv: str(o["entry"].uuid),
    "time_entry": lambda o, conv: str(o["entry"].uuid),
    "override": lambda o, conv: str(o["override"].uuid),
    "phase": lambda o, conv: _uuid_or_key(o["phase"], conv),
    "gate": lambda o, conv: _uuid_or_key(o["gate"], conv),
    "month": lambda o, conv: "1",
}
# Parameters that name something of our workspace (a different object per variant); the others are keys.
OBJECT_PARAMS = {"client", "engagement", "template", "member", "invitation", "token", "entry", "time_entry",
                 "override", "phase", "gate"}


# Values for request-body fields, by name, so that a body validates and the check reaches the view.
BODY_VALUES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "client": lambda o: str(o["client"].uuid),
    "engagement": lambda o: str(o["engagement"].uuid),
    "template": lambda o: str(o["template"].uuid),
    "phase": lambda o: o["phase"].key,
    "gate": lambda o: o["gate"].key,
    "user": lambda o: None,
    "date": lambda o: "2026-01-08",
    "passed_on": lambda o: "2026-01-08",
    "start_date": lambda o: "2027-01-11",
    "country": lambda o: "RO",
    "language": lambda o: "ro",
    "currency": lambda o: "EUR",
    "time_zone": lambda o: "Europe/Bucharest",
    "email": lambda o: "matrix@agency.test",
    "month": lambda o: 1,
    "week": lambda o: "2026-W02",
}


def example_body(schema: Any, objs: dict[str, Any]) -> Any:
    """The smallest body the schema accepts: its required fields with plausible values."""
    if not isinstance(schema, dict):
        return None
    if "anyOf" in schema or "oneOf" in schema:
        options = [o for o in schema.get("anyOf", schema.get("oneOf", [])) if o.get("type") != "null"]
        return example_body(options[0], objs) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: BODY_VALUES[name](objs) if name in BODY_VALUES else example_body(props[name], objs)
                for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind in ("number", "integer"):
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-01-08"
    if schema.get("format") == "uuid":
        return "00000000-0000-0000-0000-000000000000"
    return "Matrix"


def fill(route: Route, objs: dict[str, Any]) -> str:
    rx = PARAM_RE if route.kind == "ui" else API_PARAM_RE
    missing = [name for conv, name in route.params if name not in FILLERS or conv in ("regex", "missing")]
    if missing:
        raise MissingFiller(
            f"route {route.name!r} ({route.path}) has parameter(s) {missing} that the access matrix cannot fill: "
            f"add a filler to FILLERS in tests/test_access_matrix.py (and the object to the `world` fixture)."
        )
    convs = dict((n, c) for c, n in route.params)
    return rx.sub(lambda m: FILLERS[m["name"]](objs, convs[m["name"]]), route.path)


def object_params(route: Route) -> list[str]:
    # keys (phase/gate slugs) are the same strings in every workspace: they cannot point elsewhere
    return [n for c, n in route.params if n in OBJECT_PARAMS and not (n in ("phase", "gate") and c != "uuid")]


def staff_only(route: Route) -> bool:
    patterns = STAFF_ONLY_UI if route.kind == "ui" else STAFF_ONLY_API
    return any(re.search(p, route.name) for p in patterns)


def workspace_scoped(route: Route) -> bool:
    return any(n == "workspace" for _, n in route.params)


# --- requests -------------------------------------------------------------------------------------

def _rollback_request(do: Callable[[], Any]) -> Any:
    """Run one request in a savepoint that is rolled back, so a POST cannot change the next case."""
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


def request(route: Route, client: Client, url: str, token: str | None = None,
            objs: dict[str, Any] | None = None) -> tuple[str, Any]:
    if route.kind == "ui":
        response = _rollback_request(lambda: client.get(url))
        if response.status_code == 405:
            return "POST", _rollback_request(lambda: client.post(url, {}))
        return "GET", response
    method = route.methods[0]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = None
    if method in ("POST", "PUT", "PATCH"):
        body = example_body(json.loads(route.body_schema), objs or {}) if route.body_schema else {}
    kwargs: dict[str, Any] = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return method, _rollback_request(lambda: getattr(client, method.lower())(url, **kwargs, **headers))


def body_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return ""
    try:
        return response.content.decode("utf-8", "replace")
    except Exception:  # pragma: no cover
        return ""


# --- the matrix -----------------------------------------------------------------------------------

ROUTES = all_routes()


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_it_guards_route(route: Route, world: World, login) -> None:
    problems: list[str] = []
    try:
        fill(route, world.objs["own"])
    except MissingFiller as exc:
        pytest.fail(str(exc))
    is_api = route.kind == "api"
    scoped = workspace_scoped(route)
    bearer = route.name in BEARER_ROUTES

    def check(who: str, variant: str, expect: Callable[[int], bool], wanted: str) -> int:
        url = fill(route, world.objs[variant])
        client = Client(raise_request_exception=False)
        token = None
        if who != "anonymous":
            if is_api:
                token = world.raw_tokens[who]
            else:
                login(client, world.users[who])
        method, response = request(route, client, url, token, world.objs[variant])
        status = response.status_code
        where = f"{who:<10} {variant:<14} {method} {url}"
        if status >= 500:
            exc = getattr(response, "exc_info", None)
            detail = f" ({exc[0].__name__}: {exc[1]})" if exc else ""
            problems.append(f"{where}: {status} server error{detail}")
            return status
        if status == 422:
            problems.append(f"{where}: 422 — the matrix's example body does not validate: {body_text(response)[:300]} "
                            f"(add the field to BODY_VALUES in tests/test_access_matrix.py)")
            return status
        if not expect(status):
            problems.append(f"{where}: got {status}, expected {wanted}")
        if status == 200:
            text = body_text(response)
            forbidden = {MARK_FOREIGN: "another workspace's object"}
            if who == "outsider":
                forbidden = {MARK_OURS: "our workspace's object", MARK_HIDDEN: "our workspace's object",
                             OUR_EMAIL_DOMAIN: "our staff's emails"}
            elif who in CLIENT_ROLES:
                forbidden[MARK_HIDDEN] = "a client this client user has no access to"
            for mark, what in forbidden.items():
                if mark in text and not bearer:
                    problems.append(f"{where}: the response shows {what} ({mark!r})")
        return status

    def is_404(status: int) -> bool:
        return status == 404

    want_404 = "404"

    # anonymous
    if is_api:
        check("anonymous", "own", lambda s: s == 401, "401")
    elif route.name in PUBLIC_ROUTES:
        check("anonymous", "own", lambda s: s < 500, "no server error")
    else:
        url = fill(route, world.objs["own"])
        method, response = request(route, Client(raise_request_exception=False), url)
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith("/accounts/login/"):
            problems.append(f"anonymous  own            {method} {url}: got {response.status_code} "
                            f"{location!r}, expected a 302 to /accounts/login/")

    # the member of another workspace
    if scoped and not bearer:
        check("outsider", "own", is_404, want_404)
    elif any(n == "token" for c, n in route.params if c == "uuid"):
        check("outsider", "own", is_404, "404 (someone else's token)")
    else:
        check("outsider", "own", lambda s: s < 500, "no server error")

    if bearer:
        for role in ROLES:
            check(role, "own", lambda s: s < 500, "no server error")
            check(role, "foreign", lambda s: s < 500, "no server error")
        assert not problems, "\n".join(problems)
        return

    params = object_params(route)
    token_route = "token" in params
    for role in ROLES:
        # our own objects
        exact = EXACT_OUTCOMES.get(route.name, {}).get(role)
        if exact is not None:
            own = check(role, "own", lambda s, exact=exact: s in exact, " or ".join(map(str, sorted(exact))))
        elif role in CLIENT_ROLES and staff_only(route):
            own = check(role, "own", lambda s: s in (403, 404), "403 or 404 (staff only)")
        elif role in CLIENT_ROLES and route.kind == "ui" and any(re.search(p, route.name) for p in CLIENT_ALLOWED_UI):
            own = check(role, "own", lambda s: s == 200, "200 (client users may open this)")
        elif token_route and role != "owner":
            own = check(role, "own", is_404, "404 (someone else's token)")
        elif role == "owner":
            # the fillers must fit: the owner reaches every route of its own workspace
            own = check(role, "own", lambda s: s != 404, "not 404 — does the filler give the object the route needs?")
        else:
            own = check(role, "own", lambda s: True, "anything but a server error")
        if not params:
            continue
        # A role too weak for the route gets 403 whatever the object: that reveals nothing. Otherwise an
        # object the user may not see must look exactly like a missing one: 404.
        if own == 403:
            hide, hide_wanted = (lambda s: s in (403, 404)), "403 (as for our own object) or 404"
        else:
            hide, hide_wanted = is_404, want_404
        # another workspace's objects under our slug
        check(role, "foreign", hide, hide_wanted)
        # our parent, someone else's child
        if len(params) >= 2:
            check(role, "crossed", hide, hide_wanted)
            if set(params) & {"engagement", "client"}:
                check(role, "crossed_hidden", hide, hide_wanted)
        # a client of our workspace the client users cannot see
        if set(params) & {"engagement", "client", "entry", "time_entry", "override", "phase", "gate"}:
            if role in CLIENT_ROLES:
                check(role, "hidden", hide, hide_wanted)
            else:
                check(role, "hidden", lambda s: True, "anything but a server error")

    assert not problems, f"{len(problems)} problem(s) on {route.name}:\n" + "\n".join(problems)


def test_it_found_the_routes() -> None:
    names = {r.name for r in ROUTES}
    assert set(EXACT_OUTCOMES) <= names, set(EXACT_OUTCOMES) - names
    for fmt in ("png", "pdf", "svg"):
        assert f"engagements:engagement-timeline-{fmt}" in names
    for expected in ("core:dashboard", "core:client-detail", "engagements:engagement-detail"):
        assert expected in names, f"{expected} was not found by walking the URL resolver"
    assert any(r.kind == "api" for r in ROUTES), "no API route was found in the OpenAPI schema"


# --- allauth's own pages --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_it_serves_allauth_pages_to_anonymous(client, path) -> None:
    assert client.get(path).status_code == 200


def test_it_logs_in_through_allauth(client, owner, workspace) -> None:
    from tests.conftest import PASSWORD

    wrong = client.post("/accounts/login/", {"login": owner.email, "password": "not-the-password"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    right = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert client.get(f"/w/{workspace.slug}/").status_code == 200


def test_it_refuses_the_api_without_a_valid_token(client, workspace) -> None:
    assert client.get("/api/v1/workspaces", HTTP_AUTHORIZATION="Bearer cad_not-a-token").status_code == 401
