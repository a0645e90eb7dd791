"""The channels' limits: SMS parts at the GSM-7 and UCS-2 boundaries, ZNS at 400 characters,
Zalo OA, e-mail subjects and Facebook posts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from .. import limits
from ..models import Channel


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


class SmsSegmentTests:
    @pytest.mark.parametrize(
        ("length", "segments"), [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3)]
    )
    def test_gsm_text_fits_160_then_153_a_part(self, length: int, segments: int) -> None:
        count = limits.sms_segments("a" * length)
        assert (count.encoding, count.units, count.segments) == (limits.GSM7, length, segments)

    @pytest.mark.parametrize(("length", "segments"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3)])
    def test_one_vietnamese_letter_makes_the_text_ucs2(self, length: int, segments: int) -> None:
        count = limits.sms_segments("ơ" + "a" * (length - 1))
        assert (count.encoding, count.units, count.segments) == (limits.UCS2, length, segments)

    def test_curly_quotes_are_not_gsm(self) -> None:
        assert limits.sms_segments("“Ap Cho”").encoding == limits.UCS2

    def test_gsm_extension_characters_count_two(self) -> None:
        count = limits.sms_segments("€" * 80)
        assert (count.units, count.segments) == (160, 1)
        assert limits.sms_segments("€" * 80 + "a").segments == 2

    def test_an_escaped_character_is_not_split_across_parts(self) -> None:
        # 152 plain + "€" (2 septets) does not fit a 153-septet part: 2 parts, then 3.
        assert limits.sms_segments("a" * 152 + "€" + "a" * 152).segments == 3

    def test_the_unaccented_variant_is_gsm(self) -> None:
        text = "Thông báo: ấp Chợ cúp điện ngày mai từ 7 giờ đến 11 giờ."
        plain = limits.unaccented(text)
        assert plain == "Thong bao: ap Cho cup dien ngay mai tu 7 gio den 11 gio."
        assert limits.sms_segments(plain).encoding == limits.GSM7
        assert limits.sms_segments(text).encoding == limits.UCS2

    def test_more_than_five_parts_is_a_problem(self) -> None:
        assert limits.sms_problem("a" * (153 * 5)) is None
        problem = limits.sms_problem("a" * (153 * 5 + 1))
        assert problem is not None and "6 SMS parts" in problem

    def test_remaining_counts_what_the_last_part_holds(self) -> None:
        assert limits.sms_segments("a" * 150).remaining == 10
        assert limits.sms_segments("ă" * 68).remaining == 2
        assert limits.sms_segments("ă" * 71).remaining == 2 * 67 - 71


class ChannelLimitTests:
    def test_zns_text_of_400_characters_is_accepted_and_401_refused(self) -> None:
        assert limits.zns_problem("x" * 400) is None
        problem = limits.zns_problem("x" * 401)
        assert problem is not None and "401" in problem and "400" in problem

    def test_zalo_oa_takes_2000_characters(self) -> None:
        assert limits.zalo_oa_problem("x" * 2000) is None
        assert limits.zalo_oa_problem("x" * 2001) is not None

    def test_email_subject_is_one_line_of_at_most_200(self) -> None:
        assert limits.email_subject_problem("x" * 200) is None
        assert limits.email_subject_problem("x" * 201) is not None
        assert limits.email_subject_problem("Hai\ndòng") is not None

    def test_facebook_takes_63206_characters(self) -> None:
        assert limits.facebook_problem("x" * 63_206) is None
        assert limits.facebook_problem("x" * 63_207) is not None

    def test_rendered_text_is_checked_per_channel(self) -> None:
        assert limits.rendered_problem(Channel.ZNS, body="x" * 401) is not None
        assert limits.rendered_problem(Channel.SMS, body="x" * 401) is None
        assert limits.rendered_problem(Channel.EMAIL, subject="a\r\nb") is not None

    def test_counts_offer_the_unaccented_sms_when_the_gateway_takes_unicode(self) -> None:
        counts = limits.channel_counts(
            subject="Tin",
            body="Ấp Chợ",
            sms_body="",
            sms_unaccented=False,
            zns_text="",
            gateway_unicode=True,
        )
        by_channel = {c.channel: c for c in counts}
        assert by_channel["sms"].segments is not None
        assert by_channel["sms"].segments.encoding == limits.UCS2
        assert by_channel["sms_unaccented"].text == "Ap Cho"

    def test_without_a_unicode_gateway_the_sms_counted_is_unaccented(self) -> None:
        counts = limits.channel_counts(
            subject="",
            body="Ấp Chợ",
            sms_body="",
            sms_unaccented=False,
            zns_text="",
            gateway_unicode=False,
        )
        sms = counts[0]
        assert sms.text == "Ap Cho" and sms.segments and sms.segments.encoding == limits.GSM7
        assert "sms_unaccented" not in {c.channel for c in counts}


def test_an_emoji_outside_the_bmp_counts_two_ucs2_units() -> None:
    assert limits.sms_segments("😀").units == 2
    assert limits.sms_segments("😀" * 35).segments == 1
    assert limits.sms_segments("😀" * 36).segments == 2
