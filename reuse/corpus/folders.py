"""Folders: every file under a folder, read by its kind, with the folder's metadata tables.

What is not read is said: hidden files, files of other kinds, FIFOs and devices, folders that
cannot be listed, broken links. A symbolic link to a folder is followed once (a loop, or a
second link to a folder already read, is not followed again) and named in a Problem, so that
what the run read is never a surprise.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..model import Problem
from .csvfile import delimiter
from .decoding import kind_suffix, open_binary, plural, special_file
from .records import Record, clean_str, has_text_field, is_id_key, join_keys

__all__ = ["FolderListing", "list_folder", "first_keys", "FolderMetadata"]


@dataclass
class FolderListing:
    """The regular files under a folder by relative path, and what was left out."""

    files: list[Path] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    special: list[tuple[str, str]] = field(default_factory=list)  # (relative path, what it is)


def _name(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def list_folder(folder: Path, problems: list[Problem]) -> FolderListing:
    """Every regular file under `folder`, sorted by relative path.

    Real subfolders are walked first and symbolic links to folders after them, so that a folder
    reachable both ways is read under its own name; each real folder is read once.
    """
    out = FolderListing()
    seen = {os.path.realpath(folder)}
    real: list[Path] = [folder]
    linked: list[Path] = []
    while real or linked:
        current = real.pop() if real else linked.pop(0)
        if current is not folder and current.is_symlink():
            target = os.path.realpath(current)
            if target in seen:
                problems.append(
                    Problem(
                        str(current),
                        f"a symbolic link to {target}, a folder "
                        "already read (a loop, or a second link): not read again",
                    )
                )
                continue
            seen.add(target)
            problems.append(
                Problem(
                    str(current),
                    f"a symbolic link to the folder {target}: "
                    "followed, its files read under this name",
                )
            )
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(
                    str(current),
                    f"cannot list the folder ({exc.strerror or exc}): "
                    "its files were skipped; check its permissions",
                )
            )
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                out.hidden.append(_name(folder, path))
                continue
            try:
                if entry.is_dir(follow_symlinks=True):
                    if entry.is_symlink():
                        linked.append(path)
                    elif os.path.realpath(path) not in seen:
                        seen.add(os.path.realpath(path))
                        real.append(path)
                    continue
                if entry.is_file(follow_symlinks=True):
                    out.files.append(path)
                    continue
            except OSError as exc:
                problems.append(
                    Problem(str(path), f"cannot look at it ({exc.strerror or exc}): skipped")
                )
                continue
            if entry.is_symlink() and not os.path.exists(path):
                problems.append(
                    Problem(str(path), f"a broken symbolic link (to {os.readlink(path)}): skipped")
                )
                continue
            out.special.append((_name(folder, path), special_file(path) or "not a regular file"))
    out.files.sort(key=lambda p: _name(folder, p))
    if out.hidden:
        names = ", ".join(sorted(out.hidden)[:5])
        more = f" and {len(out.hidden) - 5} more" if len(out.hidden) > 5 else ""
        problems.append(
            Problem(
                str(folder),
                f"{plural(len(out.hidden), 'hidden file or folder', 'hidden files or folders')} "
                f"(names starting with '.') skipped: {names}{more}; rename them "
                "to have them read",
            )
        )
    for name, what in sorted(out.special):
        problems.append(
            Problem(
                str(folder / name),
                f"{what}, not a regular file: skipped (reading it could wait or run forever)",
            )
        )
    return out


def first_keys(path: Path) -> Optional[list[str]]:
    """Field names of a JSONL or CSV file's first record, read cheaply; None if unknown."""
    try:
        with open_binary(path) as f:
            for raw in f:
                # Decoding problems are reported when the file is read in full.
                line = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
                if not line.strip():
                    continue
                if kind_suffix(path) == ".csv":
                    return next(csv.reader([line], delimiter=delimiter(line)), [])
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    return list(obj)
    except (OSError, EOFError, ValueError):
        pass
    return None


def _meta_name(value: Any) -> str:
    name = str(value).strip().replace("\\", "/")
    return name[2:] if name.startswith("./") else name


class FolderMetadata:
    """Fields from the folder's metadata tables, by the text file they name."""

    def __init__(self, folder: Path, texts: list[Path]) -> None:
        self.folder = folder
        self.by_name: dict[str, Path] = {}
        self.by_folded: dict[str, Path] = {}
        for p in texts:
            rel = p.relative_to(folder)
            for key in (rel.as_posix(), rel.with_suffix("").as_posix()):
                self.by_name.setdefault(key, p)
                self.by_folded.setdefault(key.casefold(), p)
        self.fields: dict[Path, dict[str, Any]] = {}
        self.ids: dict[Path, dict[str, Any]] = {}
        self.first_origin: dict[tuple[Path, str], str] = {}

    def _find(self, name: str, table_dir: str) -> Optional[Path]:
        # A metadata file in a subfolder names that subfolder's files.
        keys = ([f"{table_dir}/{name}"] if table_dir != "." else []) + [name]
        for key in keys:
            if key in self.by_name:
                return self.by_name[key]
        for key in keys:
            if key.casefold() in self.by_folded:
                return self.by_folded[key.casefold()]
        return None

    def add(self, table: Path, records: list[Record], problems: list[Problem]) -> None:
        table_dir = table.parent.relative_to(self.folder).as_posix()
        for rec in records:
            join = next(
                (k for k in join_keys(rec.data) if clean_str(rec.data[k]) is not None), None
            )
            if join is None:
                problems.append(
                    Problem(
                        rec.origin, "metadata row names no file (no file or id value): row not used"
                    )
                )
                continue
            name = _meta_name(rec.data[join])
            target = self._find(name, table_dir)
            if target is None:
                problems.append(
                    Problem(
                        rec.origin,
                        f"metadata names {name!r}, which is not a .txt "
                        f"or .md file in {self.folder}: row not used",
                    )
                )
                continue
            for key, value in rec.data.items():
                if key == join:
                    continue
                # The article's id is its file's path; an id column beside `file` is kept, not
                # applied, so that ids stay what CONTRACT.md says for folders.
                is_id = is_id_key(key)
                slot = (self.ids if is_id else self.fields).setdefault(target, {})
                old = slot.get(key)
                if old in (None, ""):
                    slot[key] = value
                    self.first_origin[(target, key)] = rec.origin
                elif value not in (None, "") and value != old:
                    first = self.first_origin[(target, key)]
                    problems.append(
                        Problem(
                            rec.origin,
                            f"metadata gives {key}={value!r} for "
                            f"{name!r}, but {first} gave {old!r}: the first kept",
                        )
                    )


def is_metadata(records: list[Record]) -> Optional[bool]:
    """True for a table of metadata (file or id column, no text), False for articles, None
    for neither."""
    keys_seen = {k for rec in records for k in rec.data}
    if not records or has_text_field(keys_seen):
        return False
    if join_keys(keys_seen):
        return True
    return None
