"""Progress bars: on a terminal only, never with --quiet, never in a pipe."""

from __future__ import annotations

import io
import sys

import pytest

from geoverify.events import _progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _not_quiet():
    _progress.set_quiet(False)
    yield
    _progress.set_quiet(False)


def test_bar_on_a_terminal(monkeypatch):
    pytest.importorskip("tqdm")
    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    with _progress.progress(total=3, desc="geocoding places") as bar:
        bar.update(3)
    assert "geocoding places" in fake.getvalue()


def test_silent_in_a_pipe_and_when_quiet(monkeypatch):
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with _progress.progress(total=3, desc="x") as bar:
        bar.update(3)
    assert pipe.getvalue() == ""
    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    _progress.set_quiet(True)
    with _progress.progress(total=3, desc="x") as bar:
        bar.update(3)
    assert fake.getvalue() == "" and _progress.is_quiet()


def test_the_cli_quiet_flag_reaches_the_bars():
    from geoverify.cli import build_parser
    from geoverify.cli._events import apply_quiet

    args = build_parser().parse_args(["audit", "x.csv", "--quiet"])
    apply_quiet(args)
    assert _progress.is_quiet()
    args = build_parser().parse_args(["match", "a.csv", "b.csv"])
    assert args.quiet is False
    args = build_parser().parse_args(["-q", "match", "a.csv", "b.csv"])
    assert args.quiet is True  # the top-level --quiet is not reset by the subcommand's
