"""Numbers as news and OCR write them, read without ever raising."""

from __future__ import annotations

import re

__all__ = ["NUMBER", "parse_number"]


# A number as written: digit groups joined by full stops or commas ("97,983", "41.1",
# "1.234,56", OCR's "200.000.000", a phone number "239.430.4900").
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


_MAX_NUMBER_CHARS = 64


def parse_number(written: str) -> float | None:
    """The value of a number as written, never raising; None when `written` is not digit groups.

    Group and decimal marks are told apart as readers do: with both marks, the last one is the
    decimal mark ("1,234.56", "1.234,56"); one comma before exactly three digits groups
    thousands ("97,983"), otherwise it is a decimal comma ("3,5"); one full stop is a decimal
    point ("41.1"); a mark that recurs groups thousands when every group after the first has
    three digits ("200.000.000"). Anything else (a phone number "239.430.4900", OCR debris
    "2250.566.38") is no value a reader would state: its digits run together stand for it, so
    two such strings compare equal exactly when their digits do.
    """
    text = written.strip()
    if not text or len(text) > _MAX_NUMBER_CHARS or NUMBER.fullmatch(text) is None:
        return None
    marks = [c for c in text if c in ".,"]
    digits = "".join(c for c in text if c.isdigit())
    if not marks:
        return float(text)
    groups = re.split(r"[.,]", text)
    last = marks[-1]
    group_mark = "," if last == "." else "."
    if group_mark in marks:
        # Both marks: the last is the decimal mark, and the other may only come before it.
        whole, _, fraction = text.rpartition(last)
        parts = whole.split(group_mark)
        if last in whole or not _thousands(parts):
            return float(digits)
        return float("".join(parts) + "." + fraction)
    if len(marks) == 1:
        if last == "," and len(groups[1]) == 3:
            return float(groups[0] + groups[1])
        return float(groups[0] + "." + groups[1])
    return float(digits)  # thousands ("200.000.000"), or digits run together (see above)


def _thousands(groups: list[str]) -> bool:
    """Whether digit groups read as thousands: 1-3 digits, then groups of exactly three."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
