"""Signals about who printed a text first that an article carries itself: its publication time
(at the precision given), the wire credits in its text and whether its outlet is an agency.
"""

from __future__ import annotations

import re
from typing import Optional

from ...model import Article
from ...text.dates import moment

__all__ = ["wire_credits", "agency_of", "time_order"]


_AGENCIES = {
    "reuters": "Reuters",
    "associated press": "Associated Press",
    "ap": "Associated Press",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "pa": "PA Media",
    "pa media": "PA Media",
    "upi": "UPI",
    "ansa": "ANSA",
    "efe": "EFE",
    "kyodo": "Kyodo",
    "tass": "TASS",
    "interfax": "Interfax",
    "aap": "AAP",
    "cnn": "CNN",
}


_AGENCY = (
    r"(Reuters|The Associated Press|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|dpa|"
    r"Xinhua|PA Media|PA|UPI|ANSA|EFE|Kyodo|TASS|Interfax|AAP)"
)


_CREDITS = [
    re.compile(r"\(" + _AGENCY + r"\)"),  # "WASHINGTON (Reuters) -"
    re.compile(r"(?m)^\s*By\s+" + _AGENCY + r"\b"),  # "By Reuters"
    re.compile(_AGENCY + r"\s+contributed\s+to\s+this\s+report"),  # "AP contributed ..."
    re.compile(r"(?m)[-–—]\s*" + _AGENCY + r"\s*$"),  # "... - Reuters" at line end
    re.compile(r"(?m)^\s*" + _AGENCY + r"\s*$"),  # a credit line of its own
    re.compile(
        r"(?i)\b(?:with|and)\s+(?:news\s+)?(agencies|wires)\b"
    ),  # "Al Jazeera and news agencies"
]


_AGENCY_WORDS = (
    "Reuters",
    "Press",
    "AP",
    "AFP",
    "Agence",
    "Bloomberg",
    "dpa",
    "Xinhua",
    "PA",
    "UPI",
    "ANSA",
    "EFE",
    "Kyodo",
    "TASS",
    "Interfax",
    "AAP",
)


def wire_credits(text: str) -> tuple[str, ...]:
    """Agencies the text credits for its copy ("(Reuters)", "By AFP", "with agencies"), sorted."""
    found = set()
    # Most articles name no agency: a substring test rules them out before the expressions run.
    named = any(name in text for name in _AGENCY_WORDS)
    lowered = text.lower() if not named else ""
    if not named and "agencies" not in lowered and "wires" not in lowered:
        return ()
    for pattern in _CREDITS if named else _CREDITS[-1:]:
        for m in pattern.finditer(text):
            name = m.group(1)
            key = name.lower().removeprefix("the ")
            found.add(_AGENCIES.get(key, "news agencies" if key in ("agencies", "wires") else name))
    return tuple(sorted(found))


_AGENCY_NAME = re.compile(
    r"(?i)\b(?:news|press|wire)\s+(?:agency|service)\b|\bpress\s+association\b|"
    r"\bagen(?:ce|cia|zia|tur)\b|\bnachrichtenagentur\b|\bpress\s+trust\b"
)


def agency_of(outlet: Optional[str]) -> Optional[str]:
    """The news agency an outlet is, by name ("Reuters", "Xinhua News Agency"), or None."""
    if not outlet:
        return None
    name = outlet.strip()
    known = _AGENCIES.get(name.lower().removeprefix("the "))
    if known:
        return known
    return name if _AGENCY_NAME.search(name) else None


def time_order(a: Article, b: Article) -> tuple[int, str]:
    """-1 if a is earlier, 1 if b is earlier, 0 if unknown; with the evidence sentence."""
    ta, tb = moment(a.published), moment(b.published)
    if ta is None or tb is None:
        missing = [x.id for x, t in ((a, ta), (b, tb)) if t is None]
        return 0, f"no publication time for {', '.join(missing)}: time order unknown"
    (ma, ha), (mb, hb) = (ta.utc, ta.has_time), (tb.utc, tb.has_time)
    if not (ha and hb):
        if ma.date() == mb.date():
            return 0, (
                f"both published on {ma.date().isoformat()}, and a date alone does not order them"
            )
    elif ma == mb:
        return 0, f"both published at {a.published}"
    first, second = (a, b) if ma < mb else (b, a)
    inferred = (
        " (date inferred from the text)"
        if first.published_inferred or second.published_inferred
        else ""
    )
    return (-1 if first is a else 1), (
        f"{first.id} was published ({first.published}) before "
        f"{second.id} ({second.published}){inferred}"
    )
