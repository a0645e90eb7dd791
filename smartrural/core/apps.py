from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smartrural.core"
    label = "core"
    verbose_name = "SmartRural"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.backends.signals import connection_created
        from PIL import Image

        from .deadline import on_connection_created  # local: app registry

        # Pillow's own guard against decompression bombs, set explicitly instead of left to its
        # default (89 million pixels): it warns past this many pixels and refuses twice as many
        # wherever an image is opened (uploads check the limit itself, see uploads.check_document).
        Image.MAX_IMAGE_PIXELS = int(settings.IMAGE_MAX_PIXELS)
        connection_created.connect(on_connection_created, dispatch_uid="smartrural-deadline")
