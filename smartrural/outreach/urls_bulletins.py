"""Officers' URLs of loudspeaker bulletins and CAP alerts (in ``urls.py``'s list)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import bulletins, cap

urlpatterns: list[URLPattern] = [
    path("bulletins/", bulletins.bulletin_list, name="bulletin-list"),
    path("bulletins/new/text/", bulletins.bulletin_create_text, name="bulletin-create-text"),
    path("bulletins/new/upload/", bulletins.bulletin_create_upload, name="bulletin-create-upload"),
    path("bulletins/<int:pk>/", bulletins.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:pk>/edit/", bulletins.bulletin_edit, name="bulletin-edit"),
    path("bulletins/<int:pk>/publish/", bulletins.bulletin_publish, name="bulletin-publish"),
    path("bulletins/<int:pk>/withdraw/", bulletins.bulletin_withdraw, name="bulletin-withdraw"),
    path("bulletins/<int:pk>/audio.mp3", bulletins.bulletin_audio, name="bulletin-audio"),
    path("bulletins/<int:pk>/cap.xml", bulletins.bulletin_cap, name="bulletin-cap"),
    path("bulletins/<int:pk>/history/", bulletins.bulletin_history, name="bulletin-history"),
    path("cap/", cap.cap_list, name="cap-list"),
    path("cap/import/", cap.cap_import, name="cap-import"),
    path("cap/import/confirm/", cap.cap_confirm, name="cap-confirm"),
]
