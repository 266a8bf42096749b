"""Stories: a cluster's carriers in time order, the wire they credit, the source; footers that
outlets word alike never join the stories above them."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse
from reuse.model import Article, Derivation, Match
from reuse.reports import render
from reuse.reports.summary import outlet_shares
from reuse.stages.attribution.signals import wire_credits
from reuse.stages.boilerplate import remove_boilerplate
from reuse.stages.cluster import cluster_matches
from reuse.stages.stories import complete_pairs, tell_stories

STORY = (
    "The harbour authority approved the new flood barrier on Monday after two years of "
    "debate. Work on the barrier will begin in the spring and take three years to finish. "
)
OTHER = (
    "A fire destroyed the old grain warehouse by the river late on Sunday night, and nobody "
    "was hurt. Firefighters fought the blaze for six hours before they brought it under control. "
)


def _match(n: int, texts: dict[str, str], a: str, b: str, part: str, part_b: str = "") -> Match:
    part_b = part_b or part
    sa, sb = texts[a].index(part), texts[b].index(part_b)
    ea, eb = sa + len(part.rstrip()), sb + len(part_b.rstrip())
    if b < a:
        a, b, sa, ea, sb, eb = b, a, sb, eb, sa, ea
    return Match(f"m{n}", a, sa, ea, b, sb, eb, 1.0, "verbatim", False)


def test_off_list_agencies_are_read_from_credit_lines() -> None:
    assert wire_credits("Text.\n— Capital Wire Bureau\nMore", datelines=True) == (
        "Capital Wire Bureau",
    )
    assert wire_credits("By Jo Lee, Meridian News Agency\nLONDON", datelines=True) == (
        "Meridian News Agency",
    )
    assert wire_credits("Union News Exchange staff\n", datelines=True) == ("Union News Exchange",)
    # A newspaper's own name, a byline of a person and a stray word are not agencies.
    assert wire_credits("The end.\n— Daily Press", datelines=True) == ()
    assert wire_credits("By JOHN SMITH\nText", datelines=True) == ()
    assert wire_credits("Text.\n— Capital Wire Bureau") == ()  # off-list names need datelines


def test_a_story_names_its_wire_and_puts_a_carrier_dated_by_day_alone_after_the_timed() -> None:
    credit = "\n— Capital Wire Bureau\n"
    texts = {
        "x": "HEADLINE\n" + STORY + credit,
        "y": STORY + credit + "Subscribe to the Courier.",
        "z": "Local. " + STORY,
    }
    published = {"x": "2024-03-04T18:00:00Z", "y": "2024-03-04", "z": "2024-03-04T09:30:00Z"}
    arts = {a: Article(a, t, outlet=a.upper(), published=published[a]) for a, t in texts.items()}
    matches = [_match(1, texts, "x", "y", STORY), _match(2, texts, "x", "z", STORY)]
    (story,) = tell_stories(cluster_matches(matches, texts), matches, [], arts)
    # "y" is dated 4 March without an hour: it may have printed the story at any time that day.
    assert story.carriers == ("z", "x", "y") and story.earliest == "z"
    assert story.wire == "Capital Wire Bureau" and story.source == "unseen"


def test_carriers_of_one_day_are_not_ordered_into_a_story_source() -> None:
    """Three papers print one story on one day, dated by day alone, and the pairs were weighed
    as copies from "x" (on the texts alone: nothing dates them apart). One text in several
    papers on one day is more often a wire's than one paper's: no carrier is the source. A
    day apart, the same copies make "x" the story's source."""
    texts = {"x": "HEADLINE\n" + STORY, "y": "Local. " + STORY, "z": STORY + "\nThe end."}
    matches = [_match(1, texts, "x", "y", STORY), _match(2, texts, "x", "z", STORY)]
    derivations = [
        Derivation("x", t, "copied", 0.6, len(STORY), 0.9, ("the texts alone",)) for t in "yz"
    ]
    for published, source, article in (
        ({"x": "1916-01-28", "y": "1916-01-28", "z": "1916-01-28"}, "unknown", None),
        ({"x": "1916-01-27", "y": "1916-01-28", "z": "1916-01-28"}, "in-corpus", "x"),
        ({"x": None, "y": None, "z": None}, "in-corpus", "x"),
    ):
        arts = {
            a: Article(a, t, outlet=a.upper(), published=published[a]) for a, t in texts.items()
        }
        (story,) = tell_stories(cluster_matches(matches, texts), matches, derivations, arts)
        assert (story.source, story.source_article) == (source, article), published


def test_outlets_footers_worded_alike_do_not_chain_their_stories() -> None:
    """Each outlet closes every article with its own footer; the two outlets' footers share
    most of their words. Story copies that run on into the footers must not join the two
    stories through them."""
    foot_p = "\nDownload the Post app for push alerts and the evening briefing in your inbox."
    foot_h = "\nDownload the Herald app for push alerts and the evening briefing in your inbox."
    texts = {
        "p1": STORY + foot_p,
        "p2": "Weather. " * 5 + foot_p,
        "p3": "Sport. " * 5 + foot_p,
        "h1": STORY + foot_h,
        "h2": OTHER + foot_h,
        "h3": "Courts. " * 5 + foot_h,
        "q1": "Elsewhere. " + OTHER + "\nThe end.",
    }
    outlets = {"p": "Post", "h": "Herald", "q": "Quarter"}
    arts = {a: Article(a, t, outlet=outlets[a[0]]) for a, t in texts.items()}
    fp, fh = foot_p.strip(), foot_h.strip()
    matches = [
        _match(1, texts, "p1", "h1", STORY + foot_p, STORY + foot_h),  # runs on into the footers
        _match(2, texts, "p1", "p2", fp),
        _match(3, texts, "p1", "p3", fp),
        _match(4, texts, "p2", "p3", fp),
        _match(5, texts, "h1", "h2", fh),
        _match(6, texts, "h1", "h3", fh),
        _match(7, texts, "h2", "h3", fh),
        _match(8, texts, "h2", "q1", OTHER),
    ]
    kept, clusters, boiler = remove_boilerplate(matches, arts, texts, 3)
    assert sorted(b.outlet for b in boiler) == ["Herald", "Post"]
    assert len(kept) == 2
    carriers = sorted(sorted({p.article for p in c.passages}) for c in clusters)
    assert carriers == [["h1", "p1"], ["h2", "q1"]]
    for c in clusters:
        assert all("Download" not in p.text for p in c.passages)


def test_a_wire_item_an_outlets_digests_repeat_is_reuse_not_boilerplate() -> None:
    """Three digest pages of one outlet (of its eight articles) repeat a wire item that three
    other outlets print too: the item is a story with all six carriers, not the outlet's
    boilerplate."""
    texts = {
        f"d{k}": f"BRIEFS {k}\n\n" + STORY + "\n\nOther brief number " + str(k) for k in range(3)
    }
    texts |= {f"d{k}": f"Own report number {k} on local affairs." for k in range(3, 8)}
    texts |= {f"o{k}": f"Outlet {k} page.\n" + STORY for k in range(3)}
    arts = {a: Article(a, t, outlet="Digest" if a[0] == "d" else a) for a, t in texts.items()}
    carriers = ["d0", "d1", "d2", "o0", "o1", "o2"]
    matches = [
        _match(n, texts, a, b, STORY)
        for n, (a, b) in enumerate(
            ((a, b) for i, a in enumerate(carriers) for b in carriers[i + 1 :]), 1
        )
    ]
    kept, clusters, boiler = remove_boilerplate(matches, arts, texts, 3)
    assert boiler == [] and len(kept) == len(matches)
    (c,) = clusters
    assert sorted({p.article for p in c.passages}) == carriers


def test_a_short_credit_is_the_agency_whose_initials_it_spells() -> None:
    texts = {
        "x": "LISBON (CWB) — " + STORY,
        "y": "PORTO (CWB) — " + STORY,
        "z": STORY + "\n— Capital Wire Bureau\n",
    }
    arts = {a: Article(a, t, outlet=a.upper()) for a, t in texts.items()}
    matches = [_match(1, texts, "x", "y", STORY), _match(2, texts, "x", "z", STORY)]
    (story,) = tell_stories(cluster_matches(matches, texts), matches, [], arts)
    assert story.wire == "Capital Wire Bureau"
    assert story.evidence[0].startswith("3 of 3 carriers credit Capital Wire Bureau")


def test_agencies_are_known_by_the_kind_of_name_they_have() -> None:
    from reuse.stages.attribution.signals import agency_of

    assert agency_of("Union News Exchange") == "Union News Exchange"
    assert agency_of("Capital Wire Bureau") == "Capital Wire Bureau"
    assert agency_of("Detroit Free Press") is None and agency_of("The Daily Press") is None


def test_a_line_beside_an_outlets_footer_is_not_reuse_of_its_own() -> None:
    """Two stories of one outlet end with the same reporter's credit line above the outlet's
    footer: the match the two share is the footer and the credit, which is no story."""
    foot = "\nDownload the Post app for push alerts and the evening briefing in your inbox."
    credit = "\nJo Lee contributed to this report."
    texts = {
        "p1": STORY + credit + foot,
        "p2": OTHER + credit + foot,
        "p3": "Weather today. " * 5 + foot,
        "p4": "Sport today. " * 5 + foot,
        "p5": "Courts today. " * 5 + foot,
        "q1": "Elsewhere. " + STORY,
    }
    arts = {a: Article(a, t, outlet="Post" if a[0] == "p" else "Q") for a, t in texts.items()}
    fp = foot.strip()
    matches = [
        _match(1, texts, "p1", "p2", (credit + foot).strip()),
        _match(2, texts, "p1", "p3", fp),
        _match(3, texts, "p2", "p3", fp),
        _match(4, texts, "p3", "p4", fp),
        _match(5, texts, "p4", "p5", fp),
        _match(6, texts, "p1", "q1", STORY),
    ]
    kept, clusters, boiler = remove_boilerplate(matches, arts, texts, 3)
    assert [b.outlet for b in boiler] == ["Post"]
    assert [(m.a, m.b) for m in kept] == [("p1", "q1")]
    (c,) = clusters
    assert sorted({p.article for p in c.passages}) == ["p1", "q1"]


def test_a_short_credit_in_a_sign_off_is_the_agency_it_abbreviates() -> None:
    texts = {
        "x": STORY + "\nReporting by Jo Lee; editing by Al Ames (UNX)\n",
        "y": STORY + "\nReporting by Jo Lee; editing by Al Ames (UNX)\n",
        "z": STORY,
    }
    arts = {a: Article(a, t, outlet=a.upper()) for a, t in texts.items()}
    arts["z"] = Article("z", texts["z"], outlet="Union News Exchange")
    matches = [_match(1, texts, "x", "y", STORY), _match(2, texts, "x", "z", STORY)]
    (story,) = tell_stories(cluster_matches(matches, texts), matches, [], arts)
    assert story.wire == "Union News Exchange" and story.source_article == "z"


def test_a_sentence_in_the_same_mould_above_a_footer_is_not_reuse() -> None:
    foot = (
        "\nGet full access to the Courier for one dollar a week.\nBack regional journalism today."
    )
    one = "Nowak is due to meet Goran Byrne, the budget minister, in Prague on Saturday to discuss the debt deal."
    two = "Weber is due to meet Lucia Stan, the economy minister, in Bucharest on Tuesday to discuss the rescue plan."
    texts = {"c1": STORY + one + foot, "c2": OTHER + two + foot}
    texts |= {f"c{k}": f"Briefly, item {k} of the day. " * 3 + foot for k in range(3, 7)}
    arts = {a: Article(a, t, outlet="Courier") for a, t in texts.items()}
    matches = [_match(1, texts, "c1", "c2", (one + foot), (two + foot))]
    ids = sorted(texts)
    matches += [
        _match(n, texts, a, b, foot.strip()) for n, (a, b) in enumerate(zip(ids[1:], ids[2:]), 2)
    ]
    kept, clusters, boiler = remove_boilerplate(matches, arts, texts, 3)
    assert boiler and kept == [] and clusters == []


def test_a_wire_story_in_every_article_of_a_small_outlet_is_still_reuse() -> None:
    """An outlet with three articles prints one wire story in all of them (the story page and
    two digests); three other outlets print it too. A story, not the outlet's furniture."""
    texts = {f"d{k}": f"PAGE {k}\n\n" + STORY + f"\n\nItem {k}." for k in range(3)}
    texts |= {f"o{k}": f"Outlet {k} page.\n" + STORY for k in range(3)}
    arts = {a: Article(a, t, outlet="Small" if a[0] == "d" else a) for a, t in texts.items()}
    carriers = sorted(texts)
    pairs = [(a, b) for i, a in enumerate(carriers) for b in carriers[i + 1 :]]
    matches = [_match(n, texts, a, b, STORY) for n, (a, b) in enumerate(pairs, 1)]
    kept, clusters, boiler = remove_boilerplate(matches, arts, texts, 3)
    assert boiler == [] and len(kept) == len(matches)
    (c,) = clusters
    assert sorted({p.article for p in c.passages}) == carriers


def test_a_short_credit_is_resolved_by_a_full_name_elsewhere_in_the_corpus() -> None:
    texts = {
        "a1": STORY + "\n— Capital Wire Bureau\n",
        "a2": "Front. " + STORY + "\n— Capital Wire Bureau\n",
        "b1": OTHER + "\nReporting by Jo Lee; editing by Al Ames (CWB)\n",
        "b2": "Page. " + OTHER + "\nReporting by Jo Lee; editing by Al Ames (CWB)\n",
    }
    arts = {a: Article(a, t, outlet=a.upper()) for a, t in texts.items()}
    matches = [_match(1, texts, "a1", "a2", STORY), _match(2, texts, "b1", "b2", OTHER)]
    stories = tell_stories(cluster_matches(matches, texts), matches, [], arts)
    assert [s.wire for s in stories] == ["Capital Wire Bureau", "Capital Wire Bureau"]


def test_the_first_carrier_prints_the_story_not_a_phrase_of_it() -> None:
    """A digest page printed earliest shares only a few words of the story (in an item about
    something else): it is a carrier, but the story was first printed by the earliest page that
    carries it."""
    phrase = "The harbour authority approved the new"
    texts = {
        "d": "BRIEFS\n\n" + phrase + " parking rules for the summer season.",
        "x": STORY,
        "y": "Front. " + STORY,
    }
    published = {
        "d": "2024-03-04T06:00:00Z",
        "x": "2024-03-04T09:00:00Z",
        "y": "2024-03-04T11:00:00Z",
    }
    arts = {a: Article(a, t, outlet=a.upper(), published=published[a]) for a, t in texts.items()}
    matches = [_match(1, texts, "x", "y", STORY), _match(2, texts, "d", "x", phrase)]
    (story,) = tell_stories(cluster_matches(matches, texts), matches, [], arts)
    assert story.carriers[0] == "d"
    assert story.earliest == "x" and story.first_seen == "2024-03-04T09:00:00Z"


def test_the_core_passage_is_the_one_most_carriers_are_matched_with() -> None:
    # The core is found from each carrier's partners, not by testing every pair of carriers;
    # it must be the passage the pairwise count picks, ties to the longest, then the first.
    import random

    from reuse.model import Passage
    from reuse.stages.stories import _core

    rnd = random.Random(7)
    for trial in range(200):
        n = rnd.randrange(2, 40)
        ids = [f"a{k:03d}" for k in rnd.sample(range(1000), n)]
        main = {a: Passage(a, 0, rnd.randrange(5, 9), "x") for a in ids}
        outside = [f"b{k}" for k in range(5)]  # partners that carry nothing of this cluster
        everyone = ids + outside
        pairs = {tuple(sorted(rnd.sample(everyone, 2))) for _ in range(rnd.randrange(0, 3 * n))}
        partners: dict[str, set[str]] = {}
        for a, b in pairs:
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
        degree = {a: sum(1 for b in ids if b != a and tuple(sorted((a, b))) in pairs) for a in ids}
        want = max(
            sorted(main.values(), key=lambda p: p.article), key=lambda p: (degree[p.article], p.end)
        )
        assert _core(main, partners) is want, trial


def test_a_derivations_story_is_the_first_wide_story_carrying_both_articles() -> None:
    # Found from each article's list of stories, not by a scan of every story for each pair; it
    # must be the story the scan finds first (or none).
    import random
    from types import SimpleNamespace

    from reuse.stages.stories import _first_carrying

    rnd = random.Random(11)
    articles = [f"a{k}" for k in range(60)]
    for trial in range(50):
        stories = [
            SimpleNamespace(carriers=rnd.sample(articles, rnd.randrange(3, 12)))
            for _ in range(rnd.randrange(0, 40))
        ]
        first = _first_carrying(stories)  # type: ignore[arg-type]
        for _ in range(100):
            a, b = rnd.sample(articles + ["elsewhere"], 2)
            want = next((s for s in stories if a in s.carriers and b in s.carriers), None)
            assert first(a, b) is want and first(b, a) is want, trial


class _CountingArticles(dict[str, Article]):
    """Articles that count how often each is read (an index reads each from disk)."""

    def __init__(self, articles: dict[str, Article]) -> None:
        super().__init__(articles)
        self.reads: dict[str, int] = {}

    def __getitem__(self, key: str) -> Article:
        self.reads[key] = self.reads.get(key, 0) + 1
        return super().__getitem__(key)


def test_each_carrier_is_read_once_whatever_the_stories_it_carries() -> None:
    # Digest pages carrying both stories, with a credit line each: every carrier is read once,
    # and the stories are those told from articles held in memory.
    credit = "\n— Capital Wire Bureau\n"
    texts = {
        "d1": "NEWS IN BRIEF\n" + STORY + credit + OTHER,
        "d2": "BRIEFLY\n" + OTHER + "\n" + STORY + credit,
        "x": STORY + credit + "Subscribe.",
        "y": "Local. " + OTHER,
        "z": "Elsewhere. " + STORY,
    }
    published = {a: f"2024-03-0{k + 1}T0{k}:00:00Z" for k, a in enumerate(sorted(texts))}
    plain = {a: Article(a, t, outlet=a.upper(), published=published[a]) for a, t in texts.items()}
    matches = [
        _match(1, texts, "d1", "d2", STORY),
        _match(2, texts, "d1", "x", STORY),
        _match(3, texts, "d2", "z", STORY),
        _match(4, texts, "d1", "d2", OTHER.strip(), OTHER.strip()),
        _match(5, texts, "d2", "y", OTHER.strip(), OTHER.strip()),
    ]
    clusters = cluster_matches(matches, texts)
    counting = _CountingArticles(plain)
    stories = tell_stories(clusters, matches, [], counting)
    assert len(stories) == 2 and {len(s.carriers) for s in stories} == {3, 4}
    assert counting.reads == {a: 1 for a in texts}
    assert stories == tell_stories(clusters, matches, [], plain)
    wide = next(s for s in stories if "d1" in s.carriers and "x" in s.carriers)
    assert wide.wire == "Capital Wire Bureau" and wide.earliest == "d1"


# -- carriers of one agency's story ---------------------------------------------------------------

WIRE = (
    "LISBON (Southern Hemisphere Press) — The port authority approved a new flood barrier for the "
    "Tagus estuary on Monday after two years of argument between the city council and the fishing "
    "cooperatives. Work on the barrier will begin in April and is expected to take three years, "
    "according to the authority's chief engineer, Marta Pinheiro. The project will cost about 410 "
    "million euros, most of it from a European recovery fund, and will protect some 60,000 homes "
    "in the low-lying districts of Belém and Alcântara. Fishermen fear the gates will change the "
    "tides that carry sardine shoals into the estuary each summer. The council said it would pay "
    "for a study of the fishery before the gates are closed for the first time."
)
# The same copy with its dateline stripped of the credit, as some outlets print it.
BARE = WIRE.replace("LISBON (Southern Hemisphere Press) — ", "LISBON — ")
CARRIERS = [  # outlet, own top, own end, credits the agency
    (
        "Harbour Times",
        "The Harbour Times | Business\n",
        "\nMore business news at ht.example.",
        True,
    ),
    ("Coastal Herald", "COASTAL HERALD — World\n", "\nSign up for the Herald's newsletter.", True),
    (
        "Valley Post",
        "Valley Post\nEurope in brief\n",
        "\nThe Valley Post is an independent daily.",
        False,
    ),
    ("Evening Star", "", "", False),
    ("Daily Ledger", "Daily Ledger world desk\n", "\n© Daily Ledger. All rights reserved.", True),
]


def _carriers() -> list[Article]:
    """Five outlets carry the agency's story between their own top and end, an hour apart; the
    fourth prints it bare (no top, no end, no credit): the closest to the agency's copy."""
    return [
        Article(
            f"c{k}",
            top + (WIRE if credit else BARE) + end,
            outlet=outlet,
            published=f"2024-03-04T{8 + k:02d}:15:00Z",
        )
        for k, (outlet, top, end, credit) in enumerate(CARRIERS)
    ]


def test_carriers_of_an_agency_story_not_in_the_corpus_did_not_copy_one_another() -> None:
    """Time, containment and context say which carrier is nearest the agency's copy, not that
    the later ones took the story from it: the story's source is unseen, and every pair of its
    carriers shares it (no carrier is named the source that others copied)."""
    report = reuse.detect(_carriers())
    (story,) = report.stories
    assert story.wire == "Southern Hemisphere Press"
    assert story.source == "unseen" and story.source_article is None
    assert [d for d in report.derivations if d.relation == "copied"] == []
    relations = report.relations()
    assert len(relations) == 10 and {d.relation for d in relations} == {"common-source"}


def test_the_agency_own_copy_is_known_by_the_credit_its_outlet_gives_itself() -> None:
    """An outlet off the agency list whose text credits an agency of its name is that agency:
    its article is the source of every carrier, and carriers are not related to one another."""
    agency = Article("w", WIRE, outlet="Southern Hemisphere Press", published="2024-03-04T07:00Z")
    report = reuse.detect([*_carriers(), agency])
    (story,) = report.stories
    assert story.source == "in-corpus" and story.source_article == "w"
    assert sorted((d.source, d.target, d.relation) for d in report.derivations) == [
        ("w", f"c{k}", "copied") for k in range(5)
    ]


def test_a_carrier_that_reprinted_another_carriers_own_paragraph_copied_it() -> None:
    """Two carriers that share more than the agency's story (one's own closing paragraph) are
    linked directly: that copy stays a copy, and it does not make its source the source of
    the agency's story."""
    local = (
        "\nIn Setúbal, where the Harbour Times is printed, the harbour master said local boats "
        "would not be affected by the new gates, because the Sado river mouth lies well outside "
        "the barrier's reach. Dock workers' union leader Rui Matos welcomed the works and asked "
        "for local hiring on the site."
    )
    arts = _carriers()
    arts[0] = Article(
        "c0", "The Harbour Times\n" + BARE + local, "Harbour Times", arts[0].published
    )
    reprint = "Bay Courier\n" + BARE + local + "\nBay Courier, since 1901."
    arts.append(Article("c5", reprint, outlet="Bay Courier", published="2024-03-05T10:00:00Z"))
    report = reuse.detect(arts)
    assert [(d.source, d.target) for d in report.derivations if d.relation == "copied"] == [
        ("c0", "c5")
    ]
    wide = next(s for s in report.stories if len(s.carriers) == 6)
    assert wide.source == "unseen" and wide.source_article is None


def test_explain_tells_why_two_carriers_of_an_agency_story_are_not_a_copy() -> None:
    explained = reuse.explain(_carriers(), "c3", "c4").to_dict()
    attribution = explained["stages"]["corpus"]["attribution"]
    assert (attribution["relation"], attribution["reason"]) == ("common-source", "same wire")
    assert "both carry one agency's story" in attribution["evidence"][-1]


# -- notices many outlets print around their own stories ------------------------------------------

NOTICE = (
    "\n\nCopyright 2026 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed without permission."
)
OWN_STORIES = [
    "The city council voted on Monday to close the Elm Street library branch at the end of June, "
    "citing falling visitor numbers and a repair bill for its roof that officials put at two "
    "million dollars. Residents packed the chamber to speak against the plan for three hours.",
    "A freight train carrying grain derailed near the river crossing early on Tuesday, blocking "
    "the main line for most of the day. Nobody was hurt, the rail company said, and crews had "
    "cleared the wreckage of eleven wagons by nightfall.",
    "The university announced a new scholarship for students from rural counties, funded by a "
    "gift from a former dean who grew up on a dairy farm. The first forty awards will be made in "
    "the autumn and cover tuition for four years.",
    "Fishermen in the bay reported the largest herring catch in a decade this week, which marine "
    "scientists put down to a cold spring and a ban on trawling near the spawning grounds that "
    "began three years ago.",
]


def test_a_notice_many_outlets_print_under_their_own_stories_is_boilerplate() -> None:
    """An agency's terms of use under four outlets' unrelated stories is no story carried by
    four articles, and it relates none of them."""
    outlets = ["Harbour Times", "Coastal Herald", "Valley Post", "Evening Star"]
    arts = [
        Article(f"a{k}", story + NOTICE, outlet=outlet)
        for k, (story, outlet) in enumerate(zip(OWN_STORIES, outlets))
    ]
    report = reuse.detect(arts)
    assert report.matches == () and report.stories == () and report.derivations == ()
    (notice,) = report.boilerplate
    assert notice.outlet is None and "All rights reserved" in notice.text
    assert len(notice.passages) == 4
    assert "notice several outlets print" in render(report, "text")
    assert "several outlets (a notice)" in render(report, "text", full=True)


def test_a_short_story_carried_whole_by_many_outlets_is_no_notice() -> None:
    """A short wire item that is each carrier's whole story (under its own masthead) is
    reuse, however short."""
    item = OWN_STORIES[1]
    arts = [
        Article(f"c{k}", f"{outlet}\n{item}", outlet=outlet)
        for k, outlet in enumerate(["Harbour Times", "Coastal Herald", "Valley Post", "Star"])
    ]
    report = reuse.detect(arts)
    assert report.boilerplate == ()
    (story,) = report.stories
    assert len(story.carriers) == 4


def test_a_first_carrier_the_dates_do_not_set_apart_says_how_many_may_have_been_first() -> None:
    """Pages dated by the day alone do not say which printed a story first: the story names
    one, says how many others the dates cannot put after it, and no outlet is counted first."""
    texts = {
        "w": "HEADLINE\n" + STORY,
        "x": "Local. " + STORY,
        "y": STORY + "\nThe end.",
        "z": "Late edition. " + STORY,
    }
    cases = [
        # three pages on one day, one the next: two the dates do not order after the first
        ({"w": "1916-01-28", "x": "1916-01-28", "y": "1916-01-28", "z": "1916-01-29"}, 2),
        # times of day order them all
        (
            {
                "w": "2024-03-04T08:00:00Z",
                "x": "2024-03-04T09:00:00Z",
                "y": "2024-03-04T10:00:00Z",
                "z": "2024-03-05T08:00:00Z",
            },
            0,
        ),
        # a page dated by its day alone may have printed it before the 08:00 carrier that day
        (
            {
                "w": "2024-03-04T08:00:00Z",
                "x": "2024-03-04",
                "y": "2024-03-05T10:00:00Z",
                "z": None,
            },
            1,
        ),
        # the same time
        ({"w": "2024-03-04T08:00:00Z", "x": "2024-03-04T08:00:00Z", "y": None, "z": None}, 1),
        ({"w": None, "x": None, "y": None, "z": None}, None),
    ]
    for published, tied in cases:
        arts = {
            a: Article(a, t, outlet=a.upper(), published=published[a]) for a, t in texts.items()
        }
        report = reuse.detect(list(arts.values()), jobs=1)
        (story,) = report.stories
        assert story.earliest_tied == tied, published
        assert story.to_dict()["earliest_tied"] == tied
        assert (story.earliest is None) == (tied is None)
        said = [e for e in story.evidence if "which their dates do not order" in e]
        first_in = {o.outlet: o.first for o in outlet_shares(report)}
        text = render(report, "text")
        if tied:
            assert said == [
                f"{tied + 1} carriers printed it "
                + (
                    "on 1916-01-28"
                    if published["w"] == "1916-01-28"
                    else "at 2024-03-04T08:00:00Z"
                    if published["x"] == published["w"]
                    else "on 2024-03-04"
                )
                + f", which their dates do not order: {story.earliest} is listed first, "
                "not known to be first"
            ]
            assert f"one of {tied + 1} the dates do not order" in text
            assert sum(first_in.values()) == 0
            why = reuse.explain(list(arts.values()), "w", "x", cache=False, jobs=1)
            assert f"one of {tied + 1} the dates do not order" in why.to_text()
        else:
            assert not said and "the dates do not order" not in text
            assert sum(first_in.values()) == (0 if tied is None else 1)
        if tied is None:
            assert "first: unknown (no carrier is dated)" in text


def test_many_papers_printing_one_uncredited_text_on_one_day_took_it_from_one_source() -> None:
    """Thirty outlets print one text, credited to no one, on one day: nothing says which was
    first, and one text in many papers on one day is more often a wire's or a syndicate's
    than one paper's. The pairs were guessed copies of whichever id sorts first (a star of 29
    'copied' derivations); now the story tells them as common-source. Dated a day apart, or
    printed by two papers alone, the pairs are left to their signals."""
    text = (STORY + OTHER) * 2
    same_day = [
        Article(f"p{k:02d}", text, outlet=f"Paper {k}", published="1916-01-28") for k in range(8)
    ]
    report = reuse.detect(same_day, jobs=1)
    assert report.derivations == ()
    (story,) = report.stories
    assert story.source == "unknown" and story.earliest_tied == 7
    relations = report.relations()
    assert len(relations) == 28 and {d.relation for d in relations} == {"common-source"}
    explained = reuse.explain(same_day, "p00", "p05", cache=False, jobs=1).to_text()
    assert "both printed one story on one day (8 carriers printed it on 1916-01-28" in explained
    # A day apart: the first paper's text came first, and the others are left to their signals.
    spread = [
        dataclasses.replace(a, published="1916-01-27") if a.id == "p00" else a for a in same_day
    ]
    report = reuse.detect(spread, jobs=1)
    assert any(d.relation == "copied" and d.source == "p00" for d in report.derivations)
    # Two papers alone on one day: not "many papers".
    assert [d.relation for d in reuse.detect(same_day[:2], jobs=1).derivations] == ["copied"]


def test_a_paper_printing_a_story_after_many_others_took_it_from_none_in_particular() -> None:
    """Eight papers print one text on one day and a ninth two days later. The ninth may have
    taken it from any of the eight (or from the wire they did): each of its pairs with them
    was a 'copied' guess from the dates alone; now the story tells them as common-source. A
    copy of a copy (one paper a day, three papers: two before the last) is left to its
    signals."""
    text = (STORY + OTHER) * 2
    papers = [
        Article(f"p{k:02d}", text, outlet=f"Paper {k}", published="1916-01-28") for k in range(8)
    ]
    papers.append(Article("p08", text, outlet="Paper 8", published="1916-01-30"))
    report = reuse.detect(papers, jobs=1)
    assert report.derivations == ()
    relations = report.relations()
    assert len(relations) == 36 and {d.relation for d in relations} == {"common-source"}
    explained = reuse.explain(papers, "p03", "p08", cache=False, jobs=1).to_text()
    assert "8 other outlets printed it before p08" in explained
    chain = [
        dataclasses.replace(a, published=f"1916-01-2{7 + k}") for k, a in enumerate(papers[:3])
    ]
    relations = reuse.detect(chain, jobs=1).relations()
    assert relations and {d.relation for d in relations} == {"copied"}


def test_a_carrier_others_copied_is_no_source_when_another_outlet_printed_it_as_early() -> None:
    """Two papers print a text on the 3rd, a third on the 4th, copied from the first by the
    pair's signals. The first is not the story's source: the second printed it as early, and
    either (or the wire both took it from) may have been first."""
    text = (STORY + OTHER) * 2
    papers = [
        Article("p00", text, outlet="Paper 0", published="1916-01-03"),
        Article("p01", text, outlet="Paper 1", published="1916-01-03"),
        Article("p02", text, outlet="Paper 2", published="1916-01-04"),
    ]
    report = reuse.detect(papers, jobs=1)
    assert any(d.relation == "copied" and d.target == "p02" for d in report.derivations)
    (story,) = report.stories
    assert story.source == "unknown" and story.source_article is None
    assert any("1 other outlet printed it as early" in e for e in story.evidence)
    # Alone on the 3rd, the first paper is the source the copies lead to.
    alone = [dataclasses.replace(papers[1], published="1916-01-04"), papers[0], papers[2]]
    (story,) = reuse.detect(alone, jobs=1).stories
    assert (story.source, story.source_article) == ("in-corpus", "p00")


def test_a_carrier_holding_a_scrap_of_the_story_is_paired_by_no_inferred_match() -> None:
    """A cluster's passage cut where another carrier's ends can be a few words ("The saloon
    became filled with"): alignment never reports so short a passage, and neither may the
    pairs a cluster infers. Carriers of the whole passage are still paired."""
    from reuse.model import Cluster, Passage

    scrap = "The harbour authority approved the"
    texts = {"a": "Top. " + STORY, "b": "News. " + STORY, "c": "Other. " + STORY, "d": scrap}
    spans = {
        x: (t.index(STORY), t.index(STORY) + len(STORY.rstrip()))
        for x, t in texts.items()
        if x != "d"
    }
    spans["d"] = (0, len(scrap))
    passages = tuple(Passage(x, s, e, texts[x][s:e]) for x, (s, e) in sorted(spans.items()))
    cluster = Cluster("c1", False, passages)
    direct = [_match(1, texts, "a", "b", STORY)]
    inferred, stats = complete_pairs([cluster], direct, reuse.Settings())
    assert sorted((m.a, m.b) for m in inferred) == [("a", "c"), ("b", "c")]
    assert all(m.via == "c1" for m in inferred) and stats.rejected == 3


def test_a_page_dated_the_day_before_a_timed_first_may_have_been_first() -> None:
    """Carriers are ordered so that a page dated by its day alone goes after the times its
    local day may still have run to; the first carrier's ties read the dates the same way: a
    page dated 5 December may have printed before 10:00 UTC on the 6th, and is not put after it."""
    text = (STORY + OTHER) * 2
    dates = {
        "p0": "2021-12-05",
        "p1": "2021-12-06T10:00:00Z",
        "p2": "2021-12-06T11:00:00Z",
        "p3": "2021-12-07T09:00:00Z",
    }
    arts = [Article(k, text, outlet=k.upper(), published=v) for k, v in dates.items()]
    (story,) = reuse.detect(arts, jobs=1).stories
    assert (story.earliest, story.earliest_tied) == ("p1", 1)
    assert story.evidence[-1].startswith(
        "2 carriers printed it between 2021-12-05 and 2021-12-06, which their dates do not order"
    )


@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "D", None]),
            st.integers(1, 4),
            st.one_of(st.none(), st.integers(0, 23)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_outlets_printed_before_a_carrier_are_those_a_scan_finds(carriers: list) -> None:  # type: ignore[type-arg]
    """`_Days.printed_before` answers by a search in keys sorted once a story; a scan of
    every carrier, as `before` orders two, gives the same count."""
    from reuse.stages.stories import _Days

    arts = [
        Article(
            f"a{k}",
            "x",
            outlet=outlet,
            published=f"1916-01-0{day}" + (f"T{hour:02d}:00:00Z" if hour is not None else ""),
        )
        for k, (outlet, day, hour) in enumerate(carriers)
    ]
    days = _Days.of(arts)
    for a in arts:
        y = days.moments[a.id]
        scan = {
            days.outlets[k]
            for k, x in days.moments.items()
            if not days.unordered(x, y) and days.before(x, y)
        } - {days.outlets[a.id]}
        assert days.printed_before(a.id) == len(scan)


def test_an_undated_carrier_others_copied_is_not_said_to_be_printed_after() -> None:
    from reuse.stages.stories import _Days, _rival, _Told

    arts = [
        Article("p00", "x", outlet="Paper 0"),
        Article("p01", "x", outlet="Paper 1", published="1916-01-03"),
        Article("p02", "x", outlet="Paper 2", published="1916-01-04"),
    ]
    told = _Told({}, arts, None, 0, arts[1:], arts[1], [], None, 0, [], [])  # type: ignore[arg-type]
    days = _Days.of(arts)
    assert _rival("p00", told, days) is None
    said = _rival("p02", told, days)
    assert said is not None and "p01 printed it before" in said
