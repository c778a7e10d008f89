"""The imports' part of ``cadence demo`` (order 430, after the budget): three months of Meta Ads, Google Ads
and GA4 exports for the furniture shop and for the school, the three full calendar months before today, and
one Meta Business Suite export of each one's Instagram posts of those months (the dashboard's and the
report's best posts).

The files are made by ``demo_exports`` in each platform's real structure and imported through the pipeline
(``services.upload`` then ``services.confirm``, as the team member who runs the monthly import would), so the
demo walks the real path: recognition, preview, the one-transaction write and the budget feed.

* **Mobila Codru** (MDL): its Meta and Google Ads accounts are billed in US dollars, so each ad import is
  confirmed with that month's exchange rate (recorded on the batch). Its first two Meta exports come from the
  client's own Ads Manager in Romanian, a layout Cadence does not recognise: the first is mapped by hand and
  saved as the workspace's profile "Meta Ads – interfața în română", which the second then finds by itself.
* **Онлайн-школа «Горизонт»** (KZT): Meta and GA4 exported from their Russian interfaces (Meta at ad level
  with ``;`` and a decimal comma, GA4 with its ``Общий итог`` row), Google Ads in KZT; and this month's Google
  Ads report, edited by hand (a note typed into the Cost column), waits in the preview with its problem for a
  newcomer to see.

The monthly ad spend of each file is the one the budget's demo recorded by hand on its advertising lines
(``cadence/budget/demo.py``), so the budget tells the same story with imported actuals: once a month's
imports are in, the manager clears the typed advertising actuals of that month (the imported ones replace
them; each source is kept apart and a month's actual is their sum). Campaign names are demo data in the
client's language (not UI text).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cadence.budget import queries as budget_queries
from cadence.budget import services as budget_services
from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import engagement_today
from cadence.metrics import demo_exports as ex
from cadence.metrics import services
from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact, Status

PAST = 3  # full calendar months before today's
PROFILE_NAME = "Meta Ads – interfața în română"
CHANNELS = {"meta_ads": "meta", "google_ads": "google_ads"}  # platform -> the budget line's channel


@dataclass(frozen=True)
class Shop:
    """One demo client's advertising and analytics, as the files show them."""

    client: str
    engagement: str  # the engagement's name in the engagements' demo
    who: str  # the demo person who imports
    ad_account: str  # as Meta names its export files
    ad_currency: str  # the currency the ad accounts are billed in
    rates: tuple[Decimal, ...]  # the engagement's currency per unit of ad_currency, per month (when they differ)
    meta_languages: tuple[str, ...]  # per month: "en", "ru" or "ro" (the Romanian interface: a mapping)
    meta: tuple[ex.Campaign, ...]
    google: tuple[ex.Campaign, ...]
    sources: tuple[ex.Source, ...]
    ga4_account: str
    ga4_property: str
    ga4_grand_total: bool
    ga4_language: str  # "en", or "ru": downloaded from GA4's Russian interface
    fallback: dict[str, tuple[int, ...]]  # platform -> spend per month in the engagement's currency
    preview_problem: bool = False  # this month's Google Ads report, hand-edited, left in the preview
    posts: tuple[ex.Post, ...] = ()  # the Instagram posts of the three months (one Business Suite export)
    instagram: tuple[str, str, str] = ("", "", "")  # account id, username, account name


C = ex.Campaign
FURNITURE = Shop(
    "furniture", "Online shop growth", "specialist", "Mobila-Codru", "USD",
    (Decimal("17.62"), Decimal("17.85"), Decimal("17.74")),
    ("ro", "ro", "en"),
    meta=(C("Colecția Codru – vânzări din catalog", 0.45, 6.5, 0.014, 0.05,
            indicator="actions:offsite_conversion.fb_pixel_purchase"),
          C("Showroom Chișinău – trafic", 0.35, 3.8, 0.021, 0.9),
          C("Remarketing – coș abandonat", 0.20, 9.0, 0.018, 0.08,
            indicator="actions:offsite_conversion.fb_pixel_purchase")),
    google=(C("Brand | Căutare", 0.25, 18.0, 0.11, 0.06),
            C("Mobilier dormitor | Căutare", 0.40, 24.0, 0.045, 0.03),
            C("PMax | Toate produsele", 0.35, 2.2, 0.012, 0.02, kind="Performance Max")),
    sources=(ex.Source("google / organic", 2600, 0.62, 0.012, 4200.0),
             ex.Source("google / cpc", 1500, 0.55, 0.018, 5100.0),
             ex.Source("facebook / paid_social", 2100, 0.41, 0.006, 3800.0),
             ex.Source("(direct) / (none)", 1200, 0.58, 0.015, 4500.0),
             ex.Source("instagram / social", 640, 0.47, 0.004, 3100.0),
             ex.Source("999.md / referral", 380, 0.66, 0.021, 3900.0),
             ex.Source("newsletter / email", 260, 0.71, 0.027, 4700.0)),
    ga4_account="Mobila Codru", ga4_property="mobilacodru.example - GA4", ga4_grand_total=False,
    ga4_language="en",
    fallback={"meta_ads": (9600, 14000, 10000), "google_ads": (8000, 10400, 7000)},
    posts=(ex.Post("Masa extensibilă Codru Stejar, lucrată manual în atelierul nostru. 🌳 #mobilamasiva", "IG image", 1.0),
           ex.Post("Din atelier: cum se îmbină o tăblie de stejar, pas cu pas.", "IG reel", 2.6),
           ex.Post("5 idei pentru o bucătărie din lemn masiv (glisați →)", "IG carousel", 1.5),
           ex.Post("Concurs: câștigați o măsuță de cafea din nuc! Detalii în descriere.", "IG image", 2.2),
           ex.Post("Recenzia familiei Rusu: „Patul nostru Codru arată ca nou după 3 ani.”", "IG image", 0.8),
           ex.Post("Showroom Chișinău: noua colecție de scaune, de sâmbătă.", "IG reel", 1.7),
           ex.Post("Cum alegeți esența de lemn: stejar, frasin sau nuc?", "IG carousel", 1.2),
           ex.Post("Bucătărie la comandă, de la schiță la montaj, în 6 săptămâni.", "IG reel", 2.0)),
    instagram=("17841401234567001", "mobilacodru", "Mobila Codru"),
)
SCHOOL = Shop(
    "school", "Student acquisition", "specialist2", "Gorizont-Online", "KZT", (), ("ru", "ru", "ru"),
    meta=(C("Зимний интенсив – заявки", 0.30, 900.0, 0.012, 0.09, ad_set="Родители 35-50, Алматы",
            ad="Видео-отзыв ученика"),
          C("Зимний интенсив – заявки", 0.20, 950.0, 0.010, 0.08, ad_set="Родители 35-50, Алматы",
            ad="Карусель программ"),
          C("Подготовка к ЕНТ – трафик", 0.25, 700.0, 0.016, 0.03, ad_set="Школьники 15-17, Казахстан",
            ad="Пробный урок бесплатно"),
          C("Подготовка к ЕНТ – трафик", 0.10, 720.0, 0.015, 0.03, ad_set="Школьники 15-17, Казахстан",
            ad="Reels: 5 задач ЕНТ"),
          C("Ретаргетинг – посетители сайта", 0.15, 1300.0, 0.019, 0.07, ad_set="Посетители за 30 дней",
            ad="Скидка 15% до конца месяца")),
    google=(C("Бренд | Поиск", 0.20, 6000.0, 0.12, 0.08),
            C("Курсы ЕНТ | Поиск", 0.45, 9000.0, 0.05, 0.04),
            C("PMax | Все курсы", 0.35, 900.0, 0.010, 0.02, kind="Performance Max")),
    sources=(ex.Source("google / organic", 5200, 0.64, 0.011, 42000.0),
             ex.Source("facebook / paid_social", 3900, 0.44, 0.007, 38000.0),
             ex.Source("instagram / paid_social", 2700, 0.39, 0.006, 36000.0),
             ex.Source("google / cpc", 2300, 0.57, 0.016, 45000.0),
             ex.Source("(direct) / (none)", 1900, 0.61, 0.014, 44000.0),
             ex.Source("telegram / social", 1100, 0.68, 0.009, 41000.0),
             ex.Source("yandex / organic", 700, 0.59, 0.010, 43000.0),
             ex.Source("newsletter / email", 420, 0.74, 0.025, 46000.0)),
    ga4_account="Онлайн-школа Горизонт", ga4_property="gorizont.example - GA4", ga4_grand_total=True,
    ga4_language="ru",
    fallback={"meta_ads": (240000, 350000, 250000), "google_ads": (200000, 260000, 175000)},
    preview_problem=True,
    posts=(ex.Post("5 задач ЕНТ по математике, которые решает каждый второй. Разбор в карусели →", "IG carousel", 1.8),
           ex.Post("Урок в «Горизонте» изнутри: как проходит онлайн-занятие.", "IG reel", 2.7),
           ex.Post("Отзыв Алии: «За три месяца подняла балл по физике с 18 до 31».", "IG image", 1.1),
           ex.Post("Бесплатный пробный урок в субботу: ссылка в шапке профиля.", "IG image", 0.9),
           ex.Post("Розыгрыш: зимний интенсив в подарок! Условия в посте.", "IG image", 2.4),
           ex.Post("Reels: 3 ошибки в сочинении, за которые снимают баллы.", "IG reel", 2.2),
           ex.Post("Расписание зимнего интенсива: 12 дней, 4 предмета.", "IG carousel", 1.0),
           ex.Post("Родителям: как понять, что ребёнку нужен репетитор.", "IG carousel", 1.3)),
    instagram=("17841409876543002", "gorizont.school", "Онлайн-школа Горизонт"),
)
SHOPS = (FURNITURE, SCHOOL)


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the facts, the batches with their stored files, the
    column mappings. Commands may step outside the services: the demo data goes whole."""
    for batch in ImportBatch.objects.filter(workspace=workspace).exclude(file=""):
        batch.file.delete(save=False)
    MetricFact.objects.filter(workspace=workspace).delete()
    ImportBatch.objects.filter(workspace=workspace).delete()
    MappingProfile.objects.filter(workspace=workspace).delete()


def past_months(today: dt.date, count: int = PAST) -> list[dt.date]:
    """The first days of the ``count`` full calendar months before ``today``'s, oldest first."""
    months: list[dt.date] = []
    month = today.replace(day=1)
    for _ in range(count):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        months.insert(0, month)
    return months


def _advertising(membership: Any, engagement: Any, months: Sequence[dt.date]) -> dict[str, Any]:
    """platform -> (its budget line or None, the amounts typed by hand on it per month or None)."""
    view = budget_queries.budget_view(membership, engagement)
    found: dict[str, Any] = {}
    for platform, channel in CHANNELS.items():
        line = next((lv for lv in view.lines if lv.line.category == "advertising" and lv.line.channel == channel),
                    None)
        manual = {c.month: c.manual for c in line.cells} if line else {}
        found[platform] = (line.line if line else None, [manual.get(m) for m in months])
    return found


class DemoImportFailed(RuntimeError):
    """A demo file the pipeline did not take as the demo expects (a bug: the demo must stay importable)."""


def _import(actor: Any, membership: Any, engagement: Any, export: ex.Export, *, rate: Decimal | None = None,
            mapping: dict[str, str] | None = None, confirm: bool = True) -> ImportBatch:
    """Upload ``export`` as ``actor``; map its columns when Cadence does not know the layout (saved as the
    workspace's profile); confirm it (with ``rate`` when its currency is not the engagement's)."""
    batch = services.upload(actor=actor, membership=membership, engagement=engagement,
                            stream=io.BytesIO(export.content), file_name=export.name, size=len(export.content))
    if batch.status == Status.NEEDS_MAPPING and mapping is not None:
        batch = services.apply_mapping(actor=actor, membership=membership, batch=batch, mapping=mapping,
                                       platform=export.platform, level="campaign", currency=export.currency,
                                       save_as=PROFILE_NAME)
    if not confirm:
        return batch
    if batch.status != Status.READY:
        raise DemoImportFailed(f"{export.name}: {batch.status} {batch.error} {batch.summary.get('problems')}")
    batch = services.confirm(actor=actor, membership=membership, batch=batch,
                             exchange_rate=rate if export.currency not in ("", engagement.currency) else None)
    if batch.status != Status.DONE:
        raise DemoImportFailed(f"{export.name}: {batch.status} {batch.error}")
    return batch


def exports(shop: Shop, engagement: Any, months: Sequence[dt.date],
            spend: dict[str, list[Decimal]]) -> list[tuple[ex.Export, Decimal | None, bool]]:
    """The files of ``shop`` for ``months``, oldest first: (file, exchange rate or None, mapped by hand).
    ``spend``: platform -> each month's spend in the engagement's currency."""
    files: list[tuple[ex.Export, Decimal | None, bool]] = []
    differs = shop.ad_currency != engagement.currency
    mapped = False
    for i, month in enumerate(months):
        rate = shop.rates[i] if differs else None

        def in_ad_currency(amount: Decimal, rate: Decimal | None = rate) -> Decimal:
            return (amount / rate).quantize(ex.CENT) if rate else amount

        last = ex.month_days(month)[-1]
        short = ex.MONTHS[month.month - 1][:3]
        stamp = f"{short}-1-{month.year}-{short}-{last.day}-{last.year}"
        language = shop.meta_languages[i]
        meta = ex.meta_daily(f"{shop.ad_account}-Campaigns-{stamp}.csv", month, shop.meta,
                             in_ad_currency(spend["meta_ads"][i]), shop.ad_currency, seed=shop.client,
                             language=language)
        files.append((meta, rate, language == "ro" and not mapped))
        mapped = mapped or language == "ro"
        google = ex.google_ads_month(f"Campaign report {month:%Y-%m}.csv", ex.month_days(month), shop.google,
                                     in_ad_currency(spend["google_ads"][i]), shop.ad_currency, seed=shop.client)
        files.append((google, rate, False))
        ga4 = ex.ga4_month(f"Traffic_acquisition_Session_source_medium_{month:%Y%m}.csv", month, shop.sources,
                           account=shop.ga4_account, property_name=shop.ga4_property, seed=shop.client,
                           grand_total=shop.ga4_grand_total, language=shop.ga4_language)
        files.append((ga4, None, False))
    return files


def posts_export(shop: Shop, months: Sequence[dt.date]) -> ex.Export:
    """The shop's Instagram posts of ``months`` as the client's Meta Business Suite exports them (one file)."""
    return ex.instagram_posts(f"Posts_{months[0]:%Y-%m}_{months[-1]:%Y-%m}.csv", months, shop.posts,
                              account_id=shop.instagram[0], username=shop.instagram[1],
                              account_name=shop.instagram[2], seed=shop.client)


def preview_export(shop: Shop, today: dt.date) -> ex.Export:
    """This month's Google Ads report so far, where someone typed a note into a Cost cell."""
    first = today.replace(day=1)
    days = [first + dt.timedelta(days=d) for d in range(max(1, (today - first).days))]
    spend = Decimal(shop.fallback["google_ads"][-1]) * len(days) / 30
    return ex.google_ads_month(f"Campaign report {today:%Y-%m} (edited).csv", days, shop.google,
                               spend.quantize(ex.CENT), shop.ad_currency, seed=f"{shop.client}:now",
                               bad_cell=(1, "Cost", "уточнить у клиента"))


def build(demo: DemoWorkspace) -> str:
    manager = demo.users["manager"]
    manager_membership = demo.memberships[manager.pk]
    stats = {"batches": 0, "rows": 0, "mapped": 0, "waiting": 0}
    for shop in SHOPS:
        actor = demo.users[shop.who]
        membership = demo.memberships[actor.pk]
        engagement = (visible_engagements(membership)
                      .filter(client=demo.clients[shop.client], name=shop.engagement, archived=False).first())
        if engagement is None or ImportBatch.objects.filter(engagement=engagement).exists():
            continue
        today = engagement_today(engagement)
        months = past_months(today)
        budget = _advertising(manager_membership, engagement, months)
        spend = {platform: [Decimal(typed) if typed is not None else Decimal(shop.fallback[platform][i])
                            for i, typed in enumerate(budget[platform][1])]
                 for platform in CHANNELS}
        mapping = {name: header.format(c=shop.ad_currency) for name, header in ex.META_RO_MAPPING.items()}
        for export, rate, by_hand in exports(shop, engagement, months, spend):
            batch = _import(actor, membership, engagement, export, rate=rate, mapping=mapping if by_hand else None)
            stats["batches"] += 1
            stats["rows"] += batch.rows_written
            stats["mapped"] += by_hand
        if shop.posts:
            batch = _import(actor, membership, engagement, posts_export(shop, months))
            stats["batches"] += 1
            stats["rows"] += batch.rows_written
        if shop.preview_problem:
            _import(actor, membership, engagement, preview_export(shop, today), confirm=False)
            stats["waiting"] += 1
        # The imported advertising actuals replace what the manager typed for those months.
        for line, _typed in budget.values():
            if line is None:
                continue
            cells = {c.month: c for lv in budget_queries.budget_view(manager_membership, engagement).lines
                     if lv.line.pk == line.pk for c in lv.cells}
            for month in months:
                cell = cells.get(month)
                if cell is not None and cell.imported is not None and cell.manual is not None:
                    budget_services.set_actual(actor=manager, membership=manager_membership, line=line,
                                               month=month, amount=None)
    return (f"{stats['batches']} imports ({stats['rows']} metric rows, {stats['mapped']} through a column "
            f"mapping, {stats['waiting']} waiting in the preview)")


def register() -> None:
    """This app's part of ``cadence demo`` (called at the end of ``registration.register``): after the
    budget's (410), whose advertising lines the imports feed."""
    from cadence.core import registry

    registry.demo("metrics", build, delete, order=430)
