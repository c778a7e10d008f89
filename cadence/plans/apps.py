from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The marketing plan of an engagement (brief, SOSTAC sections, goal tree, versions, exports)."""

    name = "cadence.plans"
    label = "plans"
    verbose_name = _("Marketing plans")
    api_router = "cadence.plans.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        self._register()

    def _register(self) -> None:
        from cadence.core import registry
        from cadence.core.models import ClientRole, Role
        from cadence.plans import access, audit_trail

        # plans.view: every team role (client roles read the client-visible version only); plans.edit: the
        # content; plans.brief: the client's brief (the team fills it on the client's behalf); plans.submit:
        # managers; plans.templates: workspace templates; plans.review: the client's approver comments,
        # approves or asks for changes.
        editors = {"plans.view", "plans.edit", "plans.brief"}
        managers = editors | {"plans.submit", "plans.templates"}
        registry.grant({Role.OWNER: managers, Role.MANAGER: managers, Role.SPECIALIST: editors},
                       client_roles={ClientRole.APPROVER: {"plans.view", "plans.brief", "plans.review"},
                                     ClientRole.VIEWER: {"plans.view"}})
        registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
        # "record" (a record of an engagement's plan, with its "kind") is resolved within its engagement
        registry.url_object("record", access.resolve_record)
        registry.url_object("plan_template", access.resolve_plan_template)
        self._register_pages()

    def _register_pages(self) -> None:
        """The plan's place in core's pages: the navigation, the client page, ``cadence demo``."""
        from cadence.core import registry
        from cadence.plans import demo, sections

        registry.nav(_("Marketing plans"), "plans:plan-list", order=35)
        registry.section("client", sections.client_page, order=110)
        registry.engagement_link(sections.engagement_link)
        registry.demo("plans", demo.build, demo.delete, order=200)
        registry.demo_gate("plan_approved", demo.approve_on_gate)
