"""The events functions on dask-geopandas frames: a local cluster of 2 worker processes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geoverify.events import audit, audit_summary, match, read_events
from geoverify.events import distributed as dist

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
pytest.importorskip("dask_geopandas")

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    """The ACLED fixture as a partitioned Parquet dataset (3 files)."""
    folder = tmp_path_factory.mktemp("acled-parquet")
    raw = pd.read_csv(DATA / "acled_sample.csv", dtype=str)
    for i, part in enumerate((raw.iloc[:6], raw.iloc[6:12], raw.iloc[12:])):
        part.to_parquet(folder / f"part-{i}.parquet", index=False)
    return folder


def test_is_dask():
    assert not dist.is_dask(pd.DataFrame())
    assert dist.is_dask(dd.from_pandas(pd.DataFrame({"a": [1]}), npartitions=1))


def test_read_and_audit_on_two_workers_equal_the_single_machine_run(client, partitioned):
    # first on one machine (this also builds the gazetteer index the workers then load once)
    single = audit(read_events(DATA / "acled_sample.csv")).set_index("event_id")
    raw = dd.read_parquet(str(partitioned))
    assert raw.npartitions == 3
    events = read_events(raw, format="acled")
    assert type(events).__module__.startswith("dask_geopandas")
    local = read_events(DATA / "acled_sample.csv").set_index("event_id")
    got = events.compute().set_index("event_id")
    # the same events, the same record numbers across partitions, the same normalized values
    assert sorted(got["source_row"]) == sorted(local["source_row"])
    for col in ("time_start", "time_end", "uncertainty_m", "place", "country"):
        assert got.sort_values("source_row")[col].tolist() == \
            local.sort_values("source_row")[col].tolist(), col
    # the dropped rows are not lost: they are a lazy frame of records
    assert set(dist.bad_rows(events)["row"]) == {8, 9, 11, 15, 16}
    audited = audit(events)
    assert type(audited).__module__.startswith("dask_geopandas")
    result = audited.compute().set_index("event_id")
    for col in ("place_verdict", "place_matched", "duplicate_of", "country_verdict"):
        # a repeated event id appears twice: compare per source row
        a = result.reset_index().set_index("source_row")[col].sort_index()
        b = single.reset_index().set_index("source_row")[col].sort_index()
        assert a.tolist() == b.tolist(), col
    summary = audit_summary(audited, bad_rows=0)
    assert summary["duplicates"] == 1 and summary["place_inconsistent"] == 2


def test_match_per_partition(client, partitioned):
    events = read_events(dd.read_parquet(str(partitioned)), format="acled")
    ucdp = read_events(DATA / "ucdp_sample.parquet")
    pairs = match(events, ucdp).compute()
    assert set(zip(pairs["event_id_a"], pairs["event_id_b"], strict=True)) == {
        ("SYR1001", "400007"), ("SYR1002", "400007"), ("SYR1003", "400001"),
        ("SYR1004", "400002"), ("SYR1005", "400003")}


def test_checks_as_columns_per_partition(client, partitioned):
    # the columns of a dask frame equal those of the same events in memory, row for row
    from geoverify.events import daylight_check, direction_check, range_check
    from geoverify.sites import Site

    events = read_events(dd.read_parquet(str(partitioned)), format="acled")
    local = read_events(DATA / "acled_sample.csv")
    field = Site(35.15167, 40.57583, 0, name="al-Omar field")
    deir = Site(35.33588, 40.14084, 5000, name="Deir ez-Zor")

    def by_row(frame, out):
        out = out.copy()
        out["source_row"] = frame["source_row"].to_numpy()
        return out.set_index("source_row").sort_index()

    lazy = range_check(events, target=field, weapon="107 mm", explain=True)
    assert type(lazy).__module__.startswith("dask")
    got = by_row(events.compute(), lazy.compute())
    want = by_row(local, range_check(local, target=field, weapon="107 mm", explain=True))
    pd.testing.assert_frame_equal(got, want)
    # a per-row word as a dask Series of the same frame
    words = events["place"].map(lambda p: "north" if p == "Hajin" else "south-east",
                                meta=("place", object))
    got = by_row(events.compute(), direction_check(events, words, reference=deir).compute())
    local_words = local["place"].map(lambda p: "north" if p == "Hajin" else "south-east")
    want = by_row(local, direction_check(local, local_words, reference=deir))
    pd.testing.assert_frame_equal(got, want)
    got = by_row(events.compute(), daylight_check(events, "day").compute())
    want = by_row(local, daylight_check(local, "day"))
    pd.testing.assert_frame_equal(got, want)
