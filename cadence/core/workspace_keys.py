"""Denormalised ``workspace`` keys: a row's ``workspace`` is always its parents' workspace.

Deep rows carry their own ``workspace`` key (so the tenancy backstop, ``cadence/core/scoping.py``, scopes
them with one filter). This module finds every such pair by introspection -- a model with a ``workspace``
key and another foreign key to a model that also has one -- so a new app's models are covered without
being listed: ``save()`` of any of them fills an empty ``workspace`` from its parent and refuses one that
differs (a ``pre_save`` receiver, connected in ``CoreConfig.ready``), and ``mismatches()`` counts the rows
that differ anyway (written with ``update()`` or ``bulk_create``), one query per pair.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F
from django.db.models.signals import pre_save

WORKSPACE = "workspace"


class WorkspaceMismatch(ValueError):
    """A row would belong to another workspace than a row it refers to: a programming error."""


def _workspace_key(model: type[models.Model]) -> models.ForeignKey[Any, Any] | None:
    try:
        field = model._meta.get_field(WORKSPACE)
    except Exception:  # FieldDoesNotExist
        return None
    if isinstance(field, models.ForeignKey) and field.related_model is apps.get_model("core", "Workspace"):
        return field
    return None


def workspace_pairs() -> list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    """Every (model, foreign key) where the model and the key's target both carry a ``workspace`` key."""
    pairs = []
    for model in apps.get_models():
        if _workspace_key(model) is None:
            continue
        for field in model._meta.concrete_fields:
            if (isinstance(field, models.ForeignKey) and field.name != WORKSPACE
                    and _workspace_key(field.related_model) is not None):
                pairs.append((model, field))
    return pairs


def mismatches(model: type[models.Model], field: models.ForeignKey[Any, Any]) -> int:
    """How many rows of ``model`` have a ``workspace`` other than their ``field``'s row's (one query)."""
    rows = model._base_manager.filter(**{f"{field.name}__isnull": False})  # every workspace: plain manager
    return rows.exclude(**{f"{WORKSPACE}_id": F(f"{field.name}__{WORKSPACE}_id")}).count()


def _parent_workspace_id(instance: models.Model, field: models.ForeignKey[Any, Any]) -> Any:
    if field.is_cached(instance):
        return getattr(field.get_cached_value(instance), f"{WORKSPACE}_id", None)
    return (field.related_model._base_manager
            .filter(pk=getattr(instance, field.attname)).values_list(f"{WORKSPACE}_id", flat=True).first())


def keep_workspace(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """``pre_save``: an empty ``workspace`` becomes the parent's; a different one is refused."""
    if raw:  # loading a fixture: the rows are written as they are
        return
    for field in _FIELDS.get(sender, ()):
        if getattr(instance, field.attname) is None:
            continue
        parent_workspace = _parent_workspace_id(instance, field)
        own = getattr(instance, f"{WORKSPACE}_id")
        if own is None and parent_workspace is not None:
            setattr(instance, f"{WORKSPACE}_id", parent_workspace)
        elif own != parent_workspace:
            raise WorkspaceMismatch(
                f"{sender.__name__}.{WORKSPACE} is {own} but its {field.name}'s workspace is {parent_workspace}")


_FIELDS: dict[type[models.Model], list[models.ForeignKey[Any, Any]]] = {}


def connect() -> None:
    _FIELDS.clear()
    for model, field in workspace_pairs():
        _FIELDS.setdefault(model, []).append(field)
    for model in _FIELDS:
        pre_save.connect(keep_workspace, sender=model, dispatch_uid=f"workspace-key-{model._meta.label}")
