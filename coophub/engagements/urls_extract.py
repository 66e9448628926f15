from django.urls import path

from . import views_extract

urlpatterns = [
    path("extract/", views_extract.extract_page, name="extract"),
]
