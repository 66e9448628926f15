from django.contrib import admin

from coophub.accounts.admin import AuditedAdmin

from .models import Official, Topic


@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    """The shared topic vocabulary (loaded from data/topics.csv); administrators extend it here."""

    list_display = ("code", "name_vi", "name_en")
    search_fields = ("code", "name_vi", "name_en", "keywords")


@admin.register(Official)
class OfficialAdmin(AuditedAdmin):
    """The Ministry's officials in engagements; editors also keep them up to date on the officials' pages."""

    list_display = ("full_name", "title_vi", "unit", "is_leader", "rank", "is_active")
    list_filter = ("is_leader", "is_active", "unit")
    search_fields = ("full_name", "name_ascii", "title_vi", "title_en")
    raw_id_fields = ("user",)
    readonly_fields = ("version",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # an edit here makes an open form's save stale, as on the officials' pages
        super().save_model(request, obj, form, change)
