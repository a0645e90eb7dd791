"""Text helpers for Vietnamese: search without diacritics."""

from __future__ import annotations

import unicodedata


def fold_keep_case(text: str) -> str:
    """``text`` without Vietnamese diacritics, case and spacing kept: "Ấp Chợ" -> "Ap Cho"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics: "Ngãi Xuyên" -> "ngai xuyen"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
