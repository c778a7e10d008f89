"""Types this app's views and demo annotate with, without importing another app's models (the import
direction allows ``queries``, ``services`` and ``access`` only): an engagement is what
``engagements.access.get_engagement`` returns."""

from __future__ import annotations

from typing import Any

type Engagement = Any
