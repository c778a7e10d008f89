"""The demo plans' content (``cadence demo``, built by ``demo.py``): demo data in the clients' languages,
not interface text, so nothing here is translated.

Records are ``(kind, ref, fields)`` with the model's field names (``records.KINDS``); a value ``"@ref"`` is
the record named ``ref`` (a foreign key), and ``Rel(days)`` a date counted from the plan's anchor day (the
first day of the objective's horizon), so the demo stays current whenever it is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rel:
    days: int


Record = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class DemoPlan:
    client: str  # demo client key (cadence/core/demo.py)
    engagement: str  # the demo engagement's name (cadence/engagements/demo.py)
    anchor_ago: int  # the horizon starts this many days before today
    brief: dict[str, str]  # brief question key -> Markdown
    answers: dict[str, str]  # guided question key -> Markdown
    records: list[Record] = field(default_factory=list)
    change_request: tuple[str, str] | None = None  # (section, comment) asked and answered before approval


def _task(ref: str, objective: str, title: str, dept: str, key: str, unit: str, baseline: str, target: str,
          due: int, **extra: Any) -> Record:
    return ("smm_task", ref, {"objective": f"@{objective}", "title": title, "department_task": f"@{dept}",
                              "metric_key": key, "unit": unit, "baseline": baseline, "baseline_date": Rel(0),
                              "target": target, "due": Rel(due), **extra})


def _action(ref: str, task: str, title: str, channel: str, rank: int, metrics: list[tuple[str, str]]) -> list[Record]:
    out: list[Record] = [("plan_action", ref, {"task": f"@{task}", "title": title, "channel": channel, "rank": rank})]
    out += [("tracked_metric", f"{ref}-m{i}", {"action": f"@{ref}", "name": name, "metric_key": key})
            for i, (name, key) in enumerate(metrics, start=1)]
    return out


# --- Mobila Codru (furniture, Chișinău): approved, in Romanian ------------------------------------------

FURNITURE = DemoPlan(
    client="furniture", engagement="Online shop growth", anchor_ago=40,
    brief={
        "brief.products": "Mobilier din lemn masiv fabricat în atelierul propriu: **mese extensibile**, scaune, "
                          "paturi și dulapuri la comandă. Prioritate: colecția *Codru Stejar* și bucătăriile la comandă.",
        "brief.image": "Astăzi suntem văzuți ca „fabrica de lângă Strășeni”. Vrem să fim recunoscuți ca marca de "
                       "mobilier durabil, lucrat manual, pe care o alegi pentru o casă nouă.",
        "brief.results": "Vânzări online de 200 000 MDL pe lună până la sfârșitul anului, fără a scădea marja; "
                         "mai multe cereri de ofertă pentru bucătării la comandă.",
        "brief.kpis": "Comenzi online pe lună, cereri de ofertă, costul unei comenzi din reclame, urmăritori pe Instagram.",
        "brief.budget": "Între 18 000 și 25 000 MDL pe lună pentru publicitate, plus onorariul agenției.",
        "brief.materials": "Acces la Meta Business Suite, Google Ads și GA4; fotografii din showroom; "
                           "catalogul de produse în format CSV, actualizat lunar.",
        "brief.people": "Vasile Ciobanu (director, aprobă planul și bugetul); Ana Ciobanu (showroom, răspunde "
                        "la întrebările despre produse).",
        "brief.meetings": "O întâlnire online de 30 de minute în fiecare marți; raport lunar prin e-mail.",
    },
    answers={
        "situation.who": "Mobila Codru este un atelier de familie din Strășeni, cu showroom în Chișinău, care face "
                         "mobilier din lemn masiv din 2009.",
        "situation.audience": "Familii tinere care se mută într-o locuință nouă și cupluri de 35–55 de ani care "
                              "își renovează casa; mai ales din Chișinău și din orașele mari ale Moldovei.",
        "situation.offer": "Mese, scaune, paturi, dulapuri și bucătării la comandă, din stejar și frasin, cu "
                           "garanție de 10 ani.",
        "situation.why": "Credem că o casă merită mobilă care ține o viață, lucrată de meșteri locali din lemn "
                         "din pădurile Moldovei.",
        "situation.where": "Showroom în Chișinău, magazin online propriu și Facebook Marketplace.",
        "situation.competitors": "Lanțurile de mobilier ieftin din PAL și câteva ateliere mici fără prezență online.",
        "situation.better": "Lemn masiv, proiect personalizat gratuit, livrare și montaj incluse în Chișinău.",
        "situation.limits": "Atelierul poate produce cel mult 60 de piese mari pe lună; termen de livrare 4–6 săptămâni.",
        "objectives.goals": "Creșterea vânzărilor online și a cererilor pentru bucătării la comandă, cu un cost "
                            "de achiziție sub control.",
        "objectives.reach": "Reclame Meta și Google orientate spre catalog, conținut care arată atelierul și "
                            "recenzii ale clienților.",
        "strategy.segments": "Familii tinere (prima casă) și proprietari care renovează; excludem revânzătorii.",
        "strategy.message": "„Mobilă pentru o viață, făcută în Moldova.”",
        "strategy.content": "Reels din atelier, fotografii înainte/după, ghiduri de îngrijire a lemnului.",
        "tactics.mix": "Instagram și Facebook pentru inspirație și catalog, Google Search pentru cererile de "
                       "ofertă, e-mail pentru clienții existenți.",
        "tactics.tools": "Meta Ads (catalog), Google Ads (căutare), GA4, Canva, un CRM simplu pentru cereri.",
        "tactics.timing": "Lansare în prima lună, optimizare săptămânală, campanie specială înainte de sărbătorile de iarnă.",
        "action.plan": "Primele 90 de zile: infrastructura (catalog, pixel, pagini de destinație), apoi "
                       "campaniile și conținutul săptămânal.",
        "control.review": "Raport lunar cu indicatorii agreați; revizuirea planului după 6 luni.",
    },
    change_request=("strategy", "Vă rugăm să adăugați și persoana „designer de interior” — ne aduc clienți mari."),
    records=[
        ("company_profile", "profile", {
            "name": "Mobila Codru SRL", "seat": "Strășeni, Republica Moldova", "founded_on": "2009-04-15",
            "founder": "Vasile Ciobanu",
            "milestones": "2009: atelierul din Strășeni. 2015: showroom în Chișinău. 2021: magazin online.",
            "resources": "18 meșteri, 900 m² de atelier, capacitate de circa 60 de piese mari pe lună.",
            "mission": "Facem mobilă din lemn masiv care ține o viață, lucrată de meșteri din Moldova."}),
        ("team_role", "r1", {"role": "lead", "person": "Vasile Ciobanu", "on_client_side": True,
                             "note": "Aprobă planul și bugetul"}),
        ("team_role", "r2", {"role": "copy", "person": "Andrei Rusu", "on_client_side": False, "note": ""}),
        ("team_role", "r3", {"role": "creative", "person": "Maria Ceban", "on_client_side": False, "note": ""}),
        ("team_role", "r4", {"role": "ads", "person": "Dmitri Volkov", "on_client_side": False, "note": ""}),
        ("team_role", "r5", {"role": "community", "person": "Ana Ciobanu", "on_client_side": True,
                             "note": "Răspunde în 24 de ore"}),
        ("swot_item", "s1", {"competitor": None, "quadrant": "strengths", "text": "Lemn masiv și garanție de 10 ani"}),
        ("swot_item", "s2", {"competitor": None, "quadrant": "strengths", "text": "Proiect personalizat gratuit"}),
        ("swot_item", "s3", {"competitor": None, "quadrant": "weaknesses", "text": "Termen de livrare de 4–6 săptămâni"}),
        ("swot_item", "s4", {"competitor": None, "quadrant": "opportunities",
                             "text": "Multe locuințe noi predate în Chișinău în acest an"}),
        ("swot_item", "s5", {"competitor": None, "quadrant": "threats", "text": "Mobilă ieftină importată din PAL"}),
        ("competitor", "c1", {"name": "MobiExpert Chișinău", "summary": "Lanț de magazine cu mobilă din PAL, prețuri mici.",
                              "location": "Chișinău", "website": "https://mobiexpert.example"}),
        ("competitor", "c2", {"name": "Atelierul Lemnaru", "summary": "Atelier mic de mobilă la comandă, fără magazin online.",
                              "location": "Orhei", "website": ""}),
        ("competitor_channel", "c1-ig", {"competitor": "@c1", "channel": "Instagram", "followers": 18400,
                                         "avg_likes": "120", "avg_shares": "6", "avg_comments": "9"}),
        ("competitor_channel", "c1-fb", {"competitor": "@c1", "channel": "Facebook", "followers": 41000,
                                         "avg_likes": "210", "avg_shares": "14", "avg_comments": "22"}),
        ("competitor_channel", "c2-fb", {"competitor": "@c2", "channel": "Facebook", "followers": 3200,
                                         "avg_likes": "45", "avg_shares": "3", "avg_comments": "7"}),
        ("swot_item", "c1-s", {"competitor": "@c1", "quadrant": "strengths", "text": "Prețuri mici, stoc imediat"}),
        ("swot_item", "c1-w", {"competitor": "@c1", "quadrant": "weaknesses", "text": "Calitate slabă, fără personalizare"}),
        ("swot_item", "c2-s", {"competitor": "@c2", "quadrant": "strengths", "text": "Lucru manual apreciat local"}),
        ("swot_item", "c2-w", {"competitor": "@c2", "quadrant": "weaknesses", "text": "Nu vinde online"}),
        ("target_market", "market", {"countries": ["MD", "RO"], "cities": "Chișinău, Bălți, Strășeni; Iași (test)",
                                     "languages": "română, rusă", "industries": "Locuințe noi, renovări, HoReCa mic",
                                     "affiliations": "Asociația designerilor de interior din Moldova"}),
        ("persona", "p1", {"name": "Irina, prima casă", "negative": False,
                           "professional": "Contabilă într-o firmă IT", "income": "15 000–20 000 MDL pe lună",
                           "personal": "Căsătorită, un copil mic", "demographics": "32 de ani, Chișinău",
                           "channels": "Instagram, Facebook, Pinterest", "content": "Amenajări, ghiduri, recenzii",
                           "business_goals": "—", "personal_goals": "O casă caldă, mobilată o singură dată",
                           "challenges": "Buget limitat, teamă de mobilă care se strică",
                           "how_we_help": "Plată în rate, proiect gratuit, garanție de 10 ani",
                           "objections": "„Lemnul masiv e prea scump”", "usp": "Mobilă pentru o viață, în rate"}),
        ("persona", "p2", {"name": "Mihai, renovează casa", "negative": False,
                           "professional": "Antreprenor, firmă de construcții", "income": "peste 40 000 MDL pe lună",
                           "personal": "Căsătorit, doi copii la liceu", "demographics": "48 de ani, Strășeni",
                           "channels": "Facebook, Google, YouTube", "content": "Video din atelier, recenzii",
                           "business_goals": "Să recomande furnizori buni clienților săi",
                           "personal_goals": "O bucătărie mare pentru familie",
                           "challenges": "Termene scurte, vrea un singur furnizor",
                           "how_we_help": "Bucătării la comandă cu montaj inclus",
                           "objections": "Termenul de livrare", "usp": "Proiect și montaj dintr-o singură mână"}),
        ("persona", "p3", {"name": "Revânzătorul", "negative": True,
                           "professional": "Cumpără mobilă pentru revânzare", "income": "", "personal": "",
                           "demographics": "", "channels": "Marketplace-uri", "content": "", "business_goals": "",
                           "personal_goals": "", "challenges": "", "how_we_help": "",
                           "objections": "Cere reduceri de volum", "usp": ""}),
        ("positioning", "pos", {"materials": "Stejar și frasin din Moldova, ulei natural",
                                "quality_proof": "Garanție de 10 ani, certificat FSC pentru lemn",
                                "uniqueness": "Fiecare piesă se face la comandă, după proiectul clientului",
                                "handmade": True, "origin": "Strășeni, Republica Moldova",
                                "price": "Cu 20–30 % peste mobila din PAL, sub mobila importată din lemn",
                                "price_reason": "Lemn masiv, lucru manual, montaj inclus",
                                "distribution": "Magazin online, showroom în Chișinău, livrare proprie în toată țara"}),
        ("journey_step", "j1", {"step": "source", "description": "Reels și reclame de catalog pe Instagram și Facebook"}),
        ("journey_step", "j2", {"step": "landing", "description": "Pagina colecției din magazinul online"}),
        ("journey_step", "j3", {"step": "questions", "description": "Mesaj pe Instagram sau apel; răspuns în 24 de ore"}),
        ("journey_step", "j4", {"step": "ordering", "description": "Comandă online sau proiect în showroom"}),
        ("journey_step", "j5", {"step": "paying", "description": "Avans 30 %, rate fără dobândă prin bancă"}),
        ("journey_step", "j6", {"step": "delivery", "description": "Livrare și montaj de echipa proprie"}),
        ("journey_step", "j7", {"step": "reviews", "description": "Cerem o recenzie cu fotografie după 2 săptămâni"}),
        ("channel", "ch1", {"name": "Instagram", "purpose": "main_sales", "content_types": "Reels, carusel, catalog",
                            "budget_share": "45"}),
        ("channel", "ch2", {"name": "Facebook", "purpose": "secondary_sales", "content_types": "Catalog, recenzii",
                            "budget_share": "25"}),
        ("channel", "ch3", {"name": "Google Search", "purpose": "secondary_sales",
                            "content_types": "Reclame de căutare pentru bucătării", "budget_share": "25"}),
        ("channel", "ch4", {"name": "E-mail", "purpose": "news", "content_types": "Noutăți lunare",
                            "budget_share": "5"}),
        ("objective", "o1", {"title": "Vânzări online de 200 000 MDL pe lună", "department": "sales",
                             "smm_goal": "Rețelele sociale aduc cumpărători noi în magazinul online și cereri "
                                         "de ofertă pentru bucătării; recenziile le dau încredere.",
                             "horizon_start": Rel(0), "horizon_end": Rel(365), "direction": "up",
                             "level_unit": "MDL", "acceptable": "150000", "optimal": "200000", "best": "260000"}),
        ("department_task", "d1", {"objective": "@o1", "text": "Mai multe comenzi online pe lună"}),
        ("department_task", "d2", {"objective": "@o1", "text": "Mai multe cereri de ofertă pentru bucătării"}),
        _task("t1", "o1", "Creștem comunitatea de pe Instagram", "d1", "instagram.followers", "", "2400", "4000", 180),
        _task("t2", "o1", "Aducem mai mulți vizitatori în magazinul online", "d1", "ga4.sessions", "", "3000",
              "6000", 270),
        _task("t3", "o1", "Creștem comenzile online din reclame", "d1", "ga4.conversions", "", "40", "90", 270),
        _task("t4", "o1", "Reducem costul unei cereri de ofertă", "d2", "ads.cost_per_conversion", "MDL", "180",
              "120", 180),
        _task("t5", "o1", "Reclame mai relevante pentru bucătării", "d2", "ads.ctr", "%", "0.9", "1.4", 180),
        *_action("a1", "t1", "Trei Reels pe săptămână din atelier", "Instagram", 1,
                 [("Urmăritori noi", "instagram.new_follows"), ("Acoperire", "instagram.reach")]),
        *_action("a2", "t1", "Concurs lunar cu o măsuță cadou", "Instagram", 2,
                 [("Interacțiuni", "instagram.interactions"), ("Urmăritori noi", "instagram.new_follows")]),
        *_action("a3", "t2", "Reclame de catalog Meta pe colecția Codru Stejar", "Facebook", 1,
                 [("Clicuri", "ads.clicks"), ("Sesiuni", "ga4.sessions"), ("CTR", "ads.ctr")]),
        *_action("a4", "t3", "Remarketing pentru coșurile abandonate", "Facebook", 1,
                 [("Comenzi", "ga4.conversions"), ("Rata de conversie", "ga4.conversion_rate")]),
        *_action("a5", "t3", "Recenzii cu fotografii pe pagina produsului", "Site", 2,
                 [("Recenzii noi", ""), ("Rata de conversie", "ga4.conversion_rate")]),
        *_action("a6", "t4", "Campanie de căutare „bucătărie la comandă”", "Google Search", 1,
                 [("Cost pe conversie", "ads.cost_per_conversion"), ("Conversii", "ads.conversions")]),
        *_action("a7", "t5", "Test A/B de imagini pentru bucătării", "Google Search", 1,
                 [("CTR", "ads.ctr"), ("Afișări", "ads.impressions")]),
        ("initiative", "i1", {"title": "Catalog de produse și pixel Meta", "owner": "Maria Ceban",
                              "start": Rel(5), "end": Rel(25), "budget": "4000", "objective": "@o1"}),
        ("initiative", "i2", {"title": "Campania de catalog și remarketing", "owner": "Dmitri Volkov",
                              "start": Rel(26), "end": Rel(90), "budget": "45000", "objective": "@o1"}),
        ("initiative", "i3", {"title": "Campania de căutare pentru bucătării", "owner": "Dmitri Volkov",
                              "start": Rel(30), "end": Rel(90), "budget": "18000", "objective": "@o1"}),
        *[("control_row", f"k{n}", {"task": f"@t{n}", "reviewer": "Andrei Rusu", "review_on": Rel(90),
                                    "note": "Revizuire trimestrială cu clientul"}) for n in range(1, 6)],
    ],
)


# --- Онлайн-школа «Горизонт» (school, Almaty): in review, in Russian -------------------------------------

SCHOOL = DemoPlan(
    client="school", engagement="Marketing plan 2027 (SOSTAC)", anchor_ago=10,
    brief={
        "brief.products": "Онлайн-курсы для подростков 12–17 лет: **программирование**, английский, подготовка "
                          "к ЕНТ. Главный продукт года — годовой курс «Python с нуля».",
        "brief.image": "Сейчас нас знают как «ещё одни курсы». Хотим, чтобы родители видели в нас школу с "
                       "живыми преподавателями и понятным результатом.",
        "brief.results": "1 200 учеников на платных курсах к сентябрю 2027 года; удержание после пробного урока "
                         "не ниже 35 %.",
        "brief.kpis": "Заявки на пробный урок, стоимость заявки, переход с пробного урока в оплату, подписчики.",
        "brief.budget": "От 1,5 до 2 млн тенге в месяц на рекламу.",
        "brief.materials": "Доступы к рекламным кабинетам Meta и Google, GA4, записи уроков, отзывы родителей.",
        "brief.people": "Айгерим Садыкова (директор, утверждает план); Олег Ким (методист, отвечает за программы).",
        "brief.meetings": "Созвон раз в две недели по четвергам, отчёт раз в месяц.",
    },
    answers={
        "situation.who": "Онлайн-школа «Горизонт» из Алматы, с 2020 года учит подростков программированию и языкам.",
        "situation.audience": "Родители подростков 12–17 лет в городах Казахстана, говорящие по-русски; сами "
                              "подростки выбирают направление.",
        "situation.offer": "Годовые курсы в мини-группах до 8 человек, бесплатный пробный урок.",
        "situation.why": "Мы хотим, чтобы каждый подросток нашёл дело, которое ему интересно, и довёл его до результата.",
        "situation.where": "Сайт школы, Instagram, Telegram-канал, вебинары для родителей.",
        "situation.competitors": "Крупные онлайн-школы из России и локальные офлайн-центры.",
        "situation.better": "Живые преподаватели, маленькие группы, понятный отчёт родителям каждый месяц.",
        "situation.limits": "Не более 150 новых учеников в месяц: столько могут принять преподаватели.",
        "objectives.goals": "Больше заявок на пробный урок при приемлемой стоимости заявки.",
        "objectives.reach": "Реклама в Instagram и Google, вебинары для родителей, отзывы учеников.",
        "strategy.segments": "Родители подростков; подростки, которые уже интересуются IT.",
        "strategy.message": "«Живые уроки — настоящий результат».",
        "strategy.content": "Короткие видео с уроков, истории учеников, разборы задач.",
        "tactics.mix": "Instagram и Google — заявки, Telegram — прогрев и новости, вебинары — доверие родителей.",
        "tactics.tools": "Meta Ads, Google Ads, GA4, amoCRM, Zoom.",
        "tactics.timing": "Основная кампания — с июня по сентябрь, вторая волна — в январе.",
        "action.plan": "90 дней: воронка пробного урока, запуск рекламы, два вебинара в месяц.",
        "control.review": "Еженедельная сверка заявок в CRM, ежемесячный отчёт директору.",
    },
    records=[
        ("company_profile", "profile", {
            "name": "ТОО «Горизонт Эдьюкейшн»", "seat": "Алматы, Казахстан", "founded_on": "2020-02-01",
            "founder": "Айгерим Садыкова",
            "milestones": "2020: первые курсы. 2022: 500 учеников. 2024: собственная платформа.",
            "resources": "24 преподавателя, платформа уроков, 2 менеджера по продажам.",
            "mission": "Помогаем подросткам найти своё дело и довести его до результата."}),
        ("team_role", "r1", {"role": "lead", "person": "Айгерим Садыкова", "on_client_side": True, "note": ""}),
        ("team_role", "r2", {"role": "copy", "person": "Андрей Русу", "on_client_side": False, "note": ""}),
        ("team_role", "r3", {"role": "ads", "person": "Дмитрий Волков", "on_client_side": False, "note": ""}),
        ("team_role", "r4", {"role": "community", "person": "Олег Ким", "on_client_side": True,
                             "note": "Отвечает на вопросы о программах"}),
        ("swot_item", "s1", {"competitor": None, "quadrant": "strengths", "text": "Живые преподаватели, группы до 8 человек"}),
        ("swot_item", "s2", {"competitor": None, "quadrant": "weaknesses", "text": "Мало узнаваемости за пределами Алматы"}),
        ("swot_item", "s3", {"competitor": None, "quadrant": "opportunities", "text": "Растёт спрос на IT-образование"}),
        ("swot_item", "s4", {"competitor": None, "quadrant": "threats", "text": "Большие школы с огромными бюджетами"}),
        ("competitor", "c1", {"name": "Skillbox Kids", "summary": "Крупная онлайн-школа, записанные уроки.",
                              "location": "Москва / онлайн", "website": "https://skillbox.example"}),
        ("competitor", "c2", {"name": "IT-центр «Байт»", "summary": "Офлайн-центр в Алматы.",
                              "location": "Алматы", "website": ""}),
        ("competitor_channel", "c1-ig", {"competitor": "@c1", "channel": "Instagram", "followers": 210000,
                                         "avg_likes": "850", "avg_shares": "40", "avg_comments": "35"}),
        ("competitor_channel", "c2-ig", {"competitor": "@c2", "channel": "Instagram", "followers": 5400,
                                         "avg_likes": "90", "avg_shares": "4", "avg_comments": "11"}),
        ("swot_item", "c1-s", {"competitor": "@c1", "quadrant": "strengths", "text": "Известный бренд"}),
        ("swot_item", "c1-w", {"competitor": "@c1", "quadrant": "weaknesses", "text": "Нет живого общения с преподавателем"}),
        ("swot_item", "c2-s", {"competitor": "@c2", "quadrant": "strengths", "text": "Доверие родителей района"}),
        ("swot_item", "c2-t", {"competitor": "@c2", "quadrant": "threats", "text": "Может запустить онлайн-формат"}),
        ("target_market", "market", {"countries": ["KZ"], "cities": "Алматы, Астана, Шымкент, Караганда",
                                     "languages": "русский, казахский", "industries": "Образование",
                                     "affiliations": "Ассоциация онлайн-образования Казахстана"}),
        ("persona", "p1", {"name": "Гульнара, мама подростка", "negative": False,
                           "professional": "Бухгалтер", "income": "400–600 тыс. тенге в месяц",
                           "personal": "Замужем, двое детей", "demographics": "41 год, Алматы",
                           "channels": "Instagram, WhatsApp, Telegram", "content": "Советы по воспитанию, отзывы",
                           "business_goals": "—", "personal_goals": "Чтобы сын выбрал профессию с будущим",
                           "challenges": "Не понимает, чему и как учат онлайн",
                           "how_we_help": "Ежемесячный отчёт о прогрессе, бесплатный пробный урок",
                           "objections": "«Онлайн — это несерьёзно»", "usp": "Живые уроки и понятный результат"}),
        ("persona", "p2", {"name": "Тимур, 15 лет", "negative": False,
                           "professional": "Школьник, 9 класс", "income": "—", "personal": "Любит игры и технику",
                           "demographics": "15 лет, Астана", "channels": "TikTok, YouTube, Telegram",
                           "content": "Видео про игры и программирование", "business_goals": "—",
                           "personal_goals": "Сделать свою игру", "challenges": "Быстро теряет интерес",
                           "how_we_help": "Проект-игра уже на втором месяце", "objections": "«Скучно, как в школе»",
                           "usp": "Своя игра за полгода"}),
        ("persona", "p3", {"name": "Охотник за бесплатным", "negative": True,
                           "professional": "Ищет только бесплатные курсы", "income": "", "personal": "",
                           "demographics": "", "channels": "", "content": "", "business_goals": "",
                           "personal_goals": "", "challenges": "", "how_we_help": "", "objections": "", "usp": ""}),
        ("positioning", "pos", {"materials": "Собственная программа и платформа уроков",
                                "quality_proof": "Отзывы родителей, результаты ЕНТ учеников",
                                "uniqueness": "Живой преподаватель и группа до 8 человек", "handmade": False,
                                "origin": "Алматы, Казахстан",
                                "price": "45 000 тенге в месяц", "price_reason": "Живые уроки в малых группах",
                                "distribution": "Онлайн по всему Казахстану"}),
        ("journey_step", "j1", {"step": "source", "description": "Реклама в Instagram и поиск Google"}),
        ("journey_step", "j2", {"step": "landing", "description": "Страница курса с записью на пробный урок"}),
        ("journey_step", "j3", {"step": "questions", "description": "Менеджер звонит в течение часа"}),
        ("journey_step", "j4", {"step": "paying", "description": "Оплата картой или Kaspi в рассрочку"}),
        ("journey_step", "j5", {"step": "feedback", "description": "Отчёт родителям каждый месяц"}),
        ("channel", "ch1", {"name": "Instagram", "purpose": "main_sales", "content_types": "Reels, истории учеников",
                            "budget_share": "50"}),
        ("channel", "ch2", {"name": "Google Search", "purpose": "secondary_sales", "content_types": "Поисковая реклама",
                            "budget_share": "35"}),
        ("channel", "ch3", {"name": "Telegram", "purpose": "news", "content_types": "Новости, разборы задач",
                            "budget_share": "15"}),
        ("objective", "o1", {"title": "1 200 учеников на платных курсах", "department": "sales",
                             "smm_goal": "Соцсети приводят родителей на пробный урок и помогают им поверить "
                                         "в онлайн-формат.",
                             "horizon_start": Rel(0), "horizon_end": Rel(365), "direction": "up",
                             "level_unit": "учеников", "acceptable": "900", "optimal": "1200", "best": "1500"}),
        ("department_task", "d1", {"objective": "@o1", "text": "Больше записей на пробный урок"}),
        ("department_task", "d2", {"objective": "@o1", "text": "Больше оплат после пробного урока"}),
        _task("t1", "o1", "Растим аудиторию в Instagram", "d1", "instagram.followers", "", "8500", "14000", 240),
        _task("t2", "o1", "Больше заявок на пробный урок из рекламы", "d1", "ads.leads", "", "220", "450", 240),
        _task("t3", "o1", "Снижаем стоимость заявки", "d1", "ads.cost_per_conversion", "KZT", "4800", "3500", 180),
        _task("t4", "o1", "Больше оплат с сайта", "d2", "ga4.conversions", "", "60", "140", 300),
        *_action("a1", "t1", "Reels с уроков три раза в неделю", "Instagram", 1,
                 [("Охват", "instagram.reach"), ("Новые подписчики", "instagram.new_follows")]),
        *_action("a2", "t2", "Лид-формы Meta на пробный урок", "Instagram", 1,
                 [("Заявки", "ads.leads"), ("CTR", "ads.ctr")]),
        *_action("a3", "t2", "Вебинары для родителей", "Zoom", 2,
                 [("Регистрации", ""), ("Заявки после вебинара", "")]),
        *_action("a4", "t3", "Поисковая реклама по запросам «курсы python для детей»", "Google Search", 1,
                 [("Стоимость конверсии", "ads.cost_per_conversion"), ("Конверсии", "ads.conversions")]),
        *_action("a5", "t4", "Письма и Telegram-напоминания после пробного урока", "Telegram", 1,
                 [("Оплаты", "ga4.conversions"), ("Конверсия сессий", "ga4.conversion_rate")]),
        ("initiative", "i1", {"title": "Воронка пробного урока в amoCRM", "owner": "Андрей Русу",
                              "start": Rel(5), "end": Rel(30), "budget": "300000", "objective": "@o1"}),
        ("initiative", "i2", {"title": "Рекламная кампания лид-форм", "owner": "Дмитрий Волков",
                              "start": Rel(20), "end": Rel(95), "budget": "3600000", "objective": "@o1"}),
        *[("control_row", f"k{n}", {"task": f"@t{n}", "reviewer": "Айгерим Садыкова", "review_on": Rel(95),
                                    "note": "Квартальный обзор"}) for n in range(1, 5)],
    ],
)

PLANS = (FURNITURE, SCHOOL)
