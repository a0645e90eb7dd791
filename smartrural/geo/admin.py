from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AdministrativeUnit, Succession


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    """Read-mostly: units are created by imports and services (which compute ``path``)."""

    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to", "is_demo")
    list_filter = ("level", "kind", "region", "is_demo")
    search_fields = ("code", "name", "search_name")
    list_select_related = ("parent",)
    readonly_fields = ("code", "level", "kind", "parent", "valid_from", "path", "search_name")
    fields = (
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "region",
        "commune_group",
        "is_demo",
        "path",
        "search_name",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Succession)
class SuccessionAdmin(SimpleHistoryAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date", "legal_basis")
    list_filter = ("kind", "effective_date")
    search_fields = ("predecessor__code", "predecessor__name", "successor__code", "successor__name")
    list_select_related = ("predecessor", "successor")
    raw_id_fields = ("predecessor", "successor")
