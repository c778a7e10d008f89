"""A full snapshot document (``domain/snapshot.py`` format, schema 1) for the exports' tests: the plan of a
Romanian furniture workshop, with every record kind, answers to every guided question and a complete brief."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from cadence.plans.questions import BRIEF_QUESTIONS, SECTION_QUESTIONS

NS = uuid.UUID("6f1c1a52-8c1e-4a55-9d59-1d0b7a3f0e11")


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


ANSWERS: dict[str, str] = {
    "situation.business": "Atelier de familie din **Cluj-Napoca**, fondat în 2012 de Andrei Mureșan. "
                          "Unsprezece meșteri, un showroom pe strada Fabricii și un magazin online.",
    "situation.offer": "Mese, paturi și dulapuri din stejar și fag, la comandă:\n\n- mese extensibile\n"
                       "- paturi pentru copii\n- dulapuri încastrate",
    "situation.purpose": "Mobilă care ține o viață și se potrivește exact camerei, făcută de oameni pe care "
                         "clientul îi cunoaște.",
    "situation.audience": "Cupluri de 30-45 de ani care își mobilează primul apartament; decid după o vizită "
                          "în showroom. Vezi și [raportul de sondaj](https://mobila-muresan.example.ro/sondaj).",
    "situation.market": "Cluj, București și comenzi online în toată țara; nișă: mobilier premium din lemn masiv.",
    "situation.competitors": "Doi competitori direcți, unul local și unul național (detalii mai jos).",
    "situation.analytics": "| Sursă | Vizite/lună |\n|:--|--:|\n| Instagram | 1 600 |\n| Google | 1 900 |\n"
                           "| Direct | 700 |",
    "situation.strengths": "Calitatea lemnului și termenele respectate; slab: fotografii vechi pe site.",
    "situation.limits": "Maximum 40 de comenzi pe lună; 1 500 EUR pe lună pentru marketing.",
    "objectives.business_goals": "Vânzări online cu o treime mai mari în 2027 și intrarea pe piața din București.",
    "objectives.department": "Marketingul (vânzări online) și serviciul clienți (mesaje și comentarii).",
    "objectives.why_social": "Clienții mulțumiți recomandă atelierul; rețelele sociale le dau o voce.",
    "objectives.success": "De la 12 la 20 de comenzi online pe lună; de la 2 900 la 6 000 de urmăritori.",
    "objectives.levels": "Acceptabil 16, optim 20, cel mai bun 24 de comenzi pe lună.",
    "objectives.achievable": "Un competitor de aceeași mărime a crescut cu 40% într-un an.",
    "objectives.resources": "Un fotograf două zile pe lună și bugetul de reclame de 600 EUR.",
    "objectives.deadline": "31 decembrie 2027; verificare lunară în prima zi lucrătoare.",
    "objectives.decision_makers": "Andrei Mureșan (fondator) aprobă obiectivele la ședința lunară.",
    "strategy.segments": "1. Cupluri tinere; 2. familii cu copii mici; 3. arhitecți de interior.",
    "strategy.geography": "Cluj și București, în limba română; apoi Chișinău, în română și rusă.",
    "strategy.advantage": "Mobilă pe măsură livrată în 6 săptămâni, cu garanție de 10 ani.",
    "strategy.positioning": "Meșterul care face mobilă pentru camera ta, nu magazinul care vinde ce are în stoc.",
    "strategy.product": "Clientul simte că are ceva *unic*, făcut pentru el.",
    "strategy.price": "Între 2 000 și 9 000 RON pe piesă; 15% din marjă se reinvestește.",
    "strategy.messages": "„Făcut pentru camera ta.” „Lemn adevărat, meșteri adevărați.”",
    "strategy.content": "Povești din atelier, înainte/după, video scurte cu meșterii; ton cald și direct.",
    "strategy.contact": "Instagram pentru descoperire, newsletter lunar, WhatsApp după comandă.",
    "tactics.channel_mix": "Instagram (vânzare), Facebook (clienți fideli), site (comenzi).",
    "tactics.paid": "Meta Ads: campanii de trafic și conversii; Google Ads pe căutări locale.",
    "tactics.partners": "Trei micro-influenceri de design interior, plătiți per postare.",
    "tactics.formats": "Concurs lunar, reducere de lansare pentru colecția de copii, transmisii live din atelier.",
    "tactics.tools": "Meta Business Suite, Canva, Google Analytics 4 cu etichete UTM, Trello.",
    "tactics.timing": "Campania de primăvară 1 martie - 30 aprilie; 4 postări pe săptămână pe Instagram.",
    "tactics.budget": "Reclame 600 EUR, instrumente 60 EUR, fotograf 400 EUR pe lună.",
    "tactics.tracking": "Etichete UTM pe toate linkurile; întrebare „de unde ne știți” la comandă.",
    "tactics.responsibilities": "Agenția: conținut și reclame. Atelierul: fotografii, răspunsuri tehnice.",
    "action.first_90_days": "Luna 1: conturi și fotografii; luna 2: campania de primăvară; luna 3: influenceri.",
    "action.initiatives": "Vezi tabelul de inițiative de mai jos.",
    "action.owners": "Fiecare inițiativă are un responsabil; Ioana coordonează.",
    "action.milestones": "Ședință foto până la 15 februarie; campania pornește la 1 martie.",
    "action.budget": "3 000 EUR în primele 90 de zile.",
    "action.setup": "Cont Business Manager, adresă de e-mail dedicată, autentificare în doi pași.",
    "action.workflow": "Tablou de sarcini cu coloanele obișnuite; Andrei aprobă postările marțea.",
    "action.risks": "Întârzieri la fotografii: folosim imagini din arhivă.",
    "control.kpis": "Comenzi online, urmăritori Instagram, rata de click, timpul de răspuns.",
    "control.criteria": "Sub nivelul acceptabil două luni la rând: mutăm bugetul pe canalul cel mai bun.",
    "control.sources": "Meta Business Suite, Google Analytics 4, Meta Ads Manager.",
    "control.reviews": "Lunar, în prima zi lucrătoare; Ioana și Andrei.",
    "control.reporting": "Raport lunar în limba română, trimis pe 5 ale lunii.",
    "control.meetings": "Apel video o dată la două săptămâni, luni la 10:00.",
    "control.corrections": "Ioana propune, Andrei aprobă în cel mult trei zile.",
    "control.lessons": "Ce a mers? Ce facem mai departe? Strategia funcționează? Ce îmbunătățim?",
}

BRIEF: dict[str, str] = {
    "brief.products": "Mesele extensibile din stejar și noua colecție de paturi pentru copii.",
    "brief.image": "Azi părem scumpi și lenți; vrem să fim văzuți ca meșteri pentru care merită să aștepți.",
    "brief.results": "20 de comenzi online pe lună până la sfârșitul lui iunie.",
    "brief.kpis": "Urmăritori Instagram +20% în 3 luni; vizite pe site +30% în 6 luni.",
    "brief.audience": "Familii tinere din Cluj și București.",
    "brief.budget": "Până la 1 500 EUR pe lună, din care 600 EUR pentru reclame.",
    "brief.history": "Am promovat singuri postări pe Facebook în 2024, fără rezultate măsurabile.",
    "brief.materials": "Manual de brand, logo, 300 de fotografii, acces la Instagram și Google Analytics.",
    "brief.constraints": "Nu numim competitorii; fără promoții de tip „-70%”.",
    "brief.people": "Andrei Mureșan (aprobă), Maria Pop (trimite materialele).",
    "brief.meetings": "Apel video o dată la două săptămâni; urgențe la telefon.",
}


def _r(key: str, position: int = 0, /, **fields: Any) -> dict[str, Any]:
    return {"uid": uid(key), "position": position, **fields}


def _records() -> dict[str, dict[str, list[dict[str, Any]]]]:
    situation = {
        "company_profile": [_r("profile", name="Mobila Mureșan SRL", seat="Cluj-Napoca, str. Fabricii 12",
                               founded_on="2012-04-02", founder="Andrei Mureșan",
                               milestones="2012: primul atelier\n2016: showroom\n2021: magazin online",
                               resources="11 meșteri, 600 m² de atelier, 40 de comenzi pe lună",
                               mission="Mobilă din lemn masiv, făcută pentru camera fiecărui client.")],
        "team_role": [
            _r("role-lead", 0, role="lead", person="Andrei Mureșan", on_client_side=True, note=""),
            _r("role-copy", 1, role="copy", person="Ioana Rusu", on_client_side=False, note="texte RO și RU"),
            _r("role-creative", 2, role="creative", person="Ioana Rusu", on_client_side=False, note=""),
            _r("role-ads", 3, role="ads", person="Vlad Ciobanu", on_client_side=False, note="Meta și Google"),
            _r("role-community", 4, role="community", person="Maria Pop", on_client_side=True,
               note="răspunde în 2 ore"),
        ],
        "competitor": [
            _r("comp-a", 0, name="Lemnaria Transilvană", summary="Atelier local, prețuri mai mici, livrare lentă.",
               location="Cluj-Napoca", website="https://lemnaria.example.ro"),
            _r("comp-b", 1, name="CasaMob", summary="Lanț național de mobilier din PAL, reclame agresive.",
               location="București", website="https://casamob.example.ro"),
        ],
        "competitor_channel": [
            _r("cc-a-ig", 0, competitor=uid("comp-a"), channel="Instagram", followers=8400, avg_likes="212.5",
               avg_shares="14", avg_comments="9.5"),
            _r("cc-a-fb", 1, competitor=uid("comp-a"), channel="Facebook", followers=12100, avg_likes="95",
               avg_shares="6", avg_comments="4"),
            _r("cc-b-ig", 0, competitor=uid("comp-b"), channel="Instagram", followers=56300, avg_likes="640",
               avg_shares="41", avg_comments="33"),
        ],
        "swot_item": [
            _r("sw-s1", 0, competitor=None, quadrant="strengths", text="Lemn masiv, garanție 10 ani"),
            _r("sw-s2", 1, competitor=None, quadrant="strengths", text="Termene respectate"),
            _r("sw-w1", 2, competitor=None, quadrant="weaknesses", text="Fotografii vechi pe site"),
            _r("sw-o1", 3, competitor=None, quadrant="opportunities", text="Cererea pentru mobilă de copii crește"),
            _r("sw-t1", 4, competitor=None, quadrant="threats", text="Prețul lemnului de stejar"),
            _r("sw-a-s", 5, competitor=uid("comp-a"), quadrant="strengths", text="Preț mic"),
            _r("sw-a-w", 6, competitor=uid("comp-a"), quadrant="weaknesses", text="Livrare în 12 săptămâni"),
            _r("sw-b-s", 7, competitor=uid("comp-b"), quadrant="strengths", text="Buget mare de reclame"),
            _r("sw-b-t", 8, competitor=uid("comp-b"), quadrant="threats", text="Reduceri permanente"),
        ],
    }
    tasks, actions, metrics = [], [], []
    objectives = [
        _r("obj-sales", 0, title="Creșterea vânzărilor online cu o treime în 2027", department="marketing",
           smm_goal="Instagram aduce cumpărători noi direct în magazinul online.", horizon_start="2027-01-01",
           horizon_end="2027-12-31", direction="up", level_unit="comenzi/lună", acceptable="16", optimal="20",
           best="24"),
        _r("obj-care", 1, title="Răspunsuri rapide clienților pe toate canalele", department="customer_service",
           smm_goal="Un răspuns rapid transformă întrebările în comenzi.", horizon_start="2027-01-01",
           horizon_end="2027-12-31", direction="down", level_unit="ore", acceptable="4", optimal="2", best="1"),
    ]
    department_tasks = [
        _r("dt-sales-1", 0, objective=uid("obj-sales"), text="Mai multe comenzi online"),
        _r("dt-sales-2", 1, objective=uid("obj-sales"), text="Clienți fideli care revin"),
        _r("dt-care-1", 0, objective=uid("obj-care"), text="Mai puține apeluri repetate"),
    ]
    plan = [
        ("obj-sales", "Urmăritori Instagram", "instagram.followers", "", "2900", "6000", "2027-06-30"),
        ("obj-sales", "Vizite din rețele pe site", "ga4.sessions", "", "1600", "2400", "2027-06-30"),
        ("obj-sales", "Rata de click a reclamelor", "ads.ctr", "%", "0.9", "1.4", "2027-05-31"),
        ("obj-sales", "Comenzi din reclame", "ads.conversions", "", "12", "20", "2027-09-30"),
        ("obj-care", "Timp de răspuns la mesaje", "manual", "ore", "6", "2", "2027-04-30"),
        ("obj-care", "Recenzii pozitive noi", "manual", "recenzii", "3", "12", "2027-06-30"),
        ("obj-care", "Comentarii cu răspuns", "manual", "%", "60", "95", "2027-03-31"),
        ("obj-care", "Întrebări rezolvate în chat", "manual", "%", "40", "70", "2027-06-30"),
    ]
    for n, (obj, title, key, unit, baseline, target, due) in enumerate(plan):
        t = f"task-{n}"
        tasks.append(_r(t, n, objective=uid(obj), title=title, department_task=uid("dt-sales-1") if obj == "obj-sales"
                        else uid("dt-care-1"), metric_key=key, kpi_name=title if key == "manual" else "", unit=unit,
                        baseline=baseline, baseline_date="2027-01-01", target=target, due=due,
                        direction="down" if "Timp" in title else "up"))
        for k, (channel, action_title) in enumerate([("Instagram", "Reels săptămânale din atelier"),
                                                     ("Facebook", "Postări cu clienți mulțumiți")]):
            a = f"{t}-a{k}"
            actions.append(_r(a, k, task=uid(t), title=action_title, channel=channel, rank=k + 1))
            for j, name in enumerate(["Acoperire", "Salvări", "Clickuri pe link"][: 2 + (k == 0)]):
                metrics.append(_r(f"{a}-m{j}", j, action=uid(a), name=name, metric_key=""))
    objectives_records = {"objective": objectives, "department_task": department_tasks, "smm_task": tasks,
                          "plan_action": actions, "tracked_metric": metrics}
    strategy = {
        "target_market": [_r("market", countries=["RO", "MD"], cities="Cluj-Napoca, București, Chișinău",
                             languages="română, rusă", industries="Amenajări interioare",
                             affiliations="Asociația arhitecților de interior")],
        "persona": [
            _r("persona-ana", 0, name="Ana, 34, arhitectă", negative=False,
               professional="Arhitectă într-un birou din Cluj", income="9 000 RON net pe lună",
               personal="Căsătorită, un copil de 3 ani", demographics="Femeie, 30-40 de ani, urban",
               channels="Instagram, Pinterest", content="Amenajări, înainte/după, video scurte",
               business_goals="Proiecte livrate la timp", personal_goals="O casă caldă, fără compromisuri",
               challenges="Mobilierul standard nu se potrivește proiectelor", how_we_help="Piese pe măsură în 6 săptămâni",
               objections="Prețul și termenul", usp="Desene tehnice gratuite pentru arhitecți"),
            _r("persona-dmitri", 1, name="Дмитрий, 41, владелец кафе", negative=False,
               professional="Владелец двух кафе в Кишинёве", income="высокий", personal="Женат, двое детей",
               demographics="Мужчина, 35-45 лет", channels="Facebook, Telegram", content="Кейсы, отзывы",
               business_goals="Уютный интерьер, который выдержит нагрузку", personal_goals="Время с семьёй",
               challenges="Мебель быстро изнашивается", how_we_help="Массив дуба, гарантия 10 лет",
               objections="Доставка из Румынии", usp="Доставка и сборка включены"),
            _r("persona-neg", 2, name="Vânătorul de reduceri", negative=True,
               professional="", income="", personal="", demographics="Orice vârstă",
               channels="Grupuri de oferte", content="Coduri de reducere", business_goals="", personal_goals="",
               challenges="", how_we_help="", objections="Orice preț peste PAL", usp=""),
        ],
        "positioning": [_r("positioning", materials="Stejar și fag din Apuseni, uleiuri naturale",
                           quality_proof="Garanție 10 ani, certificat FSC", uniqueness="Fiecare piesă e desenată pentru o cameră",
                           handmade=True, origin="Cluj-Napoca, România", price="2 000 - 9 000 RON pe piesă",
                           price_reason="Lemn masiv și 40 de ore de muncă pe piesă",
                           distribution="Showroom, magazin online, livrare proprie în RO și MD")],
        "journey_step": [
            _r("js-1", 0, step="source", description="Vede un Reel pe Instagram"),
            _r("js-2", 1, step="landing", description="Pagina colecției pe site"),
            _r("js-3", 2, step="questions", description="Întreabă pe WhatsApp; răspuns în 2 ore"),
            _r("js-4", 3, step="ordering", description="Comandă online sau în showroom"),
            _r("js-5", 4, step="paying", description="Avans 30%, restul la livrare"),
            _r("js-6", 5, step="delivery", description="Livrare și montaj în 6 săptămâni"),
            _r("js-7", 6, step="reviews", description="Cerem o recenzie după 2 săptămâni"),
        ],
        "channel": [
            _r("ch-ig", 0, name="Instagram", purpose="main_sales", content_types="Reels, carusele, stories",
               budget_share="60"),
            _r("ch-fb", 1, name="Facebook", purpose="secondary_sales", content_types="Postări, recenzii",
               budget_share="25"),
            _r("ch-tg", 2, name="Telegram", purpose="news", content_types="Noutăți pentru Moldova", budget_share="5"),
            _r("ch-site", 3, name="Site", purpose="support", content_types="Ghiduri de îngrijire", budget_share="10"),
        ],
    }
    action = {"initiative": [
        _r("ini-1", 0, title="Ședință foto în atelier", owner="Ioana Rusu", start="2027-01-11", end="2027-02-15",
           budget="800", objective=uid("obj-sales")),
        _r("ini-2", 1, title="Campania de primăvară", owner="Vlad Ciobanu", start="2027-03-01", end="2027-04-30",
           budget="1200", objective=uid("obj-sales")),
        _r("ini-3", 2, title="Program cu micro-influenceri", owner="Ioana Rusu", start="2027-03-15",
           end="2027-04-15", budget="900.50", objective=uid("obj-sales")),
        _r("ini-4", 3, title="Șabloane de răspuns rapid", owner="Maria Pop", start="2027-01-18", end="2027-01-29",
           budget="0", objective=uid("obj-care")),
    ]}
    control = {"control_row": [
        _r(f"ctl-{n}", n, task=uid(f"task-{n}"), reviewer="Ioana Rusu" if n < 4 else "Maria Pop",
           review_on="2027-02-01" if n % 2 == 0 else "2027-03-01", note="")
        for n in range(len(plan))
    ]}
    return {"situation": situation, "objectives": objectives_records, "strategy": strategy, "tactics": {},
            "action": action, "control": control}


def furniture_document(**plan_overrides: Any) -> dict[str, Any]:
    """The full plan document of the furniture workshop (Romanian); ``plan_overrides`` change the plan facts."""
    records = _records()
    questions = {s.value: [q.key for q in qs] for s, qs in SECTION_QUESTIONS.items()}
    sections = {s: {"answers": {k: ANSWERS[k] for k in questions[s]}, "records": records[s]} for s in questions}
    plan = {
        "engagement": uid("engagement"), "engagement_name": "Plan SMM 2027", "client_name": "Mobila Mureșan",
        "language": "ro", "version": 2, "based_on": 1, "state": "in_review",
        "frozen_at": "2027-01-08T09:30:00+00:00", "frozen_by": "Elena Vasilescu",
        "approved_at": None, "approved_by": None, "currency": "EUR",
        "brief": {q.key: BRIEF[q.key] for q in BRIEF_QUESTIONS}, "questions": questions,
        "stage_dates": {"situation": {"start": "2026-11-02", "end": "2026-11-27"},
                        "objectives": {"start": "2026-11-30", "end": "2026-12-09"},
                        "strategy": {"start": "2026-12-10", "end": "2027-01-22"},
                        "tactics": {"start": "2027-01-25", "end": "2027-02-12"},
                        "action": {"start": "2027-02-15", "end": "2027-05-14"},
                        "control": {"start": "2027-02-15", "end": "2027-05-14"}},
    }
    plan.update(plan_overrides)
    return {"schema_version": 1, "plan": plan, "sections": sections}


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" ]]> {{ x }} {% y %}'


def hostile_document() -> dict[str, Any]:
    """The same plan with hostile text in every kind of place (names, records, answers, brief, facts)."""
    doc = copy.deepcopy(furniture_document(client_name=f"Client {HOSTILE}", engagement_name=f"Eng {HOSTILE}",
                                           frozen_by=f"Bob {HOSTILE}"))
    sections = doc["sections"]
    sections["situation"]["answers"]["situation.business"] = f"Answer {HOSTILE} [x](javascript:alert(1))\x00\x1b"
    sections["situation"]["records"]["company_profile"][0]["name"] = f"Co {HOSTILE}\x07"
    sections["situation"]["records"]["competitor"][0]["name"] = f"Comp {HOSTILE}"
    sections["situation"]["records"]["swot_item"][0]["text"] = f"Swot {HOSTILE}"
    sections["strategy"]["records"]["persona"][0]["name"] = f"Persona {HOSTILE}"
    sections["objectives"]["records"]["objective"][0]["title"] = f"Goal {HOSTILE}"
    sections["objectives"]["records"]["smm_task"][0]["title"] = f"Task {HOSTILE}"
    sections["objectives"]["records"]["tracked_metric"][0]["name"] = f"Metric {HOSTILE}"
    sections["action"]["records"]["initiative"][0]["title"] = f"Init {HOSTILE}"
    doc["plan"]["brief"]["brief.products"] = f"Brief {HOSTILE}"
    return doc
