"""Signals about who printed a text first that an article carries itself: its publication time
(at the precision given), the wire credits in its text and whether its outlet is an agency.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Optional

from rapidfuzz import fuzz

from ...model import Article
from ...text.dates import moment

__all__ = ["wire_credits", "agency_of", "time_order", "undated", "ordered_in_time"]


def _load_agencies() -> tuple[
    dict[str, str], list[str], frozenset[str], list[str], tuple[str, ...]
]:
    """The agency list (reuse/data/agencies.json): a map from each form, lower-cased without
    a leading "the", to the agency's name; the forms a text may credit (longest first, so that
    "The Associated Press" is read before "AP"); the forms that only name an outlet; those
    read only after a dateline's date; and those read only in brackets ("(A. P.)")."""
    data = json.loads(resources.files("reuse").joinpath("data/agencies.json").read_text("utf-8"))
    names: dict[str, str] = {}
    forms: list[str] = []
    outlet_only: set[str] = set()
    dateline_only: list[str] = []
    bracket_only: list[str] = []
    for agency in data["agencies"]:
        for form in agency["forms"]:
            names.setdefault(form.lower().removeprefix("the "), agency["name"])
            forms.append(form)
        for form in agency.get("outlet_only", []):
            names.setdefault(form, agency["name"])
            outlet_only.add(form)
        for form in agency.get("dateline_only", []):
            names.setdefault(form.lower(), agency["name"])
            dateline_only.append(form)
        for form in agency.get("bracket_only", []):
            names.setdefault(form.lower(), agency["name"])
            bracket_only.append(form)
    return (
        names,
        sorted(forms, key=lambda f: (-len(f), f)),
        frozenset(outlet_only),
        sorted(dateline_only),
        tuple(sorted(bracket_only, key=lambda f: (-len(f), f))),
    )


_AGENCIES, _FORMS, _OUTLET_ONLY, _DATELINE_ONLY, _BRACKET_ONLY = _load_agencies()
# Short credits that also name other things ("(PTI)", a Pakistani party), read only in
# brackets after a dateline's place and date: "New Delhi, Mar 7 (PTI)", "MUMBAI, 7 March (IANS)".
_DATED_SHORT_CREDIT = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Za-z.'’ -]{1,30}?,[ \t]*"
    r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?)[ \t]*"
    r"\((" + "|".join(re.escape(f) for f in _DATELINE_ONLY) + r")\)"
)
_AGENCY = "(" + "|".join(re.escape(f) for f in _FORMS) + ")"
_AGENCY_FORM = "(?:" + "|".join(re.escape(f) for f in _FORMS) + ")"  # the same, not captured
_INITIALS = "(" + "|".join(re.escape(f).replace(r"\ ", r"[ \t]?") for f in _BRACKET_ONLY) + ")"
# A wire's words after an agency's name in a bracketed credit ("Leased Wire Service").
_WIRE_WORDS = (
    r"(?:[ \t]+(?:Leased|Wire|Service|Dispatch|Cable|Special|Staff|Correspondent|Telegram))"
)
# A dateline's date: "Jan. 4.", "January 4", "Jan 4,".
_MONTH_DAY = (
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2}[.,]?"
)
# The forms written in Chinese, Japanese or Korean, and those of them that sign a Chinese
# dateline (the agencies whose names end in 社, "agency").
_UNSPACED_FORMS = tuple(f for f in _FORMS if not f.isascii())
_UNSPACED_AGENCY = "(" + "|".join(re.escape(f) for f in _UNSPACED_FORMS) + ")"
_DATELINE_AGENCY = "(" + "|".join(re.escape(f) for f in _UNSPACED_FORMS if f.endswith("社")) + ")"

_CREDITS = [
    re.compile(r"\(" + _AGENCY + r"\)"),  # "WASHINGTON (Reuters) -"
    re.compile(r"(?m)^\s*By\s+" + _AGENCY + r"\b"),  # "By Reuters"
    re.compile(_AGENCY + r"\s+contributed\s+to\s+this\s+report"),  # "AP contributed ..."
    re.compile(r"(?m)[-–—]\s*" + _AGENCY + r"\s*$"),  # "... - Reuters" at line end
    # A credit in brackets with "By" or a wire's words about it, as papers long printed them:
    # "(By Associated Press)", "[United Press Leased Wire Service.]", "(Associated Press
    # Dispatch)"; one word before the name only with a wire's words after it ("(Republican A. P.
    # Leased Wire)"), and initials only so, after "By", or after a dateline's date ("NEW YORK,
    # Jan. 4. (A. P.)"): "(Figure AP)", "the Union Pacific (U. P.) road" and a letter signed
    # "A. P." credit no one.
    re.compile(r"[(\[][ \t]*(?:By[ \t]+)?" + _AGENCY + _WIRE_WORDS + r"{0,3}\.?[ \t]*[)\]]"),
    re.compile(
        r"[(\[][ \t]*(?:By[ \t]+)?(?!"
        + _AGENCY_FORM
        + r")[A-Z][a-z]+[ \t]+"
        + _AGENCY
        + _WIRE_WORDS
        + r"{1,3}\.?[ \t]*[)\]]"
    ),
    re.compile(
        r"[(\[][ \t]*(?:By[ \t]+)?(?:[A-Z][a-z]+[ \t]+)?"
        + _INITIALS
        + _WIRE_WORDS
        + r"{1,3}\.?[ \t]*[)\]]"
    ),
    re.compile(r"[(\[][ \t]*By[ \t]+" + _INITIALS + r"[ \t]*[)\]]"),
    re.compile(_MONTH_DAY + r"[ \t]*[-–—]*[ \t]*\(" + _INITIALS + r"\)"),
    re.compile(r"(?m)^\s*" + _AGENCY + r"\s*$"),  # a credit line of its own
    # Chinese, Japanese and Korean credits: in brackets, after a place in 【】 or "place=" in
    # round brackets ("【東京共同】", "（共同）", "(서울=연합뉴스)"), and the Chinese dateline
    # of an agency ("新华社北京7月10日电").
    re.compile(r"【[^\s【】]{0,8}?" + _UNSPACED_AGENCY + r"】"),
    re.compile(r"[(（](?:[^\s()（）=＝]{1,8}[=＝])?" + _UNSPACED_AGENCY + r"[)）]"),
    re.compile(r"(?m)^[ \t]*" + _DATELINE_AGENCY + r"[^\n，。,]{1,24}?[电電]"),
    re.compile(
        r"(?i)\b(?:with|and)\s+(?:news\s+)?(agencies|wires)\b"
    ),  # "Al Jazeera and news agencies"
]
# A dateline's credit of an agency not on the list: "LISBON (Global Wire Service) —".
_DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z .,'’]{1,40}?[ \t]*\(([A-Z][A-Za-z.&' ]{1,40}?)\)[ \t]*[-–—:]"
)
# Most texts name no agency: these substrings rule them out before the expressions run.
# (A form's last word, or the whole form where that word is an initial: "P." of "A. P." is in
# most texts.)
_AGENCY_WORDS = tuple(
    sorted({f.split()[-1] if len(f.split()[-1]) > 2 else f for f in (*_FORMS, *_BRACKET_ONLY)})
)


# An agency off the list, by the shape of its name: capitalised words ending in a word
# agencies are named by ("Meridian News Agency", "Capital Wire Bureau", "Union News Exchange").
_OFF_LIST = (
    r"((?:The\s+)?(?!(?:Daily|Evening|Morning|Sunday|Weekly|Free|The)\b)"
    r"(?:[A-Z][A-Za-z&'’-]+[ \t]+){1,4}"
    r"(?:Agency|Service|Bureau|Association|Exchange|Syndicate|Union|Press))"
)
# The words an agency off the list is named by (the end of `_OFF_LIST`).
_OFF_LIST_WORDS = (
    "Agency",
    "Service",
    "Bureau",
    "Association",
    "Exchange",
    "Syndicate",
    "Union",
    "Press",
)
# Where a text credits one: a byline ("By Jo Lee, X", "By X"), a closing dash ("— X"), "X staff",
# "X writer ... contributed", "Additional reporting by Jo Lee, X".
_OFF_LIST_CREDITS = [
    re.compile(r"(?m)^[ \t]*By[ \t]+(?:[^\n|,]{1,40}[|,][ \t]*)?" + _OFF_LIST + r"\.?[ \t]*$"),
    re.compile(r"(?m)(?:^|(?<=\s))[-–—][ \t]*" + _OFF_LIST + r"\.?[ \t]*$"),
    re.compile(r"(?m)^[ \t]*" + _OFF_LIST + r"[ \t]+(?:staff|writer)\b"),
    re.compile(r"(?im)reporting[ \t]+by[ \t]+[^,\n]{1,40},[ \t]*" + _OFF_LIST),
    # "Reporting by Jo Lee; editing by Al Ames (CWB)", as wire copy signs off.
    re.compile(
        r"(?im)^[ \t]*\(?reporting[ \t]+by[^\n]{0,120}?\(([A-Z][A-Za-z.&' ]{1,40})\)[ \t]*\.?[ \t]*$"
    ),
]
# Words each of these expressions needs: one of each group (lower case for the case-blind ones).
# Most texts, and most windows around a passage, lack one, and a substring test that says so is
# far quicker than the expression's scan (one that tries each line start or dash).
_OFF_LIST_NEEDS: list[tuple[tuple[str, ...], ...]] = [
    (("By",), _OFF_LIST_WORDS),
    (_OFF_LIST_WORDS,),
    (("staff", "writer"), _OFF_LIST_WORDS),
    (("reporting",),),
    (("reporting",),),
]
_CREDITS_NEEDS: list[tuple[tuple[str, ...], ...]] = [
    (),
    (),
    (("contributed",),),
    (),
    (("(", "["),),
    (("(", "["),),
    (("(", "["), _BRACKET_ONLY),
    (("By",), _BRACKET_ONLY),
    (_BRACKET_ONLY,),
    (),
    (("【",), _UNSPACED_FORMS),
    (_UNSPACED_FORMS,),
    (_UNSPACED_FORMS,),
    (("agencies", "wires"),),
]
# The characters other than ASCII letters that a case-blind expression takes for one ("ſ" for
# "s", the Kelvin sign for "k"): where a text has none, a case-blind match of a word is that
# word in the lower-cased text.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _may_match(pattern: re.Pattern[str], needs: tuple[tuple[str, ...], ...], text: str) -> bool:
    """Whether `pattern` may match `text`: the text has a word of each group of `needs`."""
    if not needs:
        return True
    if pattern.flags & re.IGNORECASE:
        if any(c in text for c in _FOLDS_TO_ASCII):
            return True
        text = _lower(text)
    return all(any(word in text for word in group) for group in needs)


@lru_cache(maxsize=2)
def _lower(text: str) -> str:
    return text.lower()


# The listed forms of two words or more, lower-cased without a leading "the", by their last word:
# what an off-list name misread by OCR ("Vnited Press", "Associattd Press") is compared with.
_LONG_FORMS: dict[str, list[str]] = {}
for _form in sorted(_AGENCIES):
    if " " in _form and _form.isascii():
        _LONG_FORMS.setdefault(_form.rsplit(" ", 1)[1], []).append(_form)
# How alike (rapidfuzz's ratio, 0-100) a name must be to a listed form of its last word.
_MISREAD_ALIKE = 85


@lru_cache(maxsize=4096)
def _named(name: str) -> str:
    """The agency an off-list name stands for: a listed form, or one it misreads (a letter or
    two of a name of two words or more, its last word the same: "Vnited Press", "I'nited
    Press" and "Associattd Press" in OCR pages); else the name itself."""
    key = name.lower().removeprefix("the ")
    known = _AGENCIES.get(key)
    if known is not None:
        return known
    last = key.rsplit(" ", 1)[-1]
    for form in _LONG_FORMS.get(last, ()) if " " in key else ():
        if form.count(" ") == key.count(" ") and fuzz.ratio(key, form) >= _MISREAD_ALIKE:
            return _AGENCIES[form]
    return name


def wire_credits(text: str, datelines: bool = False) -> tuple[str, ...]:
    """Agencies the text credits for its copy ("(Reuters)", "By AFP", "with agencies"), sorted;
    with `datelines`, also an agency off the list that a dateline credits ("LISBON (Global Wire
    Service) —") or a credit line names by an agency's kind of name ("— Capital Wire Bureau",
    "By Jo Lee, Meridian News Agency")."""
    found = set()
    if datelines and "(" in text:
        for m in _DATELINE.finditer(text):
            name = " ".join(m.group(1).split())
            found.add(_named(name))
    if datelines:
        for pattern, needs in zip(_OFF_LIST_CREDITS, _OFF_LIST_NEEDS):
            if not _may_match(pattern, needs, text):
                continue
            for m in pattern.finditer(text):
                name = " ".join(m.group(1).split())
                found.add(_named(name))
    if any(f"({form})" in text for form in _DATELINE_ONLY):
        for m in _DATED_SHORT_CREDIT.finditer(text):
            found.add(_AGENCIES[m.group(1).lower()])
    named = any(name in text for name in _AGENCY_WORDS)
    lowered = text.lower() if not named else ""
    if not named and "agencies" not in lowered and "wires" not in lowered:
        return tuple(sorted(found))
    for pattern, needs in zip(_CREDITS, _CREDITS_NEEDS) if named else [(_CREDITS[-1], ())]:
        if not _may_match(pattern, needs, text):
            continue
        for m in pattern.finditer(text):
            name = m.group(1)
            key = name.lower().removeprefix("the ")
            found.add(_AGENCIES.get(key, "news agencies" if key in ("agencies", "wires") else name))
    return tuple(sorted(found))


_AGENCY_NAME = re.compile(
    r"(?i)\b(?:news|press|wire)\s+(?:agency|service|exchange|bureau|syndicate)\b|"
    r"\bpress\s+association\b|"
    r"\bagen(?:ce|cia|zia|tur)\b|\bnachrichtenagentur\b|\bpress\s+trust\b"
)


def one_name_each(
    ca: set[str],
    cb: set[str],
    known: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[set[str], set[str]]:
    """Two articles' credits with a short credit that spells the initials of a full name (one
    either credits, or `known`: the agencies the outlets are) written as that name: "(GWS)" in
    one and "— Global Wire Service" in the other are one agency."""
    names = sorted(ca | cb | (known or set()))

    def named(group: set[str]) -> set[str]:
        return {short_for(n, names) or n for n in group}

    return named(ca), named(cb)


def short_for(short: str, names: Sequence[str]) -> Optional[str]:
    """The full name (of `names`) that a short credit stands for, or None: two to six capitals
    whose first is the name's first letter and whose letters come in order in the name
    ("GWS": Global Wire Service, "UNX": Union News Exchange), one at least for each word but
    one; of several, the first in order."""
    if not (short.isupper() and short.isalpha() and 2 <= len(short) <= 6):
        return None
    for name in names:
        words = name.split()
        letters = "".join(w for w in words if w.lower() != "the").lower()
        if len(words) < 2 or len(short) < len(words) - 1 or letters[:1] != short[0].lower():
            continue
        it = iter(letters)
        if all(ch in it for ch in short.lower()):
            return name
    return None


def agency_of(outlet: Optional[str], credits: Iterable[str] = ()) -> Optional[str]:
    """The news agency an outlet is, by name ("Reuters", "Xinhua News Agency"), or None. An
    outlet whose own text credits an agency of its name ("By Southern Hemisphere Press",
    "PRAGUE (Southern Hemisphere Press) —", among `credits`, as `wire_credits` reads them) is
    that agency: its article is the agency's own copy, whatever the shape of the name."""
    if not outlet:
        return None
    name = outlet.strip()
    known = _AGENCIES.get(name.lower().removeprefix("the "))
    if known:
        return known
    if _AGENCY_NAME.search(name):
        return name
    plain = same_name(name)
    return next((c for c in credits if same_name(c) == plain), None)


def same_name(name: str) -> str:
    """A name as compared with another: lower case, single spaces, no leading "the"."""
    return " ".join(name.lower().split()).removeprefix("the ")


def undated(a: Article, b: Article) -> bool:
    """Whether one of the two has no publication time at all (not a date both share)."""
    return moment(a.published) is None or moment(b.published) is None


def ordered_in_time(a: Article, b: Article) -> bool:
    """Whether publication times order the two (`time_order` says which comes first)."""
    return time_order(a, b)[0] != 0


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
