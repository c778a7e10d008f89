"""Board screens, included under ``w/<slug:workspace>/``."""

from django.urls import URLPattern, path

from cadence.board.views import roadmap

app_name = "board"

urlpatterns: list[URLPattern] = [
    # --- roadmap (helper "roadmap") ---
    path("e/<uuid:engagement>/roadmap/", roadmap.roadmap, name="roadmap"),
    path("e/<uuid:engagement>/roadmap.svg", roadmap.roadmap_svg, name="roadmap-svg"),
    path("e/<uuid:engagement>/roadmap/new/", roadmap.initiative_new, name="initiative-new"),
    path("e/<uuid:engagement>/roadmap/import/", roadmap.roadmap_import, name="roadmap-import"),
    path("e/<uuid:engagement>/roadmap/dependencies/add/", roadmap.dependency_add, name="dependency-add"),
    path("e/<uuid:engagement>/roadmap/dependencies/remove/", roadmap.dependency_remove, name="dependency-remove"),
    path("e/<uuid:engagement>/roadmap/<uuid:initiative>/edit/", roadmap.initiative_edit, name="initiative-edit"),
    path("e/<uuid:engagement>/roadmap/<uuid:initiative>/delete/", roadmap.initiative_delete, name="initiative-delete"),
    path("e/<uuid:engagement>/roadmap/<uuid:initiative>/shift/", roadmap.initiative_shift, name="initiative-shift"),
    # --- end roadmap ---
]
