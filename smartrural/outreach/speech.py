"""Text to Vietnamese speech for loudspeaker bulletins, behind one small interface.

A ``SpeechEngine`` turns a text into a finished bulletin ``Audio`` (MP3 bytes, MIME type,
duration, SHA-256: ``outreach.audio``). The engine in use is the class named by the setting
``OUTREACH_SPEECH_ENGINE`` (a dotted path, instantiated without arguments), so a better voice
(a cloud or on-premises Vietnamese TTS) replaces espeak-ng by adding a class with a
``synthesise(text) -> Audio`` method and changing the setting; nothing else changes.

``EspeakEngine`` (the default) runs espeak-ng, free and offline, with its Southern Vietnamese
voice (``OUTREACH_SPEECH_VOICE``, ``vi-vn-x-south``) at ``OUTREACH_SPEECH_RATE`` words a minute
(espeak's default is 175; 150 is clearer through horn loudspeakers), then ffmpeg encodes its
WAV as the bulletin MP3. The text goes to espeak-ng on stdin, never on a command line; texts
longer than ``OUTREACH_SPEECH_MAX_CHARS`` are refused.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .audio import Audio, AudioError, call, encode_wav

__all__ = ["Audio", "EspeakEngine", "SpeechEngine", "SpeechError", "engine", "synthesise"]


class SpeechError(AudioError):
    """The text could not be spoken (422), with a message for the officer."""


class SpeechEngine(Protocol):
    def synthesise(self, text: str) -> Audio:
        """``text`` spoken in Vietnamese as a finished bulletin audio file; ``SpeechError``
        (a ``DomainError``) when it cannot be."""
        ...


def max_chars() -> int:
    return int(getattr(settings, "OUTREACH_SPEECH_MAX_CHARS", 5000))


def check_text(text: str) -> str:
    """``text`` stripped, if it can be spoken: not empty, not longer than ``max_chars()``."""
    text = text.strip()
    if not text:
        raise SpeechError(_("There is no text to speak."), field="text")
    if len(text) > max_chars():
        raise SpeechError(
            _("The text has %(count)s characters; at most %(limit)s can be spoken.")
            % {"count": len(text), "limit": max_chars()},
            field="text",
        )
    return text


class EspeakEngine:
    """espeak-ng's Vietnamese voice (Southern by default), encoded as MP3 by ffmpeg."""

    def __init__(self, *, voice: str | None = None, rate: int | None = None) -> None:
        self.voice = voice or str(getattr(settings, "OUTREACH_SPEECH_VOICE", "vi-vn-x-south"))
        self.rate = rate or int(getattr(settings, "OUTREACH_SPEECH_RATE", 150))

    def synthesise(self, text: str) -> Audio:
        text = check_text(text)
        # -b 1: the input is UTF-8; --stdout: a WAV on stdout; the text is read from stdin.
        args = ["espeak-ng", "-v", self.voice, "-s", str(self.rate), "-b", "1", "--stdout"]
        try:
            done = call(args, timeout=60, what="espeak-ng", stdin=text.encode("utf-8"))
        except AudioError as exc:
            raise SpeechError(exc.message) from exc
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise SpeechError(
                _("The text could not be spoken (espeak-ng): %(detail)s")
                % {"detail": (detail[0] if detail else "")[:200]}
            )
        try:
            return encode_wav(done.stdout)
        except AudioError as exc:
            raise SpeechError(exc.message) from exc


def engine() -> SpeechEngine:
    """The engine named by ``OUTREACH_SPEECH_ENGINE``."""
    path = str(
        getattr(settings, "OUTREACH_SPEECH_ENGINE", "smartrural.outreach.speech.EspeakEngine")
    )
    engine_class = import_string(path)
    instance: SpeechEngine = engine_class()
    return instance


def synthesise(text: str) -> Audio:
    """``text`` spoken by the configured engine."""
    return engine().synthesise(text)
