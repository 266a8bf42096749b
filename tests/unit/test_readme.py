"""The README stays true: its settings table and presets are the code's own, and every test
its robustness table names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from reuse.settings import presets_table, settings_table

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_settings_table_is_current() -> None:
    start = README.index("<!-- settings table: made by reuse.settings.settings_table() -->\n")
    end = README.index("<!-- end of settings table -->")
    table = README[start:end].split("\n", 1)[1]
    assert table == settings_table(), (
        "run: python -c 'import reuse.settings as s; print(s.settings_table())'"
    )


def test_presets_section_is_current() -> None:
    start = README.index("<!-- presets: made by reuse.settings.presets_table() -->\n")
    end = README.index("<!-- end of presets -->")
    section = README[start:end].split("\n", 1)[1]
    assert section == presets_table(), (
        "run: python -c 'import reuse.settings as s; print(s.presets_table())'"
    )


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_every_test_the_robustness_table_names_exists() -> None:
    section = README[README.index("## Robustness") : README.index("## Fixtures and evaluation")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "test_" in line]
    assert len(rows) > 25
    for row in rows:
        cell = row.rstrip(" |").rsplit("|", 1)[1]
        file = None
        for ref in re.findall(r"`([^`]+)`", cell):
            if "::" in ref or ref.endswith(".py"):
                file, _, name = ref.partition("::")
            else:
                name = ref  # a further test of the file named before it
            assert file is not None and (ROOT / "tests" / file).exists(), row
            if not name:
                continue
            tests = _test_names(ROOT / "tests" / file)
            if name.endswith("*"):
                assert any(t.startswith(name[:-1]) for t in tests), f"{file}::{name}"
            else:
                assert name in tests, f"{file}::{name}"
