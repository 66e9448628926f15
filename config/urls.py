from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from coophub.api.api import api
from coophub.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("search/", web_views.search_page, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("coophub.accounts.urls")),
    path("partners/", include("coophub.partners.urls")),
    path("agreements/", include("coophub.agreements.urls")),
    path("tasks/", include("coophub.assignments.urls")),
    path("engagements/", include("coophub.engagements.urls")),
    path("notifications/", include("coophub.notifications.urls")),
    path("documents/", include("coophub.documents.urls")),
    path("imports/", include("coophub.imports.urls")),
    path("audit/", include("coophub.audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
