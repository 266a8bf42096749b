"""Stopping a run, as a user or the system does it: Ctrl-C, SIGTERM, kill -9 of the main
process, a worker killed. Real processes: the command runs in a subprocess with two workers whose
alignment step is held (slowed) so the signal lands while they work.

What must hold: exit codes 130, 143 and 4 with a clear message and no traceback; no worker left
running; no report written and an earlier report left as it was.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reuse.fixtures import generate, write

# The real command, with each sketching and alignment step held for a while in the workers.
_HELD = """
import sys, time
import reuse.stages.align.stage as aligning
import reuse.stages.candidates.stage as sketching
sketch, align = sketching._sketch_step, aligning._align_step
def held_sketch(state, step):
    time.sleep(float(sys.argv[1]))
    return sketch(state, step)
def held_align(state, step):
    time.sleep(float(sys.argv[1]))
    return align(state, step)
sketching._sketch_step, aligning._align_step = held_sketch, held_align
from reuse.cli import main
main(sys.argv[2:])
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("signals")
    corpus_file, _ = write(generate(200, seed=5), out)
    return corpus_file


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(x) for x in found]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(corpus: Path, out: Path, hold: float = 60.0) -> tuple[subprocess.Popen[str], list[int]]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _HELD,
            str(hold),
            "report",
            str(corpus),
            "-o",
            str(out),
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.1)
        workers = _children(proc.pid)
        assert proc.poll() is None, proc.communicate()
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(0.5)  # inside the held alignment step
    return proc, workers


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize(
    "sig,code,word",
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated"),
    ],
)
def test_a_signal_stops_workers_and_writes_nothing(
    corpus: Path, tmp_path: Path, sig: signal.Signals, code: int, word: str
) -> None:
    out = tmp_path / "report.json"
    out.write_text("the earlier report\n")
    proc, workers = _start(corpus, out)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert word in err and "Traceback" not in err
    assert _gone(workers), "a worker outlived the run"
    assert out.read_text() == "the earlier report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left


def test_kill_9_of_the_main_process_takes_the_workers_with_it(corpus: Path, tmp_path: Path) -> None:
    proc, workers = _start(corpus, tmp_path / "report.json")
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone(workers), "a worker was orphaned"
    assert not (tmp_path / "report.json").exists()


def test_a_killed_worker_ends_the_run_with_a_message(corpus: Path, tmp_path: Path) -> None:
    proc, workers = _start(corpus, tmp_path / "report.json", hold=5.0)
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 4, err
    assert "worker process died" in err and "Traceback" not in err
    assert _gone(workers)
    assert not (tmp_path / "report.json").exists()
