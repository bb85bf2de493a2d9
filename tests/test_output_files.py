"""Output files (issue 10, A1/A2): written through links, devices and pipes; never replaced
wrongly; refused with one line; nothing left behind on failure.

The rules live in :mod:`geoverify._paths` (``write_output``, ``output_target``); every output
goes through them: the report writers, the maps and the command line. The CI runs as root,
so each rule is shown with a path root cannot get around either (a link in ``tmp_path``, a
0444 file, a missing folder), and the tests that need an ordinary user say so and skip.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from geoverify._paths import output_target, write_output
from geoverify.cli import main
from geoverify.errors import GeoverifyError
from geoverify.report import ReportError, write
from geoverify.report.model import VerificationReport

REPORT = VerificationReport("c", "Title", {}, (), ())
CASE = """title: Two sites
sites:
  a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  b: {coordinates: "35.05, 40.0", uncertainty_m: 100}
claims:
  - {id: c1, claimant: x, kind: impact, site: b, launch_site: a, weapon: 107 mm}
"""


@pytest.fixture
def case(tmp_path_factory):
    """A case with coordinates only (nothing to geocode): the CLI tests stay fast."""
    path = tmp_path_factory.mktemp("case") / "two-sites.yaml"
    path.write_text(CASE, encoding="utf-8")
    return str(path)


def _run(capsys, argv):
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _bad(capsys, argv, *needles):
    status, out, err = _run(capsys, argv)
    assert status == 2, (status, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------------------ symlinks


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    # issue 10 A1: ``ln -s target.html report.html; --html report.html`` replaced the link
    (tmp_path / "target.md").write_text("old", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to("target.md")
    write(REPORT, link)
    assert link.is_symlink() and os.readlink(link) == "target.md"
    assert (tmp_path / "target.md").read_text(encoding="utf-8").startswith("# Title")
    assert _listing(tmp_path) == ["report.md", "target.md"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    (tmp_path / "sub").mkdir()
    link = tmp_path / "r.json"
    link.symlink_to(tmp_path / "sub" / "new.json")
    write(REPORT, link)
    assert link.is_symlink()
    assert (tmp_path / "sub" / "new.json").read_text(encoding="utf-8").startswith("{")


def test_a_symlink_to_a_file_in_another_folder_is_replaced_there(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "t.kml").write_text("old", encoding="utf-8")
    here = tmp_path / "here"
    here.mkdir()
    (here / "r.kml").symlink_to(other / "t.kml")
    write(REPORT, here / "r.kml")
    assert (here / "r.kml").is_symlink()
    assert (other / "t.kml").read_text(encoding="utf-8").startswith("<?xml")
    assert _listing(here) == ["r.kml"] and _listing(other) == ["t.kml"]  # no temporary left


def test_a_stdout_like_link_is_not_replaced_when_stdout_is_a_file(tmp_path):
    # issue 10 A1: as root, ``--markdown /dev/stdout > out.md`` replaced /dev/stdout (a link to
    # /proc/self/fd/1, a regular file then) with a file and wrote /dev/stdout.map.png beside
    # it. The same link, made in tmp_path, must stay a link and the report go to stdout.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    case = tmp_path / "case.yaml"  # coordinates only: the fresh process geocodes nothing
    case.write_text(CASE, encoding="utf-8")
    out = tmp_path / "out.md"
    with open(out, "wb") as handle:
        proc = subprocess.run([sys.executable, "-m", "geoverify", "verify", str(case),
                               "--markdown", str(link)], stdout=handle,
                              stderr=subprocess.PIPE, text=False, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Two sites")  # the report, then the table after it
    assert "Overall verdict" in text.split("\n", 3)[-1]
    assert _listing(tmp_path) == ["case.yaml", "out.md", "stdout"]  # no stdout.map.png


# ---------------------------------------------------------------------- devices and pipes


def test_a_link_to_a_device_is_written_directly_and_gets_no_side_file(tmp_path):
    link = tmp_path / "null.md"
    link.symlink_to(os.devnull)
    assert output_target(link).kind == "stream"
    write(REPORT, link, embed_map=True)
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert _listing(tmp_path) == ["null.md"]  # no null.map.png


def test_markdown_with_its_map_to_a_fifo_makes_no_side_file(tmp_path):
    pytest.importorskip("matplotlib")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write(REPORT, fifo, embed_map=True)
    reader.join(timeout=20)
    assert received and received[0].startswith(b"# Title")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert _listing(tmp_path) == ["pipe.md"]


def test_markdown_beside_a_regular_file_gets_its_picture(tmp_path):
    pytest.importorskip("matplotlib")
    write(REPORT, tmp_path / "r.md", embed_map=True)
    assert _listing(tmp_path) == ["r.map.png", "r.md"]


def test_dash_is_standard_output(capsys, case):
    status, out, _ = _run(capsys, ["verify", case, "--markdown", "-"])
    assert status in (0, 1)
    assert out.startswith("# Two sites")
    assert "Overall verdict:" not in out.replace("**Overall verdict:", "")  # no table after it


def test_two_outputs_on_standard_output_are_refused(capsys, case):
    _bad(capsys, ["verify", case, "--markdown", "-", "--json"], "--markdown and --json",
         "standard output")
    _bad(capsys, ["verify", case, "--markdown", "-", "--kml", "-"], "--markdown and --kml")


def test_dev_full_fails_in_one_line_and_leaves_nothing(capsys, case):
    # issue 10 A1: ``--markdown /dev/full`` must exit 2, one line, no temporary file anywhere
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    before = set(os.listdir("/dev"))
    line = _bad(capsys, ["verify", case, "--markdown", "/dev/full"],
                "/dev/full", "cannot write")
    assert "No space left" in line
    assert set(os.listdir("/dev")) == before
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_failed_replace_leaves_no_temporary_and_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(ReportError, match="No space left on device"):
        write(REPORT, target)
    assert _listing(tmp_path) == ["r.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_a_failed_markdown_removes_the_picture_it_made(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    import geoverify._paths as paths

    real = paths._replace_atomically

    def fail_on_markdown(target, data, **kw):
        if target.suffix == ".md":
            raise OSError(28, "No space left on device")
        return real(target, data, **kw)

    monkeypatch.setattr(paths, "_replace_atomically", fail_on_markdown)
    with pytest.raises(ReportError):
        write(REPORT, tmp_path / "r.md", embed_map=True)
    assert _listing(tmp_path) == []


# --------------------------------------------------------------- permissions and folders


def test_a_read_only_file_is_refused_not_replaced(capsys, tmp_path, case):
    # issue 10 A1: a 0444 output file was silently replaced and made 0644 (also as root)
    target = tmp_path / "r.md"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    line = _bad(capsys, ["verify", case, "--markdown", str(target)], "read-only", "0444")
    assert str(target) in line
    assert target.read_text(encoding="utf-8") == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    with pytest.raises(ReportError, match="read-only"):
        write(REPORT, target)
    with pytest.raises(GeoverifyError, match="read-only"):
        write_output(target, b"x")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_read_only_file_behind_a_link_is_refused(tmp_path):
    target = tmp_path / "t.md"
    target.write_text("keep", encoding="utf-8")
    target.chmod(0o444)
    (tmp_path / "l.md").symlink_to(target)
    with pytest.raises(ReportError, match="read-only"):
        write(REPORT, tmp_path / "l.md")
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write any file; the 0444 tests above cover root")
def test_a_file_of_another_mode_the_user_cannot_write_is_refused(tmp_path):
    target = tmp_path / "r.md"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o400)
    with pytest.raises(ReportError, match="read-only"):
        write(REPORT, target)


def test_replacing_keeps_the_file_mode(tmp_path):
    # issue 10 A1: the atomic replace made every file 0644
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write(REPORT, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_new_file_gets_the_ordinary_mode(tmp_path):
    umask = os.umask(0o027)
    try:
        path = write_output(tmp_path / "new.txt", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("option", ["--html", "--markdown", "--map", "--png", "--kml"])
def test_a_missing_folder_is_refused_not_created(capsys, tmp_path, case, option):
    # issue 10 A2: ``--html /nonexistent/dir/x.html`` silently created the folders
    missing = tmp_path / "no" / "such"
    _bad(capsys, ["verify", case, option, str(missing / "x.out")],
         f"the folder '{missing}' does not exist")
    assert _listing(tmp_path) == []


def test_help_states_the_output_rules(capsys):
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "folders are never created" in out and "'-' is standard output" in out


def test_a_link_loop_is_one_line(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ReportError, match="symbolic links"):
        write(REPORT, tmp_path / "a", fmt="json")
