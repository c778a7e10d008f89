"""The client portal's forms, included under ``w/<slug:workspace>/``. The page itself is core's dashboard
(``w/<slug:workspace>/``), which answers client users with the portal (``registry.landing``)."""

from django.urls import path

from cadence.portal import views

app_name = "portal"

urlpatterns = [
    path("portal/e/<uuid:engagement>/posts/<uuid:post>/decide/", views.post_decide, name="post-decide"),
    path("portal/e/<uuid:engagement>/plan/v/<int:version>/decide/", views.plan_decide, name="plan-decide"),
    path("portal/e/<uuid:engagement>/materials/", views.send_materials, name="materials-send"),
]
