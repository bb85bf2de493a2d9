"""The README's examples run as written: its Python block and every `geoverify` command."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def test_python_example_runs_and_prints_what_its_comments_say():
    (block,) = re.findall(r"```python\n(.*?)```", TEXT, re.S)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    printed = out.getvalue().splitlines()
    # the values stated in the README's comments, checked against what the code printed
    assert printed[0] == "dms 34.95628 40.54139 3.1"
    assert printed[1] == "34.9563"
    assert printed[3] == "True"
    assert printed[4] == "10815 310.7 NW"
    assert printed[5] == "al-Quriyah 2000.0 False"
    assert printed[6] == "True"
    assert printed[8].startswith("inconclusive - ")


def _example_commands():
    blocks = re.findall(r"```bash\n(.*?)```", TEXT, re.S)
    for block in blocks:
        for line in block.splitlines():
            if line.startswith("geoverify "):
                yield line.strip()


@pytest.mark.parametrize("command", list(_example_commands()))
def test_shell_examples_run(command, tmp_path):
    beside = Path(sys.executable).parent / "geoverify"
    exe = str(beside) if beside.exists() else shutil.which("geoverify")
    if exe is None:
        pytest.skip("the geoverify script is not on PATH (run the suite from the venv)")
    argv = shlex.split(command)
    proc = subprocess.run([exe, *argv[1:]], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_setup_commands_are_the_ci_commands():
    ci = (README.parent / ".ci" / "run").read_text()
    (setup,) = re.findall(r"## Set up: two commands\n.*?```bash\n(.*?)```", TEXT, re.S)
    test_command = [ln for ln in setup.splitlines() if "pytest" in ln][0].strip()
    assert test_command in ci
