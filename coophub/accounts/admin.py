from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot

from .models import ApiToken, Membership, Unit, User


class AuditedAdmin(admin.ModelAdmin):
    """Administrators maintain users and units here; every change still lands in the audit trail."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record(
            request.user,
            AuditAction.UPDATE if change else AuditAction.CREATE,
            obj,
            before=before,
            reason="admin",
        )

    def delete_model(self, request, obj):
        before, pk = snapshot(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        record(request.user, AuditAction.DELETE, obj, before=before, reason="admin")

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            before, pk = snapshot(deleted), deleted.pk
            deleted.delete()
            deleted.pk = pk
            record(request.user, AuditAction.DELETE, deleted, before=before, reason="admin")
        for instance in instances:
            created = instance.pk is None
            before = None if created else snapshot(type(instance).objects.get(pk=instance.pk))
            instance.save()
            record(
                request.user,
                AuditAction.CREATE if created else AuditAction.UPDATE,
                instance,
                before=before,
                reason="admin",
            )
        formset.save_m2m()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("title",)}))


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "abbreviation", "name_vi", "name_en", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "abbreviation", "name_vi", "name_en")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "hint", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False
