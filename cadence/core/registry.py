"""What capability apps tell core, so that core and tenancy never import them.

Each capability app (``cadence/engagements`` is the example) fills this from its ``AppConfig.ready()``:

* ``grant(...)`` -- its capabilities and the roles (``Role``) or client roles (``ClientRole``) that grant
  them; ``Membership.can``, ``tenancy.can`` and the declarations in ``cadence/access.py`` read them here;
* ``audit_labels(...)`` -- readable names of the audit actions and changed fields it records, and
  ``audit_threads(...)`` -- how to name and link the object an audit entry belongs to (its "thread");
* ``url_object(...)`` -- the URL parameters it resolves (``"engagement"``: a lookup that raises 404), so
  ``tenancy.enforce`` answers 404 before 403 for an object the member cannot see, and finds the client a
  client capability is checked against;
* ``on_workspace_created(...)`` -- what a new workspace gets (the built-in process templates);
* ``demo(...)`` -- its part of ``cadence demo``; ``demo_gate(...)`` -- who passes a gate while the demo
  history is written (the plans app approves the "plan approved" gate through its own services);
* ``section(...)`` -- what it adds to core's pages (the workspace dashboard, a client's page), and
  ``client_column(...)`` -- a figure per client on the client list (active engagements);
* ``nav(...)`` -- its links in the workspace's main navigation (who sees each one, in which order);
* ``engagement_link(...)`` -- a button in an engagement page's head (the engagement's marketing plan);
* ``landing(...)`` -- the page a kind of member lands on when they open the workspace (core's dashboard view
  answers with it instead of its own): ``"client"`` for client users (the client portal), or a ``Role`` value.

Core registers its own capabilities and labels the same way (``cadence/core/apps.py``). Views and API
routes are imported after every ``ready()``, so their declarations see every capability.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponse
    from django.utils.safestring import SafeString

    from cadence.core.demo import DemoWorkspace
    from cadence.core.models import Client, Membership, Workspace

Page = Literal["dashboard", "client"]


@dataclass(frozen=True)
class Link:
    """A button in a page's head, or the name and address of an audit entry's thread."""

    label: str
    url: str
    primary: bool = False


@dataclass(frozen=True)
class Section:
    """An app's part of a core page: its buttons (before core's own), a sentence under the title, its HTML."""

    html: SafeString
    actions: tuple[Link, ...] = ()
    intro: str = ""


# (request, membership, client) -> Section or None. ``client``: the client page's client, or the client the
# dashboard is filtered on (``?client=``).
SectionBuilder = Callable[["HttpRequest", "Membership", "Client | None"], "Section | None"]


@dataclass(frozen=True)
class UrlObject:
    """A URL parameter an app resolves: ``resolve(membership, params)`` returns the object or raises 404;
    ``client_of(obj)`` gives its client (for ``client_capability(..., via=param)``)."""

    param: str
    resolve: Callable[[Membership, Mapping[str, Any]], Any]
    client_of: Callable[[Any], Client] | None = None


@dataclass(frozen=True)
class DemoPart:
    """``build(demo)`` adds the app's demo data and returns its part of the summary line ("4 engagements, …");
    ``delete(workspace)`` removes what would block deleting the workspace (``--reset``)."""

    app: str
    build: Callable[[DemoWorkspace], str]
    delete: Callable[[Workspace], None]
    order: int


@dataclass(frozen=True)
class ClientColumn:
    """A figure per client on the client list: ``annotate(clients)`` adds it to the queryset as ``attr``."""

    label: Any
    attr: str
    annotate: Callable[[QuerySet[Client]], QuerySet[Client]]


@dataclass(frozen=True)
class NavItem:
    """A link of the workspace's main navigation: ``url_name`` takes the workspace's slug. ``team_only``:
    hidden from client users; ``capability``: shown only to members who have it."""

    label: Any
    url_name: str
    order: int
    team_only: bool = False
    capability: str = ""


# (request, membership) -> the page's response; registered per kind of member (``landing``).
LandingView = Callable[["HttpRequest", "Membership"], "HttpResponse"]


@dataclass
class _Registry:
    roles: dict[str, set[str]] = field(default_factory=dict)
    client_roles: dict[str, set[str]] = field(default_factory=dict)
    actions: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    threads: list[Callable[[Workspace, set[uuid.UUID]], Mapping[uuid.UUID, Link]]] = field(default_factory=list)
    url_objects: dict[str, UrlObject] = field(default_factory=dict)
    workspace_hooks: list[Callable[[Workspace], None]] = field(default_factory=list)
    demo_parts: list[DemoPart] = field(default_factory=list)
    demo_gates: dict[str, Callable[..., bool]] = field(default_factory=dict)
    sections: dict[str, list[tuple[int, SectionBuilder]]] = field(default_factory=dict)
    client_columns: list[ClientColumn] = field(default_factory=list)
    nav: dict[str, NavItem] = field(default_factory=dict)
    engagement_links: list[Callable[..., Link | None]] = field(default_factory=list)
    landings: dict[str, LandingView] = field(default_factory=dict)


_registry = _Registry()


# --- registering (from AppConfig.ready()) -------------------------------------------------------------

def grant(roles: Mapping[str, Iterable[str]] = {}, *, client_roles: Mapping[str, Iterable[str]] = {}) -> None:  # noqa: B006
    """Capabilities granted by workspace roles (``{"manager": {"time.log", …}}``) and client roles."""
    for role, names in roles.items():
        _registry.roles.setdefault(str(role), set()).update(names)
    for role, names in client_roles.items():
        _registry.client_roles.setdefault(str(role), set()).update(names)


def audit_labels(actions: Mapping[str, Any], fields: Mapping[str, Any] = {}) -> None:  # noqa: B006
    """Readable names (lazy translations) of dotted audit actions and of the fields their changes name."""
    _registry.actions.update(actions)
    _registry.fields.update(fields)


def audit_threads(resolve: Callable[[Workspace, set[uuid.UUID]], Mapping[uuid.UUID, Link]]) -> None:
    """``resolve(workspace, thread ids)`` -> the name and page of each thread object the app owns."""
    if resolve not in _registry.threads:
        _registry.threads.append(resolve)


def url_object(param: str, resolve: Callable[[Membership, Mapping[str, Any]], Any], *,
               client_of: Callable[[Any], Client] | None = None) -> None:
    _registry.url_objects[param] = UrlObject(param, resolve, client_of)


def on_workspace_created(hook: Callable[[Workspace], None]) -> None:
    """``hook(workspace)`` runs inside ``create_workspace``'s transaction."""
    if hook not in _registry.workspace_hooks:
        _registry.workspace_hooks.append(hook)


def demo(app: str, build: Callable[[DemoWorkspace], str], delete: Callable[[Workspace], None], *,
         order: int = 100) -> None:
    if not any(p.app == app for p in _registry.demo_parts):
        _registry.demo_parts.append(DemoPart(app, build, delete, order))


def demo_gate(gate_key: str, handler: Callable[..., bool]) -> None:
    """``handler(engagement=, passed_on=, users=, memberships=)`` passes the gate ``gate_key`` of a demo
    engagement on ``passed_on`` its own way (the clock stopped on that day) and returns True, or returns False
    to let the history record it as usual."""
    _registry.demo_gates[gate_key] = handler


def section(page: Page, build: SectionBuilder, *, order: int = 100) -> None:
    builders = _registry.sections.setdefault(page, [])
    if all(b is not build for _, b in builders):
        builders.append((order, build))


def client_column(label: Any, attr: str, annotate: Callable[[QuerySet[Client]], QuerySet[Client]]) -> None:
    if all(c.attr != attr for c in _registry.client_columns):
        _registry.client_columns.append(ClientColumn(label, attr, annotate))


def nav(label: Any, url_name: str, *, order: int = 100, team_only: bool = False, capability: str = "") -> None:
    """A link in the main navigation (``label`` a lazy translation); registering a URL name again replaces it."""
    _registry.nav[url_name] = NavItem(label, url_name, order, team_only, capability)


def engagement_link(build: Callable[..., Link | None]) -> None:
    """``build(membership, engagement)`` -> a button for the engagement page's head, or None (not for this
    member)."""
    if build not in _registry.engagement_links:
        _registry.engagement_links.append(build)


def landing(kind: str, view: LandingView) -> None:
    """``view(request, membership)`` answers core's dashboard (the workspace's first page, after sign-in and from
    the navigation's first item) for members of ``kind``: ``"client"`` (every client user, whatever their
    client roles) or a workspace ``Role`` value. Registering a kind again replaces its view."""
    _registry.landings[str(kind)] = view


# --- reading (core, tenancy, access) ------------------------------------------------------------------

def role_capabilities(role: str) -> frozenset[str]:
    return frozenset(_registry.roles.get(str(role), ()))


def client_role_capabilities(client_role: str) -> frozenset[str]:
    return frozenset(_registry.client_roles.get(str(client_role), ()))


def all_capabilities(*, client: bool = False) -> dict[str, frozenset[str]]:
    """role -> capabilities (client roles with ``client=True``)."""
    table = _registry.client_roles if client else _registry.roles
    return {role: frozenset(names) for role, names in table.items()}


def action_label(action: str) -> Any:
    return _registry.actions.get(action, action)


def action_labels() -> dict[str, Any]:
    return dict(_registry.actions)


def field_label(name: str) -> Any:
    return _registry.fields.get(name, name.replace("_", " "))


def thread_links(workspace: Workspace, ids: set[uuid.UUID]) -> dict[uuid.UUID, Link]:
    links: dict[uuid.UUID, Link] = {}
    if ids:
        for resolve in _registry.threads:
            links.update(resolve(workspace, ids))
    return links


def url_objects() -> dict[str, UrlObject]:
    return dict(_registry.url_objects)


def workspace_created(workspace: Workspace) -> None:
    for hook in _registry.workspace_hooks:
        hook(workspace)


def demo_parts() -> list[DemoPart]:
    return sorted(_registry.demo_parts, key=lambda p: p.order)


def demo_gate_handler(gate_key: str) -> Callable[..., bool] | None:
    return _registry.demo_gates.get(gate_key)


def sections(page: Page, request: HttpRequest, membership: Membership, client: Client | None) -> list[Section]:
    built = (build(request, membership, client) for _, build in sorted(_registry.sections.get(page, []),
                                                                        key=lambda item: item[0]))
    return [s for s in built if s is not None]


def client_columns() -> list[ClientColumn]:
    return list(_registry.client_columns)


def engagement_links(membership: Membership, engagement: Any) -> list[Link]:
    built = (build(membership, engagement) for build in _registry.engagement_links)
    return [link for link in built if link is not None]


def _nav_allows(membership: Membership, capability: str) -> bool:
    """A nav item's capability: the member's role has it, or (a client user) one of their client roles does."""
    if membership.can(capability):
        return True
    if not membership.is_client:
        return False
    from cadence.core.scoping import scope
    from cadence.tenancy import client_roles  # tenancy builds on this module

    with scope(workspace=membership.workspace):  # also on error pages, rendered outside the view's scope
        roles = client_roles(membership)
    return any(capability in client_role_capabilities(role) for role in roles.values())


def nav_items(membership: Membership) -> list[NavItem]:
    """The navigation a member sees, in order."""
    return [item for item in sorted(_registry.nav.values(), key=lambda i: (i.order, i.url_name))
            if not (item.team_only and membership.is_client)
            and not (item.capability and not _nav_allows(membership, item.capability))]


def landing_view(membership: Membership) -> LandingView | None:
    """The page registered for this member's kind (``"client"`` for a client user, else their role), if any."""
    return _registry.landings.get("client" if membership.is_client else str(membership.role))
