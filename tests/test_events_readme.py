"""The README's "Event datasets" section runs as written: its pycon block and its commands."""

from __future__ import annotations

import doctest
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = TEXT.split("## Event datasets (ACLED, UCDP)", 1)[1].split("\n## ", 1)[0]


def test_the_section_exists_and_names_the_contracts():
    for word in ("event_id_a", "event_id_b", "score", "distance_m", "days_apart",
                 "place_verdict", "place_distance_m", "place_matched", "duplicate_of",
                 "place_consistent", "place_not_found", "bad_rows", "duplicates"):
        assert f"`{word}`" in SECTION, word


def test_python_examples_run(monkeypatch):
    # the blocks run in order in one namespace (checks as columns use the events read above)
    blocks = re.findall(r"```pycon\n(.*?)```", SECTION, re.S)
    assert len(blocks) == 2
    monkeypatch.chdir(ROOT)
    globs: dict = {}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, globs, f"README events {i}",
                                                   str(ROOT), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # a DocTest works on a copy of the names it is given
    assert runner.summarize(verbose=False).failed == 0


def test_checks_as_columns_and_verify_events_contracts_are_named():
    columns = SECTION.split("### Checks as columns", 1)[1]
    from geoverify.events import CHECK_COLUMNS, RELATED_COLUMNS
    from geoverify.events.columns import GRADED_COLUMNS

    for word in (*CHECK_COLUMNS, *GRADED_COLUMNS, *RELATED_COLUMNS, "explanation",
                 "related_events"):
        assert f"`{word}`" in columns, word


def _console():
    commands, current = [], None
    for block in re.findall(r"```console\n(.*?)```", SECTION, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                current = [line[2:], []]
                commands.append(current)
            elif current is not None:
                current[1].append(line)
    return [(cmd, "\n".join(out)) for cmd, out in commands]


@pytest.mark.parametrize("command, shown", _console())
def test_console_examples_print_what_the_readme_shows(tmp_path, command, shown):
    beside = Path(sys.executable).parent / "geoverify"
    argv = [a.replace("tests/data/", f"{ROOT}/tests/data/") for a in shlex.split(command)]
    exe = [str(beside)] if beside.exists() else [sys.executable, "-m", "geoverify"]
    proc = subprocess.run([*exe, *argv[1:]], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    if shown.strip():
        assert json.loads(proc.stdout) == json.loads(shown)
