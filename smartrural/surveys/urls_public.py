"""Residents' pages of surveys (/khao-sat/): answering with a household's code, and the public
consultations."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from .services.sampling import CODE_ALPHABET, CODE_LENGTH
from .views import answer, consultations_public

app_name = "surveys_public"
urlpatterns: list[URLPattern] = [
    path("", answer.answer_start, name="answer-start"),
    path("cam-on/", answer.answer_done, name="answer-done"),
    # Public consultations (lấy ý kiến).
    path("y-kien/", consultations_public.consultation_list, name="consultation-list"),
    path("y-kien/<int:pk>/", consultations_public.consultation_detail, name="consultation"),
    path("y-kien/<int:pk>/gop-y/", consultations_public.opinion_send, name="consultation-opinion"),
    # The link in a sheet's QR code: exactly a code as printed (upper case), so no other page
    # of /khao-sat/ (lower-case words) is ever taken for a code.
    re_path(
        rf"^(?P<code>[{CODE_ALPHABET}]{{{CODE_LENGTH}}})/$", answer.answer_code, name="answer-code"
    ),
]
