"""Presets: each validates, changes only what its table says, reaches the report, and yields to
the options given on the command line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import reuse
from reuse.cli import cli
from reuse.presets import DEFAULT_PRESET, PRESETS
from reuse.settings import Settings
from reuse.stages.candidates.lsh import check_lsh


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_preset_validates_and_changes_only_its_table(name: str) -> None:
    settings = Settings.preset(name)
    check_lsh(settings)
    news = Settings()
    changed = {
        f.name
        for f in dataclasses.fields(Settings)
        if getattr(settings, f.name) != getattr(news, f.name)
    }
    assert changed == set(PRESETS[name].changes)
    for setting, (value, why) in PRESETS[name].changes.items():
        assert getattr(settings, setting) == value
        assert why.strip() and "\n" not in why, (name, setting)
    assert settings.preset_name == name


def test_news_is_the_defaults_and_writes_no_preset() -> None:
    assert DEFAULT_PRESET == "news" and not PRESETS["news"].changes
    assert Settings.preset("news") == Settings()
    assert Settings.preset("news").to_dict() == Settings().to_dict()
    assert "preset" not in Settings().to_dict()
    assert Settings().preset_name == "news"


def test_changes_override_the_preset_and_keep_its_name() -> None:
    settings = Settings.preset("plagiarism", lsh_threshold=0.35, max_gap=3)
    assert (settings.lsh_threshold, settings.max_gap) == (0.35, 3)
    assert settings.candidate_similarity == PRESETS["plagiarism"].changes["candidate_similarity"][0]
    assert settings.preset_name == "plagiarism"
    assert settings.replace(max_gap=2).preset_name == "plagiarism"


@pytest.mark.parametrize(
    "name,changes,words",
    [
        ("nope", {}, ["unknown preset 'nope'", "news, plagiarism, ocr"]),
        ("ocr", {"stem_chars": 0}, ["preset ocr", "stem_chars"]),
        ("ocr", {"no_such": 1}, ["preset ocr", "no_such"]),
        ("plagiarism", {"extend_similarity": 0.55}, ["preset plagiarism", "extend_similarity"]),
    ],
)
def test_preset_errors_name_the_preset_and_the_setting(
    name: str, changes: dict[str, float], words: list[str]
) -> None:
    with pytest.raises(reuse.SettingsError) as err:
        Settings.preset(name, **changes)
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("name", list(PRESETS))
def test_settings_round_trip_through_the_report_dict(name: str) -> None:
    settings = Settings.preset(name, max_gap=4)
    again = Settings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again == settings and again.preset_name == name
    with pytest.raises(reuse.SettingsError, match="unknown preset 'zzz'"):
        Settings.from_dict({**settings.to_dict(), "preset": "zzz"})


def test_detect_writes_the_preset_into_the_report(seeds_dir: Path) -> None:
    report = reuse.detect(seeds_dir, reuse.Settings.preset("ocr"), jobs=1)
    assert report.settings["preset"] == "ocr"
    assert report.settings == Settings.preset("ocr").to_dict()
    assert next(iter(report.settings)) == "preset"


def _cli_settings(*args: str, corpus: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["report", str(corpus), "-f", "json", "-q", "-j", "1", *args])
    assert result.exit_code == 0, result.output
    settings: dict[str, object] = json.loads(result.stdout)["settings"]
    return settings


def test_cli_preset_reaches_the_report(seeds_dir: Path) -> None:
    settings = _cli_settings("--preset", "plagiarism", corpus=seeds_dir)
    assert settings == Settings.preset("plagiarism").to_dict()
    assert settings["preset"] == "plagiarism" and settings["lsh_threshold"] == 0.3


def test_cli_options_override_the_preset(seeds_dir: Path) -> None:
    # --stem-chars 5 is news's default: given on the command line, it still wins over ocr's 4.
    settings = _cli_settings(
        "--preset", "ocr", "--stem-chars", "5", "--max-gap", "3", corpus=seeds_dir
    )
    assert settings == Settings.preset("ocr", stem_chars=5, max_gap=3).to_dict()
    assert settings["preset"] == "ocr" and settings["verbatim_similarity"] == 0.9


@pytest.mark.parametrize(
    "args,words",
    [
        (["--preset", "nope"], ["nope", "news", "plagiarism", "ocr"]),
        (["--preset", "plagiarism", "--extend-similarity", "0.55"], ["preset plagiarism"]),
    ],
)
def test_cli_preset_errors(args: list[str], words: list[str], seeds_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["report", str(seeds_dir), *args])
    assert result.exit_code == 2
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output


def test_help_documents_every_preset() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"], terminal_width=400)
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert "--preset [news|plagiarism|ocr]" in flat
    for name, preset in PRESETS.items():
        assert f"{name}" in flat and " ".join(preset.use.split()) in flat
        for setting in preset.changes:
            assert setting in flat.split("--preset", 1)[1].split("--max-article-chars", 1)[0]
