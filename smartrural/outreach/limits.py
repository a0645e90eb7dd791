"""The channels' limits, as pure functions: what a notice may be on each channel.

| channel      | limit                                                                    |
|--------------|--------------------------------------------------------------------------|
| SMS          | GSM-7 text: 160 characters in one message, 153 per part when longer;     |
|              | any other character (Vietnamese diacritics, “curly quotes”) makes the    |
|              | whole text UCS-2: 70 in one message, 67 per part; at most                |
|              | ``SMS_MAX_SEGMENTS`` parts                                               |
| Zalo ZNS     | the approved template's text: at most 400 characters                     |
| Zalo OA      | a text message: at most 2,000 characters                                 |
| e-mail       | subject: at most 200 characters, one line                                |
| Facebook     | a page post: at most 63,206 characters                                   |

A template is checked as written (``{{ placeholder }}`` counted as typed) when it is saved
(``template_problems``), and the text each message becomes is checked again when it is written
(``rendered_problem``): a value longer than its placeholder can push a text over.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from smartrural.core.text import fold_keep_case

from .models import Channel

ZNS_MAX_CHARS = 400
ZALO_OA_MAX_CHARS = 2000
EMAIL_SUBJECT_MAX_CHARS = 200
FACEBOOK_MAX_CHARS = 63_206
# Vietnamese gateways concatenate at most a handful of parts; past five an SMS is a letter.
SMS_MAX_SEGMENTS = 5

GSM7 = "GSM-7"
UCS2 = "UCS-2"
GSM_SINGLE = 160
GSM_PART = 153
UCS2_SINGLE = 70
UCS2_PART = 67

# 3GPP TS 23.038: the GSM 7-bit default alphabet, and its extension table (two septets each:
# the escape and the character).
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("\f^{}\\[~]|€")


def is_gsm7(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM 7-bit alphabet (or its extension)."""
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text)


@dataclass(frozen=True)
class SmsCount:
    """How an SMS text travels: its ``encoding``, its length in that encoding's units
    (septets for GSM-7, UTF-16 code units for UCS-2), its parts, and what one part holds."""

    encoding: str
    units: int
    segments: int
    per_segment: int

    @property
    def remaining(self) -> int:
        """Units left in the last part before one more part is needed."""
        if self.segments <= 1:
            single = GSM_SINGLE if self.encoding == GSM7 else UCS2_SINGLE
            return single - self.units
        return self.segments * self.per_segment - self.units


def _pack(widths: list[int], single: int, part: int) -> int:
    """Parts needed for characters of ``widths`` units: one if they fit in ``single``, else
    packed into parts of ``part`` units without splitting a character (an escaped GSM
    character, a UTF-16 surrogate pair)."""
    total = sum(widths)
    if total == 0:
        return 0
    if total <= single:
        return 1
    parts, used = 1, 0
    for width in widths:
        if used + width > part:
            parts, used = parts + 1, 0
        used += width
    return parts


def sms_segments(text: str) -> SmsCount:
    """``text``'s encoding and parts (an empty text: no part)."""
    if is_gsm7(text):
        widths = [2 if ch in _GSM_EXTENDED else 1 for ch in text]
        return SmsCount(GSM7, sum(widths), _pack(widths, GSM_SINGLE, GSM_PART), GSM_PART)
    widths = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return SmsCount(UCS2, sum(widths), _pack(widths, UCS2_SINGLE, UCS2_PART), UCS2_PART)


def unaccented(text: str) -> str:
    """The SMS variant without diacritics (for gateways without Unicode): "Ấp Chợ" → "Ap Cho"."""
    return fold_keep_case(text)


@dataclass(frozen=True)
class ChannelCount:
    """What a text measures on one channel, for the template page's counters."""

    channel: str
    label: str
    chars: int
    limit: int
    segments: SmsCount | None = None
    text: str = ""  # the text counted when it differs from the template's (unaccented SMS)

    @property
    def over(self) -> bool:
        if self.segments is not None:
            return self.segments.segments > SMS_MAX_SEGMENTS
        return self.chars > self.limit


def sms_problem(text: str) -> str | None:
    count = sms_segments(text)
    if count.segments > SMS_MAX_SEGMENTS:
        return _(
            "The SMS text is %(segments)s SMS parts long (%(units)s characters, %(encoding)s); "
            "at most %(limit)s parts: write a shorter SMS text."
        ) % {
            "segments": count.segments,
            "units": count.units,
            "encoding": count.encoding,
            "limit": SMS_MAX_SEGMENTS,
        }
    return None


def zns_problem(text: str) -> str | None:
    if len(text) > ZNS_MAX_CHARS:
        return _(
            "The ZNS text has %(count)s characters; an approved ZNS template has at most %(limit)s."
        ) % {"count": len(text), "limit": ZNS_MAX_CHARS}
    return None


def zalo_oa_problem(text: str) -> str | None:
    if len(text) > ZALO_OA_MAX_CHARS:
        return _(
            "The text has %(count)s characters; a Zalo Official Account message has at most "
            "%(limit)s."
        ) % {"count": len(text), "limit": ZALO_OA_MAX_CHARS}
    return None


def email_subject_problem(text: str) -> str | None:
    if "\n" in text or "\r" in text:
        return _("The e-mail subject must be one line (no line break).")
    if len(text) > EMAIL_SUBJECT_MAX_CHARS:
        return _("The e-mail subject has %(count)s characters; at most %(limit)s.") % {
            "count": len(text),
            "limit": EMAIL_SUBJECT_MAX_CHARS,
        }
    return None


def facebook_problem(text: str) -> str | None:
    if len(text) > FACEBOOK_MAX_CHARS:
        return _("The text has %(count)s characters; a Facebook post has at most %(limit)s.") % {
            "count": len(text),
            "limit": FACEBOOK_MAX_CHARS,
        }
    return None


def sms_text(text: str, *, unaccented_sms: bool, gateway_unicode: bool) -> str:
    """The SMS as it leaves: unaccented when the template asks or the gateway needs it."""
    return unaccented(text) if unaccented_sms or not gateway_unicode else text


def rendered_problem(channel: str, *, subject: str = "", body: str = "") -> str | None:
    """What is wrong with a message as rendered for ``channel`` (None: within its limits)."""
    if channel == Channel.SMS:
        return sms_problem(body)
    if channel == Channel.ZNS:
        return zns_problem(body)
    if channel == Channel.ZALO_OA:
        return zalo_oa_problem(body)
    if channel == Channel.EMAIL:
        return email_subject_problem(subject)
    if channel == Channel.FACEBOOK:
        return facebook_problem(body)
    return None


def channel_counts(
    *,
    subject: str,
    body: str,
    sms_body: str,
    sms_unaccented: bool,
    zns_text: str,
    gateway_unicode: bool,
) -> list[ChannelCount]:
    """Each channel's count of a template's texts (as written), for the template page."""
    sms_source = sms_body or body
    sms = sms_text(sms_source, unaccented_sms=sms_unaccented, gateway_unicode=gateway_unicode)
    sms_count = sms_segments(sms)
    counts = [
        ChannelCount(
            Channel.SMS,
            str(Channel.SMS.label),
            len(sms),
            SMS_MAX_SEGMENTS,
            segments=sms_count,
            text=sms if sms != sms_source else "",
        )
    ]
    if not sms_unaccented and gateway_unicode:
        # The variant offered: what the same text costs without diacritics.
        plain = unaccented(sms_source)
        counts.append(
            ChannelCount(
                "sms_unaccented",
                _("SMS without diacritics"),
                len(plain),
                SMS_MAX_SEGMENTS,
                segments=sms_segments(plain),
                text=plain,
            )
        )
    if zns_text:
        counts.append(
            ChannelCount(Channel.ZNS, str(Channel.ZNS.label), len(zns_text), ZNS_MAX_CHARS)
        )
    counts += [
        ChannelCount(Channel.ZALO_OA, str(Channel.ZALO_OA.label), len(body), ZALO_OA_MAX_CHARS),
        ChannelCount("email_subject", _("E-mail subject"), len(subject), EMAIL_SUBJECT_MAX_CHARS),
        ChannelCount(Channel.FACEBOOK, str(Channel.FACEBOOK.label), len(body), FACEBOOK_MAX_CHARS),
    ]
    return counts
