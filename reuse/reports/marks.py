"""Escaping for the HTML report: text from the input made safe for element content and quoted
attribute values.

(The passages themselves are marked by the page's script, from offsets: see `page_data`.)
"""

from __future__ import annotations

import html
import re

__all__ = ["esc"]

# C0 controls other than tab, newline and return are parse errors in HTML: shown as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(text: object) -> str:
    """Text made safe for HTML element content and quoted attribute values."""
    return _CONTROL.sub("\ufffd", html.escape(str(text), quote=True))
