"""The code base stays clean: ruff (lint, imports, docstrings) and mypy (types) on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> Path:
    exe = BIN / name
    if not exe.exists():
        pytest.skip(f"{name} is not installed beside {sys.executable} (install the test extra)")
    if not (ROOT / "geoverify").is_dir():
        pytest.skip("the source tree is not beside the tests")
    return exe


def test_ruff_is_clean():
    proc = subprocess.run([str(_tool("ruff")), "check", "--no-cache", "geoverify", "tests",
                           "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_is_clean(tmp_path):
    proc = subprocess.run([str(_tool("mypy")), "--cache-dir", str(tmp_path / "mypy")], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
