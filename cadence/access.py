"""What a route needs: the one small vocabulary every view and API route declares its access in.

* ``anyone("why")`` -- public: anyone, signed in or not; always with a reason (the view decorator is
  ``tenancy.public("why")``).
* ``SIGNED_IN`` -- any signed-in user, outside any workspace (account pages, the workspace chooser).
* ``MEMBER`` -- any member of the workspace in the URL; objects are still filtered by visibility, so a
  client user only ever reaches their clients' objects (anything else is a 404).
* ``capability("time.log")`` -- a role capability (each app grants its own to roles from its
  ``AppConfig.ready()``: ``cadence/core/registry.py``); checked before any object is looked up, so a role
  too weak gets 403 whatever the object.
* ``client_capability("client.approve", via="engagement")`` -- a client capability (granted to client
  roles), checked against the client of the object named by the URL parameter ``via`` (``"client"``, or a
  parameter an app resolves: ``registry.url_object``): that object is looked up first, so one the user
  cannot see is a 404, never a 403.
* ``by_method(GET=MEMBER, POST=capability("time.log"))`` -- when GET and POST differ.

The declaration is the enforcement: ``tenancy.workspace_view(...)``, ``signed_in``, ``public(...)`` and
the API's ``Router`` (``cadence/api/routers``) record it on the view (``view.access``) or in the
OpenAPI operation (``x-cadence-access``) and check it through ``tenancy.enforce``.
``tests/test_access_matrix.py`` reads these declarations and proves them for every role.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

Kind = Literal["public", "signed_in", "member", "capability", "client_capability"]
KINDS: tuple[str, ...] = ("public", "signed_in", "member", "capability", "client_capability")
OPENAPI_KEY = "x-cadence-access"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Access:
    kind: Kind
    capability: str = ""
    via: str = ""
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown access kind {self.kind!r}")
        if self.kind == "public" and not self.reason.strip():
            raise ValueError("a public route needs a reason: public('why anyone may open it')")
        if self.kind in ("capability", "client_capability"):
            _check_capability(self.capability, client=self.kind == "client_capability")
        if self.kind == "client_capability" and self.via not in client_objects():
            raise ValueError(f"client_capability(via=...) must be one of {client_objects()}, not {self.via!r}")

    @property
    def in_workspace(self) -> bool:
        return self.kind in ("member", "capability", "client_capability")

    def describe(self) -> dict[str, str]:
        """The declaration as data (the view's ``access`` and the OpenAPI ``x-cadence-access``)."""
        out: dict[str, str] = {"kind": self.kind}
        if self.capability:
            out["capability"] = self.capability
        if self.via:
            out["via"] = self.via
        if self.reason:
            out["reason"] = self.reason
        return out

    @classmethod
    def parse(cls, data: Mapping[str, str]) -> Access:
        return cls(kind=data["kind"], capability=data.get("capability", ""),  # type: ignore[arg-type]
                   via=data.get("via", ""), reason=data.get("reason", ""))

    def for_method(self, method: str) -> Access | None:
        return self

    def __str__(self) -> str:
        if self.kind == "capability":
            return f"capability({self.capability!r})"
        if self.kind == "client_capability":
            return f"client_capability({self.capability!r}, via={self.via!r})"
        if self.kind == "public":
            return f"public({self.reason!r})"
        return self.kind.upper()


@dataclass(frozen=True)
class MethodAccess:
    """Different access per HTTP method (HEAD follows GET); a method not listed is refused with 405."""

    methods: Mapping[str, Access] = field(default_factory=dict)

    def for_method(self, method: str) -> Access | None:
        method = method.upper()
        return self.methods.get("GET" if method == "HEAD" else method)

    @property
    def in_workspace(self) -> bool:
        return all(a.in_workspace for a in self.methods.values())

    def describe(self) -> dict[str, Any]:
        return {"by_method": {m: a.describe() for m, a in self.methods.items()}}

    def __str__(self) -> str:
        return "by_method(" + ", ".join(f"{m}={a}" for m, a in self.methods.items()) + ")"


Declaration = Access | MethodAccess

SIGNED_IN = Access("signed_in")
MEMBER = Access("member")


def anyone(reason: str) -> Access:
    """Public, with the reason anyone may open it."""
    return Access("public", reason=reason)


def capability(name: str) -> Access:
    return Access("capability", capability=name)


def client_capability(name: str, *, via: str = "engagement") -> Access:
    return Access("client_capability", capability=name, via=via)


def by_method(**methods: Access) -> MethodAccess:
    if not methods:
        raise ValueError("by_method() needs at least one method")
    return MethodAccess({m.upper(): a for m, a in methods.items()})


def as_declaration(value: str | Declaration | None) -> Declaration:
    """``workspace_view``'s argument: a capability name alone is already a full declaration."""
    if value is None:
        return MEMBER
    if isinstance(value, str):
        return capability(value)
    return value


def declaration_of(view: Any) -> Declaration | None:
    """The access a view callback declares (``None``: undeclared)."""
    value = getattr(view, "access", None)
    return value if isinstance(value, Access | MethodAccess) else None


def parse(data: Mapping[str, Any]) -> Declaration:
    if "by_method" in data:
        return MethodAccess({m: Access.parse(a) for m, a in data["by_method"].items()})
    return Access.parse(data)


def openapi(declaration: Declaration) -> dict[str, Any]:
    """``openapi_extra=`` of an API route: the declaration the route enforces, documented in the schema."""
    return {OPENAPI_KEY: declaration.describe()}


def _registry() -> Any:
    # imported late (it types Django models; this module stays importable and type-checked on its own)
    return importlib.import_module("cadence.core.registry")


def client_objects() -> tuple[str, ...]:
    """URL parameters whose object names the client a client capability is checked against."""
    return ("client", *(p for p, o in _registry().url_objects().items() if o.client_of is not None))


def _check_capability(name: str, *, client: bool) -> None:
    tables: Mapping[str, frozenset[str]] = _registry().all_capabilities(client=client)
    known: set[str] = set().union(*tables.values())
    if name not in known:
        kind = "client role" if client else "role"
        raise ValueError(f"unknown capability {name!r}: no {kind} is granted it (registry.grant in an app's "
                         "AppConfig.ready(), cadence/core/registry.py)")


__all__ = [
    "MEMBER", "OPENAPI_KEY", "SIGNED_IN", "Access", "Declaration", "MethodAccess", "anyone", "as_declaration",
    "by_method",
    "capability", "client_capability", "declaration_of", "openapi", "parse",
]
