"""The JSON report of CONTRACT.md."""

from __future__ import annotations

from pathlib import Path

from ..model import Report


def render(report: Report) -> str:
    return report.to_json()


def write(report: Report, path: Path) -> None:
    path.write_text(render(report), encoding="utf-8")
