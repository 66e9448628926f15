from django.contrib import admin

from coophub.accounts.admin import AuditedAdmin

from .models import TaskType


@admin.register(TaskType)
class TaskTypeAdmin(AuditedAdmin):
    """Task types carry their reminder ladder; administrators tune it per type."""

    list_display = ("code", "name_vi", "name_en", "ladder")
    search_fields = ("code", "name_vi", "name_en")
