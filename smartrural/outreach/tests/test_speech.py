"""Text to Vietnamese speech: real espeak-ng and ffmpeg, checked with ffprobe."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from smartrural.core.errors import DomainError

from .. import speech
from ..audio import Audio
from .bulletin_factories import SENTENCE


def ffprobe(path: Path) -> dict[str, object]:
    args = [
        "ffprobe",
        "-v",
        "error",
        "-show_entries",
        "format=format_name,duration:stream=codec_name,channels",
        "-of",
        "json",
        str(path),
    ]
    done = subprocess.run(args, capture_output=True, check=True, timeout=30)  # noqa: S603
    return json.loads(done.stdout)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The refusals are asserted in English (Vietnamese is the default)."""
    with translation.override("en"):
        yield


class SpeechTests:
    def test_a_vietnamese_sentence_becomes_mp3_of_a_sensible_length(self, tmp_path: Path) -> None:
        audio = speech.synthesise(SENTENCE)
        path = tmp_path / "out.mp3"
        path.write_bytes(audio.data)
        probed = ffprobe(path)
        fmt = probed["format"]
        assert isinstance(fmt, dict)
        assert fmt["format_name"] == "mp3"
        assert probed["streams"] == [{"codec_name": "mp3", "channels": 1}]
        # About 20 words at 150 words a minute: some seconds, not a blip nor minutes.
        seconds = Decimal(str(fmt["duration"]))
        assert Decimal(3) < seconds < Decimal(20)
        assert abs(audio.duration - seconds) < Decimal("0.2")
        assert audio.mime == "audio/mpeg"
        assert audio.sha256 == hashlib.sha256(audio.data).hexdigest()

    def test_a_slower_rate_speaks_longer(self) -> None:
        fast = speech.EspeakEngine(rate=220).synthesise(SENTENCE)
        slow = speech.EspeakEngine(rate=110).synthesise(SENTENCE)
        assert slow.duration > fast.duration * Decimal("1.4")

    def test_text_that_looks_like_options_is_spoken_not_run(self) -> None:
        # The text goes on stdin: "--help" or a quote is words, never an argument or shell.
        audio = speech.synthesise('--help"; rm -rf / $(echo hi)')
        assert audio.duration > 0

    def test_it_refuses_empty_and_too_long_texts(self) -> None:
        with pytest.raises(DomainError, match="no text"):
            speech.synthesise("   ")
        with (
            override_settings(OUTREACH_SPEECH_MAX_CHARS=10),
            pytest.raises(DomainError, match="at most 10"),
        ):
            speech.synthesise("Mười một ký tự")

    def test_an_unknown_voice_is_a_clear_error(self) -> None:
        with (
            override_settings(OUTREACH_SPEECH_VOICE="xx-nonexistent"),
            pytest.raises(speech.SpeechError, match="espeak-ng"),
        ):
            speech.synthesise("Xin chào")

    def test_the_engine_is_the_one_the_setting_names(self) -> None:
        with override_settings(
            OUTREACH_SPEECH_ENGINE="smartrural.outreach.tests.test_speech.SilentEngine"
        ):
            assert speech.synthesise("Xin chào").sha256 == "0" * 64


class SilentEngine:
    """A replacement engine, as a deployment would add one."""

    def synthesise(self, text: str) -> Audio:
        return Audio(data=b"", mime="audio/mpeg", duration=Decimal("0.0"), sha256="0" * 64)
