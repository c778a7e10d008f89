"""The demo agency everyone shares: its people and clients (``cadence demo``), and what each app's demo
builder gets (``registry.demo``: ``cadence/engagements/demo.py`` builds the engagements and their history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cadence.accounts.models import User
from cadence.core.models import Client, ClientRole, Membership, Role, Workspace

SLUG = "demo"
NAME = "Demo Agency"
PASSWORD = "demo-Cadence-2026"
DOMAIN = "demo.cadence.test"


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    name: str
    role: str
    language: str = ""
    client: str = ""  # client key, for client users
    client_role: str = ""


STAFF = [
    Person("owner", f"owner@{DOMAIN}", "Elena Popescu", Role.OWNER),
    Person("manager", f"manager@{DOMAIN}", "Andrei Rusu", Role.MANAGER),
    Person("specialist", f"specialist@{DOMAIN}", "Maria Ceban", Role.SPECIALIST),
    Person("specialist2", f"specialist2@{DOMAIN}", "Dmitri Volkov", Role.SPECIALIST, language="ru"),
]
CLIENT_USERS = [
    Person("bakery-approver", f"approver.bakery@{DOMAIN}", "Ioana Marin", Role.CLIENT, "ro", "bakery",
           ClientRole.APPROVER),
    Person("bakery-viewer", f"viewer.bakery@{DOMAIN}", "Radu Marin", Role.CLIENT, "ro", "bakery", ClientRole.VIEWER),
    Person("furniture-approver", f"approver.furniture@{DOMAIN}", "Vasile Ciobanu", Role.CLIENT, "ro", "furniture",
           ClientRole.APPROVER),
    Person("school-approver", f"approver.school@{DOMAIN}", "Айгерим Садыкова", Role.CLIENT, "ru", "school",
           ClientRole.APPROVER),
    Person("school-viewer", f"viewer.school@{DOMAIN}", "Олег Ким", Role.CLIENT, "ru", "school", ClientRole.VIEWER),
]

CLIENTS: dict[str, dict[str, Any]] = {
    "bakery": {"name": "Brutăria Spicul de Aur", "country": "RO", "language": "ro",
               "website": "https://spiculdeaur.example", "notes": "Family bakery in Cluj-Napoca, three shops."},
    "furniture": {"name": "Mobila Codru", "country": "MD", "language": "ro",
                  "website": "https://mobilacodru.example", "notes": "Solid-wood furniture, showroom in Chișinău."},
    "school": {"name": "Онлайн-школа «Горизонт»", "country": "KZ", "language": "ru",
               "website": "https://gorizont.example", "notes": "Online courses for teenagers, Russian-speaking."},
}




@dataclass(frozen=True)
class DemoWorkspace:
    """The demo workspace as core built it, for the apps' demo builders."""

    workspace: Workspace
    users: Mapping[str, User]  # by person key ("owner", "manager", "bakery-approver", …)
    clients: Mapping[str, Client]  # by client key ("bakery", …)
    memberships: Mapping[int, Membership]  # by user id


def approver_of(client_key: str) -> Person | None:
    """The client approver of one of the demo clients."""
    return next((p for p in CLIENT_USERS if p.client == client_key and p.client_role == ClientRole.APPROVER), None)
