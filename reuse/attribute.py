"""Attribution: for each related pair of articles, who likely took text from whom.

Signals, each turned into evidence a journalist can check:
- quotation: shared text that is all inside quotation marks in both articles is one speaker
  quoted twice (a briefing, a press call), not one outlet copying the other: common source;
- publication time, at the precision given: a date alone does not order two articles of one day;
- containment: an article whose text is almost all in the other is the likelier original of
  the two (a press release inside an article, a wire story inside a reprint with a new top).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Mapping, Optional, Sequence

from .model import Article, Derivation, Match

__all__ = ["attribute", "parse_time", "union_length"]


def parse_time(value: Optional[str]) -> Optional[tuple[dt.datetime, bool]]:
    """(moment, has_time) of an ISO 8601 date or date-time, or None when absent or unreadable."""
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


def _order(a: Article, b: Article) -> tuple[int, str]:
    """-1 if a is earlier, 1 if b is earlier, 0 if unknown; with the evidence sentence."""
    ta, tb = parse_time(a.published), parse_time(b.published)
    if ta is None or tb is None:
        missing = [x.id for x, t in ((a, ta), (b, tb)) if t is None]
        return 0, f"no publication time for {', '.join(missing)}: time order unknown"
    (ma, ha), (mb, hb) = ta, tb
    if not (ha and hb):
        if ma.date() == mb.date():
            return 0, f"both published on {ma.date().isoformat()} and a date alone does not order them"
    elif ma == mb:
        return 0, f"both published at {ma.isoformat()}"
    first, second = (a, b) if ma < mb else (b, a)
    inferred = " (date inferred from the text)" if first.published_inferred or second.published_inferred else ""
    return (-1 if first is a else 1), f"{first.id} was published ({first.published}) before {second.id} ({second.published}){inferred}"


def attribute(matches: Sequence[Match], articles: Mapping[str, Article]) -> list[Derivation]:
    """One derivation per pair of articles that share passages, sorted by (source, target)."""
    by_pair: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for m in matches:
        by_pair[(m.a, m.b)].append(m)
    out: list[Derivation] = []
    for (ia, ib), ms in sorted(by_pair.items()):
        a, b = articles[ia], articles[ib]
        shared_a = union_length([(m.a_start, m.a_end) for m in ms])
        shared_b = union_length([(m.b_start, m.b_end) for m in ms])
        cov_a = shared_a / max(len(a.text), 1)
        cov_b = shared_b / max(len(b.text), 1)
        evidence: list[str] = []
        quoted_chars = sum(m.b_end - m.b_start for m in ms if m.quoted)
        all_quoted = quoted_chars == sum(m.b_end - m.b_start for m in ms)
        order, order_note = _order(a, b)
        evidence.append(order_note)
        evidence.append(f"{a.id} shares {cov_a:.0%} of its text, {b.id} {cov_b:.0%}")
        if all_quoted:
            evidence.append("all shared text is quotation in both: one speaker quoted by both, "
                            "not one copying the other")
            source, target = a, b
            relation, confidence = "common-source", 0.7
        elif order != 0:
            source, target = (a, b) if order < 0 else (b, a)
            relation = "copied"
            confidence = 0.75
        elif max(cov_a, cov_b) >= 0.6 and abs(cov_a - cov_b) >= 0.3:
            # The article that is almost all inside the other is the likelier original.
            source, target = (a, b) if cov_a > cov_b else (b, a)
            relation = "copied"
            confidence = 0.55
            evidence.append(f"{source.id} is almost wholly contained in {target.id}, which adds "
                            "material of its own")
        else:
            source, target = a, b
            relation, confidence = "common-source", 0.5
            evidence.append("neither time nor containment says who came first: both may draw "
                            "on a source outside the corpus")
        if relation == "common-source":
            source, target = (a, b) if a.id < b.id else (b, a)
        shared_t = shared_b if target is b else shared_a
        out.append(Derivation(source.id, target.id, relation, round(confidence, 3), shared_t,
                              round(shared_t / max(len(target.text), 1), 4), tuple(evidence)))
    out.sort(key=lambda d: (d.source, d.target))
    return out
