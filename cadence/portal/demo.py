"""The client portal's part of ``cadence demo`` (order 900, after every app whose data the portal shows).

The portal has no rows of its own: it shows the other apps' demo data (posts waiting for the client's approval,
the plan version in review, the reports sent). What the client users of the demo still lack to land on a full
portal is added here, through the apps' services and as the people who would do it:

* each client approver starts the brief of an engagement whose plan is not started yet (a plan made by its
  account manager): a few answers in the client's language, the rest left for later (a brief partly filled);
* (the reports' demo sends last month's report of every engagement that ran then: the furniture's and the
  school's portals show it; the bakery started this month, so its portal says no report was sent yet);
* the bakery's approver sends the team a photo from the portal (``files.send_materials``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from PIL import Image, ImageDraw

from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.files import services as file_services
from cadence.plans import access as plan_access
from cadence.plans import queries as plan_queries
from cadence.plans import services as plan_services

# The first answers of a brief, in the client's language (demo data, not interface text), by client key.
BRIEFS: Mapping[str, Mapping[str, str]] = {
    "bakery": {
        "brief.products": "Pâinea cu maia și cozonacii de sărbători; vinerea, produsele fără gluten.",
        "brief.audience": "Familiile din cartierele Mărăști și Gheorgheni, care cumpără dimineața în drum spre "
                          "serviciu, și cei care comandă torturi pentru aniversări.",
        "brief.results": "Mai multe comenzi de torturi prin telefon și o coadă mai scurtă dimineața, cu "
                         "precomenzi online.",
    },
    "furniture": {
        "brief.products": "Mesele din stejar masiv la comandă și noua colecție de paturi pentru copii.",
        "brief.audience": "Cupluri tinere din Chișinău care își mobilează primul apartament.",
    },
    "school": {
        "brief.products": "Курсы подготовки к экзаменам по математике и английскому для 9–11 классов.",
        "brief.audience": "Родители подростков в Алматы и Астане, которые ищут онлайн-занятия с живым "
                          "преподавателем.",
        "brief.results": "Больше записей на бесплатный пробный урок в августе и сентябре.",
    },
}
MATERIAL_NOTE = {"ro": "Fotografii noi din brutărie, pentru postările de luna viitoare.",
                 "ru": "Новые фотографии для публикаций следующего месяца."}


def _photo() -> bytes:
    image = Image.new("RGB", (640, 420), (244, 229, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 90, 470, 330), fill=(196, 140, 72), outline=(120, 78, 30), width=8)
    for x in range(220, 430, 50):
        draw.line((x, 150, x + 30, 270), fill=(150, 98, 44), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def build(demo: DemoWorkspace) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    briefs = materials = 0
    owner = demo.users["owner"]
    for key, client in demo.clients.items():
        approver = demo.users.get(f"{key}-approver")
        if approver is None:
            continue
        membership = demo.memberships[approver.pk]
        engagements = list(visible_engagements(membership).filter(client=client, archived=False)
                           .select_related("manager").order_by("start_date", "id"))
        for engagement in engagements:
            manager = engagement.manager or owner
            if plan_access.find_plan(engagement) is None and key in BRIEFS and not briefs_for(engagement):
                plan = plan_services.ensure_plan(actor=manager, engagement=engagement)
                answers = dict(BRIEFS[key])
                plan_services.save_brief(actor=approver, membership=membership, plan=plan, answers=answers,
                                         revisions=dict.fromkeys(answers))
                briefs += 1
        if key == "bakery" and engagements:
            language = engagements[0].language
            file_services.send_materials(
                actor=approver, membership=membership, engagement=engagements[0],
                files=[SimpleUploadedFile("cozonac.png", _photo(), content_type="image/png")],
                description=MATERIAL_NOTE.get(language, MATERIAL_NOTE["ro"]))
            materials += 1
    return f"{briefs} briefs started by the clients, {materials} materials sent from the client portal"


def briefs_for(engagement: Any) -> bool:
    """Whether the engagement's brief has an answer already (a rebuild adds nothing twice)."""
    return plan_queries.brief_progress([engagement.pk])[engagement.pk].answered > 0


def delete(workspace: Workspace) -> None:
    """Nothing of its own: the rows it adds are the plans', reports' and files' (deleted by their apps)."""

