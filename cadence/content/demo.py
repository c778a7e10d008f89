"""The content calendar's part of ``cadence demo`` (registered in ``registration.py``, after the files):

per demo engagement, a month of posts (three weeks back to a few weeks ahead of today) in every status,
written in the engagement's language (the bakery and the furniture shop are Romanian, the school Russian):
published posts in the past, scheduled and approved ones ahead, posts in review waiting for the client's
approver, drafts and ideas; one post the client sent back with a comment, and one that went back to review
when the team changed its caption after approval. A posting-frequency plan (Instagram 3 a week, Facebook 2,
TikTok 2) gives the calendar its empty slots. Image posts carry the product photo the files demo uploaded.

Everything goes through the services, as the team and the client would do it. Captions are demo data in each
engagement's language (not UI text, so not in the catalogs). Links stay empty (the links demo owns the library).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from cadence.content import services
from cadence.content.models import ContentSettings, FrequencyPlan, Post, PostMedia, PostReview
from cadence.core import clock
from cadence.core.demo import CLIENT_USERS, DemoWorkspace
from cadence.core.models import ClientRole, Workspace
from cadence.engagements.access import visible_engagements
from cadence.files import queries as file_queries
from cadence.links import queries as link_queries


@dataclass(frozen=True)
class DemoPost:
    day: int  # days from today (negative: past)
    hour: int  # local time of the engagement
    channel: str
    format: str
    title: str
    caption: str
    hashtags: tuple[str, ...]
    status: str  # the status it ends in; "changes" = sent back by the client, "sent_back" = edited after approval
    media: bool = False
    edit: str = ""  # the caption after approval ("sent_back"), or the client's comment ("changes")


RO_BAKERY = (
    DemoPost(-20, 9, "instagram", "image", "Pâinea cu maia", "Pâinea noastră cu maia crește 24 de ore înainte să "
             "intre în cuptor. O găsiți caldă în fiecare dimineață în cele trei magazine.",
             ("paine", "maia", "cluj", "brutarie"), "published", media=True),
    DemoPost(-12, 18, "facebook", "text", "Program de sărbători", "Program prelungit în weekend: magazinele din "
             "Mănăștur, Gheorgheni și Centru sunt deschise de la 7:00 la 21:00.", ("clujnapoca",), "published"),
    DemoPost(-5, 10, "tiktok", "video", "Cum împletim cozonacul", "30 de secunde din bucătăria noastră: cum "
             "împletim cozonacul cu nucă, pas cu pas.", ("cozonac", "reteta", "brutarie"), "published"),
    DemoPost(2, 9, "instagram", "carousel", "Produsele săptămânii", "Produsele săptămânii: covrigi cu susan, "
             "pâine de secară și plăcintă cu brânză. Care este preferatul dumneavoastră?",
             ("spiculdeaur", "cluj", "patiserie"), "scheduled", media=True),
    DemoPost(4, 12, "facebook", "image", "Comenzi pentru evenimente", "Organizați o aniversare? Comandați "
             "platouri cu fursecuri și mini-plăcinte cu 48 de ore înainte, la telefon sau în magazin.",
             ("evenimente", "cluj"), "approved", media=True),
    DemoPost(5, 9, "instagram", "story", "Sondaj: ce coacem vineri", "Ce coacem vineri: ștrudel cu mere sau "
             "cornulețe cu gem? Votați în story!", ("sondaj",), "in_review"),
    DemoPost(6, 17, "tiktok", "video", "O zi cu brutarul", "O zi cu brutarul nostru, de la 4 dimineața până la "
             "primul client.", ("brutar", "cluj", "dimineata"), "changes",
             edit="Vă rugăm să nu arătați fața brutarului; filmați doar mâinile și cuptorul."),
    DemoPost(8, 9, "instagram", "image", "Pâine fără gluten", "Nou la Spicul de Aur: pâine fără gluten, coaptă "
             "separat, în fiecare marți și vineri.", ("faragluten", "paine"), "sent_back", media=True,
             edit="Nou la Spicul de Aur: pâine fără gluten, coaptă separat, în fiecare marți, joi și vineri. "
                  "Rezervați-o din timp la telefon."),
    DemoPost(11, 10, "facebook", "text", "Concurs de Crăciun", "Concurs: spuneți-ne ce rețetă de familie "
             "păstrați de la bunici și câștigați un cozonac.", ("concurs", "craciun"), "draft"),
    DemoPost(13, 9, "instagram", "carousel", "Echipa noastră", "", (), "idea"),
    DemoPost(18, 9, "tiktok", "video", "Rețeta de covrigi", "Rețeta covrigilor cu susan, în 45 de secunde.",
             ("covrigi", "reteta"), "draft"),
)

RO_FURNITURE = (
    DemoPost(-19, 11, "facebook", "image", "Colecția Codru", "Colecția Codru: mese și scaune din stejar masiv, "
             "lucrate în atelierul nostru din Chișinău.", ("mobila", "lemnmasiv", "chisinau"), "published",
             media=True),
    DemoPost(-11, 19, "instagram", "carousel", "Înainte și după", "Înainte și după: un living mobilat complet cu "
             "piese din colecția Nistru.", ("amenajari", "living", "mobilacodru"), "published", media=True),
    DemoPost(1, 12, "linkedin", "text", "Atelierul nostru", "De 15 ani lucrăm doar cu lemn din păduri "
             "certificate. Iată cum arată un proiect de la schiță la montaj.", ("mobila", "design"), "scheduled"),
    DemoPost(3, 18, "instagram", "video", "Tur prin showroom", "Un tur de un minut prin showroomul din Chișinău: "
             "veniți să atingeți lemnul.", ("showroom", "chisinau"), "approved", media=True),
    DemoPost(5, 11, "facebook", "carousel", "Ghid de îngrijire", "Cum îngrijiți mobila din lemn masiv: trei "
             "sfaturi simple pentru iarnă.", ("sfaturi", "lemnmasiv"), "in_review", media=True),
    DemoPost(6, 19, "pinterest", "image", "Dormitorul Nistru", "Dormitorul Nistru: pat, noptiere și dulap din "
             "frasin, finisaj natural.", ("dormitor", "inspiratie"), "changes", media=True,
             edit="Prețul din imagine este cel vechi; vă rugăm să puneți noul catalog."),
    DemoPost(9, 12, "instagram", "image", "Reducere de sezon", "Reducere de sezon: 15% la mesele extensibile "
             "până la sfârșitul lunii.", ("reducere", "mobila"), "sent_back", media=True,
             edit="Reducere de sezon: 15% la mesele extensibile și 10% la scaune, până la sfârșitul lunii."),
    DemoPost(12, 19, "facebook", "video", "Interviu cu tâmplarul", "", ("mestesug",), "draft"),
    DemoPost(15, 12, "instagram", "story", "Întrebări și răspunsuri", "", (), "idea"),
    DemoPost(19, 11, "linkedin", "article", "Mobilier pentru birouri", "Proiectele noastre pentru birouri: "
             "mese de conferință și recepții din lemn.", ("birouri", "b2b"), "draft"),
)

RU_SCHOOL = (
    DemoPost(-18, 18, "instagram", "image", "Набор на зимний курс", "Открыт набор на зимний курс по "
             "программированию для подростков 12–16 лет. Первое занятие бесплатно!",
             ("онлайншкола", "программирование", "горизонт"), "published", media=True),
    DemoPost(-10, 19, "telegram", "text", "Расписание на неделю", "Расписание вебинаров на неделю: понедельник — "
             "Python, среда — веб-дизайн, пятница — подготовка к олимпиаде.", ("расписание",), "published"),
    DemoPost(-3, 17, "tiktok", "video", "Один день ученика", "Один день ученика «Горизонта»: уроки, проекты и "
             "встречи с наставником.", ("учеба", "подростки", "онлайн"), "published"),
    DemoPost(2, 18, "instagram", "carousel", "Проекты учеников", "Пять проектов наших учеников за осень: игры, "
             "сайты и даже чат-бот для школьной столовой.", ("проекты", "горизонт"), "scheduled", media=True),
    DemoPost(4, 12, "facebook", "image", "Отзыв родителей", "«Сын впервые сам сел за уроки» — отзыв мамы "
             "нашего ученика Артёма.", ("отзывы", "онлайншкола"), "approved", media=True),
    DemoPost(5, 18, "telegram", "image", "Вебинар для родителей", "Бесплатный вебинар для родителей: как "
             "выбрать онлайн-курс и не ошибиться. Четверг, 19:00.", ("вебинар",), "in_review", media=True),
    DemoPost(7, 17, "tiktok", "video", "Задача дня", "Задача дня: сможете решить быстрее наших учеников?",
             ("задача", "логика"), "changes",
             edit="Ответ на задачу виден в первом кадре; уберите его, пожалуйста."),
    DemoPost(9, 18, "instagram", "story", "Скидка до конца месяца", "Скидка 20% на годовой абонемент до конца "
             "месяца.", ("скидка",), "sent_back",
             edit="Скидка 20% на годовой абонемент до конца месяца — только для новых учеников."),
    DemoPost(12, 12, "youtube", "video", "Урок Python за 10 минут", "Первый урок Python за 10 минут: "
             "переменные, циклы и маленькая игра.", ("python", "урок"), "draft"),
    DemoPost(14, 18, "instagram", "carousel", "Наши наставники", "", (), "idea"),
    DemoPost(17, 17, "telegram", "text", "Итоги года", "Итоги года в «Горизонте»: цифры и истории.", ("итоги",),
             "draft"),
)

BY_CLIENT = {"bakery": RO_BAKERY, "furniture": RO_FURNITURE, "school": RU_SCHOOL}
FREQUENCY = (("instagram", 3, [0, 2, 4]), ("facebook", 2, [1, 3]), ("tiktok", 2, [2, 5]))


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the calendar's rows."""
    PostReview.objects.filter(workspace=workspace).delete()
    PostMedia.objects.filter(workspace=workspace).delete()
    Post.objects.filter(workspace=workspace).delete()
    FrequencyPlan.objects.filter(workspace=workspace).delete()
    ContentSettings.objects.filter(workspace=workspace).delete()


def _today(engagement: Any) -> dt.date:
    return clock.today_in(engagement.time_zone)


def _when(engagement: Any, start: dt.date, spec: DemoPost) -> dt.datetime:
    day = start + dt.timedelta(days=spec.day)
    return dt.datetime.combine(day, dt.time(spec.hour), tzinfo=zoneinfo.ZoneInfo(engagement.time_zone))


def _link_of(engagement: Any, channel: str) -> Any:
    """The demo library's organic link for a network (source = the channel, medium social), if there is one."""
    for row in link_queries.library(engagement):
        if row.link.source == channel and row.link.medium == "social":
            return row.link.uuid
    return None


def _data(engagement: Any, start: dt.date, spec: DemoPost, media: list[Any], assignee: int | None,
          caption: str | None = None) -> services.PostData:
    return services.PostData(
        link_uuid=_link_of(engagement, spec.channel) if spec.status != "idea" else None,
        channel=spec.channel, format=spec.format, title=spec.title,
        caption=spec.caption if caption is None else caption, hashtags=list(spec.hashtags),
        publish_at=_when(engagement, start, spec), assignee_id=assignee,
        media_uuids=[f.uuid for f in media] if spec.media else [],
        status="idea" if spec.status == "idea" else "draft")


def _build_engagement(demo: DemoWorkspace, key: str, engagement: Any, specs: tuple[DemoPost, ...]) -> int:
    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    approver = next((demo.users[p.key] for p in CLIENT_USERS
                     if p.client == key and p.client_role == ClientRole.APPROVER and p.key in demo.users), None)
    if approver is None:
        return 0
    decider = demo.memberships[approver.pk]
    writer = demo.users["specialist2" if engagement.language == "ru" else "specialist"]
    writing = demo.memberships[writer.pk]
    photos = sorted(file_queries.engagement_files(engagement, kind="image"), key=lambda f: -f.size)[:1]
    start = _today(engagement)
    services.get_settings(engagement)
    for channel, per_week, weekdays in FREQUENCY:
        services.set_frequency(actor=manager, membership=membership, engagement=engagement, channel=channel,
                               per_week=per_week, weekdays=weekdays)
    made = 0
    for spec in specs:
        post = services.create_post(actor=writer, membership=writing, engagement=engagement,
                                    data=_data(engagement, start, spec, photos, writer.pk))
        made += 1
        if spec.status in ("idea", "draft"):
            continue
        post = services.set_status(actor=writer, membership=writing, post=post, status="in_review")
        if spec.status == "in_review":
            continue
        if spec.status == "changes":
            services.request_changes(actor=approver, membership=decider, post=post, comment=spec.edit)
            continue
        post = services.approve(actor=approver, membership=decider, post=post)
        if spec.status == "sent_back":
            services.update_post(actor=writer, membership=writing, post=post,
                                 data=_data(engagement, start, spec, photos, writer.pk, caption=spec.edit),
                                 expected_revision=post.revision)
            continue
        if spec.status == "approved":
            continue
        post = services.set_status(actor=manager, membership=membership, post=post, status="scheduled")
        if spec.status == "published":
            services.set_status(actor=manager, membership=membership, post=post, status="published")
    return made


def build(demo: DemoWorkspace) -> str:
    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    posts = engagements = 0
    for key, specs in BY_CLIENT.items():
        client = demo.clients.get(key)
        if client is None:
            continue
        for engagement in visible_engagements(membership).filter(client=client).order_by("start_date"):
            made = _build_engagement(demo, key, engagement, specs)
            posts += made
            engagements += 1 if made else 0
    return f"{posts} posts on {engagements} content calendars"
