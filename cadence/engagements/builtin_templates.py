"""The two process templates that ship with Cadence.

``RETAINER`` is the five-category timeline of a recurring digital-marketing engagement (seed 000). Its
categories run in order; how long each takes follows from the hours bought each month. The effort
estimates are chosen so that the seed's own figures come out:

* Research, plan and first implementation: the seed says 15-20 working days, in the first month. With
  40 hours a month (about 1.8-2 hours per working day over the 20-23 working days of a month) 32 hours
  take 16-19 working days, so research is 32 hours. With fewer hours it takes longer, as the seed says.
* Infrastructure and materials: "towards the end of the first month and/or in the second month".
  Another 32 hours start where research stops and end in the second month at 40 h/month.
* Campaign launch: "usually in the second month (or after the materials are finished)": 12 hours.
* Optimisation, analysis and reporting: "permanent"; a continuous phase that keeps half of each day
  while a one-off phase runs, and takes every hour no one-off phase needs.
* New channels and plan adjustment: "after the first 2-4 months": 24 hours, not before month 3.

Gates (seed 000): no ads and no major infrastructure work before the marketing plan is approved; the
campaigns also wait for the materials.

``SOSTAC`` is the plan-development process of seed 001: six stages with the working days the seed
gives (Situation 10-21, Objectives 2-10, Strategy about 30, Tactics 10-21, the 90-day Action plan,
and Control run together with Action). Action starts once the plan is approved.
"""

from __future__ import annotations

from decimal import Decimal

from cadence.engagements.schedule import GateSpec, PhaseKind, PhaseSpec, TemplateSpec, gettext_noop

RETAINER = TemplateSpec(
    key="retainer",
    name=gettext_noop("Recurring digital marketing (5 categories)"),
    description=gettext_noop(
        "Every engagement goes through the same five steps in the same order; the number of hours "
        "bought each month sets the pace."
    ),
    phases=(
        PhaseSpec(
            key="research",
            name=gettext_noop("Research, marketing plan and first implementation"),
            kind=PhaseKind.EFFORT,
            effort_hours=Decimal(32),
            category="research",
            description=gettext_noop(
                "We study your business, your online presence and your competitors, define who you talk to "
                "and how, write a short marketing plan for the next 3-6 months and choose a first action. "
                "No ads and no major website work until you approve the plan."
            ),
        ),
        PhaseSpec(
            key="infrastructure",
            name=gettext_noop("Infrastructure and communication materials"),
            kind=PhaseKind.EFFORT,
            effort_hours=Decimal(32),
            requires_gates=("plan_approved",),
            category="infrastructure",
            description=gettext_noop(
                "We update your website, online shop or other platforms and create the essential materials: "
                "brand guidelines, templates, tone of voice, photos, videos and graphics."
            ),
        ),
        PhaseSpec(
            key="campaigns",
            name=gettext_noop("Campaign launch"),
            kind=PhaseKind.EFFORT,
            effort_hours=Decimal(12),
            requires_gates=("plan_approved", "materials_ready"),
            category="campaigns",
            description=gettext_noop(
                "We launch the ad campaigns (Meta Ads, Google Ads), start the planned social media posts and "
                "email campaigns, and watch the first reactions closely."
            ),
        ),
        PhaseSpec(
            key="optimisation",
            name=gettext_noop("Optimisation, analysis and reporting"),
            kind=PhaseKind.CONTINUOUS,
            share=Decimal("0.5"),
            category="optimisation",
            description=gettext_noop(
                "From now on, continuously: we analyse the results, improve budgets, targeting, messages and "
                "visuals, and report the key figures regularly. The first meaningful results come after "
                "30-60 days of active campaigns."
            ),
        ),
        PhaseSpec(
            key="expansion",
            name=gettext_noop("New channels and plan adjustment"),
            kind=PhaseKind.EFFORT,
            effort_hours=Decimal(24),
            not_before_month=3,
            requires_gates=("plan_approved",),
            category="expansion",
            description=gettext_noop(
                "After the first months, depending on the results: new channels (TikTok, LinkedIn, YouTube), "
                "new media materials, remarketing and loyalty, and an updated marketing plan."
            ),
        ),
    ),
    gates=(
        GateSpec(
            key="plan_approved",
            name=gettext_noop("Marketing plan approved"),
            after_phase="research",
            description=gettext_noop("You approve the marketing plan. Until then no ads run and no major website work starts."),
            client_approvable=True,
        ),
        GateSpec(
            key="materials_ready",
            name=gettext_noop("Materials ready"),
            after_phase="infrastructure",
            description=gettext_noop("The website changes and communication materials are ready, so campaigns can launch."),
        ),
    ),
)

SOSTAC = TemplateSpec(
    key="sostac",
    name=gettext_noop("Marketing plan (SOSTAC)"),
    description=gettext_noop(
        "The marketing plan is built in six stages: situation, objectives, strategy, tactics, action "
        "and control. Each stage takes a typical number of working days."
    ),
    phases=(
        PhaseSpec(
            key="situation",
            name=gettext_noop("Situation analysis"),
            kind=PhaseKind.DURATION,
            min_days=10, expected_days=15, max_days=21,
            category="situation",
            description=gettext_noop(
                "Where are we now? We analyse your website and social media statistics, your product's "
                "strengths and weaknesses, your audience and your competitors."
            ),
        ),
        PhaseSpec(
            key="objectives",
            name=gettext_noop("Objectives"),
            kind=PhaseKind.DURATION,
            min_days=2, expected_days=5, max_days=10,
            category="objectives",
            description=gettext_noop(
                "Where do we want to be? Together with your decision makers we set concrete marketing goals "
                "for at least a year, each with an acceptable, an optimal and a best result."
            ),
        ),
        PhaseSpec(
            key="strategy",
            name=gettext_noop("Strategy"),
            kind=PhaseKind.DURATION,
            min_days=25, expected_days=30, max_days=35,
            category="strategy",
            description=gettext_noop(
                "How do we get there? Audience segments, buyer personas, positioning, key messages, and the "
                "content and contact strategy."
            ),
        ),
        PhaseSpec(
            key="tactics",
            name=gettext_noop("Tactics"),
            kind=PhaseKind.DURATION,
            min_days=10, expected_days=15, max_days=21,
            category="tactics",
            description=gettext_noop(
                "Which tools exactly? The channels, ad platforms, timing and budgets, and who is responsible "
                "for what."
            ),
        ),
        PhaseSpec(
            key="action",
            name=gettext_noop("Action plan (first 90 days)"),
            kind=PhaseKind.DURATION,
            min_days=60, expected_days=63, max_days=66,
            requires_gates=("plan_approved",),
            category="action",
            description=gettext_noop(
                "We carry out the 90-day action plan: budget assigned, people organised, work done on time "
                "and measured against the agreed KPIs."
            ),
        ),
        PhaseSpec(
            key="control",
            name=gettext_noop("Control"),
            kind=PhaseKind.DURATION,
            min_days=60, expected_days=63, max_days=66,
            alongside="action",
            requires_gates=("plan_approved",),
            category="control",
            description=gettext_noop(
                "Alongside the action plan we check the results against the agreed criteria and correct "
                "course where needed."
            ),
        ),
    ),
    gates=(
        GateSpec(
            key="plan_approved",
            name=gettext_noop("Marketing plan approved"),
            after_phase="tactics",
            description=gettext_noop("You approve the marketing plan before the action plan starts."),
            client_approvable=True,
        ),
    ),
)

BUILTIN_TEMPLATES: dict[str, TemplateSpec] = {RETAINER.key: RETAINER, SOSTAC.key: SOSTAC}
