"""The content calendar's forms: a post (new and edit), a status move, the client's approval and "send
back", the calendar settings and the frequency plan. They parse and bound the input; the rules (caption
limits, the workflow, the gate) are the services' (``cadence/content/services.py``), whose refusals come
back on the field they name."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadence.content.domain import captions
from cadence.content.domain.channels import LIMITS, Channel, Status
from cadence.content.models import ChannelChoice, FormatChoice, StatusChoice

TITLE_MAX = 200
CAPTION_MAX = 70000  # above every network's limit: the service checks the channel's own
HASHTAGS_TEXT_MAX = 3000
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def no_control(value: str) -> str:
    if _CONTROL.search(value or ""):
        raise forms.ValidationError(_("Remove the control characters from this text."), code="control")
    return value


def hashtags_of(text: str) -> list[str]:
    """``#spring #sale, brunch`` -> ["spring", "sale", "brunch"] (without "#", each once, in order); a word
    that is not a hashtag is the field's error (the services' rule and message)."""
    from cadence.content import services

    try:
        return list(captions.parse_hashtags(text or ""))
    except captions.HashtagError as e:
        raise forms.ValidationError(services.hashtag_message(e), code="hashtag") from None


class PostForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=ChannelChoice.choices)
    format = forms.ChoiceField(label=_("Format"), choices=FormatChoice.choices)
    title = forms.CharField(label=_("Working title"), max_length=TITLE_MAX, required=False,
                            help_text=_("For the team and the calendar; not published."))
    publish_date = forms.DateField(label=_("Publish date"), required=False, widget=DateInput)
    publish_time = forms.TimeField(label=_("Publish time"), required=False, widget=TimeInput)
    caption = forms.CharField(label=_("Caption"), required=False, max_length=CAPTION_MAX,
                              widget=forms.Textarea(attrs={"rows": 8, "data-caption": "1"}))
    hashtags = forms.CharField(label=_("Hashtags"), required=False, max_length=HASHTAGS_TEXT_MAX,
                               help_text=_("Separated by spaces, with or without “#”."),
                               widget=forms.TextInput(attrs={"data-hashtags": "1"}))
    media_files = forms.MultipleChoiceField(label=_("Media"), required=False, widget=forms.CheckboxSelectMultiple)
    link = forms.ChoiceField(label=_("Link"), required=False)
    objective = forms.ChoiceField(label=_("Objective"), required=False)
    initiative = forms.ChoiceField(label=_("Initiative"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    paid = forms.BooleanField(label=_("Paid promotion"), required=False)
    assignee = forms.ChoiceField(label=_("Author"), required=False)
    status = forms.ChoiceField(label=_("Start as"), required=False,
                               choices=[(Status.DRAFT.value, _("Draft")), (Status.IDEA.value, _("Idea"))])
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args: Any, new: bool, media: list[tuple[str, str]], links: list[tuple[str, str]],
                 objectives: dict[str, str], initiatives: list[tuple[str, str]], phases: list[tuple[str, str]],
                 team: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new = new
        fields: Any = self.fields
        fields["media_files"].choices = media
        fields["link"].choices = [("", "—"), *links]
        fields["objective"].choices = [("", "—"), *objectives.items()]
        fields["initiative"].choices = [("", "—"), *initiatives]
        fields["phase"].choices = [("", "—"), *phases]
        fields["assignee"].choices = [("", "—"), *team]
        if not new:
            del self.fields["status"]
        if not media:
            fields["media_files"].help_text = _("Upload images and videos on the engagement's Files page first.")

    def clean_title(self) -> str:
        return no_control(self.cleaned_data.get("title") or "").strip()

    def clean_caption(self) -> str:
        value = (self.cleaned_data.get("caption") or "").replace("\r\n", "\n")
        return no_control(value)  # new lines and tabs are not in _CONTROL

    def clean_hashtags(self) -> list[str]:
        return hashtags_of(no_control(self.cleaned_data.get("hashtags") or ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel, fmt = data.get("channel"), data.get("format")
        if channel and fmt and fmt not in {f.value for f in LIMITS[Channel(channel)].formats}:
            self.add_error("format", _("%(channel)s does not take this format.") % {
                "channel": ChannelChoice(channel).label})
        day, time = data.get("publish_date"), data.get("publish_time")
        if time is not None and day is None:
            self.add_error("publish_date", _("Give the date too, or clear the time."))
        if day is not None and time is None and "publish_time" not in self.errors:
            data["publish_time"] = dt.time(10, 0)
        return data

    def publish_at(self, tz: Any) -> dt.datetime | None:
        """The publish time in the engagement's time zone, as an aware UTC datetime."""
        day, time = self.cleaned_data.get("publish_date"), self.cleaned_data.get("publish_time")
        if day is None:
            return None
        return dt.datetime.combine(day, time or dt.time(10, 0), tzinfo=tz).astimezone(dt.UTC)

    def values(self, tz: Any, team_ids: dict[str, int]) -> dict[str, Any]:
        """PostData's fields (``cadence.content.services.PostData``)."""
        d = self.cleaned_data
        return {
            "channel": d["channel"], "format": d["format"], "title": d.get("title") or "",
            "caption": d.get("caption") or "", "hashtags": d.get("hashtags") or [],
            "publish_at": self.publish_at(tz),
            "link_uuid": uuid.UUID(d["link"]) if d.get("link") else None,
            "objective_uid": uuid.UUID(d["objective"]) if d.get("objective") else None,
            "initiative_uuid": uuid.UUID(d["initiative"]) if d.get("initiative") else None,
            "phase_key": d.get("phase") or None, "paid": bool(d.get("paid")),
            "assignee_id": team_ids.get(d.get("assignee") or ""),
            "media_uuids": [uuid.UUID(v) for v in d.get("media_files") or []],
            "status": (d.get("status") or Status.DRAFT.value) if self.new else None,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StatusChoice.choices)


class ApproveForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def clean_comment(self) -> str:
        return no_control(self.cleaned_data.get("comment") or "").strip()


class RequestChangesForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    comment = forms.CharField(label=_("What should change"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean_comment(self) -> str:
        value = no_control(self.cleaned_data.get("comment") or "").strip()
        if not value:
            raise forms.ValidationError(_("Say what should change."), code="required")
        return value


class SettingsForm(forms.Form):
    approval_required = forms.BooleanField(
        label=_("The client approves every post before it is scheduled"), required=False,
        help_text=_("When off, a manager approves posts instead of the client."))


class FrequencyForm(forms.Form):
    """Posts a week and preferred days for every channel (0 posts removes the channel from the plan)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ChannelChoice.choices:
            self.fields[f"{value}-per_week"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=50,
                widget=forms.NumberInput(attrs={"class": "narrow-number"}))
            self.fields[f"{value}-days"] = forms.TypedMultipleChoiceField(
                label=_("Preferred days"), required=False, choices=WEEKDAYS, coerce=int,
                widget=forms.CheckboxSelectMultiple)

    def rows(self) -> list[tuple[str, Any, Any]]:
        return [(str(label), self[f"{value}-per_week"], self[f"{value}-days"])
                for value, label in ChannelChoice.choices]

    def plan(self) -> dict[str, tuple[int, list[int]]]:
        return {value: (int(self.cleaned_data.get(f"{value}-per_week") or 0),
                        sorted(set(self.cleaned_data.get(f"{value}-days") or [])))
                for value in ChannelChoice.values}


__all__ = ["ApproveForm", "FrequencyForm", "PostForm", "RequestChangesForm", "SettingsForm", "StatusForm"]
