"""Digests that key work kept on disk (the explain cache, Spark checkpoints): the code that made
it, and the articles and settings it was made from."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from .model import Article

__all__ = ["article_record", "code_digest", "parts_key", "sketch_code_digest", "work_key"]


# The libraries whose results a report is made of (hashes, vectors, distances, alignment): work
# kept by one of their versions is not read by another.
_DEPENDENCIES = (
    "datasketch",
    "scikit-learn",
    "numpy",
    "scipy",
    "textdistance",
    "rapidfuzz",
    "cydifflib",
)


def dependency_versions() -> str:
    """The installed versions of `_DEPENDENCIES`, as one line."""
    found = []
    for name in _DEPENDENCIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} not installed")
    return " ".join(found)


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's own code and data (the agency list, the word classes), and of
    the versions of the libraries it computes with: work kept by other code is not read."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    _hash_files(h, root, root)
    h.update(dependency_versions().encode())
    return h.hexdigest()


def _hash_files(h: Any, root: Path, base: Path) -> None:
    """Add to `h` the code and data files of `base` (a file, or a folder and all below it), each
    named by its path under `root`, in a fixed order."""
    for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
        if path.is_file() and path.suffix in (".py", ".json", ".tsv", ".txt"):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())


# The code that turns a text into what an index stores of it (its sketch, its word frequencies):
# whole modules and folders, the data they read (the word classes; not the agency list, which
# only attribution reads: a new agency does not make every index sketch its articles again),
# and the functions of the candidate stage that make a sketch.
_SKETCH_CODE = (
    "text",
    "data/word_classes.tsv",
    "stages/prepare.py",
    "stages/candidates/minhash.py",
    "stages/align/vectors.py",
)


@functools.lru_cache(maxsize=1)
def sketch_code_digest() -> str:
    """A digest of the code (and data, and scikit-learn's stop words) that prepares and sketches
    an article: what `reuse.Index` stores was made by it, and is trusted only by the same."""
    import inspect

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from .stages.candidates import lsh, stage

    h = hashlib.sha256()
    root = Path(__file__).parent
    for part in _SKETCH_CODE:
        _hash_files(h, root, root / part)
    for fn in (
        lsh.band_keys,
        lsh.lsh_params,
        stage.prepared,
        stage.sketch_part,
        stage._sketch_docs,
        stage.article_sketches,
        stage.ArticleSketch,
    ):
        h.update(inspect.getsource(fn).encode())
    h.update(" ".join(sorted(ENGLISH_STOP_WORDS)).encode())
    return h.hexdigest()


def article_record(x: Article) -> bytes:
    """What a key of work holds of an article: every field the report reads, and a digest of
    its text."""
    fields = [x.id, x.outlet, x.published, x.published_inferred, x.title, x.url, x.byline]
    text = hashlib.sha256(x.text.encode("utf-8", "surrogatepass")).digest()
    return json.dumps(fields).encode() + text


def parts_key(parts: Iterable[bytes], header: Iterable[Any]) -> str:
    """A key of 32 hex digits for work on the input `parts` name (articles' records or
    digests) under `header` (JSON-ready: the settings, versions), made by this code."""
    h = hashlib.sha256()
    h.update(code_digest().encode())
    h.update(json.dumps(list(header), sort_keys=True).encode())
    for part in parts:
        h.update(part)
    return h.hexdigest()[:32]


def work_key(articles: Sequence[Article], header: Iterable[Any]) -> str:
    """`parts_key` of `articles` (every field the report reads) under `header`."""
    return parts_key((article_record(x) for x in articles), header)
