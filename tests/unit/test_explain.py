"""`reuse.explain`: the pair re-examined by the report's own code, each rule named."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import filler_article

import reuse
from reuse.cli import cli
from reuse.corpus.objects import articles_from
from reuse.errors import InputError, SettingsError
from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.candidates.stage import find_candidates

_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))
_VOCAB = ["".join(w) for w in np.random.default_rng(0).choice(_LETTERS, (3000, 7))]
# A sentence the hand-made pairs share, and the same with one word changed.
SHARED = (
    "The harbour commission agreed on Tuesday to rebuild the northern breakwater before the "
    "winter storms reach the coast."
)
CHANGED = SHARED.replace("northern", "southern")


def _filler(seed: int, sentences: int = 6) -> str:
    rng = np.random.default_rng(seed)
    return "\n".join(" ".join(rng.choice(_VOCAB, 14)).capitalize() + "." for _ in range(sentences))


def _pair(text_a: str, text_b: str) -> list[Article]:
    return [Article("p0", f"{_filler(1)}\n{text_a}"), Article("p1", f"{_filler(2)}\n{text_b}")]


def _why(
    articles: list[Article],
    settings: Settings | None = None,
    a: str = "p0",
    b: str = "p1",
    **kw: Any,
) -> reuse.Explanation:
    kw.setdefault("cache", False)
    return reuse.explain(articles, a, b, settings, **kw)


# --- the explanation agrees with the report -------------------------------------------------


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("explain")
    config = reuse.FixtureConfig.news_day(wire_carriers=(6, 12))
    path, _ = reuse.fixtures.write(reuse.generate(200, seed=5, config=config), folder)
    return Path(path)


def test_the_verdict_is_the_reports_for_reported_and_unreported_pairs(
    day: Path, tmp_path: Path
) -> None:
    report = reuse.detect(day, jobs=1)
    reported = sorted({(m.a, m.b) for m in report.matches})
    arts = sorted(articles_from(day, [], Settings()), key=lambda x: x.id)
    cands = find_candidates(arts, Settings(), 1, [])
    unreported = sorted({(arts[i].id, arts[j].id) for (i, j), _ in cands.pairs} - set(reported))
    ids = [x.id for x in arts]
    rng = random.Random(1)
    chance = {tuple(sorted(rng.sample(ids, 2))) for _ in range(8)} - set(reported)
    asked = rng.sample(reported, 20) + rng.sample(unreported, min(12, len(unreported)))
    asked += sorted(chance)
    assert len(unreported) >= 3  # the check covers pairs the candidate stage lets through
    seen = set()
    for a, b in asked:
        why = reuse.explain(day, a, b, cache=tmp_path, jobs=1)
        v = why.verdict
        assert v["reported"] == ((a, b) in reported)
        assert v["found_by_reexamination"] == v["reported"], (a, b, v)
        direct = {
            (m.a_start, m.a_end, m.b_start, m.b_end)
            for m in report.matches
            if (m.a, m.b) == (a, b) and m.via is None
        }
        aligned = {
            tuple(p["a"] + p["b"]) for p in why.stages.get("alignment", {}).get("passages", [])
        }
        assert direct <= aligned
        seen.add(v.get("lost_at") or v.get("via"))
    assert {"alignment", "candidates"} <= seen
    # The corpus-wide work was done once and kept.
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1


def test_the_cache_gives_the_same_explanation(day: Path, tmp_path: Path) -> None:
    report = reuse.detect(day, jobs=1)
    m = report.matches[0]
    first = reuse.explain(day, m.a, m.b, cache=tmp_path).to_json()
    again = reuse.explain(day, m.a, m.b, cache=tmp_path).to_json()
    fresh = reuse.explain(day, m.a, m.b, cache=False).to_json()
    assert first == again == fresh
    # A damaged cache file is made again, not trusted.
    damaged = list(tmp_path.glob("*/report.pickle"))
    assert damaged
    for f in damaged:
        f.write_bytes(b"not a pickle")
    assert reuse.explain(day, m.a, m.b, cache=tmp_path).to_json() == first


def test_the_cache_keeps_the_entries_of_this_code_most_recently_used(tmp_path: Path) -> None:
    import os

    from reuse.digest import code_digest
    from reuse.explanation import _CACHE_ENTRIES

    def entry(name: str, code: str, used: float) -> Path:
        path = tmp_path / name
        path.mkdir()
        (path / "keys.npy").write_bytes(b"")
        (path / "code").write_text(code)
        os.utime(path, (used, used))
        return path

    old_code = entry("0" * 32, "other code", 9e9)
    ours = [entry(f"{k:032d}", code_digest(), 1e9 + k) for k in range(1, _CACHE_ENTRIES + 2)]
    theirs = tmp_path / ("f" * 32)  # not an entry of the cache: left alone
    theirs.mkdir()
    _why(_pair(SHARED, SHARED), cache=tmp_path)
    assert not old_code.exists() and theirs.exists()
    # The new entry and the most recently used others, _CACHE_ENTRIES in all.
    assert [p.exists() for p in ours] == [False] * 2 + [True] * (_CACHE_ENTRIES - 1)
    assert len([p for p in tmp_path.iterdir() if (p / "keys.npy").exists()]) == _CACHE_ENTRIES


# --- each rule, named ------------------------------------------------------------------------


def test_no_shared_band_key_is_named() -> None:
    v = _why(_pair(_filler(3), _filler(4))).verdict
    assert (v["lost_at"], v["setting"]) == ("candidates", "lsh_threshold")


def test_a_bucket_wider_than_max_bucket_is_named() -> None:
    arts = [Article(f"p{i}", f"{_filler(10 + i)}\n{SHARED}") for i in range(6)]
    v = _why(arts, Settings(max_bucket=3)).verdict
    assert (v["lost_at"], v["setting"]) == ("candidates", "max_bucket")
    assert _why(arts, Settings(max_bucket=10)).verdict["candidate"]


def test_an_estimate_below_candidate_similarity_is_named() -> None:
    why = _why(_pair(SHARED, CHANGED), Settings(candidate_similarity=0.99))
    assert (why.verdict["lost_at"], why.verdict["setting"]) == (
        "candidates",
        "candidate_similarity",
    )
    closest = why.stages["candidates"]["closest_unit_pairs"][0]
    assert 0.5 < closest["estimate"] < 0.99 and closest["collide"]


def test_other_names_and_figures_are_named() -> None:
    mould = (
        "Firefighters were battling {n} wildfires near {place} on Friday, driven by winds "
        "gusting up to {k} kilometres an hour across the dry hills."
    )
    why = _why(
        _pair(
            mould.format(n="591", place="Chengdu", k="149"),
            mould.format(n="38,544", place="Rosario", k="119"),
        )
    )
    assert why.verdict["lost_at"] == "candidates"
    assert why.verdict["rule"].startswith("names and figures")


def test_the_neighbour_cap_is_named_and_what_if_lifts_it() -> None:
    arts = [Article(f"p{i}", f"{_filler(20 + i)}\n{SHARED}") for i in range(5)]
    why = _why(arts, Settings(max_neighbours=1), "p3", "p4", what_if={"max_neighbours": 8})
    assert not why.verdict["candidate"]
    assert why.verdict["setting"] == "max_neighbours"
    assert why.verdict["via"] == "cluster"  # the report still has the pair, through its cluster
    assert why.what_if is not None and why.what_if["candidate"]
    assert "becomes a candidate" in why.what_if["summary"]


def test_the_article_pair_rule_is_named() -> None:
    v = _why(_pair(SHARED, CHANGED), Settings(verify_threshold=1.0)).verdict
    assert (v["lost_at"], v["setting"]) == ("candidates", "verify_threshold")


def test_no_seed_is_named() -> None:
    v = _why(_pair(SHARED, CHANGED), Settings(seed_similarity=0.99, seed_ngram_words=12)).verdict
    assert (v["lost_at"], v["setting"]) == ("alignment", "seed_similarity")


def test_a_passage_too_short_is_named() -> None:
    short = "Harbour commission rebuilds northern breakwater before winter storms."
    why = _why(_pair(short, short))
    assert (why.verdict["lost_at"], why.verdict["setting"]) == ("alignment", "min_passage_words")
    dropped = why.stages["alignment"]["dropped"]
    assert dropped and dropped[0]["value"] < dropped[0]["threshold"] == 12


def test_a_formula_around_other_figures_is_named_and_what_if_keeps_it() -> None:
    # The same sentence about another term of prison: a formula, not a copy (frame rule).
    told = (
        "The court sentenced Harold Jenkins, 34, to {n} years in prison on Tuesday for the "
        "armed robbery of the First National Bank branch on Main Street."
    )
    arts = _pair(told.format(n=12), told.format(n=7))
    why = _why(arts)
    assert why.verdict["candidate"]
    assert (why.verdict["lost_at"], why.verdict["setting"]) == ("alignment", "frame_passage_words")
    dropped = why.stages["alignment"]["dropped"][0]
    assert dropped["rule"] == "frame_passage_words"
    assert dropped["then"] == "cut at the sentences naming other facts"
    assert dropped["value"] < dropped["threshold"] == Settings().frame_passage_words
    # Under a lower bar the sentence is long enough to be kept as a copy.
    lower = _why(arts, what_if={"frame_passage_words": 20}).what_if
    assert lower is not None and len(lower["passages_gained"]) == 1
    assert "lost_at" not in lower


def test_a_stock_phrase_inside_other_sentences_is_named() -> None:
    phrase = "has been far too slow to approve the new rules for the northern harbour districts"
    arts = _pair(
        f"Critics of the mayor said on Monday that the council {phrase}, pointing to months of "
        "delay and rising costs.",
        f"According to the shipping association, which represents forty firms, the ministry "
        f"{phrase} since the spring floods.",
    )
    # The sentences are too unlike to be candidates under the news settings; let them be.
    loose = Settings(candidate_similarity=0.2, verify_threshold=0.2, lsh_threshold=0.2)
    why = _why(arts, loose)
    assert (why.verdict["lost_at"], why.verdict["setting"]) == ("alignment", "min_sentence_cover")
    dropped = why.stages["alignment"]["dropped"][0]
    assert dropped["value"] < dropped["threshold"] == loose.min_sentence_cover
    kept = _why(arts, loose, what_if={"min_sentence_cover": 0.4}).what_if
    assert kept is not None and len(kept["passages_gained"]) == 1


def test_a_quotation_too_short_and_too_few_shared_words_are_named() -> None:
    told = 'The minister told reporters: "{q}"'
    said = 'Speaking in parliament, she repeated: "{q}"'
    q = "We will not raise taxes on working families this year, whatever the deficit says."
    arts = _pair(told.format(q=q), said.format(q=q))
    assert _why(arts).verdict["reported"]
    v = _why(arts, Settings(min_quote_words=30)).verdict
    assert (v["lost_at"], v["setting"]) == ("alignment", "min_quote_words")
    v = _why(_pair(SHARED, SHARED), Settings(min_shared_words=30)).verdict
    assert (v["lost_at"], v["setting"]) == ("alignment", "min_shared_words")


def test_boilerplate_is_named() -> None:
    footer = (
        "Subscribe to the Coastal Herald newsletter for the morning headlines delivered to your "
        "inbox every single day."
    )
    arts = [
        Article(f"p{k}", f"{_filler(40 + k)}\n{footer}", outlet="Coastal Herald") for k in range(4)
    ]
    why = _why(arts)
    assert why.verdict["candidate"] and why.verdict["aligned_passages"] == 1
    assert (why.verdict["lost_at"], why.verdict["setting"]) == (
        "boilerplate",
        "boilerplate_min_articles",
    )
    assert why.stages["corpus"]["boilerplate"][0]["outlet"] == "Coastal Herald"


def test_the_quotation_rule_of_attribution_is_named() -> None:
    arts = [filler_article(i, i in (2, 9)) for i in range(12)]
    why = _why(arts, a="a02", b="a09")
    assert why.verdict["reported"]
    attribution = why.stages["corpus"]["attribution"]
    assert (attribution["relation"], attribution["reason"]) == ("common-source", "quotation")
    log_odds = sum(s["log_odds"] for s in attribution["signals"])
    assert log_odds == pytest.approx(attribution["log_odds_a_to_b"], abs=1e-3)


def test_the_attribution_is_weighed_as_the_report_weighed_it() -> None:
    """Whether a third article carries the pair's text decides between a reprint and two
    carriers of one story: the explanation weighs the pair among the report's matches."""
    story = "\n".join(_filler(70 + k, 2) for k in range(4))
    top_a, top_b, top_c = _filler(80, 2), _filler(81, 2), _filler(82, 2)
    end_a, end_b, end_c = _filler(90, 2), _filler(91, 2), _filler(92, 2)
    pair = [
        Article("p0", f"{top_a}\n{story}\n{end_a}", published="2024-03-01"),
        Article("p1", f"{top_b}\n{story}\n{end_b}", published="2024-03-02"),
    ]
    third = Article("p2", f"{top_c}\n{story}\n{end_c}", published="2024-03-02")
    filler = [Article(f"f{k}", _filler(100 + k)) for k in range(6)]
    for arts, relation in (
        ([*pair, *filler], "copied"),
        ([*pair, third, *filler], "common-source"),
    ):
        report = reuse.detect(arts, jobs=1)
        (d,) = [d for d in report.relations() if {d.source, d.target} == {"p0", "p1"}]
        assert d.relation == relation
        attribution = _why(arts).stages["corpus"]["attribution"]
        assert attribution["relation"] == relation
        if relation == "copied":  # its lines of evidence too, those outweighed marked alike
            assert attribution["evidence"] == list(d.evidence)


# --- input and the command -----------------------------------------------------------------


def test_an_unknown_id_or_setting_is_an_error() -> None:
    arts = _pair(SHARED, SHARED)
    with pytest.raises(InputError, match=r"no article .p00.*close ids: p0"):
        _why(arts, b="p00")
    with pytest.raises(InputError, match="twice"):
        _why(arts, b="p0")
    with pytest.raises(SettingsError, match=r"max_neighbors.*did you mean max_neighbours"):
        reuse.explanation.parse_what_if(["max_neighbors=3"], Settings())
    with pytest.raises(SettingsError, match="max_neighbours must be"):
        reuse.explanation.parse_what_if(["max_neighbours=0"], Settings())


def test_the_command(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": a.id, "text": a.text}) for a in _pair(SHARED, CHANGED)) + "\n"
    )
    run = CliRunner().invoke
    cache = ["--cache", str(tmp_path / "cache")]
    out = run(cli, ["explain", str(corpus), "--pair", "p0", "p1", "-q", *cache])
    assert out.exit_code == 0, out.output
    assert "REPORTED" in out.output and "2. Candidates" in out.output
    out = run(
        cli,
        [
            "explain",
            str(corpus),
            "--pair",
            "p0",
            "p1",
            "-q",
            "-f",
            "json",
            *cache,
            "--what-if",
            "verify_threshold=1.0",
        ],
    )
    data = json.loads(out.output)
    assert data["verdict"]["reported"] and not data["what_if"]["candidate"]
    out = run(cli, ["explain", str(corpus), "--pair", "p0", "nope", "-q", *cache])
    assert out.exit_code == 1 and "no article 'nope'" in out.output
    out = run(cli, ["explain", str(corpus), "--pair", "p0", "p1", "--what-if", "bogus", *cache])
    assert out.exit_code == 1 and "SETTING=VALUE" in out.output
