"""The text form of `reuse.explain`'s answer: stage by stage, each rule with its value, its
threshold and the setting that holds it."""

from __future__ import annotations

from typing import Any

from tabulate import tabulate

__all__ = ["render"]

# Clusters and stories the text lists (the JSON has them all).
_LISTED = 5


def _mark(passed: bool) -> str:
    return "pass" if passed else "FAIL"


def _verdict(data: dict[str, Any]) -> list[str]:
    v = data["verdict"]
    a, b = data["pair"]["a"], data["pair"]["b"]
    if v.get("reported"):
        how = "through a cluster they both carry" if v.get("via") == "cluster" else "aligned"
        head = f"REPORTED: {a} and {b} share {v['matches']} passage(s) in the report ({how})."
    elif "reported" in v:
        head = f"NOT REPORTED: {a} and {b} share no passage in the report."
    else:
        head = f"{a} and {b}: {v['aligned_passages']} passage(s) aligned."
    out = [head]
    if v.get("lost_at"):
        out.append(
            f"Lost at the {v['lost_at']} stage"
            + (f": {v['rule']}" if v.get("rule") else "")
            + (f" (setting {v['setting']})" if v.get("setting") else "")
            + "."
        )
    return out


def _units(data: dict[str, Any]) -> list[str]:
    rows = [
        [u["article"], u.get("outlet") or "", u.get("published") or "", u["chars"], u["units"]]
        for u in data["stages"]["units"]
    ]
    return [
        "1. Units",
        tabulate(rows, ["article", "outlet", "published", "chars", "units"], tablefmt="simple"),
    ]


def _candidates(c: dict[str, Any]) -> list[str]:
    out = [
        f"2. Candidates: {'a candidate pair' if c['candidate'] else 'NOT a candidate pair'}"
        f" ({c['shared_buckets']} shared LSH buckets, {c['collisions_total']} colliding unit "
        "pairs)"
    ]
    for k in c["checks"]:
        setting = f" [{k['setting']} = {k['setting_value']}]" if k.get("setting") else ""
        value = f": {k['value']} vs {k['threshold']}" if "value" in k else ""
        out.append(f"   {_mark(k['passed'])}  {k['rule']}{value}{setting}")
        if k.get("detail"):
            out.append(f"         {k['detail']}")
    if c["collisions"]:
        out.append("   colliding unit pairs (closest first):")
        rows = [
            [
                x["unit_a"],
                x["unit_b"],
                x["estimate"],
                "-" if x["names_and_figures_shared"] is None else x["names_and_figures_shared"],
                "-" if x["rank_a"] is None else f"{x['rank_a'] + 1}/{x['rank_b'] + 1}",
                x["fate"],
            ]
            for x in c["collisions"][:8]
        ]
        out.append(
            _indent(
                tabulate(
                    rows,
                    ["unit a", "unit b", "estimate", "facts", "rank a/b", "fate"],
                    tablefmt="simple",
                )
            )
        )
    if c["closest_unit_pairs"]:
        out.append("   closest unit pairs by MinHash estimate, collided in LSH or not:")
        rows = [
            [x["unit_a"], x["unit_b"], x["estimate"], x["collision_chance"], x["collide"]]
            for x in c["closest_unit_pairs"]
        ]
        out.append(
            _indent(
                tabulate(
                    rows,
                    ["unit a", "unit b", "estimate", "chance to collide", "collided"],
                    tablefmt="simple",
                )
            )
        )
    return out


def _alignment(al: dict[str, Any]) -> list[str]:
    out = [f"3. Alignment: {len(al['passages'])} passage(s) kept, {len(al['dropped'])} dropped"]
    if "no_seed" in al:
        ns = al["no_seed"]
        out.append(
            f"   FAIL  no seed: no unit pair reaches seed_similarity {ns['seed_similarity']} "
            f"with min_shared_words {ns['min_shared_words']}, and no shared run of "
            f"{ns['seed_ngram_words']} words"
        )
        for h in ns["closest_hints"]:
            out.append(
                f"         units {h['unit_a']}/{h['unit_b']}: cosine {h['cosine']}, "
                f"{h['shared_words']} informative words shared"
            )
    for g in al["seed_groups"]:
        out.append(
            f"   group: units {g['units_a'][0]}-{g['units_a'][1]} of a with "
            f"{g['units_b'][0]}-{g['units_b'][1]} of b ({g['cells']} unit pairs)"
        )
    for p in al["passages"]:
        out.append(
            f"   kept  a[{p['a'][0]}:{p['a'][1]}] b[{p['b'][0]}:{p['b'][1]}] {p['kind']} "
            f'{p["similarity"]}{" quoted" if p["quoted"] else ""}: "{p["a_text"]}"'
        )
    for d in al["dropped"]:
        out.append(
            f"   {d['then']}: a[{d['a'][0]}:{d['a'][1]}] by {d['rule']}: {d['measures']} "
            f'{d["value"]} < {d["threshold"]}: "{d["a_text"]}"'
        )
    return out


def _corpus(c: dict[str, Any]) -> list[str]:
    out = [
        f"4. Corpus stages: {c['matches_in_report']} match(es) in the report "
        f"({c['direct_matches']} aligned, {len(c['matches_via_clusters'])} through clusters)"
    ]
    if c["aligned_passages_removed"]:
        out.append(
            f"   {c['aligned_passages_removed']} aligned passage(s) not in the report "
            f"(boilerplate_min_articles = {c['boilerplate_min_articles']})"
        )
    for bp in c["boilerplate"]:
        out.append(
            f"   boilerplate {bp['boilerplate']} of {bp['outlet'] or 'several outlets (a notice)'} "
            f"({bp['articles']} articles; "
            f'removes {bp["removes_passages"]} of the pair\'s passages): "{bp["text"]}"'
        )
    for cl in c["clusters_in_common"][:_LISTED]:
        out.append(f"   both carry cluster {cl['cluster']} ({cl['articles']} articles)")
    if len(c["clusters_in_common"]) > _LISTED:
        out.append(
            f"   ... and {len(c['clusters_in_common']) - _LISTED} more clusters (see -f json)"
        )
    for s in c["stories"][:_LISTED]:
        out.append(
            f"   story {s['story']}: {s['carriers']} carriers, source {s['source']}"
            + (f", wire {s['wire']}" if s.get("wire") else "")
            + (f", earliest {s['earliest']}" if s.get("earliest") else "")
            + (
                f" (one of {s['earliest_tied'] + 1:,} the dates do not order)"
                if s.get("earliest_tied")
                else ""
            )
        )
    for d in c["derivation"]:
        out.append(
            f"   derivation: {d['source']} -> {d['target']} {d['relation']} "
            f"(confidence {d['confidence']})"
        )
    if c.get("derivation_note"):
        out.append(f"   {c['derivation_note']}")
    at = c.get("attribution")
    if at:
        out.append(
            f"5. Attribution: {at['relation']}"
            + (f" ({at['reason']})" if at.get("reason") else "")
            + f", log-odds a -> b {at['log_odds_a_to_b']}, confidence {at['confidence']}"
        )
        rows = [[s["signal"], s["value"], s["weight"], s["log_odds"]] for s in at["signals"]]
        if rows:
            out.append(_indent(tabulate(rows, ["signal", "value", "weight", "log-odds"], "simple")))
        out.extend(f"   - {e}" for e in at["evidence"])
    return out


def _what_if(w: dict[str, Any]) -> list[str]:
    changes = ", ".join(f"{k}={v}" for k, v in w["changes"].items())
    out = [f"What if {changes}: {w['summary']}."]
    if w.get("lost_at"):
        out.append(f"   then lost at the {w['lost_at']} stage: {w.get('rule')}")
    out.append(f"   ({w['note']})")
    return out


def _indent(text: str) -> str:
    return "\n".join("   " + line for line in text.splitlines())


def render(data: dict[str, Any]) -> str:
    """The explanation `Explanation.to_dict` gives, as text."""
    out = _verdict(data) + [""] + _units(data) + [""]
    stages = data["stages"]
    out += _candidates(stages["candidates"]) + [""]
    if "alignment" in stages:
        out += _alignment(stages["alignment"]) + [""]
    if "corpus" in stages:
        out += _corpus(stages["corpus"]) + [""]
    if data.get("what_if"):
        out += _what_if(data["what_if"]) + [""]
    return "\n".join(out).rstrip() + "\n"
