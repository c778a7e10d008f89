"""Content calendar screens, included under ``w/<slug:workspace>/``: the calendar, posts, approvals and the
frequency plan (``urls_calendar``), and the iCalendar feed and scheduler CSV in and out (``urls_exchange``)."""

from cadence.content import urls_calendar, urls_exchange

app_name = "content"

urlpatterns = [*urls_calendar.urlpatterns, *urls_exchange.urlpatterns]
