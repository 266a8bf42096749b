"""Clustering: a passage and its copies are one cluster; stories on one page stay apart."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.model import Match
from reuse.stages.cluster import cluster_matches

A = (
    "The harbour authority approved the new flood barrier on Monday after two years of "
    "debate. Work on the barrier will begin in the spring and take three years to finish. "
)
A2 = "The mayor said the cost would be shared by the city and the national government. "
B = (
    "A fire destroyed the old grain warehouse by the river late on Sunday night, and nobody "
    "was hurt. Firefighters fought the blaze for six hours before they brought it under "
    "control. "
)
HEAD = "THE DAILY COURIER | Local news\n\n"
FOOT = "\n\nSubscribe to the Courier for the whole story."
STATEMENT = (
    "The President and the Secretary of State are taking every means possible to obtain full "
    "facts in this grave matter and will act just as soon as the information is obtained, said "
    "the statement issued at the White House."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part.rstrip())


def _match(n: int, texts: dict[str, str], a: str, b: str, part: str) -> Match:
    (sa, ea), (sb, eb) = _span(texts[a], part), _span(texts[b], part)
    if b < a:
        a, b, sa, ea, sb, eb = b, a, sb, eb, sa, ea
    return Match(f"m{n}", a, sa, ea, b, sb, eb, 1.0, "verbatim", False)


def _carriers(clusters: list) -> list[set[str]]:  # type: ignore[type-arg]
    return [{p.article for p in c.passages} for c in clusters]


def test_three_carriers_one_cluster() -> None:
    texts = {"x": HEAD + A + FOOT, "y": "Lead. " + A + "Tail.", "z": A}
    matches = [_match(1, texts, "x", "y", A), _match(2, texts, "x", "z", A)]
    (c,) = cluster_matches(matches, texts)
    assert [(p.article, p.text) for p in c.passages] == [(a, A.rstrip()) for a in "xyz"]


def test_a_digest_page_does_not_chain_its_stories() -> None:
    """A digest page carries stories A and B; other articles carry one of them each, and a
    second digest page carries both. Two clusters, never one."""
    texts = {
        "digest1": "NEWS IN BRIEF\n\n" + A + "\n\n" + B,
        "digest2": "WORLD BRIEFING\n\n" + A + "\n\n" + B + "\n\nMore tomorrow.",
        "a1": HEAD + A + FOOT,
        "a2": A + A2,
        "b1": B + "Police are investigating.",
        "b2": HEAD + B,
    }
    both = A + "\n\n" + B
    matches = [
        _match(1, texts, "digest1", "digest2", both),  # aligned as one long passage
        _match(2, texts, "digest1", "a1", A),
        _match(3, texts, "digest2", "a2", A),
        _match(4, texts, "digest1", "b1", B),
        _match(5, texts, "digest2", "b2", B),
        _match(6, texts, "a1", "a2", A),
    ]
    clusters = cluster_matches(matches, texts)
    assert sorted(map(sorted, _carriers(clusters))) == [
        ["a1", "a2", "digest1", "digest2"],
        ["b1", "b2", "digest1", "digest2"],
    ]
    for c in clusters:
        texts_of = {p.text.strip() for p in c.passages}
        assert texts_of in ({A.strip()}, {B.strip()})


def test_a_trimmed_copy_stays_in_the_passage_it_was_cut_from() -> None:
    """Some outlets cut a wire story's last paragraph: the story stays one cluster, each
    carrier with the part it printed."""
    texts = {"wire": A + A2 + B, "full": HEAD + A + A2 + B + FOOT, "cut1": A + A2, "cut2": A}
    matches = [
        _match(1, texts, "full", "wire", A + A2 + B),
        _match(2, texts, "cut1", "wire", A + A2),
        _match(3, texts, "cut2", "wire", A),
        _match(4, texts, "cut1", "full", A + A2),
    ]
    (c,) = cluster_matches(matches, texts)
    by = {p.article: p.text for p in c.passages}
    assert by["wire"] == (A + A2 + B).rstrip() and by["cut2"] == A.rstrip()


def test_separate_passages_make_separate_clusters_in_order() -> None:
    texts = {"a": A + B, "b": A + "Unrelated words here.", "c": "Other. " + B}
    matches = [_match(1, texts, "a", "b", A), _match(2, texts, "a", "c", B)]
    c1, c2 = cluster_matches(matches, texts)
    assert (c1.id, c2.id) == ("c1", "c2")
    assert _carriers([c1, c2]) == [{"a", "b"}, {"a", "c"}]


@given(st.randoms(use_true_random=False))
@hsettings(max_examples=30, deadline=None)
def test_order_of_matches_does_not_matter(rnd: random.Random) -> None:
    texts = {
        "digest1": "NEWS IN BRIEF\n\n" + A + "\n\n" + B,
        "a1": HEAD + A + FOOT,
        "a2": A + A2,
        "b1": B + "Police are investigating.",
    }
    matches = [
        _match(1, texts, "digest1", "a1", A),
        _match(2, texts, "digest1", "a2", A),
        _match(3, texts, "digest1", "b1", B),
        _match(4, texts, "a1", "a2", A),
    ]
    shuffled = list(matches)
    rnd.shuffle(shuffled)
    assert cluster_matches(shuffled, texts) == cluster_matches(matches, texts)


def test_no_matches_no_clusters() -> None:
    assert cluster_matches([], {"a": A}) == []


def test_two_stories_sharing_a_sentence_do_not_join_through_it() -> None:
    """Three outlets print story A, two print story B; both stories open with the same
    sentence. The sentence is one cluster; A's rest and B's rest never join each other's."""
    shared = "The ministry confirmed the figures late on Monday after a week of delays. "
    texts = {f"x{k}": shared + A for k in range(3)} | {f"y{k}": shared + B for k in range(2)}
    matches = [
        _match(1, texts, "x0", "x1", shared + A),
        _match(2, texts, "x0", "x2", shared + A),
        _match(3, texts, "y0", "y1", shared + B),
        _match(4, texts, "x0", "y0", shared),
    ]
    for c in cluster_matches(matches, texts):
        carriers = {p.article[0] for p in c.passages}
        words = " ".join(p.text for p in c.passages)
        if "harbour" in words:  # story A's text
            assert carriers == {"x"}
        if "warehouse" in words:  # story B's text
            assert carriers == {"y"}


def test_a_statement_cut_by_two_partial_copies_stays_one_passage() -> None:
    """Five outlets print a statement whole; one prints only its opening words (its copy
    breaks off mid-sentence) and one only its end (it picks up mid-sentence). The cuts the two
    leave are carried into every whole copy, and the pieces between are carried by different
    sets of articles; it is still one passage: one cluster."""
    words = STATEMENT.split()
    head, tail = " ".join(words[:14]), " ".join(words[26:])
    texts = {f"x{k}": f"Dispatch {k}. " + STATEMENT + FOOT for k in range(5)}
    texts["head"] = head + " and so on, the paper reported at length."
    texts["tail"] = "Officials were quoted: " + tail
    matches = [_match(k, texts, "x0", f"x{k}", STATEMENT) for k in range(1, 5)]
    matches += [_match(5, texts, "x1", "head", head), _match(6, texts, "x2", "tail", tail)]
    (c,) = cluster_matches(matches, texts)
    assert {p.article for p in c.passages} == {f"x{k}" for k in range(5)} | {"head", "tail"}
    assert all(p.text == STATEMENT for p in c.passages if p.article.startswith("x"))


def test_two_stories_most_carriers_print_together_stay_apart() -> None:
    """Three digest pages print story A and then story B; one other outlet prints each alone.
    A is followed by B in most of the carriers of each, but a sentence ends between them:
    two clusters."""
    texts = {f"digest{k}": f"BRIEFS {k}\n\n" + A + "\n" + B for k in range(3)}
    texts |= {"a": HEAD + A + FOOT, "b": B + "Police are investigating."}
    both = A + "\n" + B
    matches = [_match(1, texts, "digest0", "digest1", both)]
    matches += [_match(2, texts, "digest0", "digest2", both)]
    matches += [_match(3, texts, "digest1", "a", A), _match(4, texts, "digest2", "b", B)]
    assert sorted(map(sorted, _carriers(cluster_matches(matches, texts)))) == [
        ["a", "digest0", "digest1", "digest2"],
        ["b", "digest0", "digest1", "digest2"],
    ]


@pytest.mark.parametrize(
    "between",
    ["\n\n", ",\n\n", "\nMORE NEWS FROM THE CAPITAL\n"],
    ids=["blank line, stop dropped", "comma for a stop", "headline between"],
)
def test_two_stories_printed_together_stay_apart_where_ocr_dropped_the_stop(
    between: str,
) -> None:
    """As above, where OCR dropped story A's last full stop (or read it as a comma): a blank
    line, or a headline in capitals, still ends the item."""
    a = A.rstrip().rstrip(".")
    texts = {f"digest{k}": f"BRIEFS {k}\n\n" + a + between + B for k in range(3)}
    texts |= {"a": HEAD + a + FOOT, "b": B + "Police are investigating."}
    both = a + between + B
    matches = [_match(1, texts, "digest0", "digest1", both)]
    matches += [_match(2, texts, "digest0", "digest2", both)]
    matches += [_match(3, texts, "digest1", "a", a), _match(4, texts, "digest2", "b", B)]
    carriers = sorted(map(sorted, _carriers(cluster_matches(matches, texts))))
    assert ["a", "digest0", "digest1", "digest2"] in carriers
    assert ["b", "digest0", "digest1", "digest2"] in carriers


def test_a_sentence_ends_after_a_title_within_two_words() -> None:
    from reuse.stages.cluster import _sentence_ends

    assert _sentence_ends("said Mr. Jones. The profit", 16)  # "Mr." is a title, "Jones." no
    assert not _sentence_ends("said Gen. Funston today", 10)
    assert not _sentence_ends("The President and the Secretary", 22)
    assert _sentence_ends("in the long run. The profit", 21)  # a word after the stop


def test_a_loose_likeness_between_two_stories_does_not_merge_them() -> None:
    """Two stories, each carried by three outlets; one carrier of each is also paired with the
    other by a loose match (a few ordinary words in common). Two clusters."""
    texts = {f"x{k}": A for k in range(3)} | {f"y{k}": B for k in range(3)}
    matches = [
        _match(1, texts, "x0", "x1", A),
        _match(2, texts, "x0", "x2", A),
        _match(3, texts, "y0", "y1", B),
        _match(4, texts, "y0", "y2", B),
        Match("m5", "x0", 0, len(A.rstrip()), "y0", 0, len(B.rstrip()), 0.3, "paraphrase", False),
    ]
    assert sorted(map(sorted, _carriers(cluster_matches(matches, texts)))) == [
        ["x0", "x1", "x2"],
        ["y0", "y1", "y2"],
    ]


def test_a_loose_paraphrase_of_its_own_is_a_cluster() -> None:
    texts = {"x": A, "y": B}
    m = Match("m1", "x", 0, len(A.rstrip()), "y", 0, len(B.rstrip()), 0.3, "paraphrase", False)
    (c,) = cluster_matches([m], texts)
    assert {p.article for p in c.passages} == {"x", "y"}


def test_the_clusters_of_all_matches_are_those_of_each_group_found_apart() -> None:
    # What the Spark engine rests on: each group of matches that meet in an article (and the
    # matches those meet) is clustered apart, its matches in their order, each with only its
    # own articles' texts; the clusters are those of all the matches together.
    from reuse import FixtureConfig, detect, generate
    from reuse.stages.cluster import found_clusters, match_groups, numbered_clusters

    config = FixtureConfig.news_day(wire_carriers=(6, 12))
    report = detect(generate(160, seed=5, config=config).articles)
    matches = [m for m in report.matches if m.via is None]
    groups = [[matches[k] for k in g] for g in match_groups(matches)]
    assert len(groups) > 5 and max(len(g) for g in groups) > 10
    apart = [
        c
        for g in reversed(groups)
        for c in found_clusters(g, {x: report.texts[x] for m in g for x in (m.a, m.b)})
    ]
    together = cluster_matches(matches, report.texts)
    assert len(together) > 20
    assert numbered_clusters(apart) == together


def test_matches_meet_where_their_sides_overlap_or_nearly_touch() -> None:
    from reuse.stages.cluster import _APART, article_links

    sides = [(0, 100, 0), (90, 200, 1), (200 + _APART - 1, 300, 2), (300 + _APART, 400, 3)]
    assert list(article_links(reversed(sides))) == [(0, 1), (0, 2)]
