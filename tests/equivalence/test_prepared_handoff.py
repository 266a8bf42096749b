"""Documents the candidate stage prepared and hands to alignment (packed on disk) are those
alignment would prepare itself, and the report does not depend on the hand-off.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse
from reuse.fixtures import generate
from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.prepare import Document, PreparedStore, pack, prepare, unpack

SLICE = Path(__file__).resolve().parents[1] / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


def _same(a: Document, b: Document) -> None:
    assert a.article is b.article
    assert a.tokens.norm == b.tokens.norm and a.stems == b.stems and a.quotes == b.quotes
    for x, y in (
        (a.tokens.starts, b.tokens.starts),
        (a.tokens.ends, b.tokens.ends),
        (a.tokens.capitalized, b.tokens.capitalized),
        (a.informative, b.informative),
        (a.unit_bounds, b.unit_bounds),
        (a.content, b.content),
        (a.hashes, b.hashes),
    ):
        assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)


@hsettings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.,\n\"“”'’-1É")), max_size=300))
def test_an_unpacked_document_is_the_prepared_one(text: str) -> None:
    article = Article("x", text)
    doc = prepare(article, Settings())
    _same(unpack(pack(doc), article), doc)


def test_a_store_gives_back_what_each_step_wrote(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    articles = [
        Article(f"a{k}", f"Word number {k} stands here. And {k} more words.") for k in range(5)
    ]
    docs = [prepare(a, Settings()) for a in articles]
    store = PreparedStore()
    # Two steps, the second with an article that could not be prepared (None).
    store.add("0.bin", 0, PreparedStore.write(store.folder, "0.bin", [pack(d) for d in docs[:3]]))
    store.add("3.bin", 3, PreparedStore.write(store.folder, "3.bin", [None, pack(docs[4])]))
    assert 3 not in store and all(k in store for k in (0, 1, 2, 4))
    for k in (0, 1, 2, 4):
        _same(store.document(k, articles[k]), docs[k])
    store.keep_only({1, 4})
    assert 0 not in store and 1 in store
    folder = store.folder
    assert os.path.isdir(folder)
    store.close()
    assert not os.path.exists(folder)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_report_does_not_depend_on_the_hand_off(tmp_path: Path, monkeypatch, jobs: int) -> None:
    """Real front pages (many partners a page) and generated news: the same report with the
    documents handed on and with each prepared again, and no folder left behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    generated = list(generate(150, seed=3).articles)
    unpacked = []
    document = PreparedStore.document

    def counted(self: PreparedStore, index: int, article: Article) -> Document:
        unpacked.append(index)
        return document(self, index, article)

    monkeypatch.setattr(PreparedStore, "document", counted)
    for corpus in ([SLICE], generated):
        unpacked.clear()
        handed = reuse.detect(corpus, jobs=jobs).to_dict()
        if jobs == 1:  # alignment ran in this process: it unpacked instead of preparing
            assert len(unpacked) == len(set(unpacked)) > 10
        with monkeypatch.context() as m:
            m.setattr(PreparedStore, "with_room", classmethod(lambda cls, chars: None))
            alone = reuse.detect(corpus, jobs=jobs).to_dict()
        assert handed == alone
        assert handed["matches"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("newsreuse-prepared-")]


def test_no_store_when_the_disk_has_no_room(monkeypatch) -> None:
    class Usage:
        free = 1_000

    monkeypatch.setattr("shutil.disk_usage", lambda path: Usage())
    assert PreparedStore.with_room(1_000) is None


def test_the_folder_of_a_killed_run_goes_with_the_next_store(tmp_path: Path, monkeypatch) -> None:
    """A run killed with kill -9 cannot remove its folder; the next store removes the folders
    of processes that no longer run, and leaves those of running ones and anything else."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    orphan = tmp_path / f"{PreparedStore.PREFIX}{int(dead.stdout)}-abc"
    live = tmp_path / f"{PreparedStore.PREFIX}{os.getppid()}-def"
    other = tmp_path / "newsreuse-something-else"
    for folder in (orphan, live, other):
        folder.mkdir()
        (folder / "0.bin").write_bytes(b"x")
    store = PreparedStore()
    assert not orphan.exists() and live.exists() and other.exists()
    store.close()
