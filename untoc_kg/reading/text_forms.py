"""Character-level forms shared by every reading stage."""

from __future__ import annotations

from functools import lru_cache

# Full-width ASCII (！ to ～) and the ideographic space map one-to-one to ASCII, so offsets
# in the translated text are offsets in the printed one.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20

@lru_cache(maxsize=8192)
def to_half_width(text: str) -> str:
    # Cached: every phrasebook entry is tried on the same paragraph, one after another.
    return text.translate(_HALF_WIDTH)
