from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from cadence.accounts.views import admin_login
from cadence.api.api import api

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own URLs: its password-only sign-in goes through allauth (TOTP, rate limits).
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("cadence.core.urls")),
    path("w/<slug:workspace>/", include("cadence.engagements.urls")),
    path("w/<slug:workspace>/", include("cadence.plans.urls")),
    path("w/<slug:workspace>/", include("cadence.files.urls")),
    path("w/<slug:workspace>/", include("cadence.board.urls")),
    path("w/<slug:workspace>/", include("cadence.links.urls")),
    path("w/<slug:workspace>/", include("cadence.content.urls")),
    path("w/<slug:workspace>/", include("cadence.budget.urls")),
    path("w/<slug:workspace>/", include("cadence.metrics.urls")),
    path("w/<slug:workspace>/", include("cadence.reports.urls")),
    path("w/<slug:workspace>/", include("cadence.webhooks.urls")),
    path("w/<slug:workspace>/", include("cadence.kpis.urls")),
    path("w/<slug:workspace>/", include("cadence.dashboard.urls")),
    path("w/<slug:workspace>/", include("cadence.meetings.urls")),
    path("w/<slug:workspace>/", include("cadence.portal.urls")),
    path("w/<slug:workspace>/", include("cadence.overview.urls")),
    path("w/<slug:workspace>/", include("cadence.comments.urls")),
    path("w/<slug:workspace>/", include("cadence.notifications.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
