"""Articles given to the library as objects: `Article`s or dicts, checked as files are.

One policy for every input: texts must be strings (bytes are decoded as files are), lone
surrogates are repaired, over-long articles skipped and duplicate ids renamed, each with a Problem.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Optional, Union

from ..errors import InputError
from ..model import Article, Problem
from ..settings import Settings
from . import admit, article_from_record, load_corpus, no_articles_error, unique_ids

__all__ = ["CorpusInput", "articles_from"]

PathLike = Union[str, "os.PathLike[str]"]
CorpusInput = Union[PathLike, Sequence[PathLike], Iterable[Union[Article, Mapping[str, Any]]]]


def _article_object(item: Article, origin: str, problems: list[Problem]) -> Optional[Article]:
    """An `Article` given by a library caller, its text and id checked like a file's fields."""
    if isinstance(item.text, str) and isinstance(item.id, str):
        return (
            item
            if item.text.strip()
            else article_from_record(
                {"id": item.id, "text": item.text}, item.origin or origin, problems
            )
        )
    record = {
        "id": item.id
        if isinstance(item.id, (str, int)) and not isinstance(item.id, bool)
        else None,
        "text": item.text,
    }
    checked = article_from_record(record, item.origin or origin, problems, default_id=origin)
    if checked is None:
        return None
    return dataclasses.replace(item, id=checked.id, text=checked.text, origin=item.origin or origin)


def articles_from(
    corpus: CorpusInput, problems: list[Problem], settings: Settings
) -> list[Article]:
    """Articles from paths (loaded per CONTRACT) or from Article objects or dicts, with one
    policy for both: texts must be strings (bytes are decoded like files), lone surrogates are
    repaired, over-long articles skipped and duplicate ids renamed, each with a Problem."""
    if isinstance(corpus, (bytes, bytearray)):
        raise InputError(
            "the corpus is bytes: give paths, Article objects or dicts with a 'text' field"
        )
    items: list[Any] = (
        [corpus] if isinstance(corpus, (str, os.PathLike, Article, Mapping)) else list(corpus)
    )
    if not items:
        raise InputError(
            "no articles given: give a folder, files, Article objects or dicts with a 'text' field"
        )
    if all(isinstance(x, (str, os.PathLike)) for x in items):
        loaded = load_corpus([Path(x) for x in items], max_article_chars=settings.max_article_chars)
        problems.extend(loaded.problems)
        return list(loaded.articles)
    found: list[Article] = []
    for n, item in enumerate(items, 1):
        origin = f"<input>:{n}"
        if isinstance(item, Article):
            art = _article_object(item, origin, problems)
        elif isinstance(item, Mapping):
            art = article_from_record(item, origin, problems)
        else:
            raise InputError(
                f"item {n} of the corpus is a {type(item).__name__}: give paths, "
                "Article objects or dicts with a 'text' field (not a mix of paths "
                "and articles)"
            )
        art = admit(art, problems, settings.max_article_chars) if art is not None else None
        if art is not None:
            found.append(art)
    out = list(unique_ids(found, problems))
    if not out:
        raise no_articles_error(f"the {len(items):,} items given", problems)
    return out
