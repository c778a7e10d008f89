"""The access matrix: every route, every role, our objects and everybody else's (the pretix way).

Routes are found from the URL resolver and from the API's OpenAPI schema, never from a hand list, so a
new route is covered the day it is added. Each route DECLARES its access (``cadence/access.py``): the UI
view's ``access`` attribute, set by ``tenancy.workspace_view`` / ``tenancy.signed_in`` /
``tenancy.public``, and the API operation's ``x-cadence-access`` in the OpenAPI schema, set by
``declare(...)``. The matrix reads that declaration and asserts, for every role (owner, manager,
specialist, client approver, client viewer, the member of another workspace, anonymous), the EXACT
outcome (see ``expected``):

* ``allowed`` -- 2xx, a 3xx that is not the login page, or a 400/409 (the route let the user in and the
  service refused the matrix's empty input); never 401/403/404/405/422 nor 5xx;
* ``403``     -- the role is too weak for the route (or, for a client capability, for the object's client);
* ``404``     -- an object in the URL is not one the user may see (another workspace's, a hidden client's),
                 even when the role is too weak anyway: a refusal never confirms that an object exists;
* ``login``   -- a 302 to /accounts/login/ (UI) or a 401 (API).

Path parameters are filled with real objects:

* ``own``      -- objects of our workspace that every member may see (the approver's and viewer's client);
* ``foreign``  -- our workspace's slug with the objects of another workspace           -> 404;
* ``crossed``  -- our parent object with a child of another workspace (or of a client
                  the user may not see)                                               -> 404;
* ``hidden``   -- objects of a client the client users have no access to              -> 404 for them.

On PostgreSQL (unless ``CADENCE_EVERY_DATABASE=1``) each route is walked with our own objects only, by every
role, the outsider and the anonymous visitor: the variants with another workspace's or a hidden client's objects
are answered by the same tenancy lookups whatever the database, and run in the SQLite pass (as the
``single_database`` tests do; see tests/conftest.py).

A route without a declaration fails with a message that says what to add; a route whose parameters
cannot be filled fails with a message saying where to add a filler. No response may be a 5xx or show
another workspace's (or a hidden client's) names.
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
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cadence import access as access_vocabulary
from cadence.core import registry
from cadence.core.models import ClientRole, Role

# --- which routes ----------------------------------------------------------------------------------

# Prefixes the matrix does not walk: Django's admin, static files, allauth's own pages (tested below in
# test_it_logs_in_through_allauth), the language switch, and the API (walked from its OpenAPI schema).
SKIP_PREFIXES = ("admin/", "static/", "media/", "accounts/", "i18n/", "api/v1/")

# Cross-check of the declarations for the approver/viewer difference: ``client.approve`` is granted to the
# client approver only (not the viewer, not the agency's staff, who record gates through gate-record). The
# matrix computes these outcomes from the declarations; this table pins them so that a lost declaration or
# a capability granted to the wrong role fails here too.
_APPROVER_ONLY = {"approver": "allowed", "viewer": "403", "owner": "403", "manager": "403", "specialist": "403",
                  "outsider": "404", "anonymous": "login"}
# "Allowed" for these means exactly 200 (not merely not refused): the engagement page and the timeline
# downloads are what an agency sends its clients to.
MUST_BE_200_UI = [r"^engagements:engagement-detail$", r"^engagements:engagement-gantt$",
                  r"^engagements:engagement-timeline-(png|pdf|svg)$"]
EXACT_OUTCOMES: dict[str, dict[str, str]] = {
    "engagements:gate-approve": _APPROVER_ONLY,
    "POST /api/v1/workspaces/{workspace}/engagements/{engagement}/gates/{gate}/approve": _APPROVER_ONLY,
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
    access: dict[str, Any] | None = None  # the declaration (Access.describe()); None: undeclared

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
    for path, name, pattern in _walk(get_resolver().url_patterns):
        if path.startswith(SKIP_PREFIXES) or path.lstrip("^").startswith(SKIP_PREFIXES):
            continue
        declared = access_vocabulary.declaration_of(pattern.callback)
        described = declared.describe() if declared is not None else None
        if path.startswith("^") or "(?P<" in path:  # a regex route: the matrix only fills path() routes
            out.append(Route("ui", name or path, path, (), (("regex", path),), access=described))
            continue
        params = tuple((m["conv"] or "str", m["name"]) for m in PARAM_RE.finditer(path))
        out.append(Route("ui", name or path, "/" + path, (), params, access=described))
    return out


def api_routes() -> list[Route]:
    try:
        from cadence.api.api import api
    except ImportError as exc:  # the API module is missing: report it as one failing case
        return [Route("api", f"cadence.api.api missing ({exc})", "", (), (("missing", "api"),))]
    return api_routes_from_schema(api.get_openapi_schema())


def api_routes_from_schema(schema: dict[str, Any]) -> list[Route]:
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
                             json.dumps(resolved) if resolved else "",
                             access=ops[method.lower()].get(access_vocabulary.OPENAPI_KEY)))
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


def every_variant_here() -> bool:
    """Whether this run walks every variant (SQLite, or ``CADENCE_EVERY_DATABASE=1``) or our objects only."""
    from django.db import connection

    from tests.conftest import _every_database

    return connection.vendor == "sqlite" or _every_database()


# --- the objects ----------------------------------------------------------------------------------

@dataclass
class World:
    users: dict[str, Any]
    raw_tokens: dict[str, str]  # API token per user key
    objs: dict[str, dict[str, Any]]  # variant -> {param: object}
    token_owner: dict[str, str]  # ApiToken uuid -> user key
    media: str = ""  # where its uploaded file is stored


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


# --- files (issue 8): the files the matrix uploads go to a temporary directory, not the repository's media/
@pytest.fixture(autouse=True)
def _files_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
# --- end of files


def build_world(workspace, other_workspace, owner, manager, specialist, approver, viewer, outsider, client_obj,
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

    def children(actor, ws, eng_obj, author=None):
        membership = Membership.objects.get(workspace=ws, user=actor)
        phase = eng_obj.phases.order_by("order").first()
        # our entries are the specialist's: the author (time.log) and managers (time.manage) may change them
        entry, _ = eng.log_time(actor=actor, membership=membership, engagement=eng_obj, phase=phase,
                                date=dt.date(2026, 1, 8), hours=Decimal(2), note="research", user=author,
                                reason="Back-dated for the matrix")  # month 1 may be closed by now
        override = eng.add_override(actor=actor, engagement=eng_obj, month=1, extra_hours=Decimal(2),
                                    reason="Launch week")
        gate = eng_obj.gates.order_by("id").first()
        template = eng.copy_template(actor=actor, template=ProcessTemplate.objects.get(workspace=ws, key="retainer"),
                                     name="Custom process")
        return {"engagement": eng_obj, "client": eng_obj.client, "phase": phase, "gate": gate, "entry": entry,
                "time_entry": entry, "override": override, "template": template,
                **plan_children(actor, membership, eng_obj), **file_children(author or actor, ws, eng_obj),
                **roadmap_children(actor, membership, eng_obj)}

    def plan_children(actor, membership, eng_obj):
        """The engagement's marketing plan with a record, submitted: version 1 is in review, so client users
        read it (they never read a draft) and the team's edits are refused by the state (400), not the role."""
        from cadence.plans import services as plans

        plan = plans.ensure_plan(actor=actor, engagement=eng_obj)
        record = plans.create_record(actor=actor, membership=membership, plan=plan, kind="competitor",
                                     data={"name": "Rival bakery"})
        plans.submit(actor=actor, membership=membership, plan=plan)
        return {"plan": plan, "plan_record": record}

    # --- files (issue 8): an image uploaded by the specialist (who may delete their own; owners and managers
    # delete any), so every role's outcome is the declaration's
    def file_children(uploader, ws, eng_obj):
        from cadence.files import services as files
        from tests.files.samples import png, upload

        membership = Membership.objects.get(workspace=ws, user=uploader)
        return {"file": files.upload(actor=uploader, membership=membership, engagement=eng_obj,
                                     uploaded=upload("logo.png", png()))}
    # --- end of files

    # --- roadmap (issue 8): an initiative of each engagement ---
    def roadmap_children(actor, membership, eng_obj):
        from cadence.board import initiative_services as roadmap

        initiative = roadmap.create_initiative(actor=actor, membership=membership, engagement=eng_obj,
                                               title="Launch", start=dt.date(2026, 2, 1), deadline=dt.date(2026, 3, 1))
        return {"initiative": initiative}
    # --- end roadmap ---

    ours = children(owner, workspace, engagement, author=specialist)
    hidden = children(owner, workspace, hidden_engagement, author=specialist)
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
    # the marketing plan (issue 7): records are addressed by kind and uid, versions by number
    "kind": lambda o, conv: "competitor",
    "record": lambda o, conv: str(o["plan_record"].uuid),
    "version": lambda o, conv: "1",
    "against": lambda o, conv: "1",
    "section": lambda o, conv: "situation",  # a SOSTAC section of the plan (a key, the same everywhere)
    # --- files (issue 8)
    "file": lambda o, conv: str(o["file"].uuid),
    # --- end of files
}
# Parameters that name something of our workspace (a different object per variant); the others are keys.
OBJECT_PARAMS = {"client", "engagement", "template", "member", "invitation", "token", "entry", "time_entry",
                 "override", "phase", "gate", "record"}
OBJECT_PARAMS |= {"file"}  # files (issue 8)


# --- board (issue 8, helper core): cards, labels, recurring tasks, task templates ----------------------
# Each variant's board objects belong to the engagement of its time entry (ours, hidden or foreign), made
# on first use, so "crossed" puts another engagement's card under our engagement (-> 404).

def _board_objects(o: dict[str, Any]) -> dict[str, Any]:
    from cadence.board.models import ChecklistItem, Label, RecurringTask, Task, TaskTemplate

    eng_obj = o["entry"].engagement
    ws = eng_obj.workspace
    task = Task.objects.filter(engagement=eng_obj, title="Matrix card").first()
    if task is None:
        task = Task.objects.create(workspace=ws, engagement=eng_obj, title="Matrix card", column="todo",
                                   phase=o["phase"])
        ChecklistItem.objects.create(workspace=ws, task=task, text="Matrix item")
    label = Label.objects.get_or_create(workspace=ws, name="Matrix label")[0]
    rule = RecurringTask.objects.filter(engagement=eng_obj).first() or RecurringTask.objects.create(
        workspace=ws, engagement=eng_obj, title="Matrix rule", kind="weekly", weekdays=[0],
        starts_on=dt.date(2026, 1, 5))
    template = TaskTemplate.objects.filter(template=o["template"]).first() or TaskTemplate.objects.create(
        workspace=ws, template=o["template"], phase_key=o["phase"].key, title="Matrix template")
    return {"task": task, "item": task.checklist.first(), "label": label, "recurring": rule,
            "task_template": template}


FILLERS.update({
    "task": lambda o, conv: str(_board_objects(o)["task"].uuid),
    "item": lambda o, conv: str(_board_objects(o)["item"].pk),
    "label": lambda o, conv: str(_board_objects(o)["label"].uuid),
    "recurring": lambda o, conv: str(_board_objects(o)["recurring"].uuid),
    "task_template": lambda o, conv: str(_board_objects(o)["task_template"].uuid),
    "role": lambda o, conv: "copywriter",
})


def _board_file(o: dict[str, Any]) -> str:
    """A file of the variant's engagement (a card's attachment is addressed by it)."""
    from cadence.board.models import TaskAttachment

    eng_obj = o["entry"].engagement
    model: Any = TaskAttachment._meta.get_field("file").related_model
    row = model.objects.filter(engagement=eng_obj).first() or model.objects.create(
        workspace=eng_obj.workspace, engagement=eng_obj, name="matrix.png", kind="image", content_type="image/png",
        extension=".png", size=1, sha256="0" * 64, blob="matrix.png")
    return str(row.uuid)


FILLERS.setdefault("file", lambda o, conv: _board_file(o))  # the files app may fill it with its own files
OBJECT_PARAMS |= {"task", "label", "recurring", "task_template", "file"}
# --- end of board (core) ---------------------------------------------------------------------------------

# --- roadmap (issue 8) ---
FILLERS["initiative"] = lambda o, conv: str(o["initiative"].uuid)
OBJECT_PARAMS.add("initiative")
# --- end roadmap ---

# --- links (issue 9) ---
# A campaign link of the variant's engagement (ours, hidden or foreign: "crossed" puts another engagement's
# link under ours -> 404), and the secret address of our engagement's calendar feed (a public route: every
# caller gets the feed).

def _link(o: dict[str, Any]) -> str:
    from cadence.links.models import UtmLink

    eng_obj = o["entry"].engagement
    row = UtmLink.objects.filter(engagement=eng_obj).first() or UtmLink.objects.create(
        workspace=eng_obj.workspace, engagement=eng_obj, base_url="https://shop.example.ro/", source="matrix",
        medium="social", campaign="matrix", url="https://shop.example.ro/?utm_source=matrix")
    return str(row.uuid)


def _feed_token(o: dict[str, Any]) -> str:
    from cadence.content import feed
    from cadence.content.models import ContentSettings

    eng_obj = o["engagement"]
    token = f"matrix-feed-{eng_obj.uuid}"
    ContentSettings.objects.update_or_create(engagement=eng_obj, defaults={
        "workspace_id": eng_obj.workspace_id, "feed_token_hash": feed.token_hash(token)})
    return token


FILLERS["link"] = lambda o, conv: _link(o)
FILLERS["feed_token"] = lambda o, conv: _feed_token(o)
OBJECT_PARAMS.add("link")
# --- end links ---

# --- posts (issue 9) ---
# A post in review of the variant's engagement (made on first use): client users see posts from review on, so
# every role's outcome is the declaration's; "crossed" puts another engagement's post under ours (-> 404).

def _content_post(o: dict[str, Any]) -> Any:
    from cadence.content.models import Post

    eng_obj = o["entry"].engagement
    post = Post.objects.filter(engagement=eng_obj, title="Matrix post").first()
    if post is None:
        post = Post.objects.create(workspace=eng_obj.workspace, engagement=eng_obj, channel="instagram",
                                   format="image", title="Matrix post", caption="Matrix caption", status="in_review",
                                   publish_at=dt.datetime(2026, 1, 20, 8, 0, tzinfo=dt.UTC))
    return post


FILLERS["post"] = lambda o, conv: str(_content_post(o).uuid)
OBJECT_PARAMS.add("post")
# --- end posts (issue 9) ---
# --- cal (issue 9) ---
# The calendar's routes name a post too: the posts block's filler above serves them.
# --- end cal (issue 9) ---
# --- budget (issue 9) ---
# A budget line of the variant's engagement (that of its time entry), made on first use, so "crossed" puts
# another engagement's line under our engagement (-> 404).
def _budget_line(o: dict[str, Any]) -> str:
    from cadence.budget.models import BudgetLine

    eng_obj = o["entry"].engagement
    line = BudgetLine.objects.filter(engagement=eng_obj).first() or BudgetLine.objects.create(
        workspace=eng_obj.workspace, engagement=eng_obj, category="advertising", channel="meta", name="Matrix ads")
    return str(line.uuid)


FILLERS["budget_line"] = lambda o, conv: _budget_line(o)
OBJECT_PARAMS.add("budget_line")
# --- end budget (issue 9) ---
# --- metrics (issue 10) ---
# An import of the variant's engagement (a failed one with its stored file: confirm, undo and an empty mapping
# are refused with 400, discard deletes it and the next use makes another), and a column mapping of the
# variant's workspace ("crossed" puts another workspace's under ours -> 404).
def _import_batch(o: dict[str, Any]) -> str:
    from django.core.files.base import ContentFile

    from cadence.metrics.models import ImportBatch

    eng_obj = o["entry"].engagement
    row = ImportBatch.objects.filter(engagement=eng_obj).first()
    if row is None:
        row = ImportBatch(workspace=eng_obj.workspace, engagement=eng_obj, file_name="matrix.csv", sha256="0" * 64,
                          status="failed", error="Matrix", summary={"headers": ["Day", "Cost"]})
        row.file.save("matrix.csv", ContentFile(b"Day,Cost\n2026-01-05,1\n"), save=False)
        row.save()
    return str(row.uuid)


def _import_profile(o: dict[str, Any]) -> str:
    from cadence.metrics.models import MappingProfile

    ws = o["entry"].engagement.workspace
    row, _ = MappingProfile.objects.get_or_create(workspace=ws, signature="matrix", defaults={
        "name": "Matrix mapping", "mapping": {"date": "Day", "spend": "Cost"}})
    return str(row.uuid)


FILLERS["batch"] = lambda o, conv: _import_batch(o)
BODY_VALUES_METRICS = {"mapping": lambda o: {"date": "Day", "spend": "Cost"}}
FILLERS["profile"] = lambda o, conv: _import_profile(o)
OBJECT_PARAMS |= {"batch", "profile"}
# --- end metrics (issue 10) ---
# --- kpis (issue 11) ---
# A KPI entered by hand of the variant's engagement, with a value and a review, made on first use ("crossed"
# puts another engagement's under ours -> 404).
def _kpi(o: dict[str, Any]) -> Any:
    from cadence.kpis.models import Kpi

    eng_obj = o["entry"].engagement
    return Kpi.objects.filter(engagement=eng_obj).first() or Kpi.objects.create(
        workspace=eng_obj.workspace, engagement=eng_obj, name="Matrix leads", metric_key="manual", unit="leads")


def _kpi_entry(o: dict[str, Any]) -> str:
    from cadence.kpis.models import KpiEntry

    kpi = _kpi(o)
    row = KpiEntry.objects.filter(kpi=kpi).first() or KpiEntry.objects.create(
        workspace=kpi.workspace, kpi=kpi, day=dt.date(2026, 1, 5), value=3)
    return str(row.uuid)


def _kpi_review(o: dict[str, Any]) -> str:
    from cadence.kpis.models import ControlPoint

    kpi = _kpi(o)
    row = ControlPoint.objects.filter(kpi=kpi).first() or ControlPoint.objects.create(
        workspace=kpi.workspace, kpi=kpi, review_on=dt.date(2026, 1, 5))
    return str(row.uuid)


FILLERS["kpi"] = lambda o, conv: str(_kpi(o).uuid)
FILLERS["kpi_entry"] = lambda o, conv: _kpi_entry(o)
FILLERS["kpi_review"] = lambda o, conv: _kpi_review(o)
OBJECT_PARAMS |= {"kpi", "kpi_entry", "kpi_review"}
BODY_VALUES_KPIS = {"metric": lambda o: "ads.ctr", "value": lambda o: "1"}
# --- end kpis (issue 11) ---
# --- comments (issue 12) ---
# Threads are named by their target: the matrix uses the variant's engagement (its ideas thread, which every
# member of ours may read, the client's approver and viewer too) and, for the plan-section routes, its plan's
# "situation" section (the plan is in review, so client users read it). A thread and a comment of the
# engagement's ideas thread are made on first use (the comment is the time entry's author's).
def _comment_thread(o: dict[str, Any]) -> Any:
    from cadence.comments.models import Thread

    eng_obj = o["entry"].engagement
    row, _ = Thread.objects.get_or_create(workspace=eng_obj.workspace, target_kind="engagement",
                                          target_id=eng_obj.uuid, target_key="",
                                          defaults={"engagement": eng_obj, "title": eng_obj.name})
    return row


def _comment(o: dict[str, Any]) -> str:
    from cadence.comments.models import Comment

    thread = _comment_thread(o)
    row = Comment.objects.filter(thread=thread).first() or Comment.objects.create(
        workspace=thread.workspace, thread=thread, author=o["entry"].user, body="Matrix idea")
    return str(row.uuid)


FILLERS["target_kind"] = lambda o, conv: "plan_section" if conv == "comment_part_kind" else "engagement"
FILLERS["target"] = lambda o, conv: str(o["entry"].engagement.uuid)
FILLERS["target_key"] = lambda o, conv: "situation"
FILLERS["thread"] = lambda o, conv: str(_comment_thread(o).uuid)
FILLERS["comment"] = lambda o, conv: _comment(o)
OBJECT_PARAMS |= {"target", "thread", "comment"}
# --- end comments (issue 12) ---
# --- reports (issue 11) ---
# A SENT report of the variant's engagement (so the client's approver and viewer may read it: a draft is a 404
# for them by design, tested in tests/reports/test_views.py) and a delivery of it with its stored PDF.
def _report(o: dict[str, Any]) -> Any:
    from cadence.reports.models import MonthlyReport

    eng_obj = o["entry"].engagement
    row, _ = MonthlyReport.objects.get_or_create(
        engagement=eng_obj, month=dt.date(2026, 1, 1),
        defaults={"workspace": eng_obj.workspace, "status": "sent", "narrative": "Matrix"})
    return row


def _delivery(o: dict[str, Any]) -> str:
    from django.core.files.base import ContentFile

    from cadence.reports.models import ReportDelivery

    report = _report(o)
    row = ReportDelivery.objects.filter(report=report).first()
    if row is None:
        row = ReportDelivery(workspace=report.workspace, report=report, language="ro", subject="Matrix",
                             recipients=[], pdf_sha256="0" * 64)
        row.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
        row.save()
    return str(row.uuid)


FILLERS["report"] = lambda o, conv: str(_report(o).uuid)
FILLERS["delivery"] = lambda o, conv: _delivery(o)
OBJECT_PARAMS |= {"report", "delivery"}
# --- end reports (issue 11) ---
# --- meetings (issue 12) ---
# A meeting of the variant's engagement with an agenda item, a decision and an action item, made on first use
# ("crossed" puts another engagement's under ours -> 404).
def _meeting(o: dict[str, Any]) -> Any:
    from cadence.meetings.models import Meeting

    eng_obj = o["entry"].engagement
    return Meeting.objects.filter(engagement=eng_obj).first() or Meeting.objects.create(
        workspace=eng_obj.workspace, engagement=eng_obj, title="Matrix meeting",
        starts_at=dt.datetime(2026, 1, 8, 9, tzinfo=dt.UTC))


def _meeting_child(model_name: str, **fields: Any) -> Callable[[dict[str, Any], Any], str]:
    def fill(o: dict[str, Any], conv: Any) -> str:
        from cadence.meetings import models

        model = getattr(models, model_name)
        meeting = _meeting(o)
        row = model.objects.filter(meeting=meeting).first() or model.objects.create(
            workspace=meeting.workspace, meeting=meeting, **fields)
        return str(row.uuid)
    return fill


FILLERS["meeting"] = lambda o, conv: str(_meeting(o).uuid)
FILLERS["agenda_item"] = _meeting_child("AgendaItem", text="Matrix item")
FILLERS["decision"] = _meeting_child("Decision", text="Matrix decision")
FILLERS["action_item"] = _meeting_child("ActionItem", text="Matrix action")
OBJECT_PARAMS |= {"meeting", "agenda_item", "decision", "action_item"}
BODY_VALUES_MEETINGS = {"time": lambda o: "10:00", "text": lambda o: "Matrix"}
# --- end meetings (issue 12) ---
# --- webhooks (issue 12) ---
# The workspace's webhook endpoint of the variant (the workspace of its time entry: ours, or the other one for
# "foreign") and a delivery logged for it. No HTTP is sent: the matrix's requests roll back before any commit.
def _webhook_endpoint(o: dict[str, Any]) -> Any:
    from cadence.webhooks.models import Endpoint

    workspace = o["entry"].engagement.workspace
    row = Endpoint.objects.filter(workspace=workspace).first()
    if row is None:
        row = Endpoint.objects.create(workspace=workspace, url="https://93.184.215.14/matrix",
                                      events=["task.completed"], secret="whsec_matrix", status="paused")
    return row


def _webhook_delivery(o: dict[str, Any]) -> str:
    import uuid as uuid_module

    from cadence.webhooks.models import Delivery

    endpoint = _webhook_endpoint(o)
    row = Delivery.objects.filter(endpoint=endpoint).first()
    if row is None:
        row = Delivery.objects.create(workspace=endpoint.workspace, endpoint=endpoint, event_id=uuid_module.uuid4(),
                                      kind="task.completed", body="{}", status="delivered", attempts=1,
                                      last_status_code=200)
    return str(row.uuid)


FILLERS["endpoint"] = lambda o, conv: str(_webhook_endpoint(o).uuid)
FILLERS["webhook_delivery"] = lambda o, conv: _webhook_delivery(o)
OBJECT_PARAMS |= {"endpoint", "webhook_delivery"}
BODY_VALUES_WEBHOOKS = {"url": lambda o: "https://93.184.215.14/hook", "events": lambda o: ["task.completed"]}
# --- end webhooks (issue 12) ---


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
    "question": lambda o: _plan_question_key(),
}
# --- links (issue 9) ---
BODY_VALUES["base_url"] = lambda o: "https://shop.example.ro/"
# --- end links ---
BODY_VALUES.update(BODY_VALUES_METRICS)  # metrics (issue 10)
BODY_VALUES.update(BODY_VALUES_KPIS)  # kpis (issue 11)
BODY_VALUES.update(BODY_VALUES_WEBHOOKS)  # webhooks (issue 12)
BODY_VALUES.update(BODY_VALUES_MEETINGS)  # meetings (issue 12)


def _plan_question_key() -> str:
    """A guided question of the marketing plan (any valid key: the save is then refused by the plan's state)."""
    from cadence.plans.queries import section_question_keys

    keys = [k for section in section_question_keys().values() for k in section]
    return keys[0] if keys else "situation.matrix"


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


# --- the declarations -----------------------------------------------------------------------------

HOW_TO_DECLARE_UI = (
    "decorate its view with @tenancy.workspace_view(...) -- a capability name alone is a full declaration: "
    "workspace_view(\"time.log\"); or workspace_view(tenancy.MEMBER) for any member, "
    "workspace_view(tenancy.client_capability(\"client.approve\", via=\"engagement\")), "
    "workspace_view(tenancy.by_method(GET=..., POST=...)) -- or, outside a workspace, with @tenancy.signed_in "
    "or @tenancy.public(\"the reason\"), or @tenancy.declared(by_method(GET=anyone(\"the reason\"), "
    "POST=SIGNED_IN)) (cadence/access.py)"
)
HOW_TO_DECLARE_API = (
    "give its router decorator openapi_extra=declare(MEMBER | capability(\"...\") | client_capability(\"...\") | "
    "SIGNED_IN), from cadence.api.routers, on a cadence.api.routers.Router (which enforces it)"
)


class Undeclared(Exception):
    pass


def declared_access(route: Route, method: str) -> access_vocabulary.Access:
    """The access the route declares for ``method``; ``Undeclared`` (naming the route and the fix) if none."""
    if route.access is None:
        how = HOW_TO_DECLARE_UI if route.kind == "ui" else HOW_TO_DECLARE_API
        raise Undeclared(f"route {route.name!r} ({route.path}) declares no access: {how}.")
    declared = access_vocabulary.parse(route.access).for_method(method)
    if declared is None:
        raise Undeclared(f"route {route.name!r} ({route.path}) declares no access for {method}: "
                         f"add it to its by_method(...) declaration.")
    return declared


def methods_to_try(route: Route) -> tuple[str, ...]:
    """API: the operation's method. UI: each method of a by_method declaration, else GET (then POST on 405)."""
    if route.kind == "api":
        return route.methods
    if route.access and "by_method" in route.access:
        return tuple(m for m in route.access["by_method"] if m != "HEAD")
    return ()


# Who the canonical users are: their role in our workspace and, for client users, their role for our client.
ROLE_OF: dict[str, tuple[str, str | None]] = {
    "owner": (Role.OWNER, None), "manager": (Role.MANAGER, None), "specialist": (Role.SPECIALIST, None),
    "approver": (Role.CLIENT, ClientRole.APPROVER), "viewer": (Role.CLIENT, ClientRole.VIEWER),
}
# Objects that belong to one user rather than to a workspace: anyone else gets 404.
USER_OWNED = {"token": lambda objs: objs["token"].user}


def _has(who: str, capability: str, *, for_our_client: bool) -> bool:
    role, client_role = ROLE_OF[who]
    if capability in registry.role_capabilities(role):
        return True
    return for_our_client and client_role is not None and capability in registry.client_role_capabilities(client_role)


def expected(declared: access_vocabulary.Access, who: str, variant: str, route: Route,
             world: World | None = None) -> str:
    """The exact outcome of a declaration for a user and a set of objects: allowed, 403, 404 or login."""
    kind = declared.kind
    if kind == "public":
        return "allowed"
    if who == "anonymous":
        return "login"
    if kind == "signed_in":
        for name, owner_of in USER_OWNED.items():
            if world is not None and any(n == name and c == "uuid" for c, n in route.params):
                if owner_of(world.objs[variant]) != world.users[who]:
                    return "404"
        return "allowed"
    if who == "outsider":
        return "404"
    # 404 before 403: an object the user cannot see is a 404 even when the role is too weak anyway
    if variant in ("foreign", "crossed", "crossed_hidden"):
        return "404"
    if variant == "hidden" and ROLE_OF[who][0] == Role.CLIENT:
        return "404"
    if kind == "capability" and not _has(who, declared.capability, for_our_client=False):
        return "403"
    if kind == "client_capability" and not _has(who, declared.capability, for_our_client=variant == "own"):
        return "403"  # the object is visible, but this user may not act for its client
    return "allowed"


def outcome_ok(outcome: str, route: Route, response: Any) -> bool:
    status = response.status_code
    if outcome == "login":
        if route.kind == "api":
            return status == 401
        return status == 302 and response.get("Location", "").startswith("/accounts/login/")
    if outcome in ("403", "404"):
        return status == int(outcome)
    # allowed
    if status in (400, 409) or 200 <= status < 300:
        return True
    return route.kind == "ui" and 300 <= status < 400 and not response.get("Location", "").startswith(
        "/accounts/login/")


# --- requests -------------------------------------------------------------------------------------

def _rollback_request(do: Callable[[], Any]) -> Any:
    """Run one request in a savepoint that is rolled back, so a POST cannot change the next case."""
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


def request(route: Route, client: Client, url: str, token: str | None = None,
            objs: dict[str, Any] | None = None, method: str | None = None) -> tuple[str, Any]:
    if route.kind == "ui":
        if method is not None:
            if method == "GET":
                return "GET", _rollback_request(lambda: client.get(url))
            return method, _rollback_request(lambda: client.generic(method, url, "", "application/x-www-form-urlencoded"))
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
WHO = ("anonymous", "outsider", *ROLES)


class TestEveryRoute:
    """One world for all the routes: built once in a transaction rolled back after the last route (each route's
    test runs in a savepoint of it, and each of its requests in a savepoint of that, rolled back too)."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
        from django.test.utils import override_settings

        from cadence.core.scoping import scopes_disabled
        from tests.conftest import canonical_objects, held_transaction

        media = tmp_path_factory.mktemp("matrix-media")
        overrides = override_settings(
            MEDIA_ROOT=str(media), TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
            STORAGES={**django_settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}})
        with held_transaction(django_db_blocker):
            with django_db_blocker.unblock(), overrides, scopes_disabled():
                built = build_world(**canonical_objects())
            built.media = str(media)
            yield built

    @pytest.fixture(autouse=True)
    def _files_media(self, settings, world):
        """The world's uploaded file is where the routes look for it."""
        settings.MEDIA_ROOT = world.media
        settings.STORAGES = {**settings.STORAGES,
                             "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}

    @pytest.mark.parametrize("route", ROUTES, ids=str)
    def test_it_guards_route(self, route: Route, world: World, login, db) -> None:
        try:
            fill(route, world.objs["own"])
        except MissingFiller as exc:
            pytest.fail(str(exc))
        try:
            for method in methods_to_try(route) or ("GET",):
                declared_access(route, method)
        except Undeclared as exc:
            pytest.fail(str(exc))
        problems: list[str] = []
        is_api = route.kind == "api"
        params = object_params(route)

        def variants_for(who: str) -> list[str]:
            if who in ("anonymous", "outsider") or not params or not every_variant_here():
                return ["own"]
            out = ["own", "foreign"]
            if len(params) >= 2:
                out.append("crossed")
                if set(params) & {"engagement", "client"}:
                    out.append("crossed_hidden")
            if set(params) & {"engagement", "client", "entry", "time_entry", "override", "phase", "gate"}:
                out.append("hidden")
            return out

        def check(who: str, variant: str, method: str | None, *, also_post: bool = False) -> str:
            url = fill(route, world.objs[variant])
            client = Client(raise_request_exception=False)
            token = None
            if who != "anonymous":
                if is_api:
                    token = world.raw_tokens[who]
                else:
                    login(client, world.users[who])
            used, response = request(route, client, url, token, world.objs[variant], method)
            declared = declared_access(route, used)
            want = expected(declared, who, variant, route, world)
            status = response.status_code
            where = f"{who:<10} {variant:<14} {used} {url} [{declared}]"
            if status >= 500:
                exc = getattr(response, "exc_info", None)
                detail = f" ({exc[0].__name__}: {exc[1]})" if exc else ""
                problems.append(f"{where}: {status} server error{detail}")
                return used
            if status == 422:
                problems.append(f"{where}: 422 — the matrix's example body does not validate: {body_text(response)[:300]} "
                                f"(add the field to BODY_VALUES in tests/test_access_matrix.py)")
                return used
            exact = EXACT_OUTCOMES.get(route.name, {}).get(who)
            if variant == "own" and exact is not None and exact != want:
                problems.append(f"{where}: the declaration gives {want!r}, EXACT_OUTCOMES pins {exact!r}")
            # The POST after a GET: a view that only serves GET answers 405 once the access check let the user in
            # (before looking at any object: a method it does not serve reveals nothing).
            if also_post and want in ("allowed", "404") and status == 405:
                return used
            if (want == "allowed" and used == "GET" and status != 200 and route.kind == "ui"
                    and any(re.search(p, route.name) for p in MUST_BE_200_UI)):
                problems.append(f"{where}: got {status}, expected 200 (this page must open)")
                return used
            if not outcome_ok(want, route, response):
                location = response.get("Location", "")
                problems.append(f"{where}: got {status}{' ' + location if location else ''}, expected {want}")
            if status == 200 and declared.kind != "public":  # a public route is reached by a secret in the URL
                text = body_text(response)
                forbidden = {MARK_FOREIGN: "another workspace's object"}
                if who == "outsider":
                    forbidden = {MARK_OURS: "our workspace's object", MARK_HIDDEN: "our workspace's object",
                                 OUR_EMAIL_DOMAIN: "our staff's emails"}
                elif who in CLIENT_ROLES:
                    forbidden[MARK_HIDDEN] = "a client this client user has no access to"
                for mark, what in forbidden.items():
                    if mark in text:
                        problems.append(f"{where}: the response shows {what} ({mark!r})")
            return used

        for who in WHO:
            for variant in variants_for(who):
                for method in methods_to_try(route) or (None,):
                    used = check(who, variant, method)
                    if method is None and used == "GET":  # a UI view that serves GET: its POST is checked too
                        check(who, variant, "POST", also_post=True)

        assert not problems, f"{len(problems)} problem(s) on {route.name}:\n" + "\n".join(problems)


def test_it_found_the_routes() -> None:
    names = {r.name for r in ROUTES}
    assert set(EXACT_OUTCOMES) <= names, set(EXACT_OUTCOMES) - names
    for fmt in ("png", "pdf", "svg"):
        assert f"engagements:engagement-timeline-{fmt}" in names
    for expected_name in ("core:dashboard", "core:client-detail", "engagements:engagement-detail"):
        assert expected_name in names, f"{expected_name} was not found by walking the URL resolver"
    assert any(r.kind == "api" for r in ROUTES), "no API route was found in the OpenAPI schema"


def test_every_route_declares_its_access() -> None:
    """All at once, so that one run lists every undeclared route (each also fails its own matrix case)."""
    missing = []
    for route in ROUTES:
        try:
            for method in methods_to_try(route) or ("GET",):
                declared_access(route, method)
        except Undeclared as exc:
            missing.append(str(exc))
    assert not missing, "\n".join(missing)


def test_the_approver_approves_and_the_viewer_cannot() -> None:
    """The approver/viewer difference, from the declarations the routes carry (proved per request above)."""
    by_name = {r.name: r for r in ROUTES}
    for name in EXACT_OUTCOMES:
        route = by_name[name]
        declared = declared_access(route, "POST")
        assert declared.kind == "client_capability" and declared.capability == "client.approve", declared
        assert expected(declared, "approver", "own", route) == "allowed"
        assert expected(declared, "viewer", "own", route) == "403"
        assert expected(declared, "viewer", "hidden", route) == "404"  # a client the viewer cannot see
        for staff in ("owner", "manager", "specialist"):
            assert expected(declared, staff, "own", route) == "403"


# --- a route without a declaration fails the matrix -------------------------------------------------

def test_an_undeclared_view_fails_with_what_to_add(settings) -> None:
    settings.ROOT_URLCONF = "tests.access_dummy_urls"
    routes = {r.name: r for r in ui_routes()}
    with pytest.raises(Undeclared) as exc:
        declared_access(routes["dummy-undeclared"], "GET")
    message = str(exc.value)
    assert "'dummy-undeclared'" in message and "/w/<slug:workspace>/undeclared/" in message
    assert "workspace_view(" in message and "@tenancy.signed_in" in message
    # the declared ones next to it are read as declared
    assert declared_access(routes["dummy-capability"], "GET") == access_vocabulary.capability("workspace.manage")
    assert declared_access(routes["dummy-by-method"], "POST") == access_vocabulary.capability("workspace.manage")
    assert declared_access(routes["dummy-by-method"], "GET") == access_vocabulary.MEMBER
    with pytest.raises(Undeclared, match="declares no access for PUT"):
        declared_access(routes["dummy-by-method"], "PUT")


def test_an_undeclared_api_route_fails_with_what_to_add() -> None:
    schema = {"paths": {"/api/v1/workspaces/{workspace}/things": {
        "get": {"parameters": [{"name": "workspace", "in": "path", "schema": {"type": "string"}}]},
        "post": {access_vocabulary.OPENAPI_KEY: {"kind": "member"}},
    }}}
    routes = {r.name: r for r in api_routes_from_schema(schema)}
    with pytest.raises(Undeclared) as exc:
        declared_access(routes["GET /api/v1/workspaces/{workspace}/things"], "GET")
    assert "'GET /api/v1/workspaces/{workspace}/things'" in str(exc.value)
    assert "openapi_extra=declare(" in str(exc.value)
    assert declared_access(routes["POST /api/v1/workspaces/{workspace}/things"], "POST") == access_vocabulary.MEMBER


@pytest.mark.django_db
def test_the_declaration_is_what_is_enforced(settings, workspace, specialist, manager, owner, login) -> None:
    """A per-method declaration: the specialist reads (GET: MEMBER) but may not write (POST: workspace.manage);
    an undeclared method is 405; the owner may write."""
    settings.ROOT_URLCONF = "tests.access_dummy_urls"
    url = f"/w/{workspace.slug}/by-method/"
    as_specialist = login(Client(), specialist)
    assert as_specialist.get(url).status_code == 200
    assert as_specialist.post(url).status_code == 403
    assert as_specialist.put(url).status_code == 405
    assert login(Client(), owner).post(url).status_code == 200
    assert Client().get(url).status_code == 302
    assert as_specialist.get(f"/w/{workspace.slug}/capability/").status_code == 403
    assert login(Client(), manager).get(f"/w/{workspace.slug}/capability/").status_code == 403
    assert login(Client(), owner).get(f"/w/{workspace.slug}/capability/").status_code == 200


def test_a_declaration_names_a_real_capability() -> None:
    with pytest.raises(ValueError, match="unknown capability"):
        access_vocabulary.capability("time.logg")
    with pytest.raises(ValueError, match="unknown capability"):
        access_vocabulary.client_capability("time.log")  # a role capability, not a client one
    with pytest.raises(ValueError, match="needs a reason"):
        access_vocabulary.Access("public")


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
