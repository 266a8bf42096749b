"""What several renderers need: pairs of articles, flat rows, times, excerpts.

The flat rows (`article_rows`, `match_rows`, ...) carry the JSON report's field names and values,
so the table formats (CSV, SQLite) hold exactly what the JSON report holds.

Text that cannot be written: a lone surrogate (half of an emoji escaped as `"\\ud83d"` in JSON,
cut off in truncated social-media text) is a Python string but not Unicode, and UTF-8 encoders,
SQLite and hashing refuse it. Every renderer therefore starts from `clean_report`, which puts
U+FFFD (the replacement character) in place of each surrogate code point, in every string of the
report (ids, outlets, titles, texts, passages, evidence, problems, settings). One code point
stands for one, so every offset still slices the same passage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any, Optional

from ..model import Derivation, Match, Report
from ..text.dates import moment

__all__ = [
    "KINDS",
    "kind_rank",
    "pairs",
    "plural",
    "pct",
    "excerpt",
    "parse_time",
    "short_time",
    "article_rows",
    "match_rows",
    "passage_rows",
    "cluster_rows",
    "derivation_rows",
    "relation_rows",
    "problem_rows",
    "story_rows",
    "story_carrier_rows",
    "derivations_of",
    "replace_surrogates",
    "map_strings",
    "clean_report",
    "utf8",
]

# Every surrogate code point: in a Python string a valid pair is already one astral character, so
# any surrogate left is one that cannot be encoded.
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """`text` with each surrogate code point replaced by U+FFFD (same length, same offsets)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # in C, and faster than searching with the expression
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def map_strings(value: Any, fn: Callable[[str], str], skip: Collection[str] = ()) -> Any:
    """`value` with `fn` applied to every string inside it: in dataclasses (fields named in
    `skip` left as they are), tuples, lists and dicts (keys too). Returns the very same object
    where nothing changed, so a clean report costs one scan and no copy."""
    if isinstance(value, str):
        return fn(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.init and f.name not in skip:
                old = getattr(value, f.name)
                new = map_strings(old, fn)
                if new is not old:
                    changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, (tuple, list)):
        items = [map_strings(v, fn) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items) if type(value) in (tuple, list) else value
    if isinstance(value, dict):
        pairs_ = [(map_strings(k, fn), map_strings(v, fn)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs_, value.items())):
            return value
        return dict(pairs_)
    return value


def clean_report(report: Report) -> Report:
    """The report with every surrogate replaced by U+FFFD (see the module docstring); the same
    object when it has none."""
    cleaned: Report = map_strings(report, replace_surrogates)
    return cleaned


def utf8(text: str) -> bytes:
    """`text` as UTF-8; a surrogate that reached this far becomes U+FFFD instead of an error."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return replace_surrogates(text).encode("utf-8")


# Strongest first: where passages of several kinds overlap, the strongest one is shown.
KINDS: tuple[str, ...] = ("verbatim", "near-verbatim", "paraphrase")


def kind_rank(kind: str) -> int:
    """0 for verbatim, 1 for near-verbatim, 2 for paraphrase (unknown kinds last)."""
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def pairs(report: Report) -> dict[tuple[str, str], list[Match]]:
    """Matches grouped by article pair `(a, b)`, pairs in id order, matches by offset."""
    out: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for m in report.matches:
        out[(m.a, m.b)].append(m)
    return {
        k: sorted(v, key=lambda m: (m.a_start, m.b_start, m.id)) for k, v in sorted(out.items())
    }


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`count` and the noun, singular or plural: "1 cluster", "2 clusters"."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def pct(part: float, whole: float) -> str:
    """`part` as a percentage of `whole` ("-" when whole is 0)."""
    return f"{100.0 * part / whole:.0f}%" if whole else "-"


def excerpt(text: str, limit: int = 160) -> str:
    """Whitespace flattened to single spaces, cut at `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def parse_time(published: Optional[str]) -> Optional[dt.datetime]:
    """A published value as a naive UTC datetime, for ordering (`reuse.text.dates.moment`)."""
    when = moment(published)
    return when.utc if when else None


def short_time(published: Optional[str]) -> str:
    """A compact form of a published value for labels: date, and time to the minute if given."""
    if not published:
        return "no date"
    return published.replace("T", " ")[:16]


def derivations_of(report: Report) -> dict[str, list[Derivation]]:
    """Every article id -> the derivations it takes part in (as source or target)."""
    out: dict[str, list[Derivation]] = defaultdict(list)
    for d in report.derivations:
        out[d.source].append(d)
        if d.target != d.source:
            out[d.target].append(d)
    return out


def article_rows(report: Report) -> list[dict[str, Any]]:
    return [a.to_dict() for a in report.articles]


def match_rows(report: Report) -> list[dict[str, Any]]:
    return [m.to_dict() for m in report.matches]


def cluster_rows(report: Report) -> list[dict[str, Any]]:
    """One row per cluster: id, quoted and the number of passages."""
    return [{"id": c.id, "quoted": c.quoted, "passages": len(c.passages)} for c in report.clusters]


def passage_rows(report: Report) -> list[dict[str, Any]]:
    """One row per passage of a cluster: cluster id, article, start, end, text."""
    return [
        {"cluster": c.id, "quoted": c.quoted, **p.to_dict()}
        for c in report.clusters
        for p in c.passages
    ]


def derivation_rows(report: Report) -> list[dict[str, Any]]:
    return [d.to_dict() for d in report.derivations]


def relation_rows(report: Report) -> list[dict[str, Any]]:
    """Every pairwise relation (`Report.relations`): the derivations, then the common-source
    pairs the wide stories tell, as derivation rows."""
    return [d.to_dict() for d in report.relations()]


def problem_rows(report: Report) -> list[dict[str, Any]]:
    return [p.to_dict() for p in report.problems]


def story_rows(report: Report) -> list[dict[str, Any]]:
    """One row per story: its fields, with `carriers` as their number and `spread` as
    "period:count" items joined by spaces (the carriers are in `story_carrier_rows`)."""
    rows = []
    for s in report.stories:
        row = s.to_dict()
        row["carriers"] = len(s.carriers)
        row["spread"] = " ".join(f"{p}:{n}" for p, n in s.spread)
        rows.append(row)
    return rows


def story_carrier_rows(report: Report) -> list[dict[str, Any]]:
    """One row per carrier of a story, earliest first: story, rank, article."""
    return [
        {"story": s.id, "rank": k, "article": a}
        for s in report.stories
        for k, a in enumerate(s.carriers, 1)
    ]
