from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smartrural.core"
    label = "core"
    verbose_name = "SmartRural"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .deadline import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="smartrural-deadline")
