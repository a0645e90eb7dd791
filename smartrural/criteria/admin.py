"""Admin: criteria sets and their versions, read-only (changes go through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CriteriaSet, CriteriaSetVersion


class CriteriaSetVersionInline(admin.TabularInline):
    model = CriteriaSetVersion
    fields = ("number", "note", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_level", "base")
    search_fields = ("code", "name")
    readonly_fields = ("code", "name", "unit_level", "base")
    inlines = [CriteriaSetVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
