from django.urls import path

from . import views_logistics as views

urlpatterns = [
    path("conference-requests/", views.conference_requests, name="conference_requests"),
    path("<int:pk>/plan/", views.plan_save, name="delegation_plan_save"),
    path("<int:pk>/plan/submit/", views.plan_submit, name="delegation_plan_submit"),
    path("<int:pk>/plan/decision/", views.plan_decide, name="delegation_plan_decide"),
    path("<int:pk>/plan/reopen/", views.plan_reopen, name="delegation_plan_reopen"),
    path("<int:pk>/gifts/", views.gift_add, name="gift_add"),
    path("<int:pk>/gifts/<int:gift_id>/", views.gift_edit, name="gift_edit"),
    path("<int:pk>/gifts/<int:gift_id>/delete/", views.gift_delete, name="gift_delete"),
    path("<int:pk>/conference-request/", views.request_save, name="conference_request_save"),
    path("<int:pk>/conference-request/file/", views.request_file, name="conference_request_file"),
    path("<int:pk>/conference-request/decision/", views.request_decide, name="conference_request_decide"),
]
