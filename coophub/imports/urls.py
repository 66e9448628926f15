from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
    path("<str:kind>/", views.upload, name="upload"),
    path("<str:kind>/template.xlsx", views.template, name="template"),
]
