from django.urls import path

from . import views_briefing as views

urlpatterns = [
    path("briefings/", views.briefing_list, name="briefing_list"),
    path("briefings/new/", views.briefing_new, name="briefing_new"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("briefings/<int:pk>/docx", views.briefing_download, {"kind": "docx"}, name="briefing_docx"),
    path("briefings/<int:pk>/pdf", views.briefing_download, {"kind": "pdf"}, name="briefing_pdf"),
]
