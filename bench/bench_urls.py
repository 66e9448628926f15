"""The application's URLs plus /bench/ping, a trivial JSON view served by the same stack
(middleware, WSGI)."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def ping(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/ping", ping), *app_urlpatterns]
