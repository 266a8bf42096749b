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
  (a press release inside an article, a wire story reprinted with a new top), unless it sits at
  the other's start and the other only goes on after it (a tail added, or a copy cut short from
  the bottom: containment orders them only weakly); two articles that
  share most of their text while each keeps material of its own both rewrote one story when a
  third article carries it too, and when none does, one reprinted the other under its own top
  and end (never near certain);
- edit direction: typos, spun synonyms and house-style variants appear in the copy, and they are
  rarer in the corpus than the words they replace;
- story context: the people and places a passage names recur around it in the original, while
  a copy pasted into another story names them only there;
- cohesion: the sentences just before and after a passage share its words in the original,
  which it is part of, and not in a copy pasted among sentences about something else;
- house style: text pasted from another outlet keeps that outlet's quotation marks, dashes and
  spelling, which the rest of the copying article does not use;
- news agencies: an outlet that is an agency (by name, or by the credit its own text gives
  itself: "PRAGUE (Southern Hemisphere Press) —" under that outlet) is where others take copy
  from;
- closeness: loose paraphrase is what articles on one story share by chance, so relations are
  read from the close passages, and two reports whose only close wording is a quotation quote
  one speaker.

The direction signals add up to log-odds, and the confidence is a probability that the reported
relation and direction are right, from a small model fitted on generated corpora (see
`weigh.calibrate`).

Where nothing else orders three articles that share one text (no publication times, or one
date for all, no agency, no credit), the one that holds what the other two share, and more of
each, is the fuller text: the two are `common-source`, and where a pair lacks a publication
time, the fuller text of the pair is its likelier source (`fuller.py`).

Among the carriers of one agency's story (its carriers credit the agency, two of them or more,
or one carrier is the agency's own copy), these signals say which carrier is nearest the
agency's copy, not that one took the story from another: two carriers whose shared text is the
story's, neither of them an agency, are `common-source` (`same_wire`, read from the clusters by
`reuse.stages.stories.read_stories`). Two carriers that share more than the story (one's own
paragraph, its top) are left to their signals.

Then the graph is pruned as a chain of copies implies: each article's text is credited to its
most direct source (the closest, most complete copy), so A -> B -> C gives two edges, not three,
and two outlets of one wire story present in the corpus are related through it, not directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Optional

from ...checkpoint import Checkpoint
from ...model import Article, Derivation, Match, Problem
from ...progress import Progress
from ...text.spans import union_length
from .fuller import FullerTexts, doubt_by_holder, read_fuller
from .weigh import Weighed, common_confidence, weighed_pairs

# Why two articles weighed as a copy carry one agency's story instead, or None: (a, b, the
# spans of the text they share in a, in b).
SameWire = Callable[[str, str, Sequence[tuple[int, int]], Sequence[tuple[int, int]]], Optional[str]]

__all__ = ["attribute", "carry_one_story", "SameWire"]


def attribute(
    matches: Sequence[Match],
    articles: Mapping[str, Article],
    exclude: Optional[set[tuple[str, str]]] = None,
    *,
    jobs: int = 1,
    problems: Optional[list[Problem]] = None,
    progress: Optional[Progress] = None,
    checkpoint: Optional[Checkpoint] = None,
    same_wire: Optional[SameWire] = None,
) -> list[Derivation]:
    """One derivation per related pair of articles, pruned to direct sources, sorted. `jobs`
    processes weigh the pairs; the result does not depend on it. A pair whose weighing fails
    gets no derivation and a Problem in `problems`. With a `checkpoint`, the weighing steps
    are kept there, and those an earlier run kept are read instead (`weighed_pairs`).

    `same_wire(a, b, spans_a, spans_b)`, when given, says why two articles weighed as a copy
    both carry one agency's story instead (an evidence line), or None: such a pair is
    `common-source` before the graph is pruned (`StoryReadings.same_wire`)."""
    pairs = weighed_pairs(
        matches, articles, exclude, jobs, problems, progress, checkpoint=checkpoint
    )
    # Copies no time, agency or credit orders: the fuller text of three is their likelier source.
    fuller = FullerTexts(m for m in matches if not exclude or (m.a, m.b) not in exclude)
    read_fuller(pairs, fuller)
    if same_wire is not None:
        for p in pairs.values():
            carry_one_story(p, same_wire)
    # The copies still unordered whose text a third article holds: at most even odds.
    for key in sorted(pairs):
        doubt_by_holder(pairs[key], fuller)

    # Copy edges as (source id, pair) by target id; each target keeps its most direct sources.
    edges: dict[str, list[tuple[str, Weighed]]] = defaultdict(list)
    for p in pairs.values():
        if p.relation == "copied":
            source, target = (p.a, p.b) if p.forward >= 0 else (p.b, p.a)
            edges[target].append((source, p))
    kept: set[tuple[str, str]] = set()  # pairs (a id, b id) whose copy edge is kept
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)  # text explained by kept edges
    for target_id in sorted(edges):

        def strength(item: tuple[str, Weighed]) -> tuple[float, float, str]:
            source_id, p = item
            sim = max(m.similarity for m in p.matches)
            return (-sim, -p.shared, source_id)

        explained: list[tuple[int, int]] = []
        for source_id, p in sorted(edges[target_id], key=strength):
            spans_t = p.spans_b if p.b == target_id else p.spans_a
            spans_s = p.spans_a if p.b == target_id else p.spans_b
            total = union_length(spans_t)
            new = union_length(explained + spans_t) - union_length(explained)
            if explained and new < _ALREADY_CREDITED * total:
                continue  # this text of the target is already credited to a closer source
            kept.add((p.a, p.b))
            explained += spans_t
            covered[target_id] += spans_t
            covered[source_id] += spans_s
    out: list[Derivation] = []
    for key in sorted(pairs):
        p = pairs[key]
        if p.relation == "copied" and (p.a, p.b) not in kept:
            continue
        if (
            p.relation == "common-source"
            and _explained(p.spans_a, covered[p.a])
            and _explained(p.spans_b, covered[p.b])
        ):
            continue  # both carry it from a source in the corpus, which the graph already shows
        if p.relation == "copied":
            source, target = (p.a, p.b) if p.forward >= 0 else (p.b, p.a)
        else:
            source, target = p.a, p.b
        spans_t, len_t = (p.spans_b, p.len_b) if target == p.b else (p.spans_a, p.len_a)
        shared_t = union_length(spans_t)
        out.append(
            Derivation(
                source,
                target,
                "copied" if p.relation == "copied" else "common-source",
                round(p.confidence, 3),
                shared_t,
                round(shared_t / max(len_t, 1), 4),
                tuple(p.evidence)
                if p.relation != "copied"
                else tuple(outweighed(p.evidence, source, target)),
            )
        )
    out.sort(key=lambda d: (d.source, d.target))
    return out


# What a line of evidence says when its signal orders the pair the other way from the verdict.
_OUTWEIGHED = " (outweighed: the other signals order the pair the other way)"


def outweighed(evidence: Sequence[str], source: str, target: str) -> list[str]:
    """The evidence of a copy from `source` to `target`, each line whose signal says `target`
    came first marked as outweighed: "where the wording differs, S has the rarer variants ...:
    edits made in copying T" under "T copied from S" would read as a reason for it."""

    def reversed_(line: str) -> bool:
        s, t = target, source  # the order the line would argue for
        return (
            (line.startswith(f"{s} was published (") and f") before {t} (" in line)
            or line.startswith(f"where the wording differs, {t} has the rarer variants")
            or line.startswith(f"the names in the shared text recur elsewhere in {s} but less")
            or line.startswith(f"the text around the shared passage in {s} is about the same")
            or line.startswith(f"in {t} the shared text uses ")
            or line.startswith(f"{s} is from a news agency")
            or (line.startswith(f"{t} credits ") and line.endswith(f", which published {s}"))
        )

    return [line + _OUTWEIGHED if reversed_(line) else line for line in evidence]


def carry_one_story(p: Weighed, same_wire: SameWire) -> None:
    """A pair weighed as a copy whose two articles carry one agency's story (`same_wire`
    says why) made `common-source`, with that evidence."""
    if p.relation != "copied":
        return
    why = same_wire(p.a, p.b, p.spans_a, p.spans_b)
    if why:
        p.relation, p.reason = "common-source", "same wire"
        p.confidence = common_confidence("same wire", p.matches)
        p.evidence.append(why)


# A source whose shared text with the target is less than this share new (not already credited
# to a closer source) adds nothing to the target's derivation: the chain A -> B -> C is two
# edges, not three. Likewise a common-source pair whose texts are both this much explained by
# kept copy edges is shown by them.
_ALREADY_CREDITED = 0.3


def _explained(spans: list[tuple[int, int]], by: list[tuple[int, int]]) -> bool:
    if not by:
        return False
    total = union_length(spans)
    return union_length(spans + by) - union_length(by) < _ALREADY_CREDITED * total
