"""Matching two event datasets: every overlapping pair, against an n x m geographiclib oracle."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _builders import event_frame
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from geoverify.errors import GeoverifyError
from geoverify.events import MATCH_COLUMNS, match, read_events
from geoverify.events.spacetime import disc_boxes

DATA = Path(__file__).resolve().parent / "data"
WGS84 = Geodesic.WGS84


def _events(prefix, lats, lons, radii, starts_h, ends_h):
    return event_frame(lats, lons, radii, starts_h, ends_h, prefix=prefix)


def _brute(a, b, days):
    """The n x m oracle: every pair, geographiclib distance, plain interval arithmetic."""
    out = {}
    for ra in a.itertuples():
        for rb in b.itertuples():
            gap = (max(ra.time_start, rb.time_start) - min(ra.time_end, rb.time_end)
                   ).total_seconds()
            if not (gap < 0 or (days > 0 and gap <= days * 86400)):
                continue
            d = WGS84.Inverse(ra.geometry.y, ra.geometry.x, rb.geometry.y, rb.geometry.x)["s12"]
            if d <= ra.uncertainty_m + rb.uncertainty_m + 1e-6:
                out[(ra.event_id, rb.event_id)] = (d, max(gap, 0.0) / 86400)
    return out


def _random_events(data, prefix, lat0, lon0, spread):
    n = data.draw(st.integers(0, 15))
    lats = [min(89.999, max(-89.999, lat0 + data.draw(st.floats(-spread, spread))))
            for _ in range(n)]
    lons = [((lon0 + data.draw(st.floats(-spread, spread)) + 180) % 360) - 180
            for _ in range(n)]
    radii = [data.draw(st.sampled_from([0.0, 500.0, 2000.0, 25_000.0, 100_000.0]))
             for _ in range(n)]
    starts = [data.draw(st.integers(0, 200)) for _ in range(n)]
    ends = [s + data.draw(st.integers(1, 800)) for s in starts]
    return _events(prefix, lats, lons, radii, starts, ends)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_match_equals_the_brute_force_oracle(data):
    lat0 = data.draw(st.sampled_from([35.0, 0.0, 89.5, -89.8, -45.0]))
    lon0 = data.draw(st.sampled_from([40.0, 179.9, -179.9, 0.0]))
    spread = data.draw(st.sampled_from([0.05, 0.5, 2.0]))
    a = _random_events(data, "a", lat0, lon0, spread)
    b = _random_events(data, "b", lat0, lon0, spread)
    days = data.draw(st.sampled_from([0.0, 0.5, 3.0]))
    got = match(a, b, days=days)
    oracle = _brute(a, b, days)
    assert set(zip(got["event_id_a"], got["event_id_b"], strict=True)) == set(oracle)
    for row in got.itertuples():
        d, apart = oracle[(row.event_id_a, row.event_id_b)]
        assert row.distance_m == pytest.approx(d, abs=0.06)
        assert row.days_apart == pytest.approx(apart, abs=0.0006)


def test_columns_are_the_contract():
    assert MATCH_COLUMNS[:5] == ("event_id_a", "event_id_b", "score", "distance_m",
                                 "days_apart")
    got = match(_events("a", [35.0], [40.0], [2000], [0], [24]),
                _events("b", [35.0], [40.0], [2000], [0], [24]))
    assert tuple(got.columns) == MATCH_COLUMNS


def test_score_is_the_documented_formula():
    a = _events("a", [35.0], [40.0], [2000], [0], [24])
    b = _events("b", [35.01, 35.0], [40.0, 40.02], [3000, 1000], [30, 0], [40, 24])
    got = match(a, b, days=1).set_index("event_id_b")
    for eid, lat, lon, r, apart in (("b0", 35.01, 40.0, 3000, 6 / 24),
                                    ("b1", 35.0, 40.02, 1000, 0.0)):
        d = WGS84.Inverse(35.0, 40.0, lat, lon)["s12"]
        expected = (1 - d / (2000 + r)) / (1 + apart)
        assert got.loc[eid, "score"] == pytest.approx(expected, abs=0.0006)
    # best first within an event of a
    assert got["rank_a"].sort_values().tolist() == [1, 2]
    assert got.sort_values("rank_a")["score"].is_monotonic_decreasing


def test_one_to_many_is_shown_not_hidden():
    a = _events("a", [35.0, 35.001], [40.0, 40.0], [2000, 2000], [0, 0], [24, 24])
    b = _events("b", [35.0, 35.002, 35.003], [40.0, 40.0, 40.0], [2000] * 3, [0] * 3,
                [24] * 3)
    got = match(a, b)
    assert len(got) == 6
    assert (got["n_matches_a"] == 3).all() and (got["n_matches_b"] == 2).all()


def test_no_pairs_and_empty_inputs():
    a = _events("a", [35.0], [40.0], [2000], [0], [24])
    far = _events("b", [36.0], [40.0], [2000], [0], [24])
    later = _events("b", [35.0], [40.0], [2000], [48], [72])
    assert len(match(a, far)) == 0
    assert len(match(a, later)) == 0
    assert len(match(a, later, days=1)) == 1  # 24 h apart: within one day
    assert len(match(a, a.iloc[:0])) == 0


def test_fixtures_acled_against_ucdp():
    acled = read_events(DATA / "acled_sample.csv")
    ucdp = read_events(DATA / "ucdp_sample.parquet")
    got = match(acled, ucdp)
    pairs = set(zip(got["event_id_a"], got["event_id_b"], strict=True))
    assert pairs == {("SYR1001", "400007"), ("SYR1002", "400007"), ("SYR1003", "400001"),
                     ("SYR1004", "400002"), ("SYR1005", "400003")}
    assert got.set_index("event_id_a").loc["SYR1001", "n_matches_b"] == 2


def test_match_reads_paths_and_refuses_bad_days():
    got = match(DATA / "acled_sample.csv", DATA / "ucdp_sample.csv")
    assert len(got) == 5
    with pytest.raises(GeoverifyError, match="days"):
        match(DATA / "acled_sample.csv", DATA / "ucdp_sample.csv", days=-1)
    with pytest.raises(GeoverifyError, match="not an event frame"):
        match(42, DATA / "ucdp_sample.csv")


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-89.99, 89.99), lon=st.floats(-180, 180),
       radius=st.sampled_from([1.0, 2000.0, 25_000.0, 500_000.0]),
       azimuth=st.floats(0, 360))
def test_disc_boxes_contain_the_geodesic_disc(lat, lon, radius, azimuth):
    w, s, e, n = (float(v[0]) for v in disc_boxes(np.array([lat]), np.array([lon]),
                                                   np.array([radius])))
    edge = WGS84.Direct(lat, lon, azimuth, radius)
    plat, plon = edge["lat2"], edge["lon2"]
    assert s - 1e-9 <= plat <= n + 1e-9
    if w <= -180 and e >= 180:
        return
    # the longitude, unwrapped next to the centre, lies in [w, e]
    unwrapped = lon + ((plon - lon + 180) % 360 - 180)
    assert w - 1e-9 <= unwrapped <= e + 1e-9
