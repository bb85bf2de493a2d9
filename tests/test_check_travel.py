"""The travel check: implied speeds by hand from geographiclib distances and the time gaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.checks.travel import MODE_SPEEDS_KMH, ROUTE_FACTOR, check_travel, time_gap_bounds
from geoverify.errors import CheckError
from geoverify.sites import Site
from geoverify.times import TimeInterval

G = Geodesic.WGS84
T0 = datetime(2022, 1, 5, 6, 0, tzinfo=UTC)
A = Site(35.0, 40.0, 0, name="A")
B = Site(35.0, 41.0, 0, name="B")
D = G.Inverse(35.0, 40.0, 35.0, 41.0)["s12"]  # 91.3 km


def test_too_fast_for_a_road_vehicle():
    r = check_travel(A, T0, B, T0 + timedelta(minutes=30))
    assert r.verdict is Verdict.INCONSISTENT
    assert r.values["speed_min_kmh"] == pytest.approx(D / 1800 * 3.6, rel=1e-9)
    assert r.margin == pytest.approx(90 - D / 1800 * 3.6, rel=1e-9)
    assert r.margin_unit == "km/h"


def test_slow_enough_is_consistent_with_the_route_factor():
    r = check_travel(A, T0, B, T0 + timedelta(hours=3))
    # 91.3 km x 1.4 in 3 h = 42.6 km/h <= 90
    assert r.values["speed_max_kmh"] == pytest.approx(D * ROUTE_FACTOR / 10_800 * 3.6, rel=1e-9)
    assert r.verdict is Verdict.CONSISTENT


def test_time_precision_makes_it_inconclusive():
    # A known only to ±1 h: gap 1 to 3 h -> 30 to 128 km/h against 90
    r = check_travel(A, TimeInterval.at(T0, precision=timedelta(hours=1)), B,
                     T0 + timedelta(hours=2))
    assert r.values["time_gap_min_s"] == 3600 and r.values["time_gap_max_s"] == 10800
    assert r.values["speed_min_kmh"] == pytest.approx(D / 10_800 * 3.6, rel=1e-9)
    assert r.verdict is Verdict.INCONCLUSIVE


def test_overlapping_intervals_and_same_place():
    wide = TimeInterval(T0, T0 + timedelta(hours=5))
    r = check_travel(A, wide, B, T0 + timedelta(hours=1))
    assert r.values["time_gap_min_s"] == 0 and r.values["speed_max_kmh"] == float("inf")
    assert r.verdict is Verdict.INCONCLUSIVE
    same = check_travel(A, T0, A, T0)
    assert same.verdict is Verdict.CONSISTENT


def test_modes_and_override():
    # 91.3 km in 2 h: 45.7 km/h straight; on foot impossible, by helicopter fine
    t1 = T0 + timedelta(hours=2)
    assert check_travel(A, T0, B, t1, mode="foot").verdict is Verdict.INCONSISTENT
    assert check_travel(A, T0, B, t1, mode="helicopter").verdict is Verdict.CONSISTENT
    assert check_travel(A, T0, B, t1, max_speed_kmh=40).verdict is Verdict.INCONSISTENT
    assert MODE_SPEEDS_KMH["road_vehicle"] == 90.0


def test_gap_bounds_by_hand():
    a = TimeInterval(T0, T0 + timedelta(hours=1))
    b = TimeInterval(T0 + timedelta(hours=3), T0 + timedelta(hours=4))
    assert time_gap_bounds(a, b) == (7200.0, 14400.0)
    assert time_gap_bounds(b, a) == (7200.0, 14400.0)


def test_bad_input_and_registration():
    with pytest.raises(CheckError, match="time zone|offset"):
        check_travel(A, datetime(2022, 1, 5, 6, 0), B, T0)
    with pytest.raises(CheckError):
        check_travel(A, T0, B, T0, mode="teleport")
    with pytest.raises(CheckError):
        check_travel(A, T0, B, T0, max_speed_kmh=0)
    with pytest.raises(CheckError):
        check_travel(A, 12345, B, T0)  # type: ignore[arg-type]
    assert check_travel(A, "2022-01-05T06:00+03:00", B, "2022-01-05T09:00+03:00").verdict \
        is Verdict.CONSISTENT
    assert get_check("travel").site_params == ("a", "b")
