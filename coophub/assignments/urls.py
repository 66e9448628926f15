from django.urls import path

from . import views, views_actions, views_urging, views_work

app_name = "assignments"
urlpatterns = [
    path("", views.TaskList.as_view(), name="task_list"),
    path("new/", views.TaskEdit.as_view(), name="task_create"),
    path("<int:pk>/", views.TaskDetail.as_view(), name="task_detail"),
    path("<int:pk>/edit/", views.TaskEdit.as_view(), name="task_edit"),
    path("<int:pk>/delete/", views.TaskDelete.as_view(), name="task_delete"),
    path("<int:pk>/history/", views.TaskHistory.as_view(), name="task_history"),
    path("<int:pk>/transition/", views_actions.task_transition, name="task_transition"),
    path("<int:pk>/reports/", views_actions.task_report, name="task_report"),
    path("<int:pk>/extensions/", views_actions.task_extension, name="task_extension"),
    path("<int:pk>/watch/", views_actions.task_watch, name="task_watch"),
    path("extensions/<int:pk>/decision/", views_actions.extension_decide, name="extension_decide"),
    path("coordinators/<int:pk>/status/", views_actions.coordinator_status, name="coordinator_status"),
    path("focal-options/", views.focal_options, name="focal_options"),
    path("overlap-check/", views.overlap_check, name="overlap_check"),
    path("overlaps/", views_work.possible_overlaps, name="possible_overlaps"),
    path("mine/", views_work.my_work, name="my_work"),
    path("unit/", views_work.unit_work, name="unit_work"),
    path("overdue/", views_work.overdue_by_unit, name="overdue_by_unit"),
    path("urging-letter/", views_urging.urging_letter, name="urging_letter"),
    path("calendar/", views_work.calendar, name="calendar"),
    path("calendar/feed/", views_work.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>.ics", views_work.ical_feed, name="ical_feed"),
]
