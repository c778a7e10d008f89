"""The fields of a phase (and of a gate), listed once.

Everything that shows or takes a phase is derived from ``PHASE_FIELDS``: the editor's form
(``forms.PhaseForm``), the JSON API's schemas (``api.schemas.PhaseFieldsOut`` and ``PhaseIn``), the audit
snapshot (``services.PHASE_FIELDS``) and the admin inlines (``core.admin``). A field added here shows up
in all of them; ``tests/engagements/test_phase_fields.py`` checks that they agree with the model.

Names and explanations are stored per language (``names``/``descriptions``: ``{"ro": "...", "ru": "..."}``)
next to a source text (``name``/``description``): the English text of a built-in phase, translated
through the catalogs when no custom text is given, or a copy of the custom text for code that needs
one string (the schedule engine, ``str()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

FieldType = Literal["int", "decimal", "slug", "choice", "keys", "texts", "hidden", "bool"]

# The languages names and explanations can be written in (the app's languages).
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class PhaseField:
    name: str  # the model field (for "texts": the JSON field of per-language texts)
    label: Any
    type: FieldType
    required: bool = False
    min_value: Decimal | int | None = None
    max_value: Decimal | int | None = None
    max_length: int | None = None
    decimal_places: int | None = None
    default: Any = None
    kinds: tuple[str, ...] = ()  # the phase kinds the field means something for (empty: all)
    help_text: Any = ""
    source: str = ""  # "texts" only: the model field with the source text (built-in English text)
    multiline: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The model fields this spec stores into."""
        return (self.source, self.name) if self.source else (self.name,)


PHASE_FIELDS: tuple[PhaseField, ...] = (
    PhaseField("order", _("Order"), "int", required=True, min_value=0, max_value=999, default=0),
    PhaseField("key", _("Key"), "slug", required=True, max_length=60,
               help_text=_("Short id, letters, digits and dashes; time entries refer to it.")),
    PhaseField("names", _("Name"), "texts", required=True, max_length=160, source="name"),
    PhaseField("kind", _("Kind"), "choice", required=True, default="effort"),
    PhaseField("effort_hours", _("Effort (hours)"), "decimal", min_value=Decimal(0), max_value=Decimal(10000),
               decimal_places=2, default=Decimal(0), kinds=("effort",)),
    PhaseField("min_days", _("Min. working days"), "int", min_value=0, max_value=1000, default=0,
               kinds=("duration",)),
    PhaseField("expected_days", _("Expected working days"), "int", min_value=0, max_value=1000, default=0,
               kinds=("duration",)),
    PhaseField("max_days", _("Max. working days"), "int", min_value=0, max_value=1000, default=0,
               kinds=("duration",)),
    PhaseField("share", _("Guaranteed share"), "decimal", min_value=Decimal(0), max_value=Decimal(1),
               decimal_places=2, default=Decimal("0.5"), kinds=("continuous",),
               help_text=_("0.5 keeps half of each working day for this phase while one-off phases run.")),
    PhaseField("not_before_month", _("Not before month"), "int", min_value=1, max_value=120),
    PhaseField("alongside", _("Runs alongside (phase key)"), "slug", max_length=60),
    PhaseField("requires_gates", _("Gates required"), "keys"),
    PhaseField("category", _("Category"), "hidden", max_length=40),
    PhaseField("descriptions", _("Plain-language explanation for the client"), "texts", source="description",
               max_length=2000, multiline=True),
)

GATE_FIELDS: tuple[PhaseField, ...] = (
    PhaseField("key", _("Key"), "slug", required=True, max_length=60),
    PhaseField("names", _("Name"), "texts", required=True, max_length=160, source="name"),
    PhaseField("after_phase", _("Passes after phase (key)"), "slug", required=True, max_length=60),
    PhaseField("descriptions", _("Plain-language explanation"), "texts", source="description", max_length=2000,
               multiline=True),
    # A plain field (one value, not per language).
    PhaseField("client_approvable", _("the client approves it"), "bool", default=False,
               help_text=_("The client's approver can confirm it from the client view (e.g. the plan approval).")),
)


def columns(fields: tuple[PhaseField, ...]) -> tuple[str, ...]:
    """The model fields of a spec list, in order (source text before its per-language texts)."""
    return tuple(c for f in fields for c in f.columns)


def clean_texts(value: Any, max_length: int | None = None) -> dict[str, str]:
    """Per-language texts as stored: known languages only, stripped, empty ones left out.

    Raises ValueError for a text longer than ``max_length`` (the form's bound, enforced for the API too).
    """
    if not isinstance(value, dict):
        return {}
    texts = {code: str(value[code]).strip() for code in LANGUAGE_CODES
             if isinstance(value.get(code), str) and str(value[code]).strip()}
    if max_length is not None and any(len(t) > max_length for t in texts.values()):
        raise ValueError("text too long")
    return texts


def max_length_of(fields: tuple[PhaseField, ...], name: str) -> int | None:
    return next(f.max_length for f in fields if f.name == name)
