from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from cadence.api.api import api

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("cadence.core.urls")),
    path("w/<slug:workspace>/", include("cadence.engagements.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
