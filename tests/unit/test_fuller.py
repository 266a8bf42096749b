"""The fuller text: of three articles that share one text with nothing to order them, the one
holding what the other two share, and more of each, is their likelier source."""

from __future__ import annotations

from typing import Optional

import reuse
from reuse.model import Article, Match
from reuse.stages.attribution import attribute
from reuse.stages.attribution.fuller import FullerTexts

P1 = (
    "The harbour authority approved the new flood barrier on Monday after two years of "
    "debate, and the first contracts will be signed before the end of the month. "
)
P2 = (
    "Work on the barrier will begin in the spring and take three years to finish, the "
    "authority said, at a cost the engineers put at four hundred million pounds. "
)
P3 = (
    "Residents of the lower town, flooded twice in the last decade, welcomed the vote but "
    "asked that the old sea wall be kept in repair until the barrier is complete. "
)
OWN_A = "Our reporter at the council writes on the week's decisions in the port city. "
END_A = "Letters on this story may be sent to the editor of the Morning Post by Friday. "
OWN_B = "In brief, from the coast, where the winter storms have done great damage. "
END_B = "The Evening Courier's weather column appears on the back page of this edition. "


def _match(n: int, texts: dict[str, str], a: str, b: str, part: str) -> Match:
    sa, sb = texts[a].index(part), texts[b].index(part)
    ea, eb = sa + len(part.rstrip()), sb + len(part.rstrip())
    if b < a:
        a, b, sa, ea, sb, eb = b, a, sb, eb, sa, ea
    return Match(f"m{n}", a, sa, ea, b, sb, eb, 1.0, "verbatim", False)


def _star(published: Optional[dict[str, str]] = None) -> tuple[dict[str, Article], list[Match]]:
    """`src` holds three paragraphs; `a` prints the first two under its own top and end, `b`
    the last two under its own: `a` and `b` share only the second, which `src` holds too."""
    texts = {
        "src": P1 + P2 + P3,
        "a": OWN_A + P1 + P2 + END_A,
        "b": OWN_B + P2 + P3 + END_B,
    }
    published = published or {}
    arts = {
        k: Article(k, t, outlet=f"Outlet {k}", published=published.get(k)) for k, t in texts.items()
    }
    matches = [
        _match(1, texts, "a", "src", P1 + P2),
        _match(2, texts, "b", "src", P2 + P3),
        _match(3, texts, "a", "b", P2),
    ]
    return arts, sorted(matches, key=lambda m: (m.a, m.b))


def test_the_text_holding_what_two_others_share_and_more_of_each_is_the_fuller() -> None:
    _, matches = _star()
    fuller = FullerTexts(matches)
    assert fuller.holds("src", "a", "b")
    assert fuller.witnesses("a", "b") == ["src"]
    # Neither copy holds what the other shares with the source, and more of each.
    assert not fuller.holds("a", "src", "b") and not fuller.holds("b", "src", "a")
    assert fuller.fuller_for("src", "a") == 1 and fuller.fuller_for("a", "src") == 0


def test_without_times_the_fuller_text_is_the_source_and_its_copies_are_siblings() -> None:
    arts, matches = _star()
    derivations = {(d.source, d.target): d for d in attribute(matches, arts)}
    assert derivations[("src", "a")].relation == "copied"
    assert derivations[("src", "b")].relation == "copied"
    assert any("the fuller text" in e for e in derivations[("src", "a")].evidence)
    # The two copies did not take the paragraph from each other: no copy joins them.
    assert not any(
        d.relation == "copied" and {d.source, d.target} == {"a", "b"} for d in derivations.values()
    )


def test_publication_times_order_a_pair_before_the_fuller_text_does() -> None:
    """Dated, the copy `a` came first: time, not the fuller text, says who took from whom."""
    published = {
        "a": "2024-03-04T08:00:00Z",
        "src": "2024-03-04T12:00:00Z",
        "b": "2024-03-04T16:00:00Z",
    }
    arts, matches = _star(published)
    derivations = {(d.source, d.target): d for d in attribute(matches, arts)}
    assert ("a", "src") in derivations and derivations[("a", "src")].relation == "copied"
    assert not any("fuller" in e for d in derivations.values() for e in d.evidence)


def test_three_texts_holding_the_same_passage_have_no_fuller_text() -> None:
    texts = {"x": OWN_A + P2 + END_A, "y": OWN_B + P2 + END_B, "z": P2}
    matches = [
        _match(1, texts, "x", "y", P2),
        _match(2, texts, "x", "z", P2),
        _match(3, texts, "y", "z", P2),
    ]
    fuller = FullerTexts(matches)
    assert all(not fuller.witnesses(a, b) for a, b in (("x", "y"), ("x", "z"), ("y", "z")))


def test_detect_and_explain_read_the_fuller_text_alike() -> None:
    arts, _ = _star()
    report = reuse.detect(list(arts.values()))
    assert sorted((d.source, d.target, d.relation) for d in report.derivations) == [
        ("src", "a", "copied"),
        ("src", "b", "copied"),
    ]
    (story,) = report.stories
    assert story.source_article == "src"
    pair = reuse.explain(list(arts.values()), "a", "b").to_dict()
    attribution = pair["stages"]["corpus"]["attribution"]
    assert (attribution["relation"], attribution["reason"]) == ("common-source", "fuller text")
    copy = reuse.explain(list(arts.values()), "a", "src").to_dict()
    signals = {s["signal"]: s["value"] for s in copy["stages"]["corpus"]["attribution"]["signals"]}
    assert signals["fuller"] == -1.0  # src, the pair's second article, is the fuller text


def test_articles_of_one_date_are_siblings_of_the_fuller_text_not_ordered_by_it() -> None:
    """Dated the same day, by day alone: the two copies are still two copies of the fuller
    text, but the fuller text is not made the source of either by being fuller (printed the
    same day, it is as likely the nearest copy of a wire story all three took)."""
    arts, matches = _star({k: "2024-03-04" for k in ("src", "a", "b")})
    derivations = attribute(matches, arts)
    assert not any("the fuller text" in e for d in derivations for e in d.evidence)
    assert not any(
        d.relation == "copied" and {d.source, d.target} == {"a", "b"} for d in derivations
    )


def _trimmed() -> tuple[dict[str, Article], list[Match]]:
    """`wire` holds three paragraphs; `b` prints all three under its own top; `a` prints the
    first two alone. Nothing dates them. Read as two texts alone, `a` lies wholly inside
    `wire`, at its start: `wire` may add a tail to `a`, or `a` be `wire` cut short. `b` holds
    all that `a` and `wire` share, so `a` may as well have taken it from `b`, or both from
    `wire`, as here."""
    texts = {"wire": P1 + P2 + P3, "a": P1 + P2, "b": OWN_B + P1 + P2 + P3}
    arts = {k: Article(k, t, outlet=f"Outlet {k}") for k, t in texts.items()}
    matches = [
        _match(1, texts, "a", "b", P1 + P2),
        _match(2, texts, "a", "wire", P1 + P2),
        _match(3, texts, "b", "wire", P1 + P2 + P3),
    ]
    return arts, sorted(matches, key=lambda m: (m.a, m.b))


def test_a_copy_whose_text_a_third_article_holds_is_at_most_even_odds() -> None:
    arts, matches = _trimmed()
    fuller = FullerTexts(matches)
    assert fuller.holders("a", "wire") == ["b"] and not fuller.witnesses("a", "wire")
    assert fuller.holders("b", "wire") == []  # `a` holds two of the three paragraphs only
    derivations = {(d.source, d.target): d for d in attribute(matches, arts)}
    assert set(derivations) == {("a", "wire"), ("wire", "b")}
    doubted = derivations[("a", "wire")]
    assert doubted.relation == "copied" and doubted.confidence <= 0.5
    assert any("b also holds the text both share" in e for e in doubted.evidence)
    # `wire` lies wholly inside `b`, which adds a top, and no third article holds it all.
    sure = derivations[("wire", "b")]
    assert sure.relation == "copied" and sure.confidence > 0.9
    assert not any("also holds" in e for e in sure.evidence)
    # `newsreuse explain` reads the pair as the report does.
    pair = reuse.explain(list(arts.values()), "a", "wire").to_dict()
    assert pair["stages"]["corpus"]["attribution"]["confidence"] == doubted.confidence
