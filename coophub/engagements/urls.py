from . import urls_briefing, urls_calendar, urls_extract, urls_logistics, urls_records

app_name = "engagements"

# Fixed paths (calendar/, extract/, briefings/) come before the record pages' <int:pk> patterns.
urlpatterns = [
    *urls_calendar.urlpatterns,
    *urls_extract.urlpatterns,
    *urls_briefing.urlpatterns,
    *urls_logistics.urlpatterns,
    *urls_records.urlpatterns,
]
