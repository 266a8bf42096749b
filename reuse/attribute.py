"""Attribution: for each related pair of articles, who took text from whom, or a common source.

Each pair of articles that share passages is weighed on signals that a journalist can check, and
each signal that speaks becomes a line of evidence:

- quotation: shared text that is all inside quotation marks in both articles is one speaker
  quoted twice (a briefing, a press call): a common source, not a copy;
- wire credits and datelines in the text ("(Reuters)", "By The Associated Press", "AFP
  contributed"): two articles crediting the same agency carry its copy; an article crediting
  the agency that published the other took it from there;
- publication time, at the precision given: a date alone does not order two articles of a day;
- containment: an article whose text is almost all inside the other is the likelier original
  (a press release inside an article, a wire story reprinted with a new top); two articles that
  share most of their text while each keeps material of its own both rewrote one story;
- edit direction: typos, spun synonyms and house-style variants appear in the copy, and they are
  rarer in the corpus than the words they replace;
- story context: the people and places a passage names recur around it in the original, while
  a copy pasted into another story names them only there;
- house style: text pasted from another outlet keeps that outlet's quotation marks, dashes and
  spelling, which the rest of the copying article does not use;
- news agencies: an outlet that is an agency (by name) is where others take copy from;
- closeness: loose paraphrase is what articles on one story share by chance, so relations are
  read from the close passages, and two reports whose only close wording is a quotation quote
  one speaker.

The direction signals add up to log-odds, and the confidence is a probability that the reported
relation and direction are right, from a small model fitted on generated corpora (see
`_calibrate`).

Then the graph is pruned as a chain of copies implies: each article's text is credited to its
most direct source (the closest, most complete copy), so A -> B -> C gives two edges, not three,
and two outlets of one wire story present in the corpus are related through it, not directly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np

from .model import Article, Derivation, Match, Problem
from .normalize import inside_share, quote_spans
from .parallel import map_steps, shared
from .progress import Progress

__all__ = ["attribute", "parse_time", "union_length", "wire_credits"]


def parse_time(value: Optional[str]) -> Optional[tuple[dt.datetime, bool]]:
    """(moment in UTC, has a time of day) of an ISO 8601 value, or None."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.datetime.fromisoformat(text), False
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment, True


def union_length(spans: Sequence[tuple[int, int]]) -> int:
    """Characters covered by a set of spans, overlaps counted once."""
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


_AGENCIES = {
    "reuters": "Reuters", "associated press": "Associated Press", "ap": "Associated Press",
    "afp": "AFP", "agence france-presse": "AFP", "bloomberg": "Bloomberg", "dpa": "dpa",
    "xinhua": "Xinhua", "pa": "PA Media", "pa media": "PA Media", "upi": "UPI", "ansa": "ANSA",
    "efe": "EFE", "kyodo": "Kyodo", "tass": "TASS", "interfax": "Interfax", "aap": "AAP",
    "cnn": "CNN",
}
_AGENCY = r"(Reuters|The Associated Press|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|dpa|" \
          r"Xinhua|PA Media|PA|UPI|ANSA|EFE|Kyodo|TASS|Interfax|AAP)"
_CREDITS = [
    re.compile(r"\(" + _AGENCY + r"\)"),                                    # "WASHINGTON (Reuters) -"
    re.compile(r"(?m)^\s*By\s+" + _AGENCY + r"\b"),                         # "By Reuters"
    re.compile(_AGENCY + r"\s+contributed\s+to\s+this\s+report"),           # "AP contributed ..."
    re.compile(r"(?m)[-–—]\s*" + _AGENCY + r"\s*$"),                        # "... - Reuters" at line end
    re.compile(r"(?m)^\s*" + _AGENCY + r"\s*$"),                            # a credit line of its own
    re.compile(r"(?i)\b(?:with|and)\s+(?:news\s+)?(agencies|wires)\b"),     # "Al Jazeera and news agencies"
]


_AGENCY_WORDS = ("Reuters", "Press", "AP", "AFP", "Agence", "Bloomberg", "dpa", "Xinhua", "PA",
                 "UPI", "ANSA", "EFE", "Kyodo", "TASS", "Interfax", "AAP")


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


_AGENCY_NAME = re.compile(r"(?i)\b(?:news|press|wire)\s+(?:agency|service)\b|\bpress\s+association\b|"
                          r"\bagen(?:ce|cia|zia|tur)\b|\bnachrichtenagentur\b|\bpress\s+trust\b")


def _agency_of(outlet: Optional[str]) -> Optional[str]:
    """The news agency an outlet is, by name ("Reuters", "Xinhua News Agency"), or None."""
    if not outlet:
        return None
    name = outlet.strip()
    known = _AGENCIES.get(name.lower().removeprefix("the "))
    if known:
        return known
    return name if _AGENCY_NAME.search(name) else None


def _order(a: Article, b: Article) -> tuple[int, str]:
    """-1 if a is earlier, 1 if b is earlier, 0 if unknown; with the evidence sentence."""
    ta, tb = parse_time(a.published), parse_time(b.published)
    if ta is None or tb is None:
        missing = [x.id for x, t in ((a, ta), (b, tb)) if t is None]
        return 0, f"no publication time for {', '.join(missing)}: time order unknown"
    (ma, ha), (mb, hb) = ta, tb
    if not (ha and hb):
        if ma.date() == mb.date():
            return 0, (f"both published on {ma.date().isoformat()}, and a date alone does not "
                       "order them")
    elif ma == mb:
        return 0, f"both published at {a.published}"
    first, second = (a, b) if ma < mb else (b, a)
    inferred = " (date inferred from the text)" if first.published_inferred or \
        second.published_inferred else ""
    return (-1 if first is a else 1), (f"{first.id} was published ({first.published}) before "
                                       f"{second.id} ({second.published}){inferred}")


# House style: variants of one thing that outlets settle on (quotation marks, dashes, US or UK
# spelling, full stops after honorifics). Text pasted from another outlet keeps the style it was
# written in unless a copy editor restyles it, so a shared passage whose style the rest of its
# article never uses was written elsewhere.
_UK_US_WORDS = [
    ("colour", "color"), ("favour", "favor"), ("labour", "labor"), ("honour", "honor"),
    ("behaviour", "behavior"), ("neighbour", "neighbor"), ("harbour", "harbor"), ("rumour", "rumor"),
    ("endeavour", "endeavor"), ("flavour", "flavor"), ("humour", "humor"), ("vigour", "vigor"),
    ("armour", "armor"), ("centre", "center"), ("theatre", "theater"), 
    ("litre", "liter"), ("fibre", "fiber"), ("calibre", "caliber"), ("defence", "defense"),
    ("offence", "offense"), ("pretence", "pretense"),
    ("travelled", "traveled"), ("travelling", "traveling"), ("cancelled", "canceled"),
    ("labelled", "labeled"), ("modelling", "modeling"), ("fuelled", "fueled"),
    ("signalled", "signaled"), ("levelled", "leveled"), ("counselling", "counseling"),
    ("jewellery", "jewelry"), ("paediatric", "pediatric"), ("anaemia", "anemia"),
    ("manoeuvre", "maneuver"), ("catalogue", "catalog"),
    ("grey", "gray"), ("sceptical", "skeptical"), ("ageing", "aging"),
    ("judgement", "judgment"), 
    ("enrolment", "enrollment"), ("fulfil", "fulfill"), ("per cent", "percent"),
]
_ISE_EXCEPTIONS = ("advis", "revis", "supervis", "surpris", "promis", "rais", "prais", "compris",
                   "devis", "exercis", "televis", "compromis", "premis", "appris", "despis",
                   "improvis", "chastis", "franchis", "disguis", "bruis", "cruis", "pois", "nois",
                   "wis", "ris", "concis", "precis", "excis", "incis", "pois", "expertis",
                   "merchandis", "enterpris", "paradis", "ceris", "mis", "vis", "aris", "guis")


def _word_starts(words: Sequence[str], suffix_re: re.Pattern[str], infix: str
                 ) -> Callable[[str], list[int]]:
    """Where a text uses one of `words` (or its plural), or a word that `suffix_re` matches
    whole and whose part before its ending is not one of `_ISE_EXCEPTIONS` ("promise",
    "advised" are not -ise spellings)."""
    single = {w for w in words if " " not in w}
    single |= {w + "s" for w in single}
    # The word start of these is checked in Python (see `_HONORIFIC`).
    multi = [(w.split(), re.compile(r"(?i)" + re.escape(w).replace(r"\ ", r"\s+") + r"s?\b"))
             for w in words if " " in w]
    endings = tuple(infix + e for e in ("e", "ed", "es", "ing", "ation", "ations"))
    # Words already judged, and those of them that are variants: a corpus repeats its words,
    # so each text needs set operations and a judgement only of the words not seen before.
    seen: set[str] = set()
    suffixed: set[str] = set()

    def find(text: str) -> list[int]:
        # Distinct words first (cheap), positions only of the few that are variants.
        words = _distinct_words(text)
        for w in words - seen:
            if w.endswith(endings):
                m = suffix_re.fullmatch(w)
                if m and not (m.group(1) + "is").endswith(_ISE_EXCEPTIONS):
                    suffixed.add(w)
            if len(seen) < 1_000_000:
                seen.add(w)
        hits = (words & single) | (words & suffixed)
        out = _positions(text, hits) if hits else []
        low = _lowered(text)
        for parts, pattern in multi:
            if all(part in low for part in parts):  # the expression cannot match otherwise
                out.extend(m.start() for m in pattern.finditer(text) if _word_start(text, m.start()))
        return sorted(out)
    return find


def _word_start(text: str, at: int) -> bool:
    """Whether a word may start at `at`: `\b` before a word character."""
    return not at or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _positions(text: str, words: set[str]) -> list[int]:
    """Starts of the whole-word occurrences of `words` (lower case) in `text`, in any case."""
    low = _lowered(text)
    out = []
    for w in words:
        at = low.find(w)
        while at >= 0:
            end = at + len(w)
            if not (at and _is_letter(low[at - 1])) and not (end < len(low) and _is_letter(low[end])):
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
    ("quotation marks", [
        ("curly", _starts(re.compile(r"[“”‘’]"), "“”‘’")),
        ("straight", _starts(re.compile(r"[\"']"), "\"'"))]),
    ("dashes", [
        ("closed em dash", _starts(re.compile(r"\w—\w"), "—")),
        ("spaced em dash", _starts(re.compile(r" — "), "—")),
        ("en dash", _starts(re.compile(r" – "), "–")),
        ("hyphen as dash", _starts(re.compile(r" - "), "-"))]),
    ("spelling", [
        ("UK", _UK_STARTS),
        ("US", _US_STARTS)]),
    ("honorifics", [
        ("with full stop", lambda text: _honorifics(text)[0]),
        ("without full stop", lambda text: _honorifics(text)[1])]),
]


@lru_cache(maxsize=4096)
def _style_marks(text: str) -> tuple[tuple[str, tuple[tuple[str, tuple[int, ...]], ...]], ...]:
    """For each house-style family, where each of its variants occurs in `text` (found once per
    article, then counted inside and outside any set of spans)."""
    return tuple((family, tuple((name, tuple(find(text))) for name, find in variants))
                 for family, variants in _STYLE_FAMILIES)


def _count_in(positions: Sequence[int], spans: Sequence[tuple[int, int]]) -> int:
    return sum(bisect.bisect_left(positions, e) - bisect.bisect_left(positions, s)
               for s, e in spans)


def _complement(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < length:
        out.append((pos, length))
    return out


def _foreign_style(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """House-style variants the shared text uses that the rest of the article never does, where
    the rest uses another variant at least twice ("curly quotation marks", ...). A variant
    counts where its occurrence starts."""
    shared = _complement(_complement(spans, len(text)), len(text))  # merged spans
    out = []
    for family, variants in _style_marks(text):
        inside = {name: _count_in(pos, shared) for name, pos in variants}
        outside = {name: len(pos) - inside[name] for name, pos in variants}
        if sum(outside.values()) < 2:
            continue
        for name in sorted(inside):
            if inside[name] and not outside[name]:
                out.append(f"{name} {family}")
    return out


@dataclass
class _Pair:
    a: Article
    b: Article
    matches: list[Match]
    spans_a: list[tuple[int, int]] = field(default_factory=list)
    spans_b: list[tuple[int, int]] = field(default_factory=list)
    relation: str = "copied"
    forward: float = 0.0  # log-odds that a -> b (b took from a)
    confidence: float = 0.5
    evidence: list[str] = field(default_factory=list)
    reason: str = ""  # why common-source: a key of _COMMON_BASE
    signals: dict[str, float] = field(default_factory=dict)

    @property
    def shared(self) -> int:
        return union_length(self.spans_a) + union_length(self.spans_b)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


# Direction: log-odds that a -> b is the weighted sum of signed signals (positive: a is the
# source). Weights are those of a logistic regression without intercept fitted on the copied
# pairs of one generated corpus (2,000 articles, seed 0) and checked on another (seed 7); see
# tests/test_attribute.py for the check on a fresh corpus.
_CLOSE = 0.5          # similarity of a passage close enough to show how text travelled
_W_TIME = 3.5         # publication order at the precision given
_W_CREDIT = 2.5       # one article credits the agency that published the other
_W_AGENCY = 0.3       # one outlet is a news agency, the other is not
_W_CONTAIN = 3.2      # one article is wholly inside the other, which adds material of its own
_W_STYLE = 0.85       # per house-style variant foreign to the rest of one article
_W_CONTEXT = 3.9      # story context, in [-1, 1]
_W_EDITS = 0.3        # rarer variants in one copy, scaled by how much the wording differs (the
                      # fit gives it next to nothing on generated corpora: a tie-breaker)


def _weigh(p: _Pair, credits: Mapping[str, tuple[str, ...]],
           quotes: Mapping[str, list[tuple[int, int]]]) -> None:
    """Decide the relation of one pair and its direction, with evidence."""
    a, b = p.a, p.b
    len_a, len_b = max(len(a.text), 1), max(len(b.text), 1)
    shared_a, shared_b = union_length(p.spans_a), union_length(p.spans_b)
    cov_a, cov_b = shared_a / len_a, shared_b / len_b
    # Evidence weight of a match: its characters times its similarity, so that a loose
    # paraphrase counts for less than a verbatim paragraph. When some passages are close
    # (similarity 0.5 or more), the loose ones beside them say little about how the text
    # travelled: articles on one story also share loose paraphrase by chance.
    close = [m for m in p.matches if m.similarity >= _CLOSE]
    weighed = close or p.matches
    weights = [(m.b_end - m.b_start) * m.similarity for m in weighed]
    total = sum(weights) or 1.0
    quoted = sum(w * (1.0 if m.quoted else
                      min(inside_share(m.a_start, m.a_end, quotes[a.id], a.text),
                          inside_share(m.b_start, m.b_end, quotes[b.id], b.text)))
                 for m, w in zip(weighed, weights)) / total
    literal = sum(m.a_literal_chars + m.b_literal_chars for m in p.matches) / max(
        1, sum(m.a_end - m.a_start + m.b_end - m.b_start for m in p.matches))
    order, order_note = _order(a, b)
    p.evidence.append(order_note)
    p.evidence.append(f"{a.id} shares {cov_a:.0%} of its text, {b.id} {cov_b:.0%}")
    sig = p.signals
    sig.update(cov_a=cov_a, cov_b=cov_b, quoted=quoted, literal=literal,
               similarity=max(m.similarity for m in p.matches), weight=total)

    if quoted >= 0.8:
        p.relation = "common-source"
        p.reason = "quotation"
        p.evidence.append("the shared text is quotation in both: one speaker quoted by both, "
                          "not one copying the other" if quoted >= 0.99 else
                          f"{quoted:.0%} of the shared text is quotation in both: one speaker "
                          "quoted by both, not one copying the other")
        return
    if not close and quoted >= 0.1:
        p.relation = "common-source"
        p.reason = "loose quotation"
        p.evidence.append("the only close wording is a quotation in both, around loosely similar "
                          "prose: two reports of one event quoting one speaker, not a copy")
        return
    if quoted >= 0.05:
        p.evidence.append(f"{quoted:.0%} of the shared text is quotation; the rest is prose")

    ca, cb = set(credits[a.id]), set(credits[b.id])
    agency_a, agency_b = _agency_of(a.outlet), _agency_of(b.outlet)
    credit = 0
    if agency_a and agency_a in cb:
        credit += 1
        p.evidence.append(f"{b.id} credits {agency_a}, which published {a.id}")
    if agency_b and agency_b in ca:
        credit -= 1
        p.evidence.append(f"{a.id} credits {agency_b}, which published {b.id}")
    same_wire = (ca & cb) - {agency_a, agency_b}
    if same_wire and credit == 0:
        p.relation = "common-source"
        p.reason = "same wire"
        p.evidence.append(f"both credit {', '.join(sorted(same_wire))}: both carry the agency's copy")
        return
    agency = (agency_a is not None) - (agency_b is not None)
    if agency:
        wire, other = (a, b) if agency > 0 else (b, a)
        p.evidence.append(f"{wire.id} is from a news agency ({wire.outlet}), {other.id} is not: "
                          "agencies are where outlets take copy from")

    # Containment: the side with next to no material of its own is the likelier original (a
    # release inside an article, a story reprinted with a new top). When both keep material of
    # their own around a shared body that is most of each, both rewrote one story.
    # Only close passages count here: loose paraphrase around them is no copied text.
    close_a = union_length([(m.a_start, m.a_end) for m in weighed])
    close_b = union_length([(m.b_start, m.b_end) for m in weighed])
    own_a, own_b = len_a - close_a, len_b - close_b
    whole_a = own_a <= max(40, 0.03 * len_a)
    whole_b = own_b <= max(40, 0.03 * len_b)
    contain = 0
    if whole_a and not whole_b:
        contain = 1
        p.evidence.append(f"{a.id} is almost wholly inside {b.id}, which adds material of its own")
    elif whole_b and not whole_a:
        contain = -1
        p.evidence.append(f"{b.id} is almost wholly inside {a.id}, which adds material of its own")
    elif not whole_a and not whole_b and min(close_a / len_a, close_b / len_b) >= 0.5 \
            and not credit and not agency:
        p.relation = "common-source"
        p.reason = "both rewrote"
        p.evidence.append("both share most of their text, and each has material of its own the "
                          "other lacks: both likely rewrote one story, such as a wire report")
        return

    weight = sum(m.b_end - m.b_start for m in p.matches if m.edits) or 1
    edits = sum(m.edits * (m.b_end - m.b_start) for m in p.matches) / weight
    edits *= max(0.0, 1.0 - literal)  # the rarer-variant signal speaks where wording differs
    if abs(edits) >= 0.1:
        rarer, other = (b, a) if edits > 0 else (a, b)
        p.evidence.append(f"where the wording differs, {rarer.id} has the rarer variants (typos, "
                          f"swapped synonyms): edits made in copying {other.id}")
    chars = sum(m.b_end - m.b_start for m in p.matches)
    context = sum(m.context * (m.b_end - m.b_start) for m in p.matches) / max(chars, 1)
    if abs(context) >= 0.2:
        home, away = (a, b) if context > 0 else (b, a)
        p.evidence.append(f"the names in the shared text recur elsewhere in {home.id} but less in "
                          f"{away.id}: the passage belongs to {home.id}'s story")
    foreign_a = _foreign_style(a.text, p.spans_a)
    foreign_b = _foreign_style(b.text, p.spans_b)
    for x, foreign in ((a, foreign_a), (b, foreign_b)):
        if foreign:
            p.evidence.append(f"in {x.id} the shared text uses {', '.join(foreign)}, which the rest "
                              f"of {x.id} never does: it was written elsewhere")
    style = max(-2, min(2, len(foreign_b) - len(foreign_a)))
    sig.update(time=-order, credit=credit, agency=agency, contain=contain, style=style,
               context=context, edits=max(-2.0, min(2.0, edits)))
    score = (_W_TIME * -order + _W_CREDIT * credit + _W_AGENCY * agency + _W_CONTAIN * contain
             + _W_STYLE * style + _W_CONTEXT * context + _W_EDITS * sig["edits"])
    p.forward = score
    if not score:
        p.evidence.append("no signal orders the two: direction is a guess")


# Confidence: the probability that the reported relation (and, for a copy, its direction) is
# right, from a small fixed model: logistic regressions on the reported pairs of two generated
# corpora (2,000 articles, seeds 0 and 7), checked on a third (1,000 articles, seed 3).
#   copied:        P(the pair is a copy) * P(the direction is right)
#                  = sigmoid(-0.94 + 3.04 * similarity + 0.29 * ln(close chars))
#                    * sigmoid(1.49 * |direction log-odds|)
#   common-source: sigmoid(base[reason] + 4.34 * similarity - 3.21 * [short and not verbatim])
# `similarity` is that of the closest passage; `close chars` the length, in the target, of the
# close passages (of all passages when none is close). A short shared quotation whose wording
# differs is more often a stock phrase than one speaker's words. "same wire" had no examples
# in the generated corpora and takes the base of "both rewrote".
_COPY_BASE, _COPY_SIM, _COPY_CHARS, _DIRECTION_SCALE = -0.94, 3.04, 0.29, 1.49
_COMMON_BASE = {"quotation": -0.11, "same wire": -1.92, "both rewrote": -1.92, "loose quotation": 0.56}
_COMMON_SIM, _COMMON_SHORT = 4.34, -3.21


def _calibrate(p: _Pair) -> None:
    """Confidence of the decided relation (and direction) as a probability."""
    close = [m for m in p.matches if m.similarity >= _CLOSE] or p.matches
    chars = max(1, sum(m.b_end - m.b_start for m in close))
    sim = max(m.similarity for m in p.matches)
    if p.relation == "copied":
        real = _sigmoid(_COPY_BASE + _COPY_SIM * sim + _COPY_CHARS * math.log(chars))
        p.confidence = real * _sigmoid(_DIRECTION_SCALE * abs(p.forward))
    else:
        short = chars < 120 and sim < 0.95
        p.confidence = _sigmoid(_COMMON_BASE[p.reason] + _COMMON_SIM * sim + _COMMON_SHORT * short)


def _weighed_pairs(matches: Sequence[Match], articles: Mapping[str, Article],
                   exclude: Optional[set[tuple[str, str]]] = None, jobs: int = 1,
                   problems: Optional[list[Problem]] = None,
                   progress: Optional[Progress] = None) -> dict[tuple[str, str], _Pair]:
    """The related pairs of articles, each weighed: relation, direction, confidence, evidence.
    Pairs are weighed independently, in steps over `jobs` processes (same result as one). A pair
    whose weighing fails is left out, with a Problem."""
    pairs: dict[tuple[str, str], _Pair] = {}
    for m in matches:
        key = (m.a, m.b)
        if exclude and key in exclude:
            continue
        if key not in pairs:
            pairs[key] = _Pair(articles[m.a], articles[m.b], [])
        p = pairs[key]
        p.matches.append(m)
        p.spans_a.append((m.a_start, m.a_end))
        p.spans_b.append((m.b_start, m.b_end))
    keys = sorted(pairs)
    size = max(64, -(-len(keys) // (jobs * 4)))
    steps = [[(key, pairs[key].matches) for key in keys[lo:lo + size]]
             for lo in range(0, len(keys), size)]
    tell = progress or Progress()
    for part, failed in map_steps(_weigh_step, steps, jobs if len(keys) > 500 else 1,
                                  {"articles": articles},
                                  done=lambda k: tell.advance(len(steps[k])),
                                  what="the attribution of related pairs"):
        for w in part:
            p = pairs[w.key]
            p.relation, p.forward, p.confidence = w.relation, w.forward, w.confidence
            p.evidence, p.reason, p.signals = w.evidence, w.reason, w.signals
        for key, problem in failed:
            del pairs[key]
            if problems is not None:
                problems.append(problem)
    return pairs


@dataclass(frozen=True)
class _Weighed:
    """The verdict on one pair, as a weighing step returns it."""

    key: tuple[str, str]
    relation: str
    forward: float
    confidence: float
    evidence: list[str]
    reason: str
    signals: dict[str, float]


def _weigh_step(step: Sequence[tuple[tuple[str, str], list[Match]]]
                ) -> tuple[list[_Weighed], list[tuple[tuple[str, str], Problem]]]:
    """Weigh the pairs of one step (run in a worker process, reading the articles shared)."""
    articles: Mapping[str, Article] = shared()["articles"]
    out: list[_Weighed] = []
    failed: list[tuple[tuple[str, str], Problem]] = []
    credits: dict[str, tuple[str, ...]] = {}
    quotes: dict[str, list[tuple[int, int]]] = {}
    for (a, b), matches in step:
        try:
            for aid in (a, b):
                if aid not in credits:
                    credits[aid] = wire_credits(articles[aid].text)
                    quotes[aid] = quote_spans(articles[aid].text)
            p = _Pair(articles[a], articles[b], list(matches),
                      [(m.a_start, m.a_end) for m in matches], [(m.b_start, m.b_end) for m in matches])
            _weigh(p, credits, quotes)
            _calibrate(p)
        except Exception as exc:  # noqa: BLE001 - one pair must never end the run
            failed.append(((a, b), Problem(f"{a} / {b}", f"attributing {a} and {b} failed "
                                           f"({type(exc).__name__}: {exc}); their shared passages "
                                           "are reported without a derivation. Please report "
                                           "this with the two articles", a)))
            continue
        out.append(_Weighed((a, b), p.relation, p.forward, p.confidence, p.evidence, p.reason,
                            p.signals))
    return out, failed


def attribute(matches: Sequence[Match], articles: Mapping[str, Article],
              exclude: Optional[set[tuple[str, str]]] = None, *, jobs: int = 1,
              problems: Optional[list[Problem]] = None,
              progress: Optional[Progress] = None) -> list[Derivation]:
    """One derivation per related pair of articles, pruned to direct sources, sorted. `jobs`
    processes weigh the pairs; the result does not depend on it. A pair whose weighing fails
    gets no derivation and a Problem in `problems`."""
    pairs = _weighed_pairs(matches, articles, exclude, jobs, problems, progress)

    # Copy edges as (source, target, pair); each target keeps its most direct sources.
    edges: dict[str, list[tuple[str, _Pair]]] = defaultdict(list)
    for p in pairs.values():
        if p.relation == "copied":
            src, tgt = (p.a, p.b) if p.forward >= 0 else (p.b, p.a)
            edges[tgt.id].append((src.id, p))
    kept: set[tuple[str, str]] = set()
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)  # text explained by kept edges
    for tgt in sorted(edges):
        def strength(item: tuple[str, _Pair]) -> tuple[float, float, str]:
            src, p = item
            sim = max(m.similarity for m in p.matches)
            return (-sim, -p.shared, src)
        explained: list[tuple[int, int]] = []
        for src, p in sorted(edges[tgt], key=strength):
            spans_t = p.spans_b if p.b.id == tgt else p.spans_a
            spans_s = p.spans_a if p.b.id == tgt else p.spans_b
            total = union_length(spans_t)
            new = union_length(explained + spans_t) - union_length(explained)
            if explained and new < 0.3 * total:
                continue  # this text of the target is already credited to a closer source
            kept.add(p.a.id + "\0" + p.b.id)
            explained += spans_t
            covered[tgt] += spans_t
            covered[src] += spans_s
    out: list[Derivation] = []
    for key in sorted(pairs):
        p = pairs[key]
        if p.relation == "copied" and (p.a.id + "\0" + p.b.id) not in kept:
            continue
        if p.relation == "common-source" and \
                _explained(p.spans_a, covered[p.a.id]) and _explained(p.spans_b, covered[p.b.id]):
            continue  # both carry it from a source in the corpus, which the graph already shows
        if p.relation == "copied":
            src, tgt = (p.a, p.b) if p.forward >= 0 else (p.b, p.a)
        else:
            src, tgt = p.a, p.b
        spans_t = p.spans_b if tgt is p.b else p.spans_a
        shared_t = union_length(spans_t)
        out.append(Derivation(src.id, tgt.id, p.relation, round(p.confidence, 3), shared_t,
                              round(shared_t / max(len(tgt.text), 1), 4), tuple(p.evidence)))
    out.sort(key=lambda d: (d.source, d.target))
    return out


def _explained(spans: list[tuple[int, int]], by: list[tuple[int, int]]) -> bool:
    if not by:
        return False
    total = union_length(spans)
    return union_length(spans + by) - union_length(by) < 0.3 * total
