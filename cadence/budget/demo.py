"""The budget's part of ``cadence demo`` (order 410): per demo engagement a six-month budget starting three
months before today, with software, advertising (Meta, Google Ads), services and digital assets; actuals for
the three past months: the first leaves advertising money unspent (carried to the next month), the second
overspends (taken from the third). Line names are demo data in the engagement's language (not UI text).
Everything goes through the services, as a manager would do it. Amounts are written in euros and converted
roughly to the engagement's currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cadence.budget import services
from cadence.budget.domain.totals import month_list
from cadence.budget.models import BudgetActual, BudgetLine, BudgetPlan, BudgetSettings
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import engagement_today

RATES = {"EUR": 1, "USD": 1, "RON": 5, "MDL": 20, "RUB": 100, "KZT": 500, "UAH": 45}
MONTHS = 6
PAST = 3

# key: (category, channel, name per language, planned per month (6), actual per past month (3))
DemoLine = tuple[str, str, dict[str, str], tuple[int, ...], tuple[int | None, ...]]
LINES: list[DemoLine] = [
    ("software_tools", "", {"ro": "Abonament Canva Pro", "ru": "Подписка Canva Pro", "en": "Canva Pro"},
     (12, 12, 12, 12, 12, 12), (12, 12, 12)),
    ("software_tools", "", {"ro": "Programarea postărilor (Buffer)", "ru": "Планировщик публикаций (Buffer)",
                            "en": "Post scheduling (Buffer)"},
     (30, 30, 30, 30, 30, 30), (30, 30, 30)),
    ("advertising", "meta", {"ro": "Reclame Meta (Facebook, Instagram)", "ru": "Реклама Meta (Facebook, Instagram)",
                             "en": "Meta ads (Facebook, Instagram)"},
     (600, 600, 600, 700, 700, 700), (480, 700, 500)),
    ("advertising", "google_ads", {"ro": "Google Ads – căutare", "ru": "Google Ads – поиск",
                                   "en": "Google Ads – search"},
     (400, 400, 400, 400, 400, 400), (400, 520, 350)),
    ("services", "", {"ro": "Ședință foto de produs", "ru": "Предметная фотосъёмка", "en": "Product photo shoot"},
     (350, 0, 350, 0, 350, 0), (390, None, 350)),
    ("services", "", {"ro": "Copywriter", "ru": "Копирайтер", "en": "Copywriter"},
     (200, 200, 200, 200, 200, 200), (200, 200, 180)),
    ("digital_assets", "", {"ro": "Fotografii de stoc", "ru": "Стоковые фото", "en": "Stock photos"},
     (60, 0, 0, 60, 0, 0), (45, None, None)),
]


def delete(workspace: Workspace) -> None:
    BudgetActual.objects.filter(workspace=workspace).delete()
    BudgetPlan.objects.filter(workspace=workspace).delete()
    BudgetLine.objects.filter(workspace=workspace).delete()
    BudgetSettings.objects.filter(workspace=workspace).delete()


def _first_month(today: dt.date) -> dt.date:
    year, month = today.year, today.month - PAST
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def build(demo: Any) -> str:
    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    budgets = lines = 0
    for engagement in visible_engagements(membership).filter(archived=False).order_by("start_date", "id"):
        if BudgetLine.objects.filter(engagement=engagement).exists():
            continue
        rate = Decimal(RATES.get(engagement.currency, 1))
        first = _first_month(engagement_today(engagement))
        services.update_settings(actor=manager, membership=membership, engagement=engagement, first_month=first,
                                 months=MONTHS, overspend_reduces_next=True)
        months = month_list(first, MONTHS)
        cells = []
        for category, channel, names, planned, actual in LINES:
            line = services.create_line(actor=manager, membership=membership, engagement=engagement,
                                        category=category, channel=channel,
                                        name=names.get(engagement.language, names["en"]))
            lines += 1
            for i, month in enumerate(months):
                spent = actual[i] if i < len(actual) else None
                cells.append(services.CellInput(
                    line, month, planned=Decimal(planned[i]) * rate if planned[i] else None,
                    actual=Decimal(spent) * rate if spent is not None else services.UNSET))
        services.save_cells(actor=manager, membership=membership, engagement=engagement, cells=cells)
        budgets += 1
    return f"{budgets} budgets ({lines} lines, {MONTHS} months each)"
