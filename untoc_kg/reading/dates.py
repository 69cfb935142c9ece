"""Chinese dates as printed: "2024年6月3日和4日", "2022 年 5 月 23 日至 27 日", "6 月 3 日"."""

from __future__ import annotations

import datetime as dt
import re

from untoc_kg.reading.text_forms import to_half_width

_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日")
_MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}


def parse_dates(text: str, default_year: int | None = None) -> tuple[list[dt.date], bool]:
    """All dates in ``text`` in printed order, and whether they form a range (至).

    A day without month or year takes them from the date before it ("3日和4日").
    """
    text = to_half_width(text)
    dates: list[dt.date] = []
    year, month = default_year, None
    for match in _DATE.finditer(text):
        if match.group("y"):
            year = int(match.group("y"))
        if match.group("m"):
            month = int(match.group("m"))
        if year is None or month is None:
            continue
        dates.append(dt.date(year, month, int(match.group("d"))))
    return dates, "至" in text


def parse_english_date(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), _MONTHS[month], int(day))
