"""The meetings' forms: a meeting (date and time on the engagement's clock, duration, place, video link,
participants, and for a new one how it repeats), the minutes, an agenda item, a decision and an action item.
The services check every value again and word each refusal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadence.meetings import queries, services
from cadence.meetings.domain import recurrence
from cadence.meetings.models import Frequency, Meeting

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput(),
                           help_text=_("On the engagement's clock (its time zone)."))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=services.DURATION_MIN,
                                          max_value=services.DURATION_MAX, initial=60)
    place = forms.CharField(label=_("Place"), max_length=services.PLACE_MAX, required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=services.URL_MAX, required=False,
                               assume_scheme="https")
    participants = forms.TypedMultipleChoiceField(label=_("Participants"), coerce=int, required=False,
                                                  widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, engagement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (u.pk, (gettext("%(name)s (client)") if is_client else gettext("%(name)s (team)"))
             % {"name": u.display_name})
            for u, is_client in queries.participant_choices(engagement)]


class NewMeetingForm(MeetingForm):
    frequency = forms.ChoiceField(label=_("Repeats"), required=False,
                                  choices=[("", _("Does not repeat")), *Frequency.choices])
    interval = forms.IntegerField(label=_("Every (weeks or months)"), min_value=1, max_value=recurrence.MAX_INTERVAL,
                                  initial=1, required=False,
                                  help_text=_("2 with a weekday: every second week, for example every second "
                                              "Tuesday."))
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=[("", "—"), *WEEKDAYS], coerce=int,
                                     empty_value=None, required=False,
                                     help_text=_("Empty: the weekday of the date."))
    month_day = forms.IntegerField(label=_("Day of the month"), min_value=1, max_value=31, required=False,
                                   help_text=_("Empty: the day of the date. A day after the month's end means its "
                                               "last day."))
    count = forms.IntegerField(label=_("Number of meetings"), min_value=services.SERIES_MIN,
                               max_value=recurrence.MAX_OCCURRENCES, required=False)


def meeting_initial(meeting: Meeting) -> dict[str, Any]:
    from cadence.meetings.calendar import local_parts

    day, time = local_parts(meeting)
    return {"title": meeting.title, "day": day, "time": time, "duration_minutes": meeting.duration_minutes,
            "place": meeting.place, "video_url": meeting.video_url,
            "participants": [u.pk for u in meeting.participants.all()]}


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=services.MINUTES_MAX,
                              widget=forms.Textarea(attrs={"rows": 14}),
                              help_text=_("Markdown: **bold**, lists with -, links."))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgendaForm(forms.Form):
    ref = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(label=_("Item"), max_length=services.AGENDA_MAX, required=False)

    def __init__(self, *args: Any, engagement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for kind, value, label in queries.agenda_choices(engagement):
            groups.setdefault(kind, []).append((value, label))
        names = {"plan_section": _("Plan section"), "kpi": _("KPI off track"), "post": _("Post waiting for approval")}
        field = self.fields["ref"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Free text")), *[(names[k], v) for k, v in groups.items()]]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=services.DECISION_MAX)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=services.ACTION_MAX)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, empty_value=None, required=False)
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, engagement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *[(u.pk, u.display_name) for u, is_client
                                                     in queries.participant_choices(engagement) if not is_client]]
