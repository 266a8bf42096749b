"""Shared fixtures: the demo corpus and the Clough & Stevenson corpus, in the repository.

Also a small report built by hand (`hand_report`), for the report renderers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import reuse
from reuse.model import (
    Article,
    ArticleSummary,
    Cluster,
    Derivation,
    Match,
    Passage,
    Problem,
    Report,
)

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files marked `first` (the longest) are collected first, the rest in their order: the
    workers (`-n auto --dist loadfile --no-loadscope-reorder`) take whole files in that order,
    so the longest starts at once instead of running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("first") is None)


# The Spark tests' fixtures: a local[2] session and a generated news day with the local engine's
# report over it, made once for each test module that asks (each Spark module runs on one pytest
# worker with its own session, so that the two Spark modules can run side by side).
@pytest.fixture(scope="module")
def session() -> Any:
    pytest.importorskip("pyspark", reason="the spark extra (pip install -e '.[dev]' brings it)")
    from reuse.spark import spark_session

    # A C1-only JIT: a test's short JVM spends much of its CPU compiling for speed it never
    # reaches (the command's own run, in test_spark_checkpoint.py, keeps the package's options).
    s = spark_session("local[2]", java_options=("-XX:TieredStopAtLevel=1",))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def news_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spark")
    config = reuse.FixtureConfig.news_day(wire_carriers=(6, 12))
    path, _ = reuse.fixtures.write(reuse.generate(160, seed=11, config=config), folder)
    return Path(path)


@pytest.fixture(scope="module")
def local_day(news_day: Path) -> reuse.Report:
    """The local engine's report over the day: what every Spark run over it must give."""
    return reuse.detect(news_day, jobs=2)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def clough_dir() -> Path:
    return ROOT / "tests" / "data" / "clough_stevenson_short_answer"


# A report built by hand, for the report renderers: three articles on one story (a wire story, a
# newspaper that copied it, a blog quoting the same speaker), one passage of each kind, a cluster
# of three, one derivation of each relation, and scraped markup in a text that must stay text.
_WIRE = (
    "ROTTERDAM (Wire) — Dock workers at Europe's largest port walked off the job on Monday, "
    "halting container traffic at three terminals and leaving dozens of ships waiting at anchor "
    "in the North Sea.\n\n"
    "The strike was called by the FNV Havens union after talks on a new collective agreement "
    "broke down late on Sunday. The union is demanding a 7 percent pay rise and earlier "
    "retirement for crane operators who work night shifts.\n\n"
    '"We have been patient for eight months, and the employers have given us nothing but '
    'delays," union spokesman Niek Stam told reporters outside the Maasvlakte terminal.\n\n'
    "Port authority figures show that about 40,000 containers move through the affected "
    "terminals each day. Shipping lines Maersk and MSC said they were diverting some vessels to "
    "Antwerp and Hamburg.\n\n"
    "Employers' group VWH said it regretted the action and called on the union to return to the "
    "table.\n"
)
_DAILY = (
    "The Daily Courier | Business\n\n"
    "Shipping chaos as Rotterdam dockers strike\n\n"
    "Dock workers at Europe's largest port walked off the job on Monday, halting container "
    "traffic at three terminals and leaving dozens of ships waiting at anchor in the North Sea.\n\n"
    "The strike was called by the union FNV Havens after talks over a new collective agreement "
    "collapsed late on Sunday. The union wants a 7 percent pay rise and earlier retirement for "
    "crane operators working night shifts.\n\n"
    'Local businesses fear the stoppage could last for weeks. "Every day the port is shut costs '
    'the region millions," said Anja de Vries, who runs a freight forwarding firm in Schiedam.\n\n'
    'Union spokesman Niek Stam said workers had "been patient for eight months" while employers '
    'offered "nothing but delays".\n'
)
_BLOG = (
    "Harbour Blog: notes from the quayside\n\n"
    "Posted by a reader. Comment widget: <script>alert(1)</script> "
    '<img src=x onerror="window.__pwned=1"> '
    "<script>window.__pwned=1;document.title='pwned'</script>\n\n"
    "The mood at the gates this morning was defiant. Niek Stam, speaking for the union, said: "
    '"We have waited eight months and all the employers have offered is one delay after '
    'another."\n\n'
    "Nobody we spoke to expected a quick end. Several drivers said they would sit in their cabs "
    "until the afternoon.\n"
)


def _span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def build_hand_report() -> Report:
    """The hand-made report (see above); a function so tests can build variants of it."""
    texts = {"blog-003": _BLOG, "daily-002": _DAILY, "wire-001": _WIRE}
    verbatim = (
        "Dock workers at Europe's largest port walked off the job on Monday, halting "
        "container traffic at three terminals and leaving dozens of ships waiting at "
        "anchor in the North Sea."
    )
    near_daily = (
        "The strike was called by the union FNV Havens after talks over a new "
        "collective agreement collapsed late on Sunday. The union wants a 7 percent pay "
        "rise and earlier retirement for crane operators working night shifts."
    )
    near_wire = (
        "The strike was called by the FNV Havens union after talks on a new collective "
        "agreement broke down late on Sunday. The union is demanding a 7 percent pay rise "
        "and earlier retirement for crane operators who work night shifts."
    )
    quote_blog = (
        '"We have waited eight months and all the employers have offered is one delay '
        'after another."'
    )
    quote_daily = (
        'Union spokesman Niek Stam said workers had "been patient for eight months" '
        'while employers offered "nothing but delays".'
    )
    quote_wire = (
        '"We have been patient for eight months, and the employers have given us '
        'nothing but delays," union spokesman Niek Stam'
    )
    d1 = _span(_DAILY, verbatim)
    w1 = _span(_WIRE, verbatim)
    d2 = _span(_DAILY, near_daily)
    w2 = _span(_WIRE, near_wire)
    bq = _span(_BLOG, quote_blog)
    dq = _span(_DAILY, quote_daily)
    wq = _span(_WIRE, quote_wire)
    matches = (
        Match("m1", "daily-002", *d1, "wire-001", *w1, 1.0, "verbatim", False, 169, 169),
        Match("m2", "daily-002", *d2, "wire-001", *w2, 0.81, "near-verbatim", False, 120, 120),
        Match("m3", "blog-003", *bq, "daily-002", *dq, 0.52, "paraphrase", True, 0, 0),
        Match("m4", "blog-003", *bq, "wire-001", *wq, 0.58, "paraphrase", True, 22, 22),
    )
    reused = {
        "blog-003": bq[1] - bq[0],
        "daily-002": (d1[1] - d1[0]) + (d2[1] - d2[0]) + (dq[1] - dq[0]),
        "wire-001": (w1[1] - w1[0]) + (w2[1] - w2[0]) + (wq[1] - wq[0]),
    }
    articles = (
        ArticleSummary(
            "blog-003",
            "Harbour Blog",
            None,
            False,
            "Notes from the quayside",
            len(_BLOG),
            reused["blog-003"],
        ),
        ArticleSummary(
            "daily-002",
            "The Daily Courier",
            "2024-03-04T11:30:00Z",
            False,
            "Shipping chaos | Rotterdam dockers strike",
            len(_DAILY),
            reused["daily-002"],
        ),
        ArticleSummary(
            "wire-001",
            "Wire Service",
            "2024-03-04T08:00:00Z",
            False,
            "Port strike halts shipping",
            len(_WIRE),
            reused["wire-001"],
        ),
    )
    cluster = Cluster(
        "c1",
        True,
        (
            Passage("blog-003", *bq, _BLOG[bq[0] : bq[1]]),
            Passage("daily-002", *dq, _DAILY[dq[0] : dq[1]]),
            Passage("wire-001", *wq, _WIRE[wq[0] : wq[1]]),
        ),
    )
    derivations = (
        Derivation(
            "wire-001",
            "daily-002",
            "copied",
            0.86,
            (d1[1] - d1[0]) + (d2[1] - d2[0]),
            0.47,
            (
                "wire-001 was published 3.5 hours earlier",
                "daily-002 holds material not in wire-001 | local reaction",
            ),
        ),
        Derivation(
            "blog-003",
            "daily-002",
            "common-source",
            0.6,
            dq[1] - dq[0],
            0.2,
            ("all shared text is quotation in both: one speaker quoted by both",),
        ),
    )
    return Report(
        settings={"num_perm": 64, "min_passage_words": 8, "quoted_share": 0.5},
        articles=articles,
        matches=matches,
        clusters=(cluster,),
        derivations=derivations,
        problems=(Problem("corpus/extra.csv:3", "row has no text: skipped"),),
        texts=texts,
    )


@pytest.fixture
def hand_report() -> Report:
    return build_hand_report()


# Strings that have broken or could break a renderer: terminal escapes (colour, window title, a
# one-character CSI), bidi overrides, lone surrogates (half an emoji), NUL and other controls,
# markup, Markdown, and spreadsheet formulas.
HOSTILE: tuple[str, ...] = (
    "\x1b[31mred",
    "\x1b]0;pwned\x07",
    "\x9b2J",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "\ud83d",
    "\udc00x",
    "\ud83d\ude00",
    "nul\x00byte",
    "bell\x07",
    "cr\rret",
    "del\x7f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea></title>",
    "[link](javascript:alert(1)) `code` | *em* _u_ <b>",
    "=1+1",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "+1",
    "-2",
    "\tTAB",
    "'quoted",
)


def hostile_report(pieces: tuple[str, ...] = HOSTILE) -> Report:
    """The hand-made report with `pieces` in every string taken from the input: ids (as
    suffixes, so the ids keep their order), outlets, titles, the start of every text (offsets
    shifted to match), evidence, problems and a setting; plus a tracked quote and a boilerplate
    passage carrying them."""
    import dataclasses

    from reuse.model import Boilerplate, QuoteVariant, TrackedQuote

    base = build_hand_report()
    junk = "".join(pieces)
    ids = {a.id: a.id + junk for a in base.articles}
    lead = junk + "\n\n"
    shift = len(lead)

    def passage(p: Passage) -> Passage:
        return dataclasses.replace(
            p, article=ids[p.article], start=p.start + shift, end=p.end + shift
        )

    articles = tuple(
        dataclasses.replace(
            a, id=ids[a.id], outlet=a.outlet and a.outlet + junk, title=junk, chars=a.chars + shift
        )
        for a in base.articles
    )
    matches = tuple(
        dataclasses.replace(
            m,
            a=ids[m.a],
            b=ids[m.b],
            a_start=m.a_start + shift,
            a_end=m.a_end + shift,
            b_start=m.b_start + shift,
            b_end=m.b_end + shift,
        )
        for m in base.matches
    )
    clusters = tuple(
        dataclasses.replace(c, id=c.id + junk, passages=tuple(passage(p) for p in c.passages))
        for c in base.clusters
    )
    derivations = tuple(
        dataclasses.replace(
            d, source=ids[d.source], target=ids[d.target], evidence=d.evidence + pieces
        )
        for d in base.derivations
    )
    texts = {ids[k]: lead + v for k, v in base.texts.items()}
    first = clusters[0].passages
    quotes = (
        TrackedQuote(
            "q1" + junk,
            junk,
            clusters[0].id,
            first[0].article,
            (
                QuoteVariant(
                    first[0].text + junk, (first[0].article, first[1].article), (junk, None)
                ),
            ),
        ),
    )
    boilerplate = (Boilerplate("b1" + junk, junk, junk, first[:2]),)
    problems = tuple(Problem(f"corpus/{p}.csv:3", p, article=ids["blog-003"]) for p in pieces)
    return dataclasses.replace(
        base,
        articles=articles,
        matches=matches,
        clusters=clusters,
        derivations=derivations,
        texts=texts,
        quotes=quotes,
        boilerplate=boilerplate,
        problems=problems,
        settings={**base.settings, "note" + junk: junk},
    )


# Filler articles for the candidate tests: related only by the quote some of them carry.
FILLER = [
    "The city council voted on a new budget for road repairs after a long debate on Tuesday evening.",
    "Farmers in the northern valley reported a late frost that damaged most of the apple blossom.",
    "A local bakery won a regional prize for its rye bread, the third such award in five years.",
    "The museum extended its opening hours through the summer to cope with record visitor numbers.",
    "Engineers began testing the repaired bridge with heavy trucks before it reopens next month.",
    "The school board postponed a decision on the new timetable until parents had been consulted.",
    "Rail workers agreed a new pay deal that ends a dispute lasting most of the past year.",
    "A storm brought down power lines across the coast, leaving thousands of homes without light.",
]


QUOTE = (
    "“To be clear, we do not know whether the minister has made a decision about further "
    "cuts to the hospital budget,” the spokesman told reporters."
)


def filler_article(i: int, with_quote: bool) -> Article:
    """An article of five shuffled filler sentences (each its own by a number), with the shared
    quote in it or not: articles that share the quote and nothing else."""
    rng = np.random.default_rng(i)
    body = [FILLER[k] for k in rng.permutation(len(FILLER))[:5]]
    if with_quote:
        body.insert(2, QUOTE)
    # Make every article's filler its own: a distinct number in each sentence.
    body = [
        s.replace("the ", f"the {i * 7 + n} ", 1) if s is not QUOTE else s
        for n, s in enumerate(body)
    ]
    return Article(f"a{i:02d}", "\n".join(body))


def story_report(n_outlets: int = 30, n_stories: int = 120, seed: int = 3) -> Report:
    """A report of many stories across many outlets, as a month of newspapers gives, for the
    views that must stay readable at that scale: `n_stories` passages, each carried by 2 to 12
    articles of different outlets over a few days, a third of them credited to a wire."""
    from reuse.model import Story

    rng = np.random.default_rng(seed)
    outlets = [f"Outlet {k:02d}" for k in range(n_outlets)]
    texts: dict[str, str] = {}
    summaries: list[ArticleSummary] = []
    clusters: list[Cluster] = []
    stories: list[Story] = []
    matches: list[Match] = []
    for s in range(n_stories):
        size = int(rng.integers(2, min(n_outlets, 12) + 1))
        chosen = sorted(rng.choice(n_outlets, size=size, replace=False).tolist())
        day0 = int(rng.integers(1, 20))
        passage = f"Story {s:03d} tells of event {s} in the town of Place{s} with many words. "
        carriers = []
        for rank, o in enumerate(chosen):
            aid = f"s{s:03d}-{o:02d}"
            text = f"Front page of {outlets[o]}.\n\n" + passage * 3 + "\nOther news follows here."
            texts[aid] = text
            day = f"2016-01-{day0 + rank // 3:02d}"
            summaries.append(
                ArticleSummary(aid, outlets[o], day, False, None, len(text), len(passage) * 3)
            )
            carriers.append(aid)
        start = texts[carriers[0]].index("Story")
        end = start + len(passage) * 3
        passages = tuple(Passage(a, start, end, texts[a][start:end]) for a in carriers)
        clusters.append(Cluster(f"c{s + 1}", False, passages))
        for x in range(len(carriers) - 1):
            a, b = carriers[x], carriers[x + 1]
            matches.append(
                Match(f"m{len(matches) + 1}", a, start, end, b, start, end, 1.0, "verbatim", False)
            )
        spread: dict[str, int] = {}
        for a in carriers:
            day = next(x.published for x in summaries if x.id == a) or ""
            spread[day] = spread.get(day, 0) + 1
        stories.append(
            Story(
                id=f"s{s + 1}",
                cluster=f"c{s + 1}",
                core=carriers[0],
                text=passages[0].text,
                carriers=tuple(carriers),
                outlets=len(carriers),
                earliest=carriers[0],
                first_seen=summaries[-len(carriers)].published,
                last_seen=summaries[-1].published,
                spread=tuple(sorted(spread.items())),
                wire="Associated Press" if s % 3 == 0 else None,
                source="unseen" if s % 3 == 0 else "unknown",
                source_article=None,
                purity=1.0,
                quoted=False,
            )
        )
    summaries.sort(key=lambda a: a.id)
    return Report(
        settings={},
        articles=tuple(summaries),
        matches=tuple(sorted(matches, key=lambda m: int(m.id[1:]))),
        clusters=tuple(clusters),
        derivations=(),
        stories=tuple(stories),
        texts=texts,
    )


def generated_articles(records: list[dict]) -> list[Article]:
    """A generated corpus's records (`reuse.generate(...).articles`) as Article objects."""
    return [
        Article(
            a["id"],
            a["text"],
            outlet=a.get("outlet"),
            published=a.get("published"),
            title=a.get("title"),
        )
        for a in records
    ]
