"""The links' part of ``cadence demo`` (registered in ``registration.py``, before the content calendar so its
posts can carry these links): the workspace's naming rule and five campaign links per engagement, built
through the services as the team would. Link names and campaigns are demo data in each client's language
(not UI text, so not in the catalogs)."""

from __future__ import annotations

from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.links import services
from cadence.links.models import UtmLink, UtmRule

# (name, path, source, medium, campaign, content) per client key
LINKS: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "bakery": [
        ("Cozonac de Crăciun – Instagram", "/cozonac", "instagram", "social", "craciun_2026", "carusel"),
        ("Cozonac de Crăciun – Facebook Ads", "/cozonac", "facebook", "paid_social", "craciun_2026", "video_15s"),
        ("Comenzi online – newsletter", "/comenzi", "newsletter", "email", "comenzi_decembrie", "buton"),
        ("Program magazine – Google", "/magazine", "google", "cpc", "magazine_cluj", ""),
        ("Colaborare blog culinar", "/retete", "gustos.example", "referral", "retete_iarna", "articol"),
    ],
    "furniture": [
        ("Showroom Chișinău – Facebook", "/showroom", "facebook", "paid_social", "showroom_iarna", "imagine"),
        ("Mese din stejar – Instagram", "/mese-stejar", "instagram", "social", "colectia_stejar", "reel"),
        ("Catalog – Google Ads", "/catalog", "google", "cpc", "catalog_2026", "text"),
        ("Oferte – e-mail", "/oferte", "newsletter", "email", "oferte_decembrie", ""),
        ("Catalog – 999.md", "/catalog", "999.md", "referral", "catalog_2026", "anunt"),
    ],
    "school": [
        ("Пробный урок – VK", "/probnyj-urok", "vk", "paid_social", "zimnij_nabor", "karusel"),
        ("Пробный урок – Telegram", "/probnyj-urok", "telegram", "social", "zimnij_nabor", "post"),
        ("Курс математики – Яндекс", "/matematika", "yandex", "cpc", "matematika_ege", ""),
        ("Рассылка для родителей", "/roditelyam", "newsletter", "email", "dekabr_roditeli", "knopka"),
        ("Вебинар – YouTube", "/vebinar", "youtube", "video", "vebinar_dekabr", "opisanie"),
    ],
}


def build(demo: DemoWorkspace) -> str:
    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    owner = demo.users["owner"]
    services.set_rule(actor=owner, membership=demo.memberships[owner.pk], lowercase=True, separator="_",
                      extra_mediums=["video"])
    made = 0
    for client_key, client in demo.clients.items():
        rows = LINKS.get(client_key, [])
        for engagement in visible_engagements(membership).filter(client=client).order_by("start_date", "pk"):
            website = (client.website or "https://example.com").rstrip("/")
            for name, path, source, medium, campaign, content in rows:
                services.create_link(actor=manager, membership=membership, engagement=engagement,
                                     data=services.LinkData(name=name, base_url=website + path, source=source,
                                                            medium=medium, campaign=campaign, content=content))
                made += 1
    return f"{made} campaign links"


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the links' rows."""
    UtmLink.objects.filter(workspace=workspace).delete()
    UtmRule.objects.filter(workspace=workspace).delete()
