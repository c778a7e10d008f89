from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "cadence.engagements"
    label = "engagements"
    verbose_name = _("Engagements")
    api_router = "cadence.engagements.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from cadence.engagements import readmodels
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
