"""The guided questions of the marketing plan: per SOSTAC section, and the client's brief.

Each question has a stable ``key`` (``<section>.<slug>`` or ``brief.<slug>``): answers are stored under it
(``Answer.key``, ``BriefAnswer.key``, the snapshot's ``answers``), so a key never changes once published;
a reworded question keeps its key, a question with a different meaning gets a new one. The text, the help
and the example are translated lazily (rendered in the reader's language, or the engagement's in exports).

Sources (facts only, the sentences are ours): seed 001 says what each SOSTAC stage covers (Situation:
analytics, strengths and weaknesses, audience, competitors, neighbouring niches; Objectives: marketing
tasks within the business strategy over at least a year, with three levels; Strategy: segments, persona,
positioning, messages, content and contact strategy; Tactics: tools, ad platforms, traffic channels,
timing and budgets, who is responsible; Action: the first 90 days; Control: the criteria to compare and
correct results), seed 002 asks the questions of a social-media strategy (who you are, your audience,
what you sell, why you exist, where you sell, competitors, why you are better, limits, goals, how to
reach them, SMART, distribution, reporting), seed 004 the who-why-what-how of an SMM plan, and seed 003
what the client states before the work starts (the brief).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cadence.plans.domain.completeness import SECTIONS, Section


@dataclass(frozen=True)
class Question:
    key: str
    text: StrOrPromise
    help: StrOrPromise
    example: StrOrPromise = ""


SECTION_QUESTIONS: dict[Section, tuple[Question, ...]] = {
    Section.SITUATION: (
        Question(
            "situation.business",
            _("Who are you: what does the business do today, and who runs it?"),
            _("Describe the company in a few sentences: what it makes or sells, since when, where it works and "
              "who takes the decisions."),
            _("A family workshop in Cluj-Napoca that has made solid-wood furniture since 2012; the founder runs "
              "it with eleven craftsmen."),
        ),
        Question(
            "situation.offer",
            _("What do you sell, and what is it worth to the customer?"),
            _("List the main products or services and say what each one gives the person who uses it, not only "
              "what it is."),
            _("Oak and beech tables, beds and wardrobes made to measure; they last for decades and fit rooms "
              "that standard furniture does not."),
        ),
        Question(
            "situation.purpose",
            _("Why does the business exist: what does it change in its customers' lives?"),
            _("This is the heart of the mission. Write it so that a stranger who shares these values would want "
              "to buy from you."),
        ),
        Question(
            "situation.audience",
            _("Who buys from you today, and what makes them buy?"),
            _("Use facts: sales data, the website's and social networks' analytics, surveys, conversations with "
              "customers. Say what they look for and what convinces them."),
            _("Couples aged 30-45 furnishing their first flat; they find us on Instagram and decide after "
              "visiting the showroom."),
        ),
        Question(
            "situation.market",
            _("Where do you sell: in which market and in which niche?"),
            _("Name the places (cities, countries, online shops, marketplaces) and the niche you compete in, "
              "and any neighbouring niche worth watching."),
        ),
        Question(
            "situation.competitors",
            _("Who are the leaders and the newcomers in your market, and what can you learn from them?"),
            _("For each competitor note what they do well and badly. The competitors' records below hold their "
              "channels, figures and SWOT."),
        ),
        Question(
            "situation.analytics",
            _("What do the figures of the website and of the social accounts show today?"),
            _("Visits, sources of traffic, followers, engagement, conversions: the starting point against which "
              "the results will be measured. Give the period the figures cover."),
            _("Website: 4,200 visits a month, 38% from Instagram. Instagram: 2,900 followers, 2.1% engagement "
              "(January-March)."),
        ),
        Question(
            "situation.strengths",
            _("What do you do best, and what do you want to get better at?"),
            _("A first view of the strengths and weaknesses; the SWOT records below make it complete with "
              "opportunities and threats."),
        ),
        Question(
            "situation.limits",
            _("What are your limits: budget, people and production capacity?"),
            _("Say honestly how much money and time the business can give to marketing and how many orders it "
              "can fulfil, so that the plan does not promise more than you can deliver."),
            _("At most 40 orders a month; 1,500 EUR a month for marketing; nobody in-house for photos."),
        ),
    ),
    Section.OBJECTIVES: (
        Question(
            "objectives.business_goals",
            _("Which business goals must marketing serve in the coming year?"),
            _("Start from the business strategy: sales, new markets, new products, loyalty. Marketing goals are "
              "set for at least one year, usually the company's financial year."),
            _("Grow online sales by a third and open the Bucharest market."),
        ),
        Question(
            "objectives.department",
            _("Which department will use social media, and what are its own tasks?"),
            _("Marketing, sales, customer service, recruitment and others use social media for different ends, "
              "and each gets its own goals and KPIs."),
        ),
        Question(
            "objectives.why_social",
            _("Why should that department use social media at all?"),
            _("Begin with the broadest reason, then narrow it down. Not every business goal is served well by "
              "social media."),
            _("To turn happy buyers into a community that recommends us."),
        ),
        Question(
            "objectives.success",
            _("What number will mean success?"),
            _("A goal needs a figure to measure and a unit: followers, orders, visits, cost per lead. Say what "
              "the figure is today."),
            _("From 2,900 to 6,000 Instagram followers; from 12 to 20 online orders a month."),
        ),
        Question(
            "objectives.levels",
            _("What would be an acceptable, an optimal and the best result?"),
            _("Three levels help everybody judge the results fairly: the acceptable minimum, the result you plan "
              "for, and the best one you can hope for."),
        ),
        Question(
            "objectives.achievable",
            _("Can the goal be reached, and what shows that it can?"),
            _("Compare the growth you ask for with what the accounts achieved so far and with what competitors "
              "of your size achieve."),
        ),
        Question(
            "objectives.resources",
            _("What resources will the goals need, and do you have them?"),
            _("People, budget, content, products in stock, time of the decision makers."),
        ),
        Question(
            "objectives.deadline",
            _("By when must each goal be reached, and when will you measure progress on the way?"),
            _("Give the end date and the checkpoints (monthly, weekly) at which the figures are compared with "
              "the plan."),
        ),
        Question(
            "objectives.decision_makers",
            _("Who on the client's side agrees the goals, and how?"),
            _("The people who take business decisions must take part in setting the goals; say who they are and "
              "how the goals will be approved."),
        ),
    ),
    Section.STRATEGY: (
        Question(
            "strategy.segments",
            _("Which groups of customers will you address, and in what order?"),
            _("\"Everybody\" is not a target audience. Split the audience into segments and say which comes "
              "first; the buyer personas below describe each one in detail."),
        ),
        Question(
            "strategy.geography",
            _("Which places and languages will you target first?"),
            _("Start with an area you know well, then add a similar one. A narrow target saves budget and "
              "converts better."),
            _("Cluj and Bucharest first, in Romanian; then Chișinău, in Romanian and Russian."),
        ),
        Question(
            "strategy.advantage",
            _("Why are you better: what can you offer that nobody else can?"),
            _("Name the main advantage over the competitors, the one customers notice and value."),
        ),
        Question(
            "strategy.positioning",
            _("How should customers see you compared with the competitors?"),
            _("Describe the place you want to take in the customer's mind, and how you stand apart from the "
              "competitors you analysed."),
            _("The maker who builds furniture for your room, not the shop that sells what is in stock."),
        ),
        Question(
            "strategy.product",
            _("How do customers feel owning your product, and how will you convey that?"),
            _("Focus on the customer's perception: what they want to feel and how the product gives them that "
              "feeling. Materials, proof of quality and origin go in the positioning record."),
        ),
        Question(
            "strategy.price",
            _("Why does the product cost what it costs?"),
            _("If you cannot explain the price, neither can the customer. Say whether it suits the persona, how "
              "often they can buy, and how much of the margin goes back into the business."),
        ),
        Question(
            "strategy.messages",
            _("What are the key messages, and which one goes to which segment?"),
            _("A few short statements the whole team repeats in every channel, each written for the people who "
              "should hear it."),
        ),
        Question(
            "strategy.content",
            _("What is the content strategy: topics, formats and tone of voice?"),
            _("Say what you will talk about, in which formats (photos, short videos, articles, stories) and in "
              "what voice."),
        ),
        Question(
            "strategy.contact",
            _("How will you reach people and keep in touch with them?"),
            _("The contact strategy: where people meet the brand first, how they come back, and how often you "
              "address them without tiring them."),
        ),
    ),
    Section.TACTICS: (
        Question(
            "tactics.channel_mix",
            _("Which channels make up the mix, and what is each one for?"),
            _("For the website and every social profile say its purpose (main sales, secondary sales, support, "
              "news) and what kind of content it gets. The channel records hold each one's budget share."),
            _("Instagram: the main channel for ads and sales. Facebook: secondary sales and our loyal customers. "
              "Website: orders and payments."),
        ),
        Question(
            "tactics.paid",
            _("Which paid campaigns will you run, and on which advertising platforms?"),
            _("Name the platforms, the campaign goals and which channel gets the largest part of the advertising "
              "budget."),
        ),
        Question(
            "tactics.partners",
            _("Will you work with influencers, bloggers, affiliates or a referral programme?"),
            _("Say with whom, on what terms and how you will measure what each partnership brings."),
        ),
        Question(
            "tactics.formats",
            _("Which promotion formats will you use?"),
            _("Contests, discounts, gifts, live broadcasts, collaborations, user-generated content and so on."),
        ),
        Question(
            "tactics.tools",
            _("Which tools will the team use?"),
            _("For scheduling posts, design, stock images, analytics, payments, project management. Start with "
              "free plans and test before buying annual ones."),
            _("Meta Business Suite for scheduling, Canva for creatives, Google Analytics 4 with UTM tags."),
        ),
        Question(
            "tactics.timing",
            _("What is the timing: when do campaigns run, and how often do you publish on each channel?"),
            _("Give the dates of the campaigns, the seasons and holidays that matter, and the posting frequency "
              "per channel. Remember that every post takes time and energy."),
        ),
        Question(
            "tactics.budget",
            _("How is the budget split between tools, advertising, hired services and digital assets?"),
            _("Count only the costs of the social media work. Unspent advertising money of a month moves to the "
              "next month."),
        ),
        Question(
            "tactics.tracking",
            _("How will you know which channel brought each visit and each order?"),
            _("UTM tags on every link, analytics on the website, codes or questions at the order."),
        ),
        Question(
            "tactics.responsibilities",
            _("Who is responsible for what, and which processes must change?"),
            _("Fix the areas of responsibility on both sides, and any business process (orders, delivery, "
              "answers to messages) that must adapt to the campaigns."),
        ),
    ),
    Section.ACTION: (
        Question(
            "action.first_90_days",
            _("What exactly will be done in the first 90 days?"),
            _("A concrete plan, week by week or month by month. The initiatives below carry the owners, dates "
              "and budgets."),
        ),
        Question(
            "action.initiatives",
            _("Which initiatives turn the goals into actions?"),
            _("Break each goal into steps that can be done and checked; split an initiative that takes more than "
              "a few weeks."),
            _("Goal: double the German audience on Instagram in six months. 1. Open a German account (1 week). "
              "2. Translate the 50 best posts (1 week). 3. Paid campaign for the first 1,000 followers."),
        ),
        Question(
            "action.owners",
            _("Who owns each initiative, and who else takes part?"),
            _("One owner per initiative, on the agency's or the client's side; name the others involved."),
        ),
        Question(
            "action.milestones",
            _("What are the deadlines and the milestones?"),
            _("Take into account the team's resources, holidays and the risks that involve third parties."),
        ),
        Question(
            "action.budget",
            _("How much money does each initiative get, and when is it spent?"),
            _("The budget month by month, so that spending can be compared with the plan."),
        ),
        Question(
            "action.setup",
            _("Which accounts, profiles and tools must be ready before the start?"),
            _("Professional names and landing pages, a business e-mail address for every account, two-factor "
              "authentication, access for the agency."),
        ),
        Question(
            "action.workflow",
            _("How will the team organise the daily work?"),
            _("The task board (backlog, to do, in progress, on hold, review, done), the content calendar, who "
              "approves posts and where files are kept."),
        ),
        Question(
            "action.risks",
            _("What could delay the plan, and what will you do then?"),
            _("Late materials, slow approvals, stock shortages, a platform's new rules: say how each is handled."),
        ),
    ),
    Section.CONTROL: (
        Question(
            "control.kpis",
            _("Which KPIs show whether the plan works?"),
            _("The figures agreed with the client before the work starts, one per SMM task, with their targets."),
        ),
        Question(
            "control.criteria",
            _("By which criteria will results be compared with the plan and corrected?"),
            _("Say when a result counts as on track, at risk or off track, and what deviation calls for a "
              "change."),
            _("Below the acceptable level for two months in a row: the budget moves to the channel that "
              "performs best."),
        ),
        Question(
            "control.sources",
            _("Where do the figures come from?"),
            _("The analytics tools and the exports (ads managers, social insights, Google Analytics) from which "
              "each KPI is read, and who collects them."),
        ),
        Question(
            "control.reviews",
            _("How often are the results reviewed, and by whom?"),
            _("The review dates and reviewers are listed per KPI below; here say the rhythm and who takes part."),
        ),
        Question(
            "control.reporting",
            _("What does the client receive as a report, and when?"),
            _("The content of the monthly report (hours, progress, KPIs, budget, published content, next steps) "
              "and the day it is sent."),
        ),
        Question(
            "control.meetings",
            _("How and how often do the agency and the client meet?"),
            _("Regular meetings to discuss the plan, the progress and the open questions, and the tools used "
              "between meetings (e-mail, messenger, the app)."),
        ),
        Question(
            "control.corrections",
            _("Who decides on a correction, and how fast?"),
            _("When a KPI falls behind, say who proposes the change, who approves it and within how many days."),
        ),
        Question(
            "control.lessons",
            _("What will you ask yourselves at the end of each period?"),
            _("What came of what we did? What do we do next? Is the strategy still working? What can we "
              "improve?"),
        ),
    ),
}

# What each stage covers (seed 001), shown under the section's title in the app and in the exports.
SECTION_SUMMARIES: dict[Section, StrOrPromise] = {
    Section.SITUATION: _("Where the business stands today: the analytics of the website and the social accounts, "
                         "the strengths and weaknesses of the product, the audience and what interests it, the "
                         "competitors and the neighbouring niches."),
    Section.OBJECTIVES: _("The marketing goals that serve the business strategy over at least a year, agreed with "
                          "the people who take the business decisions, each with an acceptable, an optimal and a "
                          "best level."),
    Section.STRATEGY: _("How the goals will be reached: the audience segments and buyer personas, the positioning "
                        "and the messages, what sets the brand apart from its competitors, the content and the "
                        "contact strategy."),
    Section.TACTICS: _("The means: the channel mix, the advertising platforms and tools, the timing and budget of "
                       "the campaigns, and who is responsible for what."),
    Section.ACTION: _("The concrete plan for the first 90 days: the initiatives with their owners, dates and "
                      "budgets."),
    Section.CONTROL: _("The criteria by which the results are compared with the plan and corrected: the KPIs, "
                       "when they are reviewed and by whom."),
}

BRIEF_QUESTIONS: tuple[Question, ...] = (
    Question(
        "brief.products",
        _("Which products or services should we promote?"),
        _("Be specific: name the products, ranges or services, and say which matter most."),
        _("Made-to-measure solid oak tables and the new children's bed collection."),
    ),
    Question(
        "brief.image",
        _("How should the image of your brand change?"),
        _("What do people think of the brand today, and what should they think at the end of the work?"),
        _("Today we are seen as expensive and slow; we want to be seen as craftsmen worth waiting for."),
    ),
    Question(
        "brief.results",
        _("What results do you expect, and by when?"),
        _("Go beyond \"more sales\" or \"more awareness\": say how much more, and by which date."),
        _("20 online orders a month by the end of June."),
    ),
    Question(
        "brief.kpis",
        _("Which KPIs do you expect us to reach?"),
        _("The figures by which you will judge our work, e.g. followers, engagement, visits to the website, "
          "leads, orders, cost per order."),
        _("Instagram followers +20% in 3 months; website visits +30% in 6 months."),
    ),
    Question(
        "brief.audience",
        _("Whom do you want to reach?"),
        _("Describe your customers as you see them: who they are, where they live, what they need."),
    ),
    Question(
        "brief.budget",
        _("What budget range can you give to the work and to advertising?"),
        _("A range per month is enough: the agency's fee and the advertising spend separately, if you can."),
        _("Up to 1,500 EUR a month, of which about 600 EUR for ads."),
    ),
    Question(
        "brief.history",
        _("What have you already tried in social media, and what did you learn?"),
        _("Earlier campaigns, agencies, accounts, what worked and what did not."),
    ),
    Question(
        "brief.materials",
        _("Which materials and accounts will you give us?"),
        _("Brand book, logo, photos and videos, product descriptions, and access to the social accounts, the "
          "ads managers and the website's analytics."),
    ),
    Question(
        "brief.constraints",
        _("Is there anything we must avoid?"),
        _("Topics, words, images, competitors not to be named, legal or industry rules."),
    ),
    Question(
        "brief.people",
        _("Who on your side will work with us, and who approves?"),
        _("Names, roles and contacts of the people who answer questions, send materials and approve the plan "
          "and the posts."),
    ),
    Question(
        "brief.meetings",
        _("How and how often would you like to meet?"),
        _("In person, by video call or by phone; weekly or monthly; and how to reach you between meetings."),
        _("A video call every second Monday at 10:00; urgent questions by phone."),
    ),
)

_BY_KEY: dict[str, Question] = {q.key: q for qs in SECTION_QUESTIONS.values() for q in qs}
_BY_KEY.update({q.key: q for q in BRIEF_QUESTIONS})


def question(key: str) -> Question | None:
    """The question with this key (a section's or the brief's), or None for an unknown key."""
    return _BY_KEY.get(key)


def section_of(key: str) -> Section | None:
    """The section a guided question belongs to (None for a brief question or an unknown key)."""
    for section in SECTIONS:
        if any(q.key == key for q in SECTION_QUESTIONS[section]):
            return section
    return None


def default_question_keys() -> dict[str, list[str]]:
    """The guided question keys per section, as a new plan's snapshot lists them (``plan.questions``)."""
    return {section.value: [q.key for q in SECTION_QUESTIONS[section]] for section in SECTIONS}
