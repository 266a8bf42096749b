"""newsreuse: find the passages news articles share, group them, and say who took them from whom.

The public API is below (`__all__`). The stages and the libraries they need (numpy, scipy,
scikit-learn) are imported when first used, so that `import reuse` and the command line's
`--help` and `--version` answer at once.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from .errors import (
    InputError,
    OutputError,
    ReportFormatError,
    ReuseError,
    RunError,
    SettingsError,
)
from .model import (
    Article,
    ArticleSummary,
    Cluster,
    Derivation,
    Match,
    Passage,
    Problem,
    Report,
    read_report,
)
from .progress import Progress
from .settings import Settings

if TYPE_CHECKING:
    from .corpus import Corpus, load_corpus
    from .evaluation import evaluate
    from .explanation import Explanation, explain
    from .fixtures import FixtureConfig, generate
    from .index import Index
    from .pipeline import detect

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "detect",
    "explain",
    "Explanation",
    "Index",
    "load_corpus",
    "Corpus",
    "evaluate",
    "generate",
    "FixtureConfig",
    "Article",
    "ArticleSummary",
    "Cluster",
    "Derivation",
    "Match",
    "Passage",
    "Problem",
    "Report",
    "read_report",
    "Settings",
    "Progress",
    "ReuseError",
    "InputError",
    "SettingsError",
    "ReportFormatError",
    "OutputError",
    "RunError",
    "__version__",
]

# Public names whose modules load the heavy stages, imported on first use.
_LAZY = {
    "detect": "pipeline",
    "explain": "explanation",
    "Explanation": "explanation",
    "Index": "index",
    "load_corpus": "corpus",
    "Corpus": "corpus",
    "evaluate": "evaluation",
    "generate": "fixtures",
    "FixtureConfig": "fixtures",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        try:  # a submodule, as `reuse.fixtures.write` reads
            value = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError:
            raise AttributeError(f"module 'reuse' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
