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
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import reuse
from reuse.fixtures import generate
from reuse.model import Article
from reuse.settings import Settings
from reuse.stages.held import PreparedStore
from reuse.stages.prepare import Document, pack, prepare, unpack

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


def test_the_report_does_not_depend_on_the_hand_off(tmp_path: Path, monkeypatch) -> None:
    """Real front pages (many partners a page) and generated news: the same report with the
    documents handed on (one job, two jobs) and with each prepared again, and no folder left
    behind."""
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
        handed = reuse.detect(corpus, jobs=1).to_dict()
        # Alignment ran in this process: it unpacked instead of preparing.
        assert len(unpacked) == len(set(unpacked)) > 10
        with monkeypatch.context() as m:
            m.setattr(PreparedStore, "with_room", classmethod(lambda cls, chars: None))
            alone = reuse.detect(corpus, jobs=1).to_dict()
        assert handed == alone
        assert handed["matches"]
        # Two workers, each unpacking the pages its steps meet (the report does not depend
        # on the number of jobs).
        assert reuse.detect(corpus, jobs=2).to_dict() == handed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("newsreuse-prepared-")]


def test_no_store_when_the_disk_has_no_room(monkeypatch) -> None:
    class Usage:
        free = 1_000

    monkeypatch.setattr("shutil.disk_usage", lambda path: Usage())
    assert PreparedStore.with_room(1_000) is None


def test_the_folder_of_a_killed_run_goes_with_the_next_store(tmp_path: Path, monkeypatch) -> None:
    """A run killed with kill -9 cannot remove its folder; the next store removes the folders
    whose lock nobody holds (a real process killed with its store open), and leaves those of
    live stores, folders still without a lock file, and anything else."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code = (
        f"import os, tempfile; tempfile.tempdir = {str(tmp_path)!r}\n"
        "from reuse.stages.held import PreparedStore\n"
        "store = PreparedStore(); print(store.folder, flush=True); os.kill(os.getpid(), 9)"
    )
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    orphan = Path(killed.stdout.strip())
    assert killed.returncode == -9 and orphan.is_dir()
    live = PreparedStore()  # its lock is held
    making = tmp_path / f"{PreparedStore.PREFIX}no-lock-yet"
    other = tmp_path / "newsreuse-something-else"
    for folder in (making, other):
        folder.mkdir()
    store = PreparedStore()
    assert not orphan.exists()
    assert Path(live.folder).is_dir() and making.exists() and other.exists()
    store.close()
    live.close()
    assert not Path(live.folder).exists()


def test_a_document_the_store_cannot_give_back_is_prepared_again(
    tmp_path: Path, monkeypatch
) -> None:
    """A full disk while writing, or a file gone before alignment reads it (a cleaner of the
    temporary directory): the store gives nothing, the documents are prepared again, and the
    report is the one a run without the store gives."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    articles = list(generate(80, seed=4).articles)
    plain = reuse.detect(articles, jobs=1).to_dict()
    with monkeypatch.context() as m:
        full = OSError(28, "No space left on device")
        m.setattr("builtins.open", _failing_open(open, ".bin", full))
        assert PreparedStore.write(str(tmp_path), "0.bin", [b"abc"]) == []
        assert reuse.detect(articles, jobs=2).to_dict() == plain
    store = PreparedStore()
    doc = prepare(Article("a", "Some words in a sentence here."), Settings())
    store.add("0.bin", 0, PreparedStore.write(store.folder, "0.bin", [pack(doc)]))
    (Path(store.folder) / "0.bin").unlink()
    assert store.document(0, doc.article) is None and store.document(5, doc.article) is None
    store.close()
    from reuse.stages.align import stage

    align = stage._align_step

    def files_gone(state, pairs):  # the folder emptied between the two stages
        if state.prepared is not None:
            for f in Path(state.prepared.folder).glob("*.bin"):
                f.unlink()
        return align(state, pairs)

    monkeypatch.setattr(stage, "_align_step", files_gone)
    assert reuse.detect(articles, jobs=1).to_dict() == plain


def _failing_open(real, suffix: str, error: OSError):
    def fake(file, mode="r", *args, **kwargs):
        if str(file).endswith(suffix) and "w" in mode:
            raise error
        return real(file, mode, *args, **kwargs)

    return fake
