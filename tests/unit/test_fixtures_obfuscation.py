"""The obfuscation kinds of the fixtures generator (random-low, random-high, translation,
summary, sentence-edit): planted with exact offsets, doing what they say, deterministic, and
leaving every other config's bytes alone; scored by kind."""

from __future__ import annotations

import re
from collections import Counter
from random import Random
from statistics import median

import pytest
from click.testing import CliRunner

from reuse.cli.evaluation import fixtures as fixtures_cmd
from reuse.evaluation import evaluate
from reuse.evaluation.candidates import candidate_recall
from reuse.fixtures import Fixture, FixtureConfig, generate, write
from reuse.fixtures.config import OBFUSCATION_FIELDS, OBFUSCATION_KINDS
from reuse.fixtures.edits import Sent
from reuse.fixtures.obfuscation import edit_sentence, scramble, summarise, translate

N = 600


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return generate(N, seed=2, config=FixtureConfig.obfuscation())


def _spans(fx: Fixture, kind: str) -> list[tuple[str, str]]:
    t = fx.texts
    return [
        (t[m["a"]][m["a_start"] : m["a_end"]], t[m["b"]][m["b_start"] : m["b_end"]])
        for m in fx.truth["matches"]
        if m["kind"] == kind and m["plan"] == "passage"
    ]


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _kept(x: str, y: str) -> float:
    """The share of the longer side's words (with repeats) that the other side still has."""
    wx, wy = _words(x), _words(y)
    src, copy = (wx, wy) if sum(wx.values()) >= sum(wy.values()) else (wy, wx)
    return sum((src & copy).values()) / sum(src.values())


# -- planted --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", OBFUSCATION_KINDS)
def test_each_kind_is_planted_with_offsets_that_slice_the_text(fx: Fixture, kind: str) -> None:
    texts = fx.texts
    ms = [m for m in fx.truth["matches"] if m["kind"] == kind]
    assert len(ms) >= 0.03 * N * 0.7  # the preset's rate, a few lost to chains and merges
    for m in ms:
        for side in ("a", "b"):
            text, start, end = texts[m[side]], m[f"{side}_start"], m[f"{side}_end"]
            assert 0 <= start < end <= len(text)
            span = text[start:end]
            assert span == span.strip() and span[-1] in '.”"’»'
            assert start == 0 or text[start - 1] in " \n"  # a passage starts a sentence
    derived = {d["kind"] for d in fx.truth["derivations"]}
    assert kind in derived and kind in fx.truth["counts"]["matches_by_kind"]


def test_random_high_touches_more_words_than_random_low(fx: Fixture) -> None:
    low = [_kept(x, y) for x, y in _spans(fx, "random-low")]
    high = [_kept(x, y) for x, y in _spans(fx, "random-high")]
    # Low touches 15-25% of the words, high 35-50%; a moved word is kept, a replaced one may
    # come back from the passage's own words.
    assert 0.75 <= median(low) <= 0.92 and min(low) >= 0.65
    assert 0.6 <= median(high) <= 0.8 and max(high) <= 0.88
    assert median(high) < median(low) - 0.08


def test_a_summary_is_a_third_of_its_source_passage(fx: Fixture) -> None:
    pairs = _spans(fx, "summary")
    assert pairs
    for x, y in pairs:
        short, long = sorted((x, y), key=len)
        words = len(short.split()) / len(long.split())
        assert 0.25 <= words <= 0.45, (short, long)
        assert 0.2 <= len(short) / len(long) <= 0.5
        assert len(re.findall(r"[.?!][”\"’»]?\s", long)) >= 3  # four sentences or more


def _one_edit(x: str, y: str) -> bool:
    """Whether two sentences differ by one figure or by one clause cut."""
    tx, ty = x.split(" "), y.split(" ")
    if len(tx) == len(ty):
        diff = [(p, q) for p, q in zip(tx, ty) if p != q]
        return len(diff) == 1 and all(re.search(r"\d", w) for w in diff[0])
    short, long = sorted((x, y), key=len)
    trailing = long.startswith(short[:-1] + ",")
    leading = long.lower().endswith(short.lower()) and ", " in long[: len(long) - len(short)]
    return trailing or leading


def test_a_sentence_edit_changes_one_figure_or_one_clause(fx: Fixture) -> None:
    pairs = _spans(fx, "sentence-edit")
    assert pairs
    for x, y in pairs:
        assert "\n" not in x and "\n" not in y  # one sentence
        assert _one_edit(x, y), (x, y)


def test_translation_rewords_and_keeps_the_meaningful_words(fx: Fixture) -> None:
    kept = [_kept(x, y) for x, y in _spans(fx, "translation")]
    assert 0.6 <= median(kept) <= 0.9
    joined = " ".join(x + " " + y for x, y in _spans(fx, "translation"))
    assert " by " in joined and ("It was" in joined or "were told by" in joined)


# -- the edits ------------------------------------------------------------------------------------

SENTENCE = (
    "The regional council said on Tuesday that up to 700 volunteers would help clear the "
    "flooded roads near the river, officials in the capital confirmed."
)


def test_scramble_touches_about_the_share_asked_for() -> None:
    rng = Random(1)
    for strength in (0.2, 0.45):
        out = scramble(SENTENCE, rng, strength, 3)
        assert out != SENTENCE and out[0].isupper() and out.endswith(".")
        kept = _kept(SENTENCE, out)
        assert 1 - strength - 0.2 <= kept <= 1 - strength / 3 + 0.05


def test_translate_puts_a_sentence_of_saying_in_the_passive() -> None:
    said = "Officials said the plan was delayed by two weeks."
    outs = [translate(said, Random(k), 0, 0).lower() for k in range(20)]
    assert any(o.startswith("it was s") and "by officials that" in o for o in outs), outs
    made = [translate("The board decided to close the plant.", Random(k), 0, 0) for k in range(5)]
    assert all("decided" not in m for m in made) and any("decision to close" in m for m in made)


def test_summarise_condenses_to_the_ratio() -> None:
    sents = [Sent(SENTENCE.replace("700", str(700 + i)), i) for i in range(9)]
    total = sum(len(s.text.split()) for s in sents)
    out = summarise(sents, Random(4), (0.25, 0.38), 0.0)
    words = sum(len(s.text.split()) for s in out)
    assert 0.25 <= words / total <= 0.45
    assert [s.line for s in out] == sorted(s.line for s in out)  # order kept


def test_edit_sentence_changes_a_figure_or_cuts_a_clause() -> None:
    for k in range(10):
        out = edit_sentence(SENTENCE, Random(k).random)
        assert out != SENTENCE and _one_edit(SENTENCE, out), out


# -- bytes ----------------------------------------------------------------------------------------


def test_obfuscation_corpus_is_deterministic(tmp_path) -> None:
    config = FixtureConfig.obfuscation()
    for run in ("one", "two"):
        write(generate(150, seed=6, config=config), tmp_path / run)
    for name in ("corpus.jsonl", "truth.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_obfuscation_parameters_without_its_rates_change_nothing() -> None:
    base = generate(150, seed=7)
    other = generate(150, seed=7, config=FixtureConfig(random_window=5, summary_ratio=(0.3, 0.4)))
    assert base.articles == other.articles
    assert base.truth["matches"] == other.truth["matches"]
    assert not set(OBFUSCATION_FIELDS) & set(base.truth["generator"]["config"])


def test_obfuscation_config_is_validated() -> None:
    with pytest.raises(ValueError, match="random_high_strength"):
        FixtureConfig(random_high_strength=(0.6, 0.4))
    with pytest.raises(ValueError, match="summary_sentences"):
        FixtureConfig(summary_sentences=(2, 5))
    with pytest.raises(ValueError, match="summary_rate"):
        FixtureConfig(summary_rate=-1.0)


# -- scoring --------------------------------------------------------------------------------------


def test_evaluate_reports_every_kind_and_candidate_recall_counts_its_pairs(fx: Fixture) -> None:
    small = generate(150, seed=8, config=FixtureConfig.obfuscation())
    report = {
        "format": "newsreuse-report",
        "version": 1,
        "settings": {},
        "articles": [],
        "matches": small.truth["matches"],
        "clusters": [],
        "derivations": [],
    }
    ev = evaluate(report, small.truth)
    present = set(small.truth["counts"]["matches_by_kind"])
    assert set(ev.by_kind) == present and set(OBFUSCATION_KINDS) <= present
    assert all(m["plagdet"] == pytest.approx(1.0) for m in ev.by_kind.values())
    table = ev.render_table()
    assert all(k in table for k in OBFUSCATION_KINDS) and "hard negatives" in table
    recall = candidate_recall(small.articles, small.truth, jobs=1)
    assert next(iter(recall)) == "all" and set(recall) == present | {"all"}
    for r in recall.values():
        assert 0 <= r["proposed"] <= r["pairs"] and 0.0 <= r["recall"] <= 1.0
    assert recall["verbatim"]["recall"] == 1.0


def test_fixtures_command_has_the_obfuscation_preset(tmp_path) -> None:
    out = CliRunner().invoke(
        fixtures_cmd, ["-n", "120", "--preset", "obfuscation", "-o", str(tmp_path)]
    )
    assert out.exit_code == 0, out.output
    assert "summary" in out.output and (tmp_path / "truth.json").exists()
