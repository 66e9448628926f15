from django.contrib import admin

from coophub.accounts.admin import AuditedAdmin

from .models import Holiday


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ("day", "kind", "name_vi", "name_en")
    list_filter = ("kind",)
    search_fields = ("name_vi", "name_en")
    date_hierarchy = "day"
