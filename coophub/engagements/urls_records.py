from django.urls import path

from . import views, views_outcomes

outcome = "<int:pk>/outcomes/<int:outcome_id>"

urlpatterns = [
    path("", views.EngagementList.as_view(), name="engagement_list"),
    path("new/", views.EngagementEdit.as_view(), name="engagement_create"),
    path("officials/", views.OfficialList.as_view(), name="official_list"),
    path("officials/new/", views.OfficialEdit.as_view(), name="official_create"),
    path("officials/<int:pk>/", views.official_detail, name="official_detail"),
    path("officials/<int:pk>/edit/", views.OfficialEdit.as_view(), name="official_edit"),
    path("officials/<int:pk>/history/", views.OfficialHistory.as_view(), name="official_history"),
    path("<int:pk>/", views.EngagementDetail.as_view(), name="engagement_detail"),
    path("<int:pk>/edit/", views.EngagementEdit.as_view(), name="engagement_edit"),
    path("<int:pk>/delete/", views.EngagementDelete.as_view(), name="engagement_delete"),
    path("<int:pk>/history/", views.EngagementHistory.as_view(), name="engagement_history"),
    path("<int:pk>/transitions/", views.engagement_transition, name="engagement_transition"),
    path("<int:pk>/outcomes/", views_outcomes.outcome_add, name="outcome_add"),
    path(f"{outcome}/edit/", views_outcomes.outcome_edit, name="outcome_edit"),
    path(f"{outcome}/delete/", views_outcomes.outcome_delete, name="outcome_delete"),
    path(f"{outcome}/commitment/", views_outcomes.outcome_commitment, name="outcome_commitment"),
    path(f"{outcome}/task/", views_outcomes.outcome_task, name="outcome_task"),
]
