"""Part of the content app's URLs (``content/urls.py`` joins them under the ``content`` namespace): the
iCalendar feed (its management and the public feed at a secret address) and the scheduler CSV in and out."""

from django.urls import URLPattern, path

from cadence.content import views_exchange

urlpatterns: list[URLPattern] = [
    path("e/<uuid:engagement>/calendar/feed/", views_exchange.feed_manage, name="feed-manage"),
    path("feed/<str:feed_token>.ics", views_exchange.feed_public, name="feed"),
    path("e/<uuid:engagement>/calendar/export/", views_exchange.export, name="export"),
    path("e/<uuid:engagement>/calendar/import/", views_exchange.import_posts, name="import"),
]
