"""Board screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.board.views import board, cards, mywork, roadmap, setup

app_name = "board"

urlpatterns = [
    # boards
    path("e/<uuid:engagement>/board/", board.board, name="board"),
    path("board/mine/", mywork.my_work, name="my-work"),
    path("board/role/<slug:role>/", mywork.role_board, name="role-board"),
    # cards
    path("e/<uuid:engagement>/tasks/new/", cards.task_new, name="task-new"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/", cards.task_detail, name="task-detail"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/move/", board.task_move, name="task-move"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/step/", board.task_step, name="task-step"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/delete/", cards.task_delete, name="task-delete"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/time/", cards.task_log_time, name="task-log-time"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/checklist/", cards.task_checklist, name="task-checklist"),
    path("e/<uuid:engagement>/tasks/<uuid:task>/attachments/", cards.task_attachments, name="task-attachments"),
    # set-up
    path("e/<uuid:engagement>/board/settings/", setup.board_settings, name="board-settings"),
    path("board/labels/", setup.label_list, name="label-list"),
    path("board/labels/<uuid:label>/delete/", setup.label_delete, name="label-delete"),
    path("e/<uuid:engagement>/board/recurring/", setup.recurring_list, name="recurring-list"),
    path("e/<uuid:engagement>/board/recurring/new/", setup.recurring_new, name="recurring-new"),
    path("e/<uuid:engagement>/board/recurring/<uuid:recurring>/edit/", setup.recurring_edit, name="recurring-edit"),
    path("e/<uuid:engagement>/board/recurring/<uuid:recurring>/delete/", setup.recurring_delete,
         name="recurring-delete"),
    path("board/templates/<uuid:template>/", setup.template_tasks, name="template-tasks"),
    path("board/templates/<uuid:template>/new/", setup.template_task_new, name="template-task-new"),
    path("board/templates/<uuid:template>/<uuid:task_template>/edit/", setup.template_task_edit,
         name="template-task-edit"),
    path("board/templates/<uuid:template>/<uuid:task_template>/delete/", setup.template_task_delete,
         name="template-task-delete"),
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
