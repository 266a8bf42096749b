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
  a copy pasted into another story names them only there.

Then the graph is pruned as a chain of copies implies: each article's text is credited to its
most direct source (the closest, most complete copy), so A -> B -> C gives two edges, not three,
and two outlets of one wire story present in the corpus are related through it, not directly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

from .model import Article, Derivation, Match

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


def wire_credits(text: str) -> tuple[str, ...]:
    """Agencies the text credits for its copy ("(Reuters)", "By AFP", "with agencies"), sorted."""
    found = set()
    for pattern in _CREDITS:
        for m in pattern.finditer(text):
            name = m.group(1)
            key = name.lower().removeprefix("the ")
            found.add(_AGENCIES.get(key, "news agencies" if key in ("agencies", "wires") else name))
    return tuple(sorted(found))


def _agency_of(outlet: Optional[str]) -> Optional[str]:
    if not outlet:
        return None
    return _AGENCIES.get(outlet.strip().lower().removeprefix("the "))


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

    @property
    def shared(self) -> int:
        return union_length(self.spans_a) + union_length(self.spans_b)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _weigh(p: _Pair, credits: Mapping[str, tuple[str, ...]]) -> None:
    """Decide the relation of one pair and its direction, with evidence."""
    a, b = p.a, p.b
    cov_a = union_length(p.spans_a) / max(len(a.text), 1)
    cov_b = union_length(p.spans_b) / max(len(b.text), 1)
    chars = sum(m.b_end - m.b_start for m in p.matches)
    quoted = sum(m.b_end - m.b_start for m in p.matches if m.quoted)
    order, order_note = _order(a, b)
    p.evidence.append(order_note)
    p.evidence.append(f"{a.id} shares {cov_a:.0%} of its text, {b.id} {cov_b:.0%}")

    if quoted == chars:
        p.relation, p.confidence = "common-source", 0.9
        p.evidence.append("all shared text is quotation in both: one speaker quoted by both, "
                          "not one copying the other")
        return
    if quoted:
        p.evidence.append(f"{quoted / chars:.0%} of the shared text is quotation; the rest is prose")

    ca, cb = set(credits[a.id]), set(credits[b.id])
    agency_a, agency_b = _agency_of(a.outlet), _agency_of(b.outlet)
    score = 0.0
    if agency_a and agency_a in cb:
        score += 2.5
        p.evidence.append(f"{b.id} credits {agency_a}, which published {a.id}")
    if agency_b and agency_b in ca:
        score -= 2.5
        p.evidence.append(f"{a.id} credits {agency_b}, which published {b.id}")
    same_wire = (ca & cb) - {agency_a, agency_b}
    if same_wire and score == 0.0:
        p.relation, p.confidence = "common-source", 0.8
        p.evidence.append(f"both credit {', '.join(sorted(same_wire))}: both carry the agency's copy")
        return

    if order:
        score += -3.5 * order
    if cov_a >= 0.85 and cov_b < 0.85 and cov_a - cov_b >= 0.1:
        score += 1.5
        p.evidence.append(f"{a.id} is almost wholly inside {b.id}, which adds material of its own")
    elif cov_b >= 0.85 and cov_a < 0.85 and cov_b - cov_a >= 0.1:
        score -= 1.5
        p.evidence.append(f"{b.id} is almost wholly inside {a.id}, which adds material of its own")
    elif min(cov_a, cov_b) >= 0.5 and max(cov_a, cov_b) < 0.85 and \
            _own_top(p.spans_a, a.text) and _own_top(p.spans_b, b.text):
        p.relation, p.confidence = "common-source", 0.65
        p.evidence.append("both share most of their text, and each opens with material of its "
                          "own: both likely rewrote one story, such as a wire report")
        return

    weight = sum(m.b_end - m.b_start for m in p.matches if m.edits) or 1
    edits = sum(m.edits * (m.b_end - m.b_start) for m in p.matches) / weight
    if abs(edits) >= 0.25:
        score += max(-1.5, min(1.5, 1.2 * edits))
        rarer, other = (b, a) if edits > 0 else (a, b)
        p.evidence.append(f"where the wording differs, {rarer.id} has the rarer variants (typos, "
                          f"swapped synonyms): edits made in copying {other.id}")
    context = sum(m.context * (m.b_end - m.b_start) for m in p.matches) / max(chars, 1)
    if abs(context) >= 0.2:
        score += max(-1.2, min(1.2, 2.0 * context))
        home, away = (a, b) if context > 0 else (b, a)
        p.evidence.append(f"the names in the shared text recur elsewhere in {home.id} but less in "
                          f"{away.id}: the passage belongs to {home.id}'s story")
    p.forward = score
    p.confidence = _sigmoid(abs(score)) if score else 0.5
    if not score:
        p.evidence.append("no signal orders the two: direction is a guess")


def attribute(matches: Sequence[Match], articles: Mapping[str, Article],
              exclude: Optional[set[tuple[str, str]]] = None) -> list[Derivation]:
    """One derivation per related pair of articles, pruned to direct sources, sorted."""
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
    credits = {aid: wire_credits(articles[aid].text) for key in pairs for aid in key}
    for key in sorted(pairs):
        _weigh(pairs[key], credits)

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


def _own_top(spans: list[tuple[int, int]], text: str) -> bool:
    """Whether the text opens with material of its own before its first shared passage (a new
    top, as outlets write on a wire story; a copy that trims keeps its source's opening)."""
    first = min(s for s, _ in spans)
    return first >= max(40, 0.05 * len(text))


def _explained(spans: list[tuple[int, int]], by: list[tuple[int, int]]) -> bool:
    if not by:
        return False
    total = union_length(spans)
    return union_length(spans + by) - union_length(by) < 0.3 * total
