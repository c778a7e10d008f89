"""Comment threads, included under ``w/<slug:workspace>/``.

A thread is named by its target: ``comments/<kind>/<uuid>/`` (the engagement's ideas, a task, a post, a KPI,
a meeting: the object's public id) or, for a part of an object, ``comments/<kind>/<uuid>/<key>/`` (a plan
section: the engagement's uuid and the section's key). Both converters list the kinds (``access.TARGETS``), so
an unknown kind is a 404 before any view runs."""

from django.urls import path, register_converter

from cadence.comments import access, views

app_name = "comments"


class KindConverter:
    regex = "|".join(access.KEYLESS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PartKindConverter(KindConverter):
    regex = "|".join(k for k, spec in access.TARGETS.items() if spec.keyed)


register_converter(KindConverter, "comment_kind")
register_converter(PartKindConverter, "comment_part_kind")

T = "comments/<comment_kind:target_kind>/<uuid:target>/"
P = "comments/<comment_part_kind:target_kind>/<uuid:target>/<slug:target_key>/"

urlpatterns = [
    path(T, views.thread, name="thread"),
    path(T + "people/", views.people, name="people"),
    path(P, views.thread, name="thread-part"),
    path(P + "people/", views.people, name="people-part"),
    path("comments/t/<uuid:thread>/resolve/", views.thread_resolve, name="thread-resolve"),
    path("comments/c/<uuid:comment>/edit/", views.comment_edit, name="comment-edit"),
]
