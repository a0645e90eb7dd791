"""Bulletin audio: every file the stations receive is one format, made here with ffmpeg.

**The format**: MP3 (MPEG-1 Layer III), mono, 44.1 kHz, 64 kbit/s constant bit rate, no tags
(``-map_metadata -1``: an uploaded file's title, author, GPS or cover picture never reaches the
devices). MP3 is the one codec every cheap IP/4G loudspeaker and SIP paging device decodes
(Opus/OGG is smaller but many embedded players lack it); 64 kbit/s mono is plenty for speech
through horn loudspeakers, about 480 KB a minute.

**Reading a file we did not make** (an upload): ``ffprobe``/``ffmpeg`` open it with a
whitelist of audio container formats (``-format_whitelist``) and of protocols (``file`` only),
so a playlist (HLS, concat, …) dressed as audio cannot make ffmpeg read other local files or
the network. Every call has a timeout, passes its arguments as a list (no shell) and reads the
audio from a temporary file or stdin.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from smartrural.core.errors import DomainError

MIME = "audio/mpeg"
EXTENSION = ".mp3"
# Containers an uploaded recording may come in (ffmpeg demuxer names): MP3, WAV, OGG/Opus,
# MP4/M4A/3GP (phones' recorders), FLAC, Matroska/WebM, raw AAC, WMA (asf), AMR.
INPUT_FORMATS = "mp3,wav,ogg,mov,flac,matroska,aac,asf,amr"
ENCODE = ("-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3")


class AudioError(DomainError):
    """The audio could not be read or made (422), with a message for the officer."""


@dataclass(frozen=True)
class Audio:
    """A finished bulletin audio file: its bytes, MIME type, length in seconds (one decimal)
    and the SHA-256 of the bytes (hex), which the devices check after download."""

    data: bytes
    mime: str
    duration: Decimal
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSION


def _seconds(setting: str, default: int) -> int:
    return int(getattr(settings, setting, default))


def max_seconds() -> int:
    """The longest bulletin accepted (``OUTREACH_AUDIO_MAX_SECONDS``)."""
    return _seconds("OUTREACH_AUDIO_MAX_SECONDS", 15 * 60)


def call(
    args: list[str], *, timeout: int, what: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``args`` (no shell); ``AudioError`` when the program is missing or too slow."""
    try:
        return subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
            args, input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise AudioError(
            _("The server cannot process audio: %(program)s is not installed.")
            % {"program": args[0]}
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise AudioError(
            _("Processing the audio took too long (%(what)s); try a shorter recording.")
            % {"what": what}
        ) from exc


def _run(args: list[str], *, timeout: int, what: str, stdin: bytes | None = None) -> bytes:
    """``args``' output; ``AudioError`` with its first error line when it fails."""
    done = call(args, timeout=timeout, what=what, stdin=stdin)
    if done.returncode != 0:
        raise AudioError(
            _("The audio could not be processed (%(what)s): %(detail)s")
            % {"what": what, "detail": _first_line(done.stderr)}
        )
    return done.stdout


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    return next((line for line in lines if line), "")[:200]


@dataclass(frozen=True)
class Probe:
    """What ffprobe saw in a file: its container, whether it holds sound, its length."""

    format_name: str
    has_audio: bool
    has_video: bool
    duration: Decimal | None


def probe(path: Path) -> Probe | None:
    """``path`` read as audio (whitelisted containers only), or None when ffprobe cannot read
    it as one of them."""
    args = [
        "ffprobe",
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        INPUT_FORMATS,
        "-show_entries",
        "format=format_name,duration:stream=codec_type,disposition",
        "-of",
        "json",
        str(path),
    ]
    done = call(args, timeout=30, what="ffprobe")
    if done.returncode != 0:
        return None
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError:
        return None
    fmt = data.get("format") or {}
    if not fmt:
        return None
    streams = data.get("streams") or []
    # A cover picture in an MP3/M4A is a video stream marked "attached_pic": not video.
    kinds = [
        s.get("codec_type") for s in streams if not (s.get("disposition") or {}).get("attached_pic")
    ]
    duration: Decimal | None = None
    try:
        duration = Decimal(str(fmt.get("duration"))).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    except ArithmeticError:
        duration = None
    return Probe(
        format_name=str(fmt.get("format_name", "")),
        has_audio="audio" in kinds,
        has_video="video" in kinds,
        duration=duration if duration is not None and duration.is_finite() else None,
    )


def finished(data: bytes) -> Audio:
    """``data`` (an MP3 we made) with its length and checksum."""
    with tempfile.TemporaryDirectory(prefix="bulletin-") as folder:
        path = Path(folder) / f"out{EXTENSION}"
        path.write_bytes(data)
        seen = probe(path)
    if seen is None or not seen.has_audio or seen.duration is None:
        raise AudioError(_("The audio made could not be read back."))
    return Audio(
        data=data, mime=MIME, duration=seen.duration, sha256=hashlib.sha256(data).hexdigest()
    )


def encode_file(path: Path) -> Audio:
    """The first sound stream of ``path`` in the bulletin format (no tags, no pictures), cut
    at ``max_seconds()``."""
    args = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        INPUT_FORMATS,
        "-i",
        str(path),
        "-map",
        "0:a:0",
        "-map_metadata",
        "-1",
        "-vn",
        "-sn",
        "-dn",
        "-t",
        str(max_seconds()),
        *ENCODE,
        "pipe:1",
    ]
    return finished(_run(args, timeout=_seconds("OUTREACH_AUDIO_TIMEOUT", 120), what="ffmpeg"))


def encode_wav(wav: bytes) -> Audio:
    """A WAV we made (the speech engine's) in the bulletin format."""
    args = ["ffmpeg", "-nostdin", "-v", "error", "-f", "wav", "-i", "pipe:0", *ENCODE, "pipe:1"]
    return finished(
        _run(args, timeout=_seconds("OUTREACH_AUDIO_TIMEOUT", 120), what="ffmpeg", stdin=wav)
    )
