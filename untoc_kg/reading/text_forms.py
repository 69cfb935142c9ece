"""Character-level forms shared by every reading stage."""

from __future__ import annotations

from functools import lru_cache

# Full-width ASCII (！ to ～) and the ideographic space map one-to-one to ASCII, so offsets
# in the translated text are offsets in the printed one.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20

_CHINESE_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@lru_cache(maxsize=8192)
def to_half_width(text: str) -> str:
    # Cached: every phrasebook entry is tried on the same paragraph, one after another.
    return text.translate(_HALF_WIDTH)


def parse_number(text: str) -> int:
    """'12', '１２', '十二', '二十一', '四' → int. Raises ValueError for anything else."""
    text = to_half_width(text.strip())
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CHINESE_NUMERALS and ch not in "十百" for ch in text):
        raise ValueError(f"{text!r} is not a number")
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CHINESE_NUMERALS[ch]
    return total + current
