"""The results: plain frozen dataclasses that turn into the report format of CONTRACT.md.

Offsets are 0-based, end-exclusive indices into `Article.text` exactly as loaded, so
`article.text[start:end]` is always the passage.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from .errors import ReportFormatError

__all__ = [
    "Article",
    "Problem",
    "ArticleSummary",
    "Match",
    "Passage",
    "Cluster",
    "Derivation",
    "QuoteVariant",
    "TrackedQuote",
    "Boilerplate",
    "Story",
    "Report",
    "MatchKind",
    "Relation",
    "read_report",
]

MatchKind = Literal["verbatim", "near-verbatim", "paraphrase"]
Relation = Literal["copied", "common-source"]


@dataclass(frozen=True)
class Article:
    """One article as loaded. `text` is never altered after decoding.

    `origin` says where it came from (`file` or `file:line`), for messages.
    `published` is an ISO 8601 string as given (or as inferred from the text, then
    `published_inferred` is true). `extra` keeps any other field the input had, so nothing a
    user gave is lost.
    """

    id: str
    text: str
    outlet: Optional[str] = None
    published: Optional[str] = None
    published_inferred: bool = False
    title: Optional[str] = None
    url: Optional[str] = None
    byline: Optional[str] = None
    origin: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Problem:
    """Something in the input that was skipped, repaired or guessed: never silently."""

    where: str
    message: str
    article: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "article": self.article, "message": self.message}

    def __str__(self) -> str:
        who = f" [{self.article}]" if self.article else ""
        return f"{self.where}{who}: {self.message}"


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    outlet: Optional[str]
    published: Optional[str]
    published_inferred: bool
    title: Optional[str]
    chars: int
    reused_chars: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "published": self.published,
            "published_inferred": self.published_inferred,
            "title": self.title,
            "chars": self.chars,
            "reused_chars": self.reused_chars,
        }


@dataclass(frozen=True)
class Match:
    """One passage pair between two different articles; `a` < `b` by id.

    `a_literal_chars` / `b_literal_chars` (an extension of the contract) count the characters
    of the passage, on each side, in runs of three or more words that are the same and in the same
    order on the other side: the verbatim part of a passage, whatever its kind.

    `via` (an extension of the contract) is None for a pair the aligner compared directly, and
    a cluster's id for a pair of that cluster's carriers that was not compared directly but
    shares its passage (checked on the two passages' words): a story carried by forty outlets
    has all its 780 pairs reported, though candidate search bounds the comparisons it makes.
    """

    id: str
    a: str
    a_start: int
    a_end: int
    b: str
    b_start: int
    b_end: int
    similarity: float
    kind: MatchKind
    quoted: bool
    a_literal_chars: int = 0
    b_literal_chars: int = 0
    via: Optional[str] = None
    # Edit direction, for attribution (not part of the report): positive when the words that
    # differ are rarer in b (typos, spun synonyms appear in the copy), so b looks derived from a.
    edits: float = field(default=0.0, compare=False)
    # Context direction, for attribution: positive when the passage's names recur in the rest of
    # a more than in the rest of b (the original is about its own story).
    context: float = field(default=0.0, compare=False)
    # Cohesion direction, for attribution: positive when the text around the passage shares
    # more of its words in a than in b (the original sits among sentences on the same things).
    cohesion: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "a": self.a,
            "a_start": self.a_start,
            "a_end": self.a_end,
            "b": self.b,
            "b_start": self.b_start,
            "b_end": self.b_end,
            "similarity": self.similarity,
            "kind": self.kind,
            "quoted": self.quoted,
            "a_literal_chars": self.a_literal_chars,
            "b_literal_chars": self.b_literal_chars,
            "via": self.via,
        }


@dataclass(frozen=True)
class Passage:
    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Cluster:
    """The same passage as it recurs across two or more articles."""

    id: str
    quoted: bool
    passages: tuple[Passage, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quoted": self.quoted,
            "passages": [p.to_dict() for p in self.passages],
        }


@dataclass(frozen=True)
class Derivation:
    """A related pair of articles: `target` copied from `source`, or both share a common source."""

    source: str
    target: str
    relation: Relation
    confidence: float
    shared_chars: int
    target_coverage: float
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "relation": self.relation,
            "confidence": self.confidence,
            "shared_chars": self.shared_chars,
            "target_coverage": self.target_coverage,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class QuoteVariant:
    """One wording of a tracked quote and the articles that carry it, earliest first."""

    text: str
    articles: tuple[str, ...]
    outlets: tuple[Optional[str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "articles": list(self.articles), "outlets": list(self.outlets)}


@dataclass(frozen=True)
class TrackedQuote:
    """A quotation carried by two or more articles, with its variants (the mutations between
    outlets) and the earliest known carrier (None when no carrier has a publication time)."""

    id: str
    text: str
    cluster: str
    earliest: Optional[str]
    variants: tuple[QuoteVariant, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "cluster": self.cluster,
            "earliest": self.earliest,
            "variants": [v.to_dict() for v in self.variants],
        }


@dataclass(frozen=True)
class Boilerplate:
    """A passage repeated across many articles of one outlet (a newsletter prompt, a footer),
    or a notice that articles of several outlets print at the top or end of their own stories
    (an agency's terms of use; `outlet` None): listed here, kept out of the reuse figures and of
    the derivations."""

    id: str
    outlet: Optional[str]
    text: str
    passages: tuple[Passage, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "text": self.text,
            "passages": [p.to_dict() for p in self.passages],
        }


@dataclass(frozen=True)
class Story:
    """A cluster's provenance: the passage, every article that carries it (earliest first), who
    printed it first, the agency the carriers credit, whether the source is in the corpus, and
    how the story spread over time.

    `source` is "in-corpus" (`source_article` is the original: an agency's own article, or the
    carrier the others evidently copied), "unseen" (the carriers credit an agency whose copy is
    not in the corpus) or "unknown". `spread` counts carriers per day (per hour when every
    carrier has a time of day). `purity` is the share of the cluster's passages that share text
    with its core passage (the one most carriers are paired with): below 1 a cluster holds text
    that is not one passage. `earliest_tied` counts the other carriers that the dates cannot put
    after `earliest` (printed the same day where a date has no time of day, or at the same
    time): any of them may have printed the story first. It is 0 when `earliest` is evidently
    first, and None when no carrier is dated (or the report predates the field).
    """

    id: str
    cluster: str
    core: str
    text: str
    carriers: tuple[str, ...]
    outlets: int
    earliest: Optional[str]
    first_seen: Optional[str]
    last_seen: Optional[str]
    spread: tuple[tuple[str, int], ...]
    wire: Optional[str]
    source: Literal["in-corpus", "unseen", "unknown"]
    source_article: Optional[str]
    purity: float
    quoted: bool
    evidence: tuple[str, ...] = ()
    # The mean confidence of the pairwise common-source relations the story tells (see
    # `Report.relations`); None when it tells none.
    confidence: Optional[float] = None
    earliest_tied: Optional[int] = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cluster": self.cluster,
            "core": self.core,
            "text": self.text,
            "carriers": list(self.carriers),
            "outlets": self.outlets,
            "earliest": self.earliest,
            "earliest_tied": self.earliest_tied,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "spread": [{"period": p, "carriers": n} for p, n in self.spread],
            "wire": self.wire,
            "source": self.source,
            "source_article": self.source_article,
            "purity": self.purity,
            "quoted": self.quoted,
            "evidence": list(self.evidence),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Report:
    """Everything one run found, in the shape of CONTRACT.md's JSON report."""

    settings: dict[str, Any]
    articles: tuple[ArticleSummary, ...]
    matches: tuple[Match, ...]
    clusters: tuple[Cluster, ...]
    derivations: tuple[Derivation, ...]
    problems: tuple[Problem, ...] = ()
    # Each article's text by id; a mapping that reads texts from a file when asked (a report over
    # a `reuse.Index`) or a dict.
    texts: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    quotes: tuple[TrackedQuote, ...] = ()
    boilerplate: tuple[Boilerplate, ...] = ()
    stories: tuple[Story, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "newsreuse-report",
            "version": 1,
            "settings": self.settings,
            "articles": [a.to_dict() for a in self.articles],
            "matches": [m.to_dict() for m in self.matches],
            "clusters": [c.to_dict() for c in self.clusters],
            "derivations": [d.to_dict() for d in self.derivations],
            "quotes": [q.to_dict() for q in self.quotes],
            "boilerplate": [b.to_dict() for b in self.boilerplate],
            "stories": [s.to_dict() for s in self.stories],
            "counts": dict(self.counts),
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON report: byte-identical for the same input and settings."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, sort_keys=False) + "\n"

    def relations(self) -> list[Derivation]:
        """Every pairwise relation: the derivations, and the ones wide stories tell.

        A story with three or more carriers whose source is not in the corpus tells the relation
        of its carriers' pairs: each pair of its carriers that a match pairs and no derivation
        relates is a `common-source` pair (their common source is the story's), with the
        story's confidence. This is what a report held before stories took those pairs over, so
        consumers that want pairs (an evaluation, a graph of outlets) expand stories with it.
        """
        related = {tuple(sorted((d.source, d.target))) for d in self.derivations}
        shared: dict[tuple[str, str], int] = {}
        for m in self.matches:
            shared[(m.a, m.b)] = shared.get((m.a, m.b), 0) + (m.b_end - m.b_start)
        chars = {a.id: a.chars for a in self.articles}
        out = list(self.derivations)
        for story in self.stories:
            if len(story.carriers) < 3 or story.source == "in-corpus":
                continue
            carriers = sorted(story.carriers)
            for i, a in enumerate(carriers):
                for b in carriers[i + 1 :]:
                    if (a, b) in related or (a, b) not in shared:
                        continue
                    related.add((a, b))
                    out.append(
                        Derivation(
                            a,
                            b,
                            "common-source",
                            story.confidence if story.confidence is not None else 0.5,
                            shared[(a, b)],
                            round(shared[(a, b)] / max(chars.get(b, 1), 1), 4),
                            (f"both carry story {story.id}, whose source is not in the corpus",),
                        )
                    )
        out.sort(key=lambda d: (d.source, d.target))
        return out

    def article(self, article_id: str) -> ArticleSummary:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """The report a JSON report (`to_dict`'s shape) describes; the articles' texts are not in
        it, so `texts` is empty (the passages of clusters carry their text).

        Raises:
            ReportFormatError: `data` is not a newsreuse report or lacks a field it needs.
        """
        if not isinstance(data, Mapping) or data.get("format") != "newsreuse-report":
            raise ReportFormatError(
                'not a newsreuse report (no "format": "newsreuse-report"); give the JSON '
                "written by `newsreuse report CORPUS -f json`"
            )
        try:
            return cls(
                settings=dict(data.get("settings") or {}),
                articles=tuple(ArticleSummary(**a) for a in data.get("articles") or []),
                matches=tuple(Match(**m) for m in data.get("matches") or []),
                clusters=tuple(
                    Cluster(c["id"], c["quoted"], tuple(Passage(**p) for p in c["passages"]))
                    for c in data.get("clusters") or []
                ),
                derivations=tuple(
                    Derivation(**{**d, "evidence": tuple(d.get("evidence") or ())})
                    for d in data.get("derivations") or []
                ),
                problems=tuple(Problem(**p) for p in data.get("problems") or []),
                quotes=tuple(
                    TrackedQuote(
                        q["id"],
                        q["text"],
                        q["cluster"],
                        q["earliest"],
                        tuple(
                            QuoteVariant(v["text"], tuple(v["articles"]), tuple(v["outlets"]))
                            for v in q["variants"]
                        ),
                    )
                    for q in data.get("quotes") or []
                ),
                boilerplate=tuple(
                    Boilerplate(
                        b["id"], b["outlet"], b["text"], tuple(Passage(**p) for p in b["passages"])
                    )
                    for b in data.get("boilerplate") or []
                ),
                stories=tuple(
                    Story(
                        **{
                            **s,
                            "carriers": tuple(s["carriers"]),
                            "spread": tuple((x["period"], x["carriers"]) for x in s["spread"]),
                            "evidence": tuple(s.get("evidence") or ()),
                        }
                    )
                    for s in data.get("stories") or []
                ),
                counts=dict(data.get("counts") or {}),
            )
        except (KeyError, TypeError) as exc:
            raise ReportFormatError(f"the report lacks or mistypes a field ({exc})") from exc


def read_report(path: str | os.PathLike[str]) -> Report:
    """The report in a JSON report file (`newsreuse report CORPUS -o report.json`).

    Raises:
        ReportFormatError: the file cannot be read, is not JSON or is not a newsreuse report;
            the message names the file.
    """
    try:
        data = json.loads(open(path, encoding="utf-8").read())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportFormatError(f"{os.fspath(path)}: cannot read a JSON report ({exc})") from exc
    try:
        return Report.from_dict(data)
    except ReportFormatError as exc:
        raise ReportFormatError(f"{os.fspath(path)}: {exc}") from exc
