"""Publication dates as given in the input, or stated near the start of an article's text."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Optional

__all__ = [
    "CALENDAR_WORDS",
    "Moment",
    "moment",
    "parse_published",
    "infer_published",
    "in_the_future",
]

# Day and month names: any two stories of one day share them.
CALENDAR_WORDS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?"
_ZONE = r"(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_SECONDS = r"(?::(?P<s>\d{2})(?P<frac>[.,]\d{1,6})?)?"
# Same-line blanks only: a time on the next line belongs to the next paragraph.
_CLOCK = (
    r"(?:,?[ \t]*(?:at[ \t]+)?(?P<h>\d{1,2}):(?P<mi>\d{2})"
    + _SECONDS
    + r"(?:[ \t]*(?P<ampm>[ap]\.?m\.?))?(?:[ \t]*"
    + _ZONE
    + r")?)?"
)
_DATE_FORMS = [
    re.compile(
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:(?:T|[ \t]+)(?P<h>\d{2}):(?P<mi>\d{2})" + _SECONDS + r"(?:[ \t]*" + _ZONE + r")?)?",
        re.I,
    ),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _CLOCK, re.I),
    re.compile(
        _WEEKDAY
        + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \t-]+"
        + _MONTH
        + r",?[ \t-]+(?P<y>\d{4})"
        + _CLOCK,
        re.I,
    ),
    re.compile(
        _WEEKDAY + _MONTH + r"[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{4})" + _CLOCK,
        re.I,
    ),
]
# Month names of French, Spanish, Portuguese, Italian, German and Dutch dates ("7 mars 2024",
# "7 de marzo de 2024", "7. März 2024"), with and without their accents.
_FOREIGN_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "janvier enero janeiro gennaio januar jänner januari",
            "février fevrier febrero fevereiro febbraio februar februari",
            "mars marzo março marco märz marz maart",
            "avril abril aprile april",
            "mai mayo maio maggio mei",
            "juin junio junho giugno juni",
            "juillet julio julho luglio juli",
            "août aout agosto august augustus",
            "septembre septiembre setiembre setembro settembre september",
            "octobre octubre outubro ottobre oktober",
            "novembre noviembre novembro november",
            "décembre decembre diciembre dezembro dicembre dezember december",
        ],
        1,
    )
    for name in names.split()
}
_FOREIGN_MONTH = "(?P<fmon>" + "|".join(sorted(_FOREIGN_MONTHS, key=lambda n: (-len(n), n))) + ")"
_DATE_FORMS += [
    # 7 mars 2024, 1er mars 2024, 7 de marzo de 2024, 7. März 2024 10:30
    re.compile(
        r"(?P<d>\d{1,2})(?:er|º|°|\.)?[ \t]+(?:de[ \t]+)?"
        + _FOREIGN_MONTH
        + r",?[ \t]+(?:de[ \t]+|del[ \t]+)?(?P<y>\d{4})"
        + _CLOCK,
        re.I,
    ),
    # 07.03.2024 (the day first, as every language that writes dates with points does)
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})" + _CLOCK, re.I),
    # 2024年3月7日 10:30, 2024년 3월 7일 10시 30분
    re.compile(
        r"(?P<y>\d{4})[ \t]*[年년][ \t]*(?P<m>\d{1,2})[ \t]*[月월][ \t]*(?P<d>\d{1,2})[ \t]*[日일]"
        r"(?:[ \t]*(?P<h>\d{1,2})[ \t]*[:時시][ \t]*(?P<mi>\d{2})[ \t]*[分분]?)?"
    ),
    # the basic form with a time: 20240307T101500Z, 20240307101500 (GDELT's)
    re.compile(
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T?(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})(?P<tz>Z)?"
    ),
]
_BASIC_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")


def _iso_from(m: re.Match[str]) -> Optional[str]:
    """ISO 8601 from a date match, a date alone when no time was stated; None if impossible."""
    g = m.groupdict()
    try:
        if g.get("m"):
            month = int(g["m"])
        elif g.get("fmon"):
            month = _FOREIGN_MONTHS[g["fmon"].lower()]
        else:
            month = _MONTHS[g["mon"].lower()[:3]]
        day = dt.date(int(g["y"]), month, int(g["d"]))
        if not g.get("h"):
            return day.isoformat()
        hour = int(g["h"])
        ampm = (g.get("ampm") or "").replace(".", "").lower()
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm:
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        frac = (g.get("frac") or "")[1:]
        moment = dt.datetime(
            day.year,
            day.month,
            day.day,
            hour,
            int(g["mi"]),
            int(g.get("s") or 0),
            int(frac.ljust(6, "0")) if frac else 0,
        )
    except (ValueError, KeyError, TypeError):
        return None
    text = moment.isoformat()
    tz = (g.get("tz") or "").upper()
    if tz in ("Z", "UTC", "GMT"):
        return text + "Z"
    if tz:
        digits = tz[1:].replace(":", "").ljust(4, "0")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            return None
        return f"{text}{tz[0]}{digits[:2]}:{digits[2:]}"
    return text


def _from_timestamp(seconds: float) -> Optional[str]:
    try:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.replace(tzinfo=None).isoformat() + "Z"


def parse_published(value: Any) -> Optional[str]:
    """A given date or date-time as ISO 8601, keeping its precision; None when unreadable.

    Reads ISO 8601 (with or without a zone, `Z`), "Dec 6, 2021", "6 December 2021",
    "Mon, 06 Dec 2021 14:30:00 GMT", "2021/12/06", the basic form 20211206 (as a string or a
    number: spreadsheets export dates so) and with a time (20211206T143000Z, 20211206143000),
    French, Spanish, Portuguese, Italian, German and Dutch month names ("6 décembre 2021", "6 de
    diciembre de 2021", "6. Dezember 2021"), "06.12.2021" (the day first), "2021年12月6日",
    "2021년 12월 6일", and unix timestamps (seconds, or milliseconds as exported by JavaScript
    and pandas). A date alone stays a date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return None
        if float(value).is_integer() and 10_000_101 <= value <= 99_991_231:
            # Eight digits are a basic date (20211206), not seconds of 1970.
            return parse_published(str(int(value)))
        # Milliseconds since 1970 pass 1e11 in 1973; seconds do not reach it before year 5138.
        return _from_timestamp(value / 1000 if abs(value) >= 1e11 else value)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}", text):
        return parse_published(int(text))
    m = _BASIC_DATE.fullmatch(text)
    if m:
        return _iso_from(m)
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return _iso_from(m)
    return None


# A day and a half of slack: a page dated in the next time zone's today is not in the future.
_FUTURE_SLACK = dt.timedelta(hours=36)


@dataclass(frozen=True)
class Moment:
    """A publication time: the moment in UTC (naive), and whether a time of day was given (a
    date alone stands for its whole day, at midnight here)."""

    utc: dt.datetime
    has_time: bool


def moment(value: Optional[str]) -> Optional[Moment]:
    """The moment an ISO 8601 date or date-time stands for, as `parse_published` writes them
    (YYYY-MM-DD, or a date-time with or without a zone; without one it is taken as UTC); None
    for anything else, partial dates ("2021-12") included: they cannot order two articles.

    The one reader of publication times: attribution orders articles by it, the quote tracker
    finds the earliest carrier, the reports place articles on a time axis.
    """
    if not value:
        return None
    text = value.strip()
    if len(text) < 10:
        return None
    try:
        if len(text) == 10:
            return Moment(dt.datetime.fromisoformat(text), False)
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return Moment(when, True)


def in_the_future(iso: str, now: Optional[dt.datetime] = None) -> bool:
    """Whether an ISO 8601 date or date-time (as `parse_published` gives) lies after now.

    Publication times are evidence of who printed a text first; a date after the run (a year
    typed wrong, a scheduled post, 2099 as a placeholder) would order articles falsely.
    """
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    when = moment(iso)
    return when is not None and when.utc > now + _FUTURE_SLACK


_LABEL = re.compile(
    r"(?<![\w-])(?P<label>first published|published|posted|dated|date|"
    r"last updated|updated|last modified|modified)"
    r"[ \t]*(?:on\b|at\b|:|-|\u2013|\|)?[ \t]*(?:\r?\n[ \t]*)?",
    re.I,
)
_INFER_WINDOW = 600


def infer_published(text: str) -> Optional[str]:
    """A publication date stated with a label near the start of the text, as ISO 8601.

    Looks for "Published On 6 Dec 2021", "Posted: December 6, 2021 10:30 AM", "date 2021-12-29"
    and the like in the first 600 characters. A published, posted or date label wins over an
    updated one; among equals the first wins. A date without a label (a photo caption, the
    running prose) is not taken.
    """
    best: Optional[tuple[int, str]] = None
    for lab in _LABEL.finditer(text[:_INFER_WINDOW]):
        rank = 1 if "updated" in lab["label"].lower() or "modified" in lab["label"].lower() else 0
        if best is not None and best[0] <= rank:
            continue
        for form in _DATE_FORMS:
            m = form.match(text, lab.end())
            if m:
                iso = _iso_from(m)
                if iso:
                    best = (rank, iso)
                break
        if best is not None and best[0] == 0:
            break
    return best[1] if best else None
