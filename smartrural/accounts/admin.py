from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, UnitAssignment, User


class UnitAssignmentInline(admin.TabularInline):
    model = UnitAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ("unit",)
    readonly_fields = ("created_at", "created_by")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_demo", "is_staff")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("SmartRural"), {"fields": ("role", "phone", "is_demo")}),
    )
    inlines = (UnitAssignmentInline,)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "user__username", "name")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")
    raw_id_fields = ("user",)
