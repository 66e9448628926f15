from django.urls import path

from . import views_calendar

urlpatterns = [
    path("calendar/", views_calendar.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views_calendar.ical_feed, name="ical_feed"),
    path("stats/", views_calendar.stats, name="stats"),
]
