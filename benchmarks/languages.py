"""Copies in other languages: how much of each planted copy the report covers, and what else
it pairs.

    python benchmarks/languages.py

Uses the hand-written articles of `tests/unit/test_languages.py` (Chinese, Japanese, Hindi,
Thai, Arabic, German, French): for each language an agency's story, a later copy of some of its
sentences with characters or words changed under the host's own top and end, and other
articles (the same event in other words, other news). Each set is reported alone
(`reuse.detect`, one job); printed per language: the share of the copy's characters inside a
passage the report pairs with the source, and the number of other pairs reported. Figures are
printed, never asserted (the test asserts its own bars).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tabulate import tabulate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "unit"))

import test_languages as t

import reuse
from reuse.model import Article

CASES = {
    "Chinese": (t.XINHUA, t.LOCAL, t.COPIED, [t.SCENE, t.ECONOMY]),
    "Japanese": (t.KYODO, t.REGIONAL, t.REGIONAL.split("\n\n", 1)[1], [t.WEATHER_JA]),
    "Hindi": (t.BHASHA, t.PATRIKA, t.HINDI_COPY, [t.VILLAGE, t.MARKETS]),
    "Thai": (t.THAI, t.THAI_LOCAL, t.THAI_COPY, [t.THAI_MARKETS]),
    "Arabic": (t.ARABIC, t.ARABIC_LOCAL, t.ARABIC_COPY, [t.ARABIC_SPORT]),
    "German": (t.DPA, t.GERMAN_LOCAL, t.GERMAN_COPY, [t.GERMAN_SCENE, t.GERMAN_MARKETS]),
    "French": (t.AFP, t.FRENCH_LOCAL, t.FRENCH_COPY, [t.FRENCH_SCENE, t.FRENCH_MARKETS]),
}


def main() -> None:
    rows = []
    for name, (source, host, copied, others) in CASES.items():
        articles = [
            Article("source", source, published="2026-07-10"),
            Article("host", host, published="2026-07-11"),
        ] + [Article(f"other{i}", o, published="2026-07-10") for i, o in enumerate(others)]
        report = reuse.detect(articles, jobs=1)
        start, end = host.index(copied), host.index(copied) + len(copied)
        covered = sum(
            max(0, min(m.a_end, end) - max(m.a_start, start))
            for m in report.matches
            if (m.a, m.b) == ("host", "source")
        )
        other = sum(1 for m in report.matches if (m.a, m.b) != ("host", "source"))
        rows.append([name, f"{covered / len(copied):.2f}", other])
    print(tabulate(rows, headers=["language", "copy covered", "other pairs"]))


if __name__ == "__main__":
    main()
