from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    """Engagements, their process templates and time; registers with core what core must not import
    (``cadence/core/registry.py``): the example every capability app follows."""

    name = "cadence.engagements"
    label = "engagements"
    verbose_name = _("Engagements")
    api_router = "cadence.engagements.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        self._connect_signals()
        self._register()

    def _register(self) -> None:
        from cadence.core import registry
        from cadence.core.models import Role
        from cadence.engagements import access, audit_trail, demo, sections
        from cadence.engagements.services import install_builtin_templates

        managers = {"engagements.manage", "templates.view", "templates.manage", "time.log", "time.manage",
                    "time.override", "gates.record"}
        registry.grant({Role.OWNER: managers, Role.MANAGER: managers,
                        Role.SPECIALIST: {"templates.view", "time.log"}})
        registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
        registry.audit_threads(audit_trail.thread_links)
        # "entry" (a time entry) is resolved with its engagement
        registry.url_object("engagement", access.resolve_engagement, client_of=lambda engagement: engagement.client)
        registry.url_object("template", access.resolve_template)
        registry.on_workspace_created(install_builtin_templates)
        registry.demo("engagements", demo.build, demo.delete)
        registry.section("dashboard", sections.dashboard)
        registry.section("client", sections.client_page)
        registry.nav(_("My week"), "engagements:time-week", order=30, team_only=True)
        registry.nav(_("Templates"), "engagements:template-list", order=40, capability="templates.view")
        registry.client_column(sections.ACTIVE_ENGAGEMENTS, "active_engagements", sections.active_engagements)

    def _connect_signals(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from cadence.engagements import audit_trail, readmodels
        from cadence.engagements.models import (
            ContractTerms,
            Engagement,
            EngagementGate,
            EngagementPhase,
            HoursOverride,
            MonthClose,
        )

        # Every write of a schedule input gives the engagement a new revision (see readmodels).
        for model in (ContractTerms, EngagementGate, EngagementPhase, HoursOverride, MonthClose):
            post_save.connect(readmodels.inputs_changed, sender=model, dispatch_uid=f"revision-{model.__name__}")
            post_delete.connect(readmodels.inputs_changed, sender=model, dispatch_uid=f"revision-del-{model.__name__}")
        pre_save.connect(readmodels.engagement_saving, sender=Engagement, dispatch_uid="revision-engagement-pre")
        post_save.connect(readmodels.engagement_saved, sender=Engagement, dispatch_uid="revision-engagement")
        post_delete.connect(audit_trail.engagement_deleted, sender=Engagement, dispatch_uid="audit-thread-engagement")
