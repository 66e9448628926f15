from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("attach/<int:type_id>/<int:object_id>/", views.attach, name="attach"),
]
