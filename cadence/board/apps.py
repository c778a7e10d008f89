from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    """Execution: the task board, "my work", recurring tasks, task templates and the roadmap of initiatives."""

    name = "cadence.board"
    label = "board"
    verbose_name = _("Task board")
    api_router = "cadence.board.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        # Capabilities, audit labels, URL objects, the demo and the workspace hook (registration.py); the
        # board's places in core's pages (pages.py); the roadmap's initiatives (initiatives.py).
        from cadence.board import initiatives, pages, registration

        registration.register()
        initiatives.register()
        pages.register()
        self._connect_signals()

    def _connect_signals(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from cadence.board import revisions
        from cadence.board.models import (
            ChecklistItem,
            EngagementBoard,
            Initiative,
            Label,
            Task,
            TaskAttachment,
            TaskTime,
        )
        from cadence.core.models import Client, Membership

        # Every write of what a board shows gives its board a new revision (see revisions.py).
        post_save.connect(revisions.board_saved, sender=EngagementBoard, dispatch_uid="board-revision-row")
        post_delete.connect(revisions.engagement_fact, sender=EngagementBoard, dispatch_uid="board-revision-del-row")
        receivers = ((revisions.engagement_fact, (Task, Initiative)),
                     (revisions.card_fact, (ChecklistItem, TaskTime, TaskAttachment)),
                     (revisions.workspace_fact, (Label, Membership, Client)))
        for receiver, models in receivers:
            for model in models:
                post_save.connect(receiver, sender=model, dispatch_uid=f"board-revision-{model.__name__}")
                post_delete.connect(receiver, sender=model, dispatch_uid=f"board-revision-del-{model.__name__}")
        m2m_changed.connect(revisions.labels_changed, sender=Task.labels.through, dispatch_uid="board-revision-labels")
        post_save.connect(revisions.person_saved, sender=get_user_model(), dispatch_uid="board-revision-person")
        pre_delete.connect(revisions.person_deleting, sender=get_user_model(), dispatch_uid="board-revision-person-del")
