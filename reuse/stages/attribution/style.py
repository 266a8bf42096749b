"""House style: variants of one thing that outlets settle on (quotation marks, dashes, US or UK
spelling, full stops after honorifics). Text pasted from another outlet keeps the style it was
written in unless a copy editor restyles it, so a shared passage whose style the rest of its
article never uses was written elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from operator import methodcaller
from typing import Optional

import numpy as np

from ...text.spans import complement, count_in

__all__ = ["foreign_style", "style_marks", "StyleMarks"]


# House style: variants of one thing that outlets settle on (quotation marks, dashes, US or UK
# spelling, full stops after honorifics). Text pasted from another outlet keeps the style it was
# written in unless a copy editor restyles it, so a shared passage whose style the rest of its
# article never uses was written elsewhere.
_UK_US_WORDS = [
    ("colour", "color"),
    ("favour", "favor"),
    ("labour", "labor"),
    ("honour", "honor"),
    ("behaviour", "behavior"),
    ("neighbour", "neighbor"),
    ("harbour", "harbor"),
    ("rumour", "rumor"),
    ("endeavour", "endeavor"),
    ("flavour", "flavor"),
    ("humour", "humor"),
    ("vigour", "vigor"),
    ("armour", "armor"),
    ("centre", "center"),
    ("theatre", "theater"),
    ("litre", "liter"),
    ("fibre", "fiber"),
    ("calibre", "caliber"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("pretence", "pretense"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("cancelled", "canceled"),
    ("labelled", "labeled"),
    ("modelling", "modeling"),
    ("fuelled", "fueled"),
    ("signalled", "signaled"),
    ("levelled", "leveled"),
    ("counselling", "counseling"),
    ("jewellery", "jewelry"),
    ("paediatric", "pediatric"),
    ("anaemia", "anemia"),
    ("manoeuvre", "maneuver"),
    ("catalogue", "catalog"),
    ("grey", "gray"),
    ("sceptical", "skeptical"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
]


_ISE_EXCEPTIONS = (
    "advis",
    "advertis",
    "revis",
    "supervis",
    "surpris",
    "promis",
    "rais",
    "prais",
    "compris",
    "devis",
    "exercis",
    "televis",
    "compromis",
    "premis",
    "appris",
    "despis",
    "improvis",
    "chastis",
    "franchis",
    "disguis",
    "bruis",
    "cruis",
    "pois",
    "nois",
    "wis",
    "ris",
    "concis",
    "precis",
    "excis",
    "incis",
    "pois",
    "expertis",
    "merchandis",
    "enterpris",
    "paradis",
    "ceris",
    "mis",
    "vis",
    "aris",
    "guis",
)


def _word_starts(
    words: Sequence[str], suffix_re: Optional[re.Pattern[str]] = None, infix: str = ""
) -> Callable[[str], list[int]]:
    """Where a text uses one of `words` (or its plural), or (with `suffix_re`) a word that
    `suffix_re` matches whole, ending in `infix` and one of the -ise endings, whose part before
    its ending is not one of `_ISE_EXCEPTIONS` ("promise", "advised" are not -ise spellings)."""
    single = {w for w in words if " " not in w}
    single |= {w + "s" for w in single}
    # The word start of these is checked in Python (see `_HONORIFIC`).
    multi = [
        (w.split(), re.compile(r"(?i)" + re.escape(w).replace(r"\ ", r"\s+") + r"s?\b"))
        for w in words
        if " " in w
    ]
    endings = tuple(infix + e for e in ("e", "ed", "es", "ing", "ation", "ations"))
    # Words already judged, and those of them that are variants: a corpus repeats its words,
    # so each text needs set operations and a judgement only of the words not seen before.
    seen: set[str] = set()
    suffixed: set[str] = set()

    def find(text: str) -> list[int]:
        # Distinct words first (cheap), positions only of the few that are variants.
        words = _distinct_words(text)
        new = words - seen
        if suffix_re is not None:
            for w in filter(methodcaller("endswith", endings), new):
                m = suffix_re.fullmatch(w)
                if m and not _excepted(m.group(1) + "is"):
                    suffixed.add(w)
        if len(seen) < 1_000_000:  # a cache: a word not kept is judged again
            seen.update(new)
        hits = (words & single) | (words & suffixed)
        out = _positions(text, hits) if hits else []
        low = _lowered(text)
        for parts, pattern in multi:
            if all(part in low for part in parts):  # the expression cannot match otherwise
                out.extend(
                    m.start()
                    for m in pattern.finditer(text)
                    if text[m.start()].islower() and _word_start(text, m.start())
                )
        return sorted(out)

    return find


def _excepted(stem: str) -> bool:
    """Whether a word whose part before its -ise ending is `stem` is none of that spelling:
    one of `_ISE_EXCEPTIONS`, or the end of one, a word split at a line break ("ad- vertising",
    "mer- chandise", "ex- ercise")."""
    return stem.endswith(_ISE_EXCEPTIONS) or any(e.endswith(stem) for e in _ISE_EXCEPTIONS)


def _word_start(text: str, at: int) -> bool:
    """Whether a word may start at `at`: `\b` before a word character."""
    return not at or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _positions(text: str, words: Collection[str]) -> list[int]:
    """Starts of the whole-word occurrences of `words` (lower case) in `text` that begin in
    lower case: a capital is most often a name's ("Sir Edward Grey", "Louise", "the Orpheum
    Theatre", "the Labour party"), which keeps its spelling in any outlet's style."""
    low = _lowered(text)
    out = []
    for w in words:
        at = low.find(w)
        while at >= 0:
            end = at + len(w)
            if (
                text[at] == low[at]
                and not (at and _is_letter(low[at - 1]))
                and not (end < len(low) and _is_letter(low[end]))
            ):
                out.append(at)
            at = low.find(w, at + 1)
    return out


def _is_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


@lru_cache(maxsize=16)
def _lowered(text: str) -> str:
    """`text` lower-cased with offsets unchanged (no character lower-cases to two, or else only
    the ASCII letters the spellings are made of are lowered)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans({c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


@lru_cache(maxsize=16)
def _distinct_words(text: str) -> frozenset[str]:
    """The distinct runs of ASCII letters of `text` lowered (`_LETTERS` matches), found by
    blanking every other character and splitting, in C."""
    codes = np.frombuffer(_lowered(text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    letter = ((codes >= 97) & (codes <= 122)) | ((codes >= 65) & (codes <= 90))
    return frozenset(np.where(letter, codes, np.uint32(32)).tobytes().decode("utf-32-le").split())


_LETTERS = re.compile(r"[A-Za-z]+")


_ISE = re.compile(r"([a-z]{3,}?)is(?:e|ed|es|ing|ation|ations)")


_IZE = re.compile(r"([a-z]{3,}?)iz(?:e|ed|es|ing|ation|ations)")


_UK_STARTS = _word_starts([uk for uk, _ in _UK_US_WORDS], _ISE, "is")


_US_STARTS = _word_starts([us for _, us in _UK_US_WORDS], _IZE, "iz")


_PER_CENT = _word_starts(["per cent"])


_PERCENT = _word_starts(["percent"])


def _starts(pattern: re.Pattern[str], needed: str) -> Callable[[str], list[int]]:
    """Where `pattern` matches in a text; it cannot match a text without one of the characters
    of `needed`, which a substring test rules out first."""

    def find(text: str) -> list[int]:
        if not any(c in text for c in needed):
            return []
        return [m.start() for m in pattern.finditer(text)]

    return find


# "Mr", "Mrs", "Ms" or "Dr" as a whole word, with or without a full stop (group 1). The word
# start is checked in Python: an expression that opens with a letter is scanned for far faster
# than one that opens with a word boundary.
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr)(?!\w)(\.)?")


@lru_cache(maxsize=4)
def _honorifics(text: str) -> tuple[list[int], list[int]]:
    """Starts of honorifics with a full stop and without one."""
    stop: list[int] = []
    bare: list[int] = []
    if "Mr" not in text and "Ms" not in text and "Dr" not in text:
        return stop, bare
    for m in _HONORIFIC.finditer(text):
        at = m.start()
        if not _word_start(text, at):
            continue  # inside a word ("DrMr", "IMr")
        (stop if m.group(1) else bare).append(at)
    return stop, bare


_STYLE_FAMILIES: list[tuple[str, list[tuple[str, Callable[[str], list[int]]]]]] = [
    (
        "quotation marks",
        [
            ("curly", _starts(re.compile(r"[“”‘’]"), "“”‘’")),
            ("straight", _starts(re.compile(r"[\"']"), "\"'")),
        ],
    ),
    (
        "dashes",
        [
            ("closed em dash", _starts(re.compile(r"\w—\w"), "—")),
            ("spaced em dash", _starts(re.compile(r" — "), "—")),
            ("en dash", _starts(re.compile(r" – "), "–")),
            ("hyphen as dash", _starts(re.compile(r" - "), "-")),
        ],
    ),
    ("spelling", [("UK", _UK_STARTS), ("US", _US_STARTS)]),
    # A style of its own, not of UK or US spelling: American papers wrote "per cent" for
    # decades, and some still do.
    ("percentages", [("per cent", _PER_CENT), ("percent", _PERCENT)]),
    (
        "honorifics",
        [
            ("with full stop", lambda text: _honorifics(text)[0]),
            ("without full stop", lambda text: _honorifics(text)[1]),
        ],
    ),
]


# For each house-style family, where each of its variants occurs in a text.
StyleMarks = tuple[tuple[str, tuple[tuple[str, tuple[int, ...]], ...]], ...]


@lru_cache(maxsize=4096)
def style_marks(text: str) -> StyleMarks:
    """For each house-style family, where each of its variants occurs in `text` (found once per
    article, then counted inside and outside any set of spans)."""
    return tuple(
        (family, tuple((name, tuple(find(text))) for name, find in variants))
        for family, variants in _STYLE_FAMILIES
    )


def foreign_style(
    text: str, spans: Sequence[tuple[int, int]], marks: Optional[StyleMarks] = None
) -> list[str]:
    """House-style variants the shared text uses, more than all the others of its family
    together, that the rest of the article never does, where the rest uses another variant at
    least twice ("curly quotation marks", ...). A variant counts where its occurrence starts.
    A shared text that mixes the variants ("advertising" among "labor" and "honor", OCR's
    quotation marks of every kind) shows no style of its own. `marks` is `style_marks(text)`
    when already found."""
    shared = complement(complement(spans, len(text)), len(text))  # merged spans
    out = []
    for family, variants in style_marks(text) if marks is None else marks:
        inside = {name: count_in(pos, shared) for name, pos in variants}
        outside = {name: len(pos) - inside[name] for name, pos in variants}
        if sum(outside.values()) < 2:
            continue
        total = sum(inside.values())
        for name in sorted(inside):
            if inside[name] and not outside[name] and 2 * inside[name] > total:
                out.append(f"{name} {family}")
    return out
