"""News-day plantings of the fixture generator: wire stories with dozens of carriers between
their own headers and footers, digest pages, write-thrus, attributed copies, and the truth's
events; and the default corpus left as it was."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import fields
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner

from reuse.cli.evaluation import fixtures as fixtures_cmd
from reuse.fixtures import KINDS, PLANS, Fixture, FixtureConfig, generate, write
from reuse.fixtures.config import NEWS_DAY_FIELDS
from reuse.fixtures.style import respell
from reuse.fixtures.vocabulary import AGENCIES, PAGES, PUBLISHERS

N = 600  # four wire stories at the news-day rates; seed 1 gives two of them 40 carriers or more
AGENCY_NAMES = {PUBLISHERS[i].name for i in AGENCIES}


@pytest.fixture(scope="module")
def day() -> Fixture:
    return generate(N, seed=1, config=FixtureConfig.news_day())


@pytest.fixture(scope="module")
def texts(day: Fixture) -> dict[str, str]:
    return day.texts


@pytest.fixture(scope="module")
def digests(day: Fixture) -> set[str]:
    return {a["id"] for a in day.articles if a["title"] in PAGES["digest_titles"]}


def _events(day: Fixture, plan: str) -> list[dict]:
    return [e for e in day.truth["events"] if e["plan"] == plan]


def _matches_by_event(day: Fixture) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for m in day.truth["matches"]:
        out[m["event"]].append(m)
    return out


def _instant(published: str) -> datetime:
    return datetime.fromisoformat(published.replace("Z", "+00:00"))


# A dateline at the start of a paragraph, with or without the agency's credit: "LISBON (GWS) — ".
_DATELINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ' .-]*(?: \([A-Z]+\))? — ", re.M)


def _plain(text: str) -> str:
    """Text without what house styles change (spelling, quotation marks, dashes, honorifics'
    full stops) or datelines: copies of one wire text read the same."""
    text = _DATELINE.sub("", text)
    text = respell(text.translate(str.maketrans("“”’‘", "\"\"''")), "uk")
    return " ".join(re.sub(r"\s*(?:—|–)\s*| - ", " - ", text).split())


def _slice(texts: dict[str, str], m: dict, side: str) -> str:
    return texts[m[side]][m[f"{side}_start"] : m[f"{side}_end"]]


# -- wire stories -----------------------------------------------------------------------------


def test_news_day_plants_wire_stories_with_dozens_of_carriers(day: Fixture, digests) -> None:
    wire = _events(day, "wire")
    assert len(wire) == day.truth["counts"]["wire_stories"] >= 3
    printers = [[c for c in e["carriers"] if c not in digests and c != e["source"]] for e in wire]
    assert max(map(len, printers)) >= 40
    assert all(len(p) >= 20 for p in printers)
    outlets = {a["id"]: a["outlet"] for a in day.articles}
    for e, ps in zip(wire, printers):
        assert e["wire"] in AGENCY_NAMES
        assert len({outlets[c] for c in ps}) == len(ps)  # one print per outlet
        if e["source"] is not None:
            assert outlets[e["source"]] == e["wire"] and e["source"] in e["carriers"]
    assert any(e["source"] is None for e in wire) and any(e["source"] for e in wire)


def test_carriers_print_the_wire_text_between_their_own_header_and_footer(
    day: Fixture, texts: dict[str, str], digests
) -> None:
    by_event = _matches_by_event(day)
    checked = 0
    for e in _events(day, "wire"):
        src = e["source"]
        if src is None:
            continue
        # The agency's own article: byline, then the dateline with its credit.
        byline, lead = texts[src].split("\n")[:2]
        assert e["wire"] in byline or byline.startswith("By ")
        assert re.match(r"[A-ZÀ-Þ][A-ZÀ-Þ' .-]* \([A-Z]+\) — [A-Z]", lead), lead
        for m in by_event[e["id"]]:
            if src not in (m["a"], m["b"]) or {m["a"], m["b"]} & digests:
                continue
            side = "b" if m["a"] == src else "a"
            carrier, copy = m[side], _slice(texts, m, side)
            original = _plain(_slice(texts, m, "a" if side == "b" else "b"))
            # The wire text, paragraph by paragraph (a carrier may drop the last ones) ...
            for para in copy.split("\n"):
                assert _plain(para) in original, (carrier, para)
            if m["kind"] == "verbatim":
                assert copy == _slice(texts, m, "a" if side == "b" else "b")
            # ... between the carrier's header (masthead, section and date) and its footer.
            lines = texts[carrier].split("\n")
            head, foot = "\n".join(lines[:2]) + "\n", "\n" + "\n".join(lines[-2:])
            assert m[f"{side}_start"] >= len(head)
            assert m[f"{side}_end"] <= len(texts[carrier]) - len(foot)
            assert lines[0] not in texts[src].split("\n") and lines[-1] not in texts[src]
            checked += 1
    assert checked >= 20


def test_an_outlet_prints_the_same_header_and_footer_on_all_its_articles(day: Fixture) -> None:
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in day.articles:
        if a["outlet"] not in AGENCY_NAMES:
            by_outlet[a["outlet"]].append(a["text"])
    repeated = 0
    for outlet, pages in by_outlet.items():
        assert len({p.split("\n")[0] for p in pages}) == 1, outlet  # masthead
        assert len({p.split("\n")[-1] for p in pages}) == 1, outlet  # last footer line
        assert outlet.split()[-1] in pages[0].split("\n")[0].title()
        repeated += len(pages) >= 2
    assert repeated >= 20


def test_carriers_follow_the_wire_within_the_day(day: Fixture, digests) -> None:
    pub = {a["id"]: a.get("published") for a in day.articles}
    late = FixtureConfig().wire_delay_minutes[1]
    for e in _events(day, "wire"):
        timed = [c for c in e["carriers"] if pub[c] and "T" in pub[c]]
        printed = [_instant(pub[c]) for c in timed if c not in digests]
        assert max(printed) - min(printed) <= timedelta(minutes=late + 1)
        assert e["first_carrier"] == min(timed, key=lambda c: _instant(pub[c]))
        if e["source"] is not None and pub[e["source"]] and "T" in pub[e["source"]]:
            assert e["first_carrier"] == e["source"]


# -- digests, write-thrus, attributed copies -------------------------------------------------------


def test_digest_pages_carry_the_tops_of_several_wire_stories(
    day: Fixture, texts: dict[str, str], digests
) -> None:
    assert len(digests) == day.truth["counts"]["digest_pages"] >= 5
    wire_ids = {e["id"] for e in _events(day, "wire")}
    spans: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for m in day.truth["matches"]:
        for side in ("a", "b"):
            if m[side] in digests and m["plan"] == "digest":
                assert m["event"] in wire_ids
                spans[m[side]][m["event"]].append((m[f"{side}_start"], m[f"{side}_end"]))
    assert max(len(evs) for evs in spans.values()) >= 4
    for page, evs in spans.items():
        # One story's item after another: the events' passages never overlap on the page.
        ranges = sorted((min(s for s, _ in v), max(e for _, e in v)) for v in evs.values())
        assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:])), page
        for ev in evs:
            assert page in next(e["carriers"] for e in day.truth["events"] if e["id"] == ev)


def test_write_thru_versions_differ_as_planted(day: Fixture, texts: dict[str, str]) -> None:
    versions = _events(day, "write-thru")
    families: dict[str, list[dict]] = defaultdict(list)
    for e in versions:
        families[e["family"]].append(e)
    assert families and all(len(v) >= 2 for v in families.values())
    by_event = _matches_by_event(day)
    figures = 0
    for fam, vs in families.items():
        assert vs[0]["id"] == fam
        for k in range(len(vs) - 1):
            old, new = vs[k], vs[k + 1]
            newer = set(vs[k + 2]["carriers"]) if k + 2 < len(vs) else set()
            # A version's carriers are the articles of it and of later versions.
            assert set(new["carriers"]) < set(old["carriers"])
            a = next(c for c in old["carriers"] if c not in new["carriers"])  # prints `old`
            b = next(c for c in new["carriers"] if c not in newer)  # prints `new`
            assert any({m["a"], m["b"]} == {a, b} for m in by_event[old["id"]])
            old_text = _plain(texts[a])
            # The new version's own text (its new top or added paragraph) is not in the old one.
            new_only = [
                p
                for m in by_event[new["id"]]
                if b in (m["a"], m["b"])
                for p in _slice(texts, m, "a" if m["a"] == b else "b").split("\n")
                if len(p.split()) >= 8 and _plain(p) not in old_text
            ]
            assert new_only, (a, b)
            # A corrected figure: a sentence the same but for its numbers.
            shapes = {re.sub(r"\d", "#", s): s for s in re.split(r"(?<=\.) ", old_text)}
            figures += any(
                re.sub(r"\d", "#", s) in shapes and shapes[re.sub(r"\d", "#", s)] != s
                for s in re.split(r"(?<=\.) ", _plain(texts[b]))
            )
    assert figures


def test_attributed_copies_share_the_attribution_around_the_quotation(
    day: Fixture, texts: dict[str, str]
) -> None:
    attributed = [d for d in day.truth["derivations"] if d.get("attribution")]
    assert len(attributed) == day.truth["counts"]["attributed_copies"] >= 8
    assert all(d["relation"] == "copied" and d["plan"] == "attributed-copy" for d in attributed)
    assert not any(d.get("attribution") for d in day.truth["derivations"] if d["plan"] == "quote")
    pairs = {(d["source"], d["target"]) for d in attributed}
    checked = 0
    for m in day.truth["matches"]:
        if m["plan"] != "attributed-copy" or (m["a"], m["b"]) not in pairs | {
            (t, s) for s, t in pairs
        }:
            continue
        for side in ("a", "b"):
            passage = _slice(texts, m, side).translate(str.maketrans("“”", '""'))
            assert passage.count('"') >= 2 and passage.count('"') % 2 == 0, passage
            quoted = sum(len(q) for q in re.findall(r'"[^"]*"', passage))
            outside = re.sub(r'"[^"]*"', " ", passage)
            assert quoted >= 0.4 * len(passage), passage
            assert len(re.findall(r"[A-Za-z]+", outside)) >= 2, passage  # the attribution
        checked += 1
    assert checked >= len(attributed) - 1  # a copy into a copy may be matched through another


# -- the truth ------------------------------------------------------------------------------------


def _word_overlap(a: str, b: str) -> float:
    wa, wb = Counter(re.findall(r"\w+", a.lower())), Counter(re.findall(r"\w+", b.lower()))
    return sum((wa & wb).values()) / max(sum(wa.values()), sum(wb.values()))


def test_every_truth_match_slices_its_articles(day: Fixture, texts: dict[str, str]) -> None:
    events = {e["id"] for e in day.truth["events"]}
    for m in day.truth["matches"]:
        assert m["a"] < m["b"] and m["kind"] in KINDS and m["plan"] in PLANS
        assert m["event"] in events
        a, b = _slice(texts, m, "a"), _slice(texts, m, "b")
        assert a and b and a == a.strip() and b == b.strip()
        assert m["words"] == min(len(a.split()), len(b.split()))
        if m["kind"] == "verbatim":
            assert a == b
        elif m["kind"] == "near-verbatim":
            assert _word_overlap(a, b) >= 0.6 or _word_overlap(_plain(a), _plain(b)) >= 0.6


def test_events_agree_with_the_matches(day: Fixture, digests) -> None:
    t = day.truth
    events = t["events"]
    assert [e["id"] for e in events] == [f"e{i}" for i in range(1, len(events) + 1)]
    carriers: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    for m in t["matches"]:
        carriers[m["event"]] |= {m["a"], m["b"]}
        kinds[m["event"]].add(m["kind"])
    ids = {e["id"] for e in events}
    pub = {a["id"]: a.get("published") for a in day.articles}
    for e in events:
        assert set(e["carriers"]) == carriers[e["id"]] and len(set(e["carriers"])) == len(
            e["carriers"]
        )
        assert e["kind"] in kinds[e["id"]]
        assert e["source"] is None or e["source"] in e["carriers"]
        if e["plan"] in ("wire", "write-thru", "fan-out"):
            assert e["wire"] in AGENCY_NAMES
        elif e["plan"] == "reprint":  # an agency's article reprinted, or another outlet's
            assert e["wire"] is None or e["wire"] in AGENCY_NAMES
        else:
            assert e["wire"] is None
        timed = [c for c in e["carriers"] if pub[c] and "T" in pub[c]]
        expected = min(timed, key=lambda c: _instant(pub[c])) if timed else None
        assert e["first_carrier"] == expected
        if e["plan"] == "write-thru":
            assert e["family"] in ids
        else:
            assert "family" not in e
    plans = Counter(e["plan"] for e in events)
    c = t["counts"]
    assert c["events"] == len(events) and c["events_by_plan"] == dict(sorted(plans.items()))
    assert c["write_thru_versions"] == plans["write-thru"] and c["write_thru_families"] >= 1
    assert set(PLANS) <= set(plans) | {"digest"}  # every plan planted (digests join wire events)
    assert c["derivations_by_plan"]["digest"] > 0


def test_news_day_is_deterministic(tmp_path) -> None:
    config = FixtureConfig.news_day(wire_carriers=(10, 20))
    write(generate(200, seed=4, config=config), tmp_path / "a")
    write(generate(200, seed=4, config=config), tmp_path / "b")
    for name in ("corpus.jsonl", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# -- the default corpus stays as it was -------------------------------------------------------


def test_news_day_fields_off_give_the_default_bytes(tmp_path) -> None:
    off = {f.name: f.default for f in fields(FixtureConfig) if f.name in NEWS_DAY_FIELDS}
    assert set(off) == set(NEWS_DAY_FIELDS) and not FixtureConfig(**off).writes_events
    write(generate(150, seed=3), tmp_path / "default")
    write(generate(150, seed=3, config=FixtureConfig(**off)), tmp_path / "off")
    for name in ("corpus.jsonl", "truth.json"):
        assert (tmp_path / "default" / name).read_bytes() == (tmp_path / "off" / name).read_bytes()
    truth = json.loads((tmp_path / "default" / "truth.json").read_text(encoding="utf-8"))
    assert "events" not in truth and "event" not in truth["matches"][0]
    assert not set(NEWS_DAY_FIELDS) & set(truth["generator"]["config"])


def test_event_truth_alone_adds_events_to_the_same_corpus(tmp_path) -> None:
    plain = generate(150, seed=3)
    evented = generate(150, seed=3, config=FixtureConfig(event_truth=True))
    assert evented.articles == plain.articles
    assert {(m["a"], m["b"]) for m in evented.truth["matches"]} == {
        (m["a"], m["b"]) for m in plain.truth["matches"]
    }
    assert evented.truth["derivations"] == plain.truth["derivations"]
    plans = {e["plan"] for e in evented.truth["events"]}
    assert plans <= {"passage", "reprint", "chain", "fan-out", "quote"} and "passage" in plans


def test_fixtures_command_has_a_news_day_preset(tmp_path) -> None:
    out = tmp_path / "day"
    result = CliRunner().invoke(
        fixtures_cmd, ["-n", "120", "--seed", "2", "--preset", "news-day", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "wire stories" in result.output and "digest pages" in result.output
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["events"] and truth["generator"]["config"]["page_furniture"] is True
    result = CliRunner().invoke(fixtures_cmd, ["--preset", "nope", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "news-day" in result.output


def test_news_day_outlets_extend_the_old_table() -> None:
    from reuse.fixtures.vocabulary import CARRIERS, OUTLETS, WIRES

    # Indices of the old outlets never move (default corpora draw by index).
    assert PUBLISHERS[: len(OUTLETS)] == OUTLETS and AGENCIES[: len(WIRES)] == tuple(
        range(len(WIRES))
    )
    names = [o.name for o in PUBLISHERS]
    assert len(set(names)) == len(names)
    assert all(PUBLISHERS[i].credit for i in AGENCIES) and len(AGENCIES) >= 8
    assert not set(AGENCIES) & set(CARRIERS) and len(CARRIERS) >= 60
    assert set(AGENCIES) | set(CARRIERS) == set(range(len(PUBLISHERS)))
