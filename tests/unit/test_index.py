"""reuse.Index: incremental equals batch, updates and removals keep the index as if built anew,
queries agree with the batch report, and the file survives kill -9 and two writers at once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import generated_articles
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse
from reuse.cli import cli
from reuse.model import Article

ROOT = Path(__file__).resolve().parents[2]
_KEYS = ("matches", "clusters", "derivations", "stories")


@pytest.fixture(scope="module")
def small() -> list[Article]:
    return generated_articles(reuse.generate(60, seed=11).articles)


@pytest.fixture(scope="module")
def batch(small: list[Article]) -> str:
    return _findings(reuse.detect(small, jobs=1))


def _findings(report: reuse.Report) -> str:
    d = report.to_dict()
    return json.dumps({k: d[k] for k in _KEYS}, sort_keys=True)


def _content(path: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """What an index holds, independent of the order it was built in: articles (id, digest),
    band keys (key, article id) and stem counts."""
    db = sqlite3.connect(path)
    try:
        arts = sorted(db.execute("SELECT id, digest FROM articles"))
        bands = sorted(
            db.execute("SELECT b.key, a.id FROM bands b JOIN articles a ON a.n = b.article")
        )
        stems = sorted(db.execute("SELECT stem, df FROM stems"))
    finally:
        db.close()
    return arts, bands, stems


def test_seeds_report_from_index_equals_batch_byte_for_byte(
    tmp_path: Path, seeds_dir: Path
) -> None:
    with reuse.Index(tmp_path / "s.db") as ix:
        first = ix.add(seeds_dir)
        again = ix.add(seeds_dir)
        assert len(first.added) == 5 and not first.updated
        assert again.unchanged == first.added and not again.added and not again.updated
        got = ix.report().to_dict()
    want = reuse.detect(seeds_dir).to_dict()
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)


@hsettings(max_examples=4, deadline=None)
@given(st.data())
def test_incremental_equals_batch_in_any_batches_and_order(
    tmp_path_factory: pytest.TempPathFactory, small: list[Article], batch: str, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(small))))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(small) - 1), max_size=4)))
    path = tmp_path_factory.mktemp("ix") / "ix.db"
    with reuse.Index(path) as ix:
        for lo, hi in zip([0, *cuts], [*cuts, len(small)]):
            ix.add([small[k] for k in order[lo:hi]], jobs=1, step=data.draw(st.integers(3, 40)))
        assert len(ix) == len(small)
        assert _findings(ix.report(jobs=1)) == batch


def test_updates_and_removals_leave_the_index_as_if_built_anew(
    tmp_path: Path, small: list[Article]
) -> None:
    changed = [
        Article(a.id, a.text + " An editor's note was added.", outlet=a.outlet) for a in small[:5]
    ]
    with reuse.Index(tmp_path / "a.db") as ix:
        ix.add(small, jobs=1)
        result = ix.add(changed, jobs=1)
        assert sorted(result.updated) == sorted(a.id for a in changed)
        removed = ix.remove([small[7].id, "no-such-id"])
        assert removed == (small[7].id,)
        history = ix._db.execute("SELECT change, count(*) FROM history GROUP BY change").fetchall()
        assert dict(history) == {"added": 60, "updated": 5, "removed": 1}
    expected = changed + [a for a in small[5:] if a.id != small[7].id]
    with reuse.Index(tmp_path / "b.db") as fresh:
        fresh.add(expected, jobs=1)
    assert _content(tmp_path / "a.db") == _content(tmp_path / "b.db")


def test_remove_before_a_date_keeps_undated_and_newer(tmp_path: Path) -> None:
    arts = [
        Article(
            "old",
            "Storm closes the harbour road for a week, officials say.",
            published="2026-01-02",
        ),
        Article(
            "new",
            "Council votes on the budget for the new library building.",
            published="2026-03-01",
        ),
        Article("undated", "A bakery on Mill Street celebrates fifty years of bread."),
    ]
    with reuse.Index(tmp_path / "d.db") as ix:
        ix.add(arts, jobs=1)
        assert ix.remove(before="2026-02-01") == ("old",)
        assert sorted(a.id for a in ix.articles()) == ["new", "undated"]
        assert [a.id for a in ix.articles(since="2026-02-01")] == ["new"]
        stats = ix.stats()
    assert stats["articles"] == 2 and stats["undated_articles"] == 1
    assert stats["first_published"] == stats["last_published"] == "2026-03-01"


def test_dates_that_select_or_remove_are_read_as_dates_not_compared_as_strings(
    tmp_path: Path,
) -> None:
    """Pages dated by the day, one timed article with a zone, and dates given as users write
    them: "January 2, 1916" is not a string that sorts after every ISO date (which removed the
    whole index), and a time on 4 January does not drop the pages dated 4 January."""
    texts = [
        "Storm closes the harbour road for a week, officials say.",
        "Council votes on the budget for the new library building.",
        "A bakery on Mill Street celebrates fifty years of bread.",
        "Flooding on the river plain forces farmers to move their herds.",
    ]
    dated = {
        "d1": "1916-01-01",
        "d2": "1916-01-02",
        "d4": "1916-01-04",
        "t2": "1916-01-02T03:00:00+05:00",  # 1 January, 22:00 in UTC
    }
    arts = [Article(i, t, published=p) for (i, p), t in zip(dated.items(), texts)]
    arts.append(Article("undated", "Snow is forecast for the hills by the weekend."))
    with reuse.Index(tmp_path / "n.db") as ix:
        ix.add(arts, jobs=1)
        ids = lambda **kw: sorted(a.id for a in ix.articles(**kw))  # noqa: E731
        assert ids(since="1916-01-04T00:00:00") == ["d4"]
        assert ids(since="January 4, 1916") == ["d4"]
        assert ids(until="1916-01-02") == ["d1", "t2"]
        assert ids(since="1916-01-02T12:00:00Z", until="1916-01-04") == ["d2"]
        with pytest.raises(reuse.InputError, match=r"since 'Jan 4th-ish': not a date"):
            ids(since="Jan 4th-ish")
    for before, gone in [
        ("January 2, 1916", ["d1", "t2"]),
        ("1916-1-2", ["d1", "t2"]),
        ("1916-01-02T00:00:00-05:00", ["d1", "t2"]),  # 2 January's pages may be later
        ("1916-01-03", ["d1", "d2", "t2"]),
    ]:
        with reuse.Index(tmp_path / f"{len(gone)}-{before[:4]}.db") as ix:
            ix.add(arts, jobs=1)
            assert sorted(ix.remove(before=before)) == gone, before
    runner = CliRunner()
    got = runner.invoke(cli, ["index", "remove", str(tmp_path / "n.db"), "--before", "Jan 2?"])
    assert got.exit_code == 2 and "'Jan 2?': not a date newsreuse can read" in got.output
    with reuse.Index(tmp_path / "n.db") as ix:
        assert len(ix) == 5  # nothing removed


def test_query_finds_the_pairs_the_batch_report_has(tmp_path: Path, small: list[Article]) -> None:
    report = reuse.detect(small, jobs=1)
    partners: dict[str, set[str]] = {}
    for m in report.matches:
        partners.setdefault(m.a, set()).add(m.b)
        partners.setdefault(m.b, set()).add(m.a)
    with reuse.Index(tmp_path / "q.db") as ix:
        ix.add(small, jobs=1)
        found = wanted = extra = 0
        for a in small:
            q = ix.query(a)
            assert all(a.id in (m.a, m.b) for m in q.matches)
            got = {m.b if m.a == a.id else m.a for m in q.matches}
            want = partners.get(a.id, set())
            found += len(got & want)
            wanted += len(want)
            extra += len(got - want)
    assert wanted >= 30
    assert found >= 0.9 * wanted, (found, wanted)
    assert extra <= 0.05 * wanted, (extra, wanted)


def test_query_counts_what_its_report_holds(tmp_path: Path) -> None:
    """A query aligns the archive articles that share band keys with it, and its report holds
    those it shares text with: `counts` says what the report holds, as its lists do (it said
    14 articles for a report of one on real pages)."""
    import gzip

    day = ROOT / "tests" / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"
    rows = [json.loads(line) for line in gzip.open(day, "rt", encoding="utf-8")]
    arts = [Article(r["id"], r["text"], published=r.get("published")) for r in rows]
    with reuse.Index(tmp_path / "g.db") as ix:
        ix.add(arts[:120], jobs=1)
        compared_more = 0
        for a in arts[120:130]:
            q = ix.query(a)
            assert q.counts["articles"] == len(q.articles)
            assert q.counts["matches"] == len(q.matches)
            assert q.counts["derivations"] == len(q.derivations)
            compared_more += q.counts["archive_candidates"] + 1 > len(q.articles)
    assert compared_more >= 5  # the case that counted the compared articles


def test_query_of_a_new_draft_names_its_source_without_adding_it(
    tmp_path: Path, seeds_dir: Path
) -> None:
    source = sorted(seeds_dir.glob("001*"))[0]
    quote = source.read_text(encoding="utf-8")[:700]
    draft = {"id": "draft", "text": "Our correspondent writes. " + quote, "outlet": "Desk"}
    with reuse.Index(tmp_path / "s.db") as ix:
        ix.add(seeds_dir, jobs=1)
        q = ix.query(draft)
        assert "draft" not in ix
        assert {(m.a, m.b) for m in q.matches} >= {(source.stem, "draft")}
        assert q.counts["archive_articles"] == 5
        ix.query(draft, add=True)
        assert "draft" in ix


def test_other_settings_are_refused_naming_the_difference(tmp_path: Path, seeds_dir: Path) -> None:
    with reuse.Index(tmp_path / "s.db", reuse.Settings.preset("plagiarism")) as ix:
        ix.add(seeds_dir, jobs=1)
    with reuse.Index(tmp_path / "s.db") as ix:  # no settings: the index's own
        assert ix.settings.preset_name == "plagiarism"
    with pytest.raises(reuse.SettingsError, match="lsh_threshold"):
        reuse.Index(tmp_path / "s.db", reuse.Settings())


def test_files_that_are_not_an_index_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(reuse.InputError, match="not a newsreuse index"):
        reuse.Index(other)
    # A file that is no database at all (a corpus given as the index): named, with what to do.
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a", "text": "x"}\n' * 200, encoding="utf-8")
    with pytest.raises(reuse.InputError, match=r"not a newsreuse index.*newsreuse index add"):
        reuse.Index(corpus)
    assert corpus.read_text(encoding="utf-8") == '{"id": "a", "text": "x"}\n' * 200
    newer = tmp_path / "newer.db"
    reuse.Index(newer).close()
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(reuse.InputError, match="newer"):
        reuse.Index(newer)
    with pytest.raises(reuse.InputError, match="no index here"):
        reuse.Index(tmp_path / "missing.db", create=False)


_ADD = """
import sys, reuse
from reuse.corpus import load_corpus
arts = list(load_corpus(sys.argv[2]).articles)
lo, hi = int(sys.argv[3]), int(sys.argv[4])
with reuse.Index(sys.argv[1]) as ix:
    ix.add(arts[lo:hi], jobs=1, step=int(sys.argv[5]))
"""


def _adder(index: Path, corpus: Path, lo: int, hi: int, step: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _ADD, str(index), str(corpus), str(lo), str(hi), str(step)],
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fx")
    path, _ = reuse.fixtures.write(reuse.generate(300, seed=3), folder)
    return Path(path)


def test_kill_9_during_add_loses_nothing_committed_and_corrupts_nothing(
    tmp_path: Path, corpus_file: Path
) -> None:
    index = tmp_path / "k.db"
    proc = _adder(index, corpus_file, 0, 300, 10)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if index.exists():
            try:
                with sqlite3.connect(index, timeout=30) as db:
                    seen = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                seen = 0  # the schema is being made
            if seen >= 30:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the add finished before it could be killed: use a larger corpus"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = sqlite3.connect(index)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.close()
    assert kept >= seen and kept % 10 == 0 and kept < 300  # whole steps only
    # Adding again completes it; the result is the index one clean run makes.
    with reuse.Index(index) as ix:
        result = ix.add(corpus_file, jobs=1)
        assert len(result.unchanged) == kept and len(result.added) == 300 - kept
    with reuse.Index(tmp_path / "clean.db") as ix:
        ix.add(corpus_file, jobs=1)
    assert _content(index) == _content(tmp_path / "clean.db")


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path, corpus_file: Path) -> None:
    index = tmp_path / "c.db"
    reuse.Index(index).close()
    # Overlapping halves: the ids 100-199 are added by both.
    procs = [_adder(index, corpus_file, 0, 200, 25), _adder(index, corpus_file, 100, 300, 25)]
    for p in procs:
        assert p.wait(timeout=300) == 0
    with reuse.Index(tmp_path / "clean.db") as ix:
        ix.add(corpus_file, jobs=1)
    assert _content(index) == _content(tmp_path / "clean.db")


def test_a_kept_report_is_tables_of_the_index(tmp_path: Path, seeds_dir: Path) -> None:
    with reuse.Index(tmp_path / "s.db") as ix:
        ix.add(seeds_dir, jobs=1)
        report = ix.report(store=True)
        ix.report(store=True)  # replaces the kept one
    db = sqlite3.connect(tmp_path / "s.db")
    try:
        matches = db.execute("SELECT a, b, kind FROM report_matches").fetchall()
        passages = db.execute("SELECT count(*) FROM report_passages").fetchone()[0]
        stories = db.execute("SELECT count(*) FROM report_stories").fetchone()[0]
        scope = json.loads(db.execute("SELECT value FROM meta WHERE key = 'report'").fetchone()[0])
    finally:
        db.close()
    assert matches == [(m.a, m.b, m.kind) for m in report.matches]
    assert passages == sum(len(c.passages) for c in report.clusters) > 0
    assert stories == len(report.stories) and scope["articles"] == 5
