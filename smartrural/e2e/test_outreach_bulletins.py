"""An officer of Ngãi Xuyên makes loudspeaker bulletins in Chromium: from text (spoken by
espeak-ng: the page plays it and says its length), from a recording (made here with ffmpeg; a
file that is not audio is refused with a message and nothing made), publishes them to the
commune's station, and reads the day's programme: the emergency comes first. On 02/12/2026 and
on 01/06/2023 (the programme is the clock's day)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from smartrural.outreach.models import Bulletin, BulletinStatus, Priority
from smartrural.outreach.tests.station_support import station as make_station
from smartrural.testing import Personas

from .helpers import PageProblems, assert_accessible, log_in, use_english
from .outreach_support import IMAGE, assert_shown_as_text, check_pages, flash

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WORK = "/outreach/work/bulletins"
STATION = "Đài truyền thanh xã Ngãi Xuyên"
SPOKEN = "Lịch tiêm phòng " + IMAGE
EMERGENCY = "Cảnh báo triều cường"


def recording(folder: Path, seconds: int = 2) -> Path:
    """A real WAV file: a sine tone made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None, "ffmpeg is needed (make system-deps)"
    path = folder / "canh-bao.wav"
    subprocess.run(  # noqa: S603 - fixed arguments
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={seconds}", "-ac", "1", "-ar", "16000", str(path)],
        check=True,
        timeout=30,
    )  # fmt: skip
    return path


def length_of(page: Any) -> str:
    return str(page.locator("dl.facts dt:text-is('Length') + dd").inner_text())


def publish_to_the_station(page: Any) -> None:
    page.locator("#publish").get_by_label(STATION).check()
    page.get_by_role("button", name="Publish the bulletin").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("The bulletin is published")


def test_bulletins_made_from_text_and_a_recording_play_in_the_days_programme(
    live_server: Any, page: Any, personas: Personas, tmp_path: Path, on_both_dates: dt.date
) -> None:
    base = live_server.url
    problems = PageProblems(page)
    unit = personas.commune_a_unit
    station = make_station(unit, STATION)
    use_english(page, base)
    log_in(page, base, personas.commune_a.username, language="en")

    # From text: spoken, played on the page, its length shown.
    page.goto(f"{base}{WORK}/new/text/")
    page.locator("#id_unit").select_option(str(unit.pk))
    page.locator("#id_title").fill(SPOKEN)
    page.locator("#id_text").fill("Sáng thứ Bảy, xã tổ chức tiêm phòng dại cho chó mèo.")
    page.get_by_role("button", name="Make the bulletin").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("made as a draft")
    (spoken,) = Bulletin.objects.all()
    assert spoken.title == SPOKEN and spoken.status == BulletinStatus.DRAFT
    assert spoken.duration is not None and spoken.duration > 1
    assert spoken.audio and spoken.sha256
    assert length_of(page) == f"{spoken.duration} s"
    player = page.locator("audio[controls]")
    expect(player).to_have_count(1)
    seconds = player.evaluate(
        "a => new Promise((ok, fail) => { a.onloadedmetadata = () => ok(a.duration);"
        " a.onerror = () => fail(String(a.error && a.error.code)); a.preload = 'metadata';"
        " a.load(); })"
    )
    assert abs(seconds - float(spoken.duration)) < 0.5, seconds
    assert_shown_as_text(page, SPOKEN)
    assert_accessible(page)
    publish_to_the_station(page)
    spoken.refresh_from_db()
    assert spoken.status == BulletinStatus.PUBLISHED
    assert list(spoken.stations.all()) == [station]

    # A file that is not audio: a message, nothing made.
    not_audio = tmp_path / "thong-bao.mp3"
    not_audio.write_text("Đây không phải là âm thanh.\n" * 20)
    page.goto(f"{base}{WORK}/new/upload/")
    page.locator("#id_title").fill(EMERGENCY)
    page.locator("#id_audio").set_input_files(not_audio)
    page.get_by_role("button", name="Make the bulletin").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(
        "“thong-bao.mp3” is not a sound recording we can read: upload MP3, WAV, M4A or OGG."
    )
    assert Bulletin.objects.count() == 1

    # A recording, as an emergency: published, it comes first in the day's programme.
    page.locator("#id_title").fill(EMERGENCY)
    page.locator("#id_audio").set_input_files(recording(tmp_path))
    page.locator("#id_priority").select_option(str(Priority.EMERGENCY))
    page.get_by_role("button", name="Make the bulletin").click()
    page.wait_for_load_state()
    expect(flash(page)).to_contain_text("made as a draft")
    emergency = Bulletin.objects.get(title=EMERGENCY)
    assert emergency.priority == Priority.EMERGENCY
    assert emergency.duration is not None and abs(float(emergency.duration) - 2) < 0.2
    assert length_of(page) == f"{emergency.duration} s"
    publish_to_the_station(page)

    page.goto(f"{base}/outreach/work/stations/{station.pk}/programme/")
    day = on_both_dates.strftime("%d/%m/%Y")
    expect(page.locator("h1")).to_have_text(f"Programme of {STATION} on {day}")
    rows = page.locator("#programme tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(EMERGENCY)
    expect(rows.nth(0)).to_contain_text("Emergency")
    expect(rows.nth(1)).to_contain_text(SPOKEN)
    assert_shown_as_text(page, SPOKEN)
    assert_accessible(page)
    check_pages(problems, 422, 400)
