"""newsreuse: find the passages news articles share, group them, and say who took them from whom."""

from __future__ import annotations

import logging

from .corpus import Corpus, load_corpus
from .errors import (InputError, OutputError, ReportFormatError, ReuseError, RunError,
                     SettingsError)
from .model import (Article, ArticleSummary, Cluster, Derivation, Match, Passage, Problem,
                    Report)
from .evaluate import evaluate
from .fixtures import FixtureConfig, generate
from .pipeline import detect
from .progress import Progress
from .settings import Settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "detect", "load_corpus", "Corpus", "evaluate", "generate", "FixtureConfig",
    "Article", "ArticleSummary", "Cluster", "Derivation", "Match", "Passage", "Problem", "Report",
    "Settings", "Progress", "ReuseError", "InputError", "SettingsError", "ReportFormatError",
    "OutputError", "RunError", "__version__",
]
