"""`explain()`: why two articles were matched, or why not, stage by stage.

    >>> import reuse
    >>> why = reuse.explain("corpus/", "page-12", "page-40")     # doctest: +SKIP
    >>> print(why.to_text())                                    # doctest: +SKIP

The pair is re-examined by the code `report` runs, told what it decided about this one pair as
it decides (`reuse.stages.trace`, `CandidateTrace`):

1. **units**: each side's units (sentences; a quotation adds a row);
2. **candidates**: the LSH band keys the two share, buckets skipped as too wide or rows left out
   as repeats, each colliding unit pair's MinHash estimate and names-and-figures check, its rank
   among each unit's nearest partners, and the article-pair rule (one close unit pair, several,
   or two in a row). The closest unit pairs are also shown whether or not LSH made them
   collide, with the chance that a pair that close collides;
3. **alignment**: seeds, groups of unit pairs, and each passage kept or dropped with the rule,
   its value and the setting that holds it;
4. **corpus stages**: what the corpus-wide stages of the report did with the pair (boilerplate,
   clusters and the pairs they complete, stories, the derivation kept after pruning), read from
   the report over the whole corpus;
5. **attribution**: the signals of the pair, their weights, the log-odds and the confidence.

The candidate stage needs every unit's sketch and the alignment the corpus's word frequencies:
they, and the report over the corpus, are computed once and kept in a cache file (keyed by the
articles' content and the settings), so that later questions about the same corpus re-examine
only the pair. Only the rows of other articles that share a band key with the pair's units take
part: every bucket the pair is in is whole, so each decision about the pair is the one the whole
corpus gives.

`what_if` re-examines the pair under changed settings and says what changes. Settings of the
sketches (`num_perm`, `lsh_threshold`, units, stems) sketch the corpus again; the corpus stages
are not re-run under them.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from . import __version__
from .corpus.objects import CorpusInput, articles_from
from .digest import code_digest, work_key
from .errors import InputError, SettingsError
from .model import Article, Match, Problem, Report
from .parallel import check_jobs
from .pipeline import detect
from .progress import Progress, as_progress
from .settings import Settings, setting_range
from .stages import trace
from .stages.align.stage import align_candidates
from .stages.attribution import carry_one_story, outweighed
from .stages.attribution.fuller import (
    FullerTexts,
    common_by_fuller,
    direct_by_fuller,
    doubt_by_holder,
)
from .stages.attribution.weigh import SIGNAL_WEIGHTS, weighed_pairs
from .stages.candidates.lsh import CandidateStats, CandidateTrace, lsh_params, pairs_from_keys
from .stages.candidates.stage import CorpusSketch, candidates_of, prepared, sketch_corpus
from .stages.stories import read_stories

__all__ = ["explain", "Explanation", "SKETCH_SETTINGS", "parse_what_if"]

log = logging.getLogger(__name__)

# Settings that change the sketches or the word frequencies: a what-if on one of them sketches
# the corpus again.
SKETCH_SETTINGS = frozenset(
    {
        "max_article_chars",
        "num_perm",
        "lsh_threshold",
        "shingle_words",
        "stem_chars",
        "word_classes",
        "min_unit_words",
        "max_unit_words",
        "minhash_seed",
    }
)
# Bumped when what the cache holds changes.
_CACHE_VERSION = 1
# Corpora (and settings) the cache keeps, the most recently used: each costs some hundreds of
# megabytes on a corpus of thousands of pages.
_CACHE_ENTRIES = 6
# Unit pairs shown by closeness.
_SHOWN = 5


@dataclass(frozen=True)
class _State:
    """What `explain` takes from the corpus once: the sketches, the word frequencies and (for
    the settings of the question) the report; and, band by band, the rows in order of their
    keys (`_by_band`), so that the rows sharing a key are found by binary search."""

    sketch: CorpusSketch
    report: Optional[Report]
    sorted_keys: Optional[np.ndarray] = None  # (bands, rows) uint64
    order: Optional[np.ndarray] = None  # (bands, rows) int64: rows in order of sorted_keys

    def neighbourhood(self, i: int, j: int) -> np.ndarray:
        """Rows of articles i and j and of every unit that shares a band key with one of
        their units (in that band), in row order: every bucket the pair's units are in,
        whole."""
        sk = self.sketch
        own = np.flatnonzero((sk.doc == i) | (sk.doc == j))
        if self.sorted_keys is None or self.order is None:
            take = np.zeros(len(sk.doc), bool)
            take[own] = True
            for band in range(sk.keys.shape[1]):
                take |= np.isin(sk.keys[:, band], sk.keys[own, band])
            return np.flatnonzero(take)
        found = [own]
        for band in range(sk.keys.shape[1]):
            column = self.sorted_keys[band]
            wanted = np.unique(np.asarray(sk.keys[own, band]))
            lo = np.searchsorted(column, wanted, "left")
            hi = np.searchsorted(column, wanted, "right")
            for x, y in zip(lo.tolist(), hi.tolist()):
                if y - x > 1:
                    found.append(np.asarray(self.order[band, x:y]))
        return np.unique(np.concatenate(found))


_ARRAYS = ("keys", "low", "doc", "unit", "facts", "has_facts")


def _save(state: _State, folder: Path) -> None:
    """Write `state` into `folder` (made whole under another name, then renamed): the arrays
    as .npy files (read back mapped, so a question reads only the rows it needs), the band
    order, the word frequencies and the report (without texts and passage texts)."""
    part = folder.with_name(f"{folder.name}.{os.getpid()}.part")
    part.mkdir(parents=True, exist_ok=True)
    sk = state.sketch
    for name in _ARRAYS:
        np.save(part / f"{name}.npy", getattr(sk, name))
    order = np.argsort(sk.keys.T, axis=1, kind="stable")
    np.save(part / "order.npy", order)
    np.save(part / "sorted_keys.npy", np.take_along_axis(sk.keys.T, order, axis=1))
    report = state.report
    if report is not None:
        report = dataclasses.replace(
            report,
            texts={},
            clusters=tuple(
                dataclasses.replace(
                    c, passages=tuple(dataclasses.replace(p, text="") for p in c.passages)
                )
                for c in report.clusters
            ),
            quotes=(),
        )
    words = sorted(sk.df)
    np.save(part / "df_words.npy", np.array(words, dtype=str))
    np.save(part / "df_counts.npy", np.array([sk.df[w] for w in words], dtype=np.int64))
    with (part / "report.pickle").open("wb") as out:
        pickle.dump(report, out, protocol=pickle.HIGHEST_PROTOCOL)
    (part / "code").write_text(code_digest())
    os.replace(part, folder)
    _prune(folder.parent, keep=folder)


def _prune(root: Path, keep: Path) -> None:
    """Remove the cache entries made by other code (never read again) and all but the
    `_CACHE_ENTRIES` most recently used of the rest; `keep` (just made) stays."""
    entries = []
    for path in root.iterdir():
        if path == keep or len(path.name) != 32 or not (path / "keys.npy").is_file():
            continue  # not an entry of this cache
        try:
            ours = (path / "code").read_text() == code_digest()
            used = path.stat().st_mtime
        except OSError:
            ours, used = False, 0.0
        entries.append((not ours, -used, path.name, path))
    entries.sort()
    for k, (stale, _, _, path) in enumerate(entries):
        if stale or k >= _CACHE_ENTRIES - 1:
            shutil.rmtree(path, ignore_errors=True)


class _Frequencies(Counter[str]):
    """Document frequencies read from sorted arrays (mapped) as they are asked for: a question
    reads the counts of two articles' words, not all of them."""

    def __init__(self, words: np.ndarray, counts: np.ndarray) -> None:
        super().__init__()
        self._words, self._counts = words, counts

    def __missing__(self, word: str) -> int:
        k = int(np.searchsorted(self._words, word))
        if k < len(self._words) and self._words[k] == word:
            return int(self._counts[k])
        return 0

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self[word] > 0


def _load(folder: Path) -> _State:
    os.utime(folder)  # used now: the entries pruned first are those used longest ago
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    with (folder / "report.pickle").open("rb") as f:
        report = pickle.load(f)
    df = _Frequencies(
        np.load(folder / "df_words.npy", mmap_mode="r"),
        np.load(folder / "df_counts.npy", mmap_mode="r"),
    )
    sketch = CorpusSketch(df=df, **arrays)
    return _State(
        sketch,
        report,
        np.load(folder / "sorted_keys.npy", mmap_mode="r"),
        np.load(folder / "order.npy", mmap_mode="r"),
    )


@dataclass
class Explanation:
    """What happened to one article pair, stage by stage (see the module's doc)."""

    a: str
    b: str
    settings: dict[str, Any]
    verdict: dict[str, Any]
    stages: dict[str, Any]
    what_if: Optional[dict[str, Any]] = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON-ready data."""
        out = {
            "format": "newsreuse-explain",
            "version": 1,
            "pair": {"a": self.a, "b": self.b},
            "verdict": self.verdict,
            "stages": self.stages,
        }
        if self.what_if is not None:
            out["what_if"] = self.what_if
        if self.notes:
            out["notes"] = self.notes
        return _plain(out)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        from .reports.explain_text import render

        return render(self.to_dict())


def _plain(value: Any) -> Any:
    """JSON-ready: tuples as lists, numpy numbers as Python's, NaN as None."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def parse_what_if(items: Iterable[str], settings: Settings) -> dict[str, Any]:
    """`SETTING=VALUE` strings as changes of `settings` (names with - or _), checked.

    Raises:
        SettingsError: not NAME=VALUE, an unknown setting, or a value of the wrong kind or out
            of range.
    """
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    changes: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not raw.strip():
            raise SettingsError(f"--what-if {item!r}: give SETTING=VALUE, e.g. max_neighbours=16")
        if name not in fields:
            close = difflib.get_close_matches(name, fields, 1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SettingsError(f"--what-if {item!r}: no setting {name!r}{hint}")
        kind = fields[name].type
        try:
            value: Any = int(raw) if kind in (int, "int") else float(raw)
        except ValueError:
            low, high = setting_range(name)
            raise SettingsError(
                f"--what-if {item!r}: {name} takes a number in [{low}, {high}]"
            ) from None
        changes[name] = value
    settings.replace(**changes)  # checks ranges and the settings' own constraints
    return changes


def explain(
    corpus: CorpusInput,
    a: str,
    b: str,
    settings: Optional[Settings] = None,
    *,
    what_if: Optional[Mapping[str, Any]] = None,
    jobs: Optional[int] = None,
    cache: Union[bool, str, Path] = True,
    progress: Any = None,
) -> Explanation:
    """Why articles `a` and `b` of `corpus` share passages in the report, or why they do not.

    Args:
        corpus: what `reuse.detect` takes.
        a, b: two article ids of the corpus.
        settings: those of the report to explain (news defaults when omitted).
        what_if: settings to change (name to value): the pair is re-examined under them and
            `Explanation.what_if` says what changes.
        jobs: worker processes for the corpus-wide work done once (the sketches and report).
        cache: keep that work in a cache file and reuse it (True: in the user's cache folder,
            or `NEWSREUSE_CACHE` when set; a path: in that folder; False: no cache).
        progress: as for `reuse.detect`.

    Raises:
        InputError: the corpus cannot be read, or an id is not one of its articles.
        SettingsError: a setting (or a what-if change) is out of range.
    """
    settings = settings or Settings()
    jobs = check_jobs(jobs)
    tell = as_progress(progress)
    problems: list[Problem] = []
    articles = sorted(articles_from(corpus, problems, settings), key=lambda x: x.id)
    ids = [x.id for x in articles]
    index = {x: k for k, x in enumerate(ids)}
    for name in (a, b):
        if name not in index:
            close = difflib.get_close_matches(name, ids, 3)
            hint = f"; close ids: {', '.join(close)}" if close else ""
            raise InputError(f"no article {name!r} in the corpus ({len(ids):,} articles){hint}")
    if a == b:
        raise InputError(f"--pair names {a!r} twice: give two different articles")
    changes = dict(what_if or {})
    if changes:
        parse_what_if([f"{k}={v}" for k, v in changes.items()], settings)
    folder = _cache_folder(cache)
    state = _state(articles, settings, jobs, tell, folder, with_report=True)
    out = _examine(articles, index[a], index[b], settings, state)
    if changes:
        other = settings.replace(**changes)
        if SKETCH_SETTINGS & changes.keys():
            alt = _state(articles, other, jobs, tell, folder, with_report=False)
            alt = dataclasses.replace(alt, report=state.report)
        else:
            alt = state
        changed = _examine(articles, index[a], index[b], other, alt)
        out.what_if = _difference(out, changed, changes)
    tell.close()
    return out


# --- the corpus, once -----------------------------------------------------------------------


def _cache_folder(cache: Union[bool, str, Path]) -> Optional[Path]:
    if cache is False:
        return None
    if cache is True:
        given = os.environ.get("NEWSREUSE_CACHE")
        if given:
            return Path(given)
        import platformdirs

        return Path(platformdirs.user_cache_dir("newsreuse")) / "explain"
    return Path(cache)


def _key(articles: Sequence[Article], settings: Settings, with_report: bool) -> str:
    values = settings.to_dict()
    if not with_report:
        values = {k: v for k, v in values.items() if k in SKETCH_SETTINGS}
    return work_key(articles, [_CACHE_VERSION, __version__, with_report, values])


def _state(
    articles: Sequence[Article],
    settings: Settings,
    jobs: int,
    tell: Progress,
    folder: Optional[Path],
    *,
    with_report: bool,
) -> _State:
    """The sketches (and the report) of the corpus: from the cache when it has them."""
    path = folder / _key(articles, settings, with_report) if folder else None
    if path is not None and path.exists():
        try:
            return _load(path)
        except Exception as exc:  # noqa: BLE001 - a damaged cache is made again
            log.warning("the cache %s cannot be read (%s); making it again", path, exc)
            shutil.rmtree(path, ignore_errors=True)
    tell.note(
        "examining the whole corpus once (its sketches"
        + (" and report" if with_report else "")
        + "); later questions about it reuse them"
    )
    if with_report:
        kept: list[CorpusSketch] = []

        def finder(
            arts: Sequence[Article],
            s: Settings,
            j: int,
            problems: list[Problem],
            p: Progress,
        ) -> Any:
            sk = sketch_corpus(arts, s, j, problems, p)
            kept.append(sk)
            return candidates_of(sk, s, j, p)

        report = detect(list(articles), settings, jobs=jobs, progress=tell, finder=finder)
        state = _State(kept[0], dataclasses.replace(report, texts={}))
    else:
        tell.stage("sketching the corpus under the changed settings", len(articles))
        state = _State(sketch_corpus(articles, settings, jobs, [], tell), None)
    if path is not None:
        try:
            _save(state, path)
            return _load(path)
        except OSError as exc:
            log.warning("cannot keep the cache %s (%s); going on without it", path, exc)
    return state


# --- the pair ------------------------------------------------------------------------------


def _units(sk: CorpusSketch, k: int, article: Article) -> dict[str, Any]:
    rows = sk.doc == k
    units = len(np.unique(sk.unit[rows]))
    return {
        "article": article.id,
        "outlet": article.outlet,
        "published": article.published,
        "chars": len(article.text),
        "units": units,
        "quotation_rows": int(rows.sum()) - units,
    }


def _closest(sk: CorpusSketch, i: int, j: int, settings: Settings) -> list[dict[str, Any]]:
    """The closest unit pairs of the two articles by MinHash estimate, with the chance that a
    pair that close shares a band key."""
    ri, rj = np.flatnonzero(sk.doc == i), np.flatnonzero(sk.doc == j)
    if not len(ri) or not len(rj):
        return []
    est = np.empty((len(ri), len(rj)))
    for lo in range(0, len(ri), 64):
        block = sk.low[ri[lo : lo + 64]]
        est[lo : lo + 64] = (block[:, None, :] == sk.low[rj][None, :, :]).mean(axis=2)
    bands, rows = lsh_params(settings.lsh_threshold, settings.num_perm)
    order = np.argsort(-est, axis=None, kind="stable")[:_SHOWN]
    out = []
    for flat in order.tolist():
        x, y = divmod(flat, len(rj))
        s = float(est[x, y])
        collide = bool((sk.keys[ri[x]] == sk.keys[rj[y]]).any())
        out.append(
            {
                "unit_a": int(sk.unit[ri[x]]),
                "unit_b": int(sk.unit[rj[y]]),
                "estimate": round(s, 4),
                "collision_chance": round(1 - (1 - s**rows) ** bands, 4),
                "collide": collide,
            }
        )
    return out


def _candidates(
    state: _State, i: int, j: int, settings: Settings
) -> tuple[dict[str, Any], Optional[tuple[tuple[int, int], ...]]]:
    """The candidate stage for the pair, and its unit pairs when it is a candidate (units of
    the article first by id, then of the other)."""
    sk = state.sketch
    lo, hi = min(i, j), max(i, j)
    rows = state.neighbourhood(lo, hi)
    doc, unit = sk.doc[rows], sk.unit[rows]
    t = CandidateTrace(lo, hi)
    found = pairs_from_keys(
        sk.keys[rows],
        doc,
        unit,
        settings,
        CandidateStats(),
        verify=sk.low[rows],
        facts=(sk.facts[rows], sk.has_facts[rows]),
        jobs=1,
        trace=t,
    )
    hints = found.get((lo, hi))
    bands, band_rows = lsh_params(settings.lsh_threshold, settings.num_perm)
    shared = t.buckets
    collisions = []
    for (x, y), c in sorted(t.collisions.items(), key=lambda kv: -kv[1]["estimate"]):
        near = t.nearest.get((x, y))
        if not c["similar"]:
            fate = "below candidate_similarity"
        elif not c["passed"]:
            fate = "names and figures differ (a formula, not a copy)"
        elif near is not None and not near["kept"]:
            fate = "not among either unit's max_neighbours closest partners"
        else:
            fate = "verified"
        collisions.append(
            {
                "unit_a": int(unit[x]),
                "unit_b": int(unit[y]),
                "bands": c["bands"],
                "estimate": round(c["estimate"], 4),
                "names_and_figures_shared": None
                if c["share"] != c["share"]
                else round(c["share"], 4),
                "rank_a": near["rank_a"] if near else None,
                "rank_b": near["rank_b"] if near else None,
                "fate": fate,
            }
        )
    rule = dict(t.pair_rule)
    checks = [
        _check(
            "shared band keys",
            len(shared),
            1,
            "lsh_threshold",
            settings.lsh_threshold,
            f"{bands} bands of {band_rows} rows over num_perm {settings.num_perm}",
            bool(shared),
        )
    ]
    wide = [bk for bk in shared if bk["skipped"]]
    if wide:
        checks.append(
            _check(
                "buckets within max_bucket",
                max(bk["articles"] for bk in wide),
                settings.max_bucket,
                "max_bucket",
                settings.max_bucket,
                f"{len(wide)} of the {len(shared)} shared buckets hold more articles than "
                "max_bucket and were not expanded",
                len(wide) < len(shared),
            )
        )
    repeats = sum(bk["left_out"] for bk in shared if not bk["skipped"])
    if repeats:
        checks.append(
            {
                "rule": "rows of one article a bucket keeps (built in: 32)",
                "passed": True,
                "detail": f"{repeats} rows of the two articles were left out as repeats of a line",
            }
        )
    if collisions:
        best = max(c["estimate"] for c in collisions)
        checks.append(
            _check(
                "colliding unit pairs reach candidate_similarity",
                best,
                settings.candidate_similarity,
                "candidate_similarity",
                settings.candidate_similarity,
                f"{sum(c['fate'] != 'below candidate_similarity' for c in collisions)} of "
                f"{len(collisions)} colliding unit pairs",
                any(c["fate"] != "below candidate_similarity" for c in collisions),
            )
        )
        facts = [c for c in collisions if c["fate"].startswith("names")]
        if facts:
            checks.append(
                {
                    "rule": "names and figures check (built in: unless nearly identical, 0.9)",
                    "passed": len(facts) < len(collisions),
                    "detail": f"{len(facts)} unit pairs name other names or figures",
                }
            )
        crowded = [c for c in collisions if c["fate"].startswith("not among")]
        if crowded:
            checks.append(
                _check(
                    "unit pair among its units' nearest partners",
                    min(min(c["rank_a"], c["rank_b"]) for c in crowded) + 1,
                    settings.max_neighbours,
                    "max_neighbours",
                    settings.max_neighbours,
                    f"{len(crowded)} verified unit pairs dropped: each of their units has "
                    f"{settings.max_neighbours} closer partners in other articles",
                    any(c["fate"] == "verified" for c in collisions),
                )
            )
    if rule.get("unit_pairs"):
        if rule.get("strong"):
            detail = (
                f"best unit pair {rule['best']:.3f} reaches verify_threshold "
                f"{settings.verify_threshold}"
            )
        elif rule.get("several"):
            detail = f"{rule['unit_pairs']} similar unit pairs: a pattern, not chance"
        elif rule.get("in_a_row"):
            detail = "two similar unit pairs follow one another in both articles"
        else:
            detail = (
                f"best unit pair {rule['best']:.3f} is below verify_threshold "
                f"{settings.verify_threshold}, with {rule['unit_pairs']} similar unit pair(s) "
                "not in a row"
            )
        if rule.get("lone_fails"):
            detail += (
                f"; a lone unit pair must share lone_pair_facts {settings.lone_pair_facts} of "
                f"its names and figures or reach lone_pair_close {settings.lone_pair_close}"
            )
        checks.append(
            _check(
                "article pair rule: one close unit pair, three similar, or two in a row",
                rule.get("best"),
                settings.verify_threshold,
                "verify_threshold",
                settings.verify_threshold,
                detail,
                bool(rule.get("passed")),
            )
        )
    out = {
        "candidate": hints is not None,
        "checks": checks,
        "shared_buckets": len(shared),
        "shared_buckets_skipped": len(wide),
        "collisions": collisions[:20],
        "collisions_total": len(collisions),
        "closest_unit_pairs": _closest(sk, lo, hi, settings),
        "unit_pairs_kept": [list(h) for h in hints or ()],
    }
    if hints is None:
        failed = next((c for c in checks if not c["passed"]), None)
        out["lost_at"] = failed["rule"] if failed else "article pair rule"
        out["setting"] = failed.get("setting") if failed else "verify_threshold"
    return out, hints


def _check(
    rule: str,
    value: Any,
    threshold: Any,
    setting: str,
    setting_value: Any,
    detail: str,
    passed: bool,
) -> dict[str, Any]:
    return {
        "rule": rule,
        "value": round(value, 4) if isinstance(value, float) else value,
        "threshold": threshold,
        "setting": setting,
        "setting_value": setting_value,
        "detail": detail,
        "passed": passed,
    }


def _align(
    articles: Sequence[Article],
    i: int,
    j: int,
    hints: tuple[tuple[int, int], ...],
    sk: CorpusSketch,
    settings: Settings,
) -> tuple[dict[str, Any], list[Match]]:
    lo, hi = min(i, j), max(i, j)
    problems: list[Problem] = []
    # The frequencies of the two articles' stems and words are all their weighing reads (as
    # `reuse.Index` weighs a query); the vocabulary keeps its order, so the cosines are the
    # very numbers the whole corpus's gives.
    words: set[str] = set()
    for x in (articles[lo], articles[hi]):
        doc = prepared(x, settings, problems)
        if doc is not None:
            words.update(doc.stems)
            words.update(" " + w for w in doc.tokens.norm)
    df = Counter({w: sk.df[w] for w in words if w in sk.df})
    with trace.recording() as events:
        matches = align_candidates(
            [articles[lo], articles[hi]],
            [((0, 1), hints)],
            df,
            settings,
            1,
            problems,
            n_docs=len(articles),
        )
    text_a, text_b = articles[lo].text, articles[hi].text
    dropped, groups, seedless = [], [], None
    for e in events:
        if e["event"] == "dropped":
            dropped.append(
                {
                    "rule": e["rule"],
                    "setting": e["rule"],
                    "measures": e["measures"],
                    "value": e["value"],
                    "threshold": e["threshold"],
                    "a": list(e["a"]),
                    "b": list(e["b"]),
                    "a_text": _clip(text_a[e["a"][0] : e["a"][1]]),
                    "b_text": _clip(text_b[e["b"][0] : e["b"][1]]),
                    "then": "its parts are judged"
                    if e["rule"] == "min_similarity" and e.get("parts", 0) > 1
                    else "cut at the sentences naming other facts"
                    if e.get("other_facts") and e["rule"] == "frame_passage_words"
                    else "dropped",
                }
            )
        elif e["event"] == "group":
            groups.append({"units_a": e["units_a"], "units_b": e["units_b"], "cells": e["cells"]})
        elif e["event"] == "no_seed":
            seedless = e
    out: dict[str, Any] = {
        "seed_groups": groups,
        "passages": [
            {
                "a": [m.a_start, m.a_end],
                "b": [m.b_start, m.b_end],
                "kind": m.kind,
                "similarity": m.similarity,
                "quoted": m.quoted,
                "a_text": _clip(text_a[m.a_start : m.a_end]),
            }
            for m in matches
        ],
        "dropped": dropped,
        "problems": [p.message for p in problems],
    }
    if seedless is not None:
        out["no_seed"] = {
            "rule": "a seed: a unit pair with cosine >= seed_similarity sharing "
            ">= min_shared_words informative words, or a shared run of seed_ngram_words",
            "setting": "seed_similarity",
            "seed_similarity": seedless["seed_similarity"],
            "min_shared_words": seedless["min_shared_words"],
            "seed_ngram_words": seedless["seed_ngram_words"],
            "closest_hints": seedless["hints"],
        }
    return out, matches


def _clip(text: str, most: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _corpus_stages(
    report: Report,
    a: Article,
    b: Article,
    aligned: list[Match],
    by_id: Mapping[str, Article],
) -> dict[str, Any]:
    """What the corpus-wide stages of the report did with the pair."""
    x, y = sorted((a.id, b.id))
    ours = [m for m in report.matches if (m.a, m.b) == (x, y)]
    direct = [m for m in ours if m.via is None]
    via = [m for m in ours if m.via is not None]
    kept = {(m.a_start, m.a_end, m.b_start, m.b_end) for m in direct}
    removed = [m for m in aligned if (m.a_start, m.a_end, m.b_start, m.b_end) not in kept]
    boiler = []
    for bp in report.boilerplate:
        mine = [p for p in bp.passages if p.article in (x, y)]
        if not mine:
            continue
        hits = [
            m
            for m in removed
            if any(
                p.start < (m.a_end if p.article == x else m.b_end)
                and (m.a_start if p.article == x else m.b_start) < p.end
                for p in mine
            )
        ]
        if not hits:
            continue  # the article's own boilerplate elsewhere: nothing of this pair
        boiler.append(
            {
                "boilerplate": bp.id,
                "outlet": bp.outlet,
                "articles": len({p.article for p in bp.passages}),
                "text": _clip(bp.text),
                "removes_passages": len(hits),
            }
        )
    clusters_a = {c.id for c in report.clusters for p in c.passages if p.article == x}
    clusters_b = {c.id for c in report.clusters for p in c.passages if p.article == y}
    common = sorted(clusters_a & clusters_b, key=lambda c: int(c[1:]) if c[1:].isdigit() else 0)
    sizes = {c.id: len({p.article for p in c.passages}) for c in report.clusters}
    stories = [
        {
            "story": s.id,
            "cluster": s.cluster,
            "carriers": len(s.carriers),
            "wire": s.wire,
            "source": s.source,
            "earliest": s.earliest,
            "earliest_tied": s.earliest_tied,
        }
        for s in report.stories
        if s.cluster in common
    ]
    derivations = [
        {
            "source": d.source,
            "target": d.target,
            "relation": d.relation,
            "confidence": d.confidence,
            "evidence": list(d.evidence),
        }
        for d in report.derivations
        if {d.source, d.target} == {x, y}
    ]
    out: dict[str, Any] = {
        "matches_in_report": len(ours),
        "direct_matches": len(direct),
        "matches_via_clusters": [
            {"cluster": m.via, "a": [m.a_start, m.a_end], "b": [m.b_start, m.b_end]} for m in via
        ],
        "aligned_passages_removed": len(removed),
        "boilerplate": boiler,
        "boilerplate_min_articles": report.settings.get("boilerplate_min_articles"),
        "clusters_in_common": [{"cluster": c, "articles": sizes[c]} for c in common],
        "clusters_of_a": len(clusters_a),
        "clusters_of_b": len(clusters_b),
        "stories": stories,
        "derivation": derivations,
    }
    if direct and not derivations:
        out["derivation_note"] = (
            "no derivation between the two: the pair's text is credited to a closer source "
            "or told by its story (see stories)"
        )
    if direct:
        # Weighed as the report weighed it: among all the report's aligned matches, which say
        # whether a third article carries the pair's text.
        aligned = [m for m in report.matches if m.via is None]
        p = weighed_pairs(direct, by_id, signals=True, context=aligned)[(x, y)]
        # Read for the fuller text among the report's aligned pairs, as the report read it.
        fuller = FullerTexts(aligned)
        direct_by_fuller(p, fuller)
        common_by_fuller(p, fuller)
        # Two carriers of one agency's story, as the report read its clusters.
        carry_one_story(p, read_stories(report.clusters, report.matches, by_id).same_wire)
        doubt_by_holder(p, fuller)
        sig = {k: v for k, v in p.signals.items() if k in SIGNAL_WEIGHTS}
        out["attribution"] = {
            "relation": p.relation,
            "reason": p.reason or None,
            "signals": [
                {
                    "signal": k,
                    "value": round(float(v), 4),
                    "weight": SIGNAL_WEIGHTS[k],
                    "log_odds": round(float(v) * SIGNAL_WEIGHTS[k], 4),
                }
                for k, v in sig.items()
            ],
            "measures": {
                k: round(float(v), 4) for k, v in p.signals.items() if k not in SIGNAL_WEIGHTS
            },
            "log_odds_a_to_b": round(p.forward, 4),
            "confidence": round(p.confidence, 3),
            # Lines whose signal orders the pair the other way marked, as the report marks them.
            "evidence": (
                outweighed(p.evidence, *((p.a, p.b) if p.forward >= 0 else (p.b, p.a)))
                if p.relation == "copied"
                else list(p.evidence)
            ),
        }
    return out


def _examine(
    articles: Sequence[Article], i: int, j: int, settings: Settings, state: _State
) -> Explanation:
    sk = state.sketch
    lo, hi = min(i, j), max(i, j)
    a, b = articles[lo], articles[hi]
    stages: dict[str, Any] = {"units": [_units(sk, lo, a), _units(sk, hi, b)]}
    cand, hints = _candidates(state, lo, hi, settings)
    stages["candidates"] = cand
    aligned: list[Match] = []
    if hints is not None:
        stages["alignment"], aligned = _align(articles, lo, hi, hints, sk, settings)
    verdict: dict[str, Any] = {"candidate": hints is not None, "aligned_passages": len(aligned)}
    if state.report is not None:
        by_id = {x.id: x for x in articles}
        corpus = _corpus_stages(state.report, a, b, aligned, by_id)
        stages["corpus"] = corpus
        survived = len(aligned) - corpus["aligned_passages_removed"]
        via = bool(corpus["matches_via_clusters"])
        verdict["reported"] = corpus["matches_in_report"] > 0
        verdict["found_by_reexamination"] = survived > 0 or via
        verdict["matches"] = corpus["matches_in_report"]
        verdict["via"] = "alignment" if survived > 0 else "cluster" if via else None
    if hints is None:
        verdict["lost_at"] = "candidates"
        verdict["rule"] = cand["lost_at"]
        verdict["setting"] = cand["setting"]
    elif not aligned:
        verdict["lost_at"] = "alignment"
        dropped = stages["alignment"]["dropped"]
        if "no_seed" in stages["alignment"]:
            verdict["rule"], verdict["setting"] = "no seed", "seed_similarity"
        elif dropped:
            last = Counter(d["rule"] for d in dropped).most_common(1)[0][0]
            verdict["rule"], verdict["setting"] = f"passage dropped by {last}", last
    elif state.report is not None and not verdict.get("found_by_reexamination"):
        verdict["lost_at"] = "boilerplate"
        verdict["setting"] = "boilerplate_min_articles"
    if verdict.get("via") == "cluster":
        verdict.pop("lost_at", None)
    return Explanation(a.id, b.id, settings.to_dict(), verdict, stages)


def _difference(
    base: Explanation, other: Explanation, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """What changes for the pair under `changes`."""

    def spans(e: Explanation) -> set[tuple[int, ...]]:
        return {(*p["a"], *p["b"]) for p in e.stages.get("alignment", {}).get("passages", [])}

    was, now = spans(base), spans(other)
    said = []
    if base.verdict["candidate"] != other.verdict["candidate"]:
        said.append(
            "the pair becomes a candidate"
            if other.verdict["candidate"]
            else "the pair is no longer a candidate"
        )
    gained, lost = sorted(now - was), sorted(was - now)
    if gained:
        said.append(f"{len(gained)} passage(s) found that were not")
    if lost:
        said.append(f"{len(lost)} passage(s) no longer found")
    if not said:
        said.append("nothing changes for this pair")
    out: dict[str, Any] = {
        "changes": dict(changes),
        "summary": "; ".join(said),
        "candidate": other.verdict["candidate"],
        "aligned_passages": other.verdict["aligned_passages"],
        "passages_gained": [list(s) for s in gained],
        "passages_lost": [list(s) for s in lost],
        "stages": {k: v for k, v in other.stages.items() if k != "corpus"},
    }
    if other.verdict.get("lost_at") in ("candidates", "alignment"):
        # (Only the stages re-run can say where: a later loss is the old report's.)
        out["lost_at"] = other.verdict["lost_at"]
        out["rule"] = other.verdict.get("rule")
    out["note"] = (
        "the pair's candidate stage and alignment are re-run under the changed settings; the "
        "corpus-wide stages (boilerplate, clusters, derivations) are not: run `newsreuse "
        "report` with them to see those"
    )
    return out
