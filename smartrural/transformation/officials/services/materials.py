"""An event's materials: a document checked by its content, and deleted with its file."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from smartrural.accounts.actor import Actor
from smartrural.core.uploads import check_document

from ...models import (
    TrainingEvent,
    TrainingMaterial,
)
from .event_rules import _delete_files, _require_event_writer


@transaction.atomic
def material_add(*, event: TrainingEvent, title: str, upload: Any, by: Actor) -> TrainingMaterial:
    """Keep a document of the event (slides, programme, list of attendance) under ``title``
    (``forms.MaterialForm`` makes a blank one the file's name). The file is checked by its
    content (``ValidationFailed``)."""
    _require_event_writer(event, by)
    kind = check_document(upload)
    return TrainingMaterial.objects.create(
        event=event,
        title=title,
        file=upload,
        content_type=kind.content_type,
        uploaded_by=by,
    )


@transaction.atomic
def material_delete(*, material: TrainingMaterial, by: Actor) -> None:
    _require_event_writer(material.event, by)
    name = material.file.name
    material.delete()
    transaction.on_commit(lambda: _delete_files([name]))
