"""Scores of a report against the planted events of a truth (`events`, written for news-day
corpora): do clusters keep stories apart, are the carrier pairs of big stories found, is each
wire story's provenance right, and are attributed copies told from quoting.

- Cluster purity: a report cluster is pure when its passages overlap truth passages of at most
  one event. A passage overlaps a truth passage when both are in one article and their character
  spans overlap by at least half of the shorter. Versions of one write-thru count as one event
  (their articles share most text, so one passage of a later version lies in both versions'
  passages). Measured on the clusters that overlap some event: the share of pure ones, the
  number mixing events, and the share of their passages that overlap their cluster's main event
  (the one most of its passages overlap) and no other ("passage purity").
- Pair recall by event size: of each event's truth article pairs (the pairs of its matches), the
  share the report has a match for, for events of 2-9, 10-39 and 40 or more carriers.
- Stories (only when the report has `stories`): for each planted wire story (plans "wire" and
  "write-thru": carried by many outlets with the agency's credits; a write-thru family's
  versions are one story, with the first version's first carrier and source), the report story
  sharing the most carriers with it; the share of wire stories with such a story, whose story
  names the right wire, whose `earliest` is the truth's first carrier (the earliest carrier with
  a publication time, or the source when it is in the corpus; stories without one are left out), and whose `source_article` is the
  source (stories whose source is in the corpus); and, of the dated ones found, how many give a
  wrong `earliest` as evident (`earliest_tied` 0: no other carrier as early by the dates).
- Attributed copies: of the truth derivations with `attribution` (a quotation copied with its
  attribution), the share the report calls `copied` in either direction, and of those the share
  in the right direction; for contrast, the share of quote pairs (outlets quoting one speaker in
  their own words) that the report calls `copied`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tabulate import tabulate

from .measures import Pair, derivations_by_pair, fmt, pair_of

__all__ = ["SIZE_BINS", "event_measures", "render_events"]

# Events by number of carriers: a passage copied once, a story a few outlets took, a wire story.
SIZE_BINS = ((2, 9, "2-9 carriers"), (10, 39, "10-39 carriers"), (40, None, "40+ carriers"))

Span = tuple[int, int, str]  # start, end, event (family)


def _share(hits: int, n: int) -> dict[str, Any]:
    return {"n": n, "right": hits, "share": hits / n if n else None}


def _overlaps(start: int, end: int, other: Span) -> bool:
    """At least half of the shorter of the two spans is shared."""
    shared = min(end, other[1]) - max(start, other[0])
    return shared > 0 and 2 * shared >= min(end - start, other[1] - other[0])


def _truth_spans(truth: Mapping[str, Any], family: Mapping[str, str]) -> dict[str, list[Span]]:
    """Each article's truth passages with the event (family) they belong to, once each."""
    seen: dict[str, set[Span]] = {}
    for m in truth.get("matches") or []:
        ev = m.get("event")
        if ev is None:
            continue
        fam = family.get(str(ev), str(ev))
        for side in ("a", "b"):
            seen.setdefault(str(m[side]), set()).add(
                (int(m[f"{side}_start"]), int(m[f"{side}_end"]), fam)
            )
    return {a: sorted(s) for a, s in seen.items()}


def _purity(
    clusters: Iterable[Mapping[str, Any]], spans: Mapping[str, list[Span]]
) -> dict[str, Any]:
    n = on_events = pure = mixing = passages = in_main = 0
    for c in clusters:
        n += 1
        per_passage: list[set[str]] = []
        for p in c.get("passages") or []:
            start, end = int(p["start"]), int(p["end"])
            per_passage.append(
                {
                    s[2]
                    for s in spans.get(str(p["article"]), [])
                    if end > start and _overlaps(start, end, s)
                }
            )
        events = set().union(*per_passage) if per_passage else set()
        if not events:
            continue  # a cluster of no planted text (boilerplate, chance): purity says nothing
        on_events += 1
        pure += len(events) == 1
        mixing += len(events) > 1
        votes: dict[str, int] = {}
        for evs in per_passage:
            for e in evs:
                votes[e] = votes.get(e, 0) + 1
        main = min(votes, key=lambda e: (-votes[e], e))
        passages += len(per_passage)
        in_main += sum(evs == {main} for evs in per_passage)
    return {
        "clusters": n,
        "clusters_on_events": on_events,
        "pure": pure,
        "pure_share": pure / on_events if on_events else None,
        "mixing": mixing,
        "passages": passages,
        "passage_purity": in_main / passages if passages else None,
    }


def _bin(carriers: int) -> str | None:
    for low, high, name in SIZE_BINS:
        if carriers >= low and (high is None or carriers <= high):
            return name
    return None


def _pair_recall(
    truth: Mapping[str, Any], events: Sequence[Mapping[str, Any]], reported: set[Pair]
) -> dict[str, dict[str, Any]]:
    pairs: dict[str, set[Pair]] = {}
    for m in truth.get("matches") or []:
        if m.get("event") is not None:
            pairs.setdefault(str(m["event"]), set()).add(pair_of(m))
    out: dict[str, dict[str, Any]] = {}
    for _, _, label in SIZE_BINS:
        out[label] = {"events": 0, "pairs": 0, "found": 0, "recall": None}
    for e in events:
        name = _bin(len(e.get("carriers") or []))
        ps = pairs.get(str(e["id"]), set())
        if name is None or not ps:
            continue
        row = out[name]
        row["events"] += 1
        row["pairs"] += len(ps)
        row["found"] += len(ps & reported)
    for row in out.values():
        row["recall"] = row["found"] / row["pairs"] if row["pairs"] else None
    return out


_WIRE_PLANS = ("wire", "write-thru")


def _stories(
    stories: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    carriers = [set(map(str, s.get("carriers") or [])) for s in stories]
    found = named = dated = dated_right = sourced = sourced_right = unseen = unseen_right = 0
    dated_found = wrong_evident = 0
    # The news day's wire stories (one plan, carried with the agency's credits); the default
    # plantings' fan-outs name a wire in the truth that their text need not credit.
    # A write-thru family (one wire story in its versions through the day) is one story: its
    # carriers are all its versions', its first carrier and source those of its first version.
    families: dict[str, dict[str, Any]] = {}
    for e in events:
        if not (e.get("wire") and e.get("plan") in _WIRE_PLANS):
            continue
        key = str(e.get("family") or e["id"])
        head = families.setdefault(key, {**e, "carriers": []})
        if str(e["id"]) == key:
            head.update({k: e.get(k) for k in ("first_carrier", "source", "wire")})
        head["carriers"] = list(head["carriers"]) + list(e.get("carriers") or [])
        # Whether some version's agency copy is in the corpus (the family's story may name it).
        head["any_source"] = head.get("any_source") or e.get("source") is not None
    wire = list(families.values())
    for e in wire:
        mine = set(map(str, e.get("carriers") or []))
        best, best_n = None, 0
        for s, cs in zip(stories, carriers):
            shared = len(mine & cs)
            if shared > best_n:
                best, best_n = s, shared
        expected = e.get("first_carrier")
        # The original in the corpus is the first carrier too, whatever its date says.
        accepted = {expected, e.get("source")} - {None}
        dated += expected is not None
        sourced += e.get("source") is not None
        unseen += not e.get("any_source")
        if best is None:
            continue
        found += 1
        named += best.get("wire") == e["wire"]
        if expected is not None:
            right = best.get("earliest") in accepted
            dated_right += right
            dated_found += 1
            # A wrong first carrier the story gives as evident: no other carrier as early by
            # the dates (`earliest_tied` 0, or a report from before the field).
            wrong_evident += (
                not right and best.get("earliest") is not None and not best.get("earliest_tied")
            )
        if e.get("source") is not None:
            sourced_right += best.get("source_article") == e["source"]
        if not e.get("any_source"):
            # No agency copy of the story is in the corpus: no carrier is its source.
            unseen_right += best.get("source") != "in-corpus"
    return {
        "wire_events": len(wire),
        "found": _share(found, len(wire)),
        "wire_named": _share(named, len(wire)),
        "earliest": _share(dated_right, dated),
        "earliest_wrong_evident": _share(wrong_evident, dated_found),
        "source_article": _share(sourced_right, sourced),
        "source_unseen": _share(unseen_right, unseen),
    }


def _attribution(report: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, Any]:
    r_der = derivations_by_pair(report)
    labels = {"copied": 0, "common-source": 0, "none": 0}
    right = total = 0
    quote_pairs = quote_copied = 0
    for t in truth.get("derivations") or []:
        key = pair_of((t["source"], t["target"]))
        d = r_der.get(key)
        if t.get("plan") == "quote":
            quote_pairs += 1
            quote_copied += d is not None and d.get("relation") == "copied"
        if not t.get("attribution"):
            continue
        total += 1
        label = str(d.get("relation")) if d is not None else "none"
        labels[label] = labels.get(label, 0) + 1
        if d is not None and label == "copied":
            right += (str(d["source"]), str(d["target"])) == (t["source"], t["target"])
    return {
        "attributed": total,
        "labels": labels,
        "copied": _share(labels["copied"], total),
        "direction": _share(right, labels["copied"]),
        "quote_pairs_copied": _share(quote_copied, quote_pairs),
    }


def event_measures(
    report: Mapping[str, Any], truth: Mapping[str, Any], reported: set[Pair]
) -> dict[str, Any]:
    """The event measures of a report (a JSON dict) against a truth with `events`; `reported`
    holds the article pairs the report has matches for. Story measures only when the report
    has `stories`."""
    events = list(truth.get("events") or [])
    family = {str(e["id"]): str(e.get("family") or e["id"]) for e in events}
    out: dict[str, Any] = {
        "events": len(events),
        "purity": _purity(report.get("clusters") or [], _truth_spans(truth, family)),
        "pair_recall_by_size": _pair_recall(truth, events, reported),
        "attribution": _attribution(report, truth),
    }
    if report.get("stories") is not None:
        out["stories"] = _stories(list(report["stories"]), events)
    return out


def render_events(m: Mapping[str, Any], tablefmt: str = "simple") -> list[str]:
    """The event measures as plain-text tables."""
    f = fmt
    out = []
    p = m["purity"]
    out.append(
        f"clusters on planted events: {p['clusters_on_events']} of {p['clusters']}, "
        f"pure {f(p['pure_share'])} ({p['pure']}), mixing events {p['mixing']}, "
        f"passage purity {f(p['passage_purity'])} ({p['passages']} passages)"
    )
    rows = [
        [name, r["events"], r["pairs"], r["found"], f(r["recall"])]
        for name, r in m["pair_recall_by_size"].items()
    ]
    out.append(
        tabulate(
            rows,
            ["event size", "events", "pairs", "found", "pair recall"],
            tablefmt=tablefmt,
            disable_numparse=True,
        )
    )
    rows = []
    s = m.get("stories")
    if s is not None:
        for name, key in (
            ("wire story found", "found"),
            ("right wire", "wire_named"),
            ("right earliest", "earliest"),
            ("wrong earliest given as evident", "earliest_wrong_evident"),
            ("right source article", "source_article"),
            ("source not in corpus, not given one", "source_unseen"),
        ):
            rows.append([name, s[key]["n"], s[key]["right"], f(s[key]["share"])])
    a = m["attribution"]
    rows.append(
        [
            "attributed copy called copied",
            a["copied"]["n"],
            a["copied"]["right"],
            f(a["copied"]["share"]),
        ]
    )
    rows.append(
        [
            "... in the right direction",
            a["direction"]["n"],
            a["direction"]["right"],
            f(a["direction"]["share"]),
        ]
    )
    q = a["quote_pairs_copied"]
    rows.append(["quote pair called copied", q["n"], q["right"], f(q["share"])])
    out.append(
        tabulate(rows, ["events", "n", "yes", "share"], tablefmt=tablefmt, disable_numparse=True)
    )
    return out
