"""The province office manages Open311 applications in the admin: create one (its key is shown
once, in the confirmation message), deactivate it, see when it last posted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .keys import forget_keys, key_hash, new_key
from .models import Open311Client


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin[Open311Client]):
    list_display = ("name", "contact", "prefix", "active", "created_at", "last_used_at")
    list_filter = ("active",)
    search_fields = ("name", "contact", "prefix")
    fields = ("name", "contact", "active", "prefix", "created_by", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the reports keep who sent them in the logs

    def save_model(self, request: HttpRequest, obj: Open311Client, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            forget_keys()
            return
        prefix, raw = new_key()
        obj.prefix = prefix
        obj.key_hash = key_hash(raw)
        obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The key of %(name)s, shown only this once: %(key)s")
            % {"name": obj.name, "key": raw},
        )
