"""Counting SMS segments: GSM-7 160/153, UCS-2 70/67, extension characters count twice."""

from __future__ import annotations

import pytest

from ..sms_segments import sms_length, sms_segments


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("ơ" * 70, 1),
        ("ơ" * 71, 2),
        ("ơ" * 134, 2),
        ("ơ" * 135, 3),
        ("€" * 80, 1),  # 160 septets
        ("€" * 80 + "a", 2),
    ],
)
def test_it_counts_segments_at_the_boundaries(text: str, segments: int) -> None:
    assert sms_segments(text) == segments


def test_one_vietnamese_letter_makes_the_whole_text_ucs2() -> None:
    length = sms_length("Thong bao lich cat dien ngay mai " + "ấ")
    assert length.encoding == "ucs2"
    assert sms_length("Thong bao lich cat dien").encoding == "gsm7"


def test_an_emoji_outside_the_bmp_counts_two_units() -> None:
    assert sms_length("😀").units == 2
    assert sms_segments("😀" * 35) == 1
    assert sms_segments("😀" * 36) == 2
