"""Auditing event datasets: places (worst-case rule), countries (Natural Earth), duplicates."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _builders import event_frame
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from geoverify.events import AUDIT_COLUMNS, audit, audit_summary, read_events
from geoverify.events.auditing import SUMMARY_KEYS, duplicates, place_check
from geoverify.events.countries import country_check, disputed_pairs
from geoverify.events.places import lookup_place

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
WGS84 = Geodesic.WGS84


def _theatre(row_id: str) -> dict[str, str]:
    with open(ROOT / "data" / "gazetteer" / "theatre.csv", encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["id"] == row_id)


@pytest.fixture(scope="module")
def acled_audit():
    return audit(read_events(DATA / "acled_sample.csv")).set_index("event_id")


def test_audit_frame_columns_are_the_contract(acled_audit):
    assert list(acled_audit.reset_index().columns) == [*AUDIT_COLUMNS, "geometry"]
    assert AUDIT_COLUMNS[:5] == ("event_id", "place_verdict", "place_distance_m",
                                 "place_matched", "duplicate_of")


@pytest.mark.parametrize("event_id, theatre_id, lat, lon, radius_e", [
    ("SYR1005", "khasham", 35.10, 40.29, 2000.0),
    ("SYR1002", "al-quriyah", 34.9570, 40.5420, 25_000.0),
    ("SYR1015", "khasham", 35.30088, 40.28916, 2000.0),
    ("SYR1007", "hajin", 33.5102, 36.29128, 100_000.0),
])
def test_place_verdict_against_geographiclib(acled_audit, event_id, theatre_id, lat, lon,
                                             radius_e):
    place = _theatre(theatre_id)
    d = WGS84.Inverse(lat, lon, float(place["lat"]), float(place["lon"]))["s12"]
    r_p = float(place["uncertainty_m"])
    row = acled_audit.loc[event_id]
    assert row["place_matched"] == place["name"]
    assert row["place_distance_m"] == pytest.approx(d, abs=0.06)
    expected = ("consistent" if d + r_p <= radius_e else
                "inconsistent" if d - r_p > radius_e else "inconclusive")
    assert row["place_verdict"] == expected


def test_the_fixture_verdicts(acled_audit):
    verdict = acled_audit["place_verdict"].to_dict()
    assert verdict["SYR1005"] == "inconsistent"  # 22 km from Khasham, 2 km radius
    assert verdict["SYR1007"] == "inconsistent"  # precision 3 at Damascus, 440 km from Hajin
    assert verdict["SYR1006"] == "consistent"  # precision 3 at the governorate capital
    assert verdict["SYR1004"] == "consistent"  # Arabic name of al-Mayadin
    assert acled_audit.loc["SYR1004", "place_matched"] == "al-Mayadin"
    assert verdict["SYR1011"] == "not_found"
    assert verdict["SYR1012"] == "ambiguous"
    assert acled_audit.loc["SYR1012", "place_matched"] == "Al Qurayya | al-Quriyah"
    assert verdict["IRQ2001"] == "not_found"  # al-Mayadin is not in Iraq


def test_countries_in_the_fixture(acled_audit):
    assert acled_audit.loc["IRQ2001", "country_verdict"] == "inconsistent"
    assert acled_audit.loc["IRQ2001", "point_country"] == "SY"
    assert acled_audit.loc["IRQ2001", "outside_country"] is True
    assert acled_audit.loc["XXX3001", "country_verdict"] is None  # no ISO code
    assert acled_audit.loc["SYR1001", "outside_country"] is False


def test_duplicates_in_the_fixture(acled_audit):
    dup = acled_audit["duplicate_of"].dropna().to_dict()
    assert dup == {"SYR1002": "SYR1001"}


def test_summary_keys_and_counts(acled_audit):
    summary = audit_summary(acled_audit.reset_index(), bad_rows=6)
    assert tuple(summary) == SUMMARY_KEYS
    assert {"events", "bad_rows", "place_consistent", "place_inconsistent",
            "place_inconclusive", "place_not_found", "duplicates"} <= set(summary)
    assert summary == {"events": 14, "bad_rows": 6, "place_consistent": 8,
                       "place_inconsistent": 2, "place_inconclusive": 0, "place_not_found": 3,
                       "place_ambiguous": 1, "outside_country": 1, "country_unchecked": 1,
                       "duplicates": 1}


def test_summary_reads_bad_rows_from_the_frame():
    events = read_events(DATA / "acled_sample.csv")
    assert audit_summary(audit(events))["bad_rows"] == 6


@given(d=st.floats(0, 200_000), r_e=st.floats(0, 100_000), r_p=st.floats(0, 20_000))
def test_place_check_is_the_worst_case_rule(d, r_e, r_p):
    got = place_check([d], [r_e], [r_p]).iloc[0]
    # the place's true position is anywhere within r_p of its point: sample the extremes
    distances = [max(d - r_p, 0.0), d + r_p]
    inside = [x <= r_e + 1e-6 + 1e-12 * r_e for x in distances]
    expected = ("consistent" if all(inside) else "inconsistent" if not any(inside)
                else "inconclusive")
    assert got["verdict"] == expected
    assert got["min_m"] == pytest.approx(distances[0]) and got["max_m"] == pytest.approx(
        distances[1])
    if expected == "consistent":
        assert got["margin"] >= 0
    if expected == "inconsistent":
        assert got["margin"] < 0


@settings(max_examples=60, deadline=None)
@given(az=st.floats(0, 360), s=st.floats(0, 60_000), r_e=st.floats(0, 30_000),
       r_p=st.floats(0, 10_000))
def test_place_check_is_the_proximity_rule_exactly(az, s, r_e, r_p):
    # the audit's rule is check_proximity's: the event's point (radius 0) within r_e of the
    # place (radius r_p), so the two front ends give the same verdict and margin
    from geoverify.checks.proximity import check_proximity
    from geoverify.sites import Site

    g = WGS84.Direct(35.0, 40.0, az, s)
    place, point = Site(35.0, 40.0, r_p, name="place"), Site(g["lat2"], g["lon2"], 0.0)
    result = check_proximity(point, place, threshold_m=r_e)
    got = place_check([result.values["distance_m"]], [r_e], [r_p]).iloc[0]
    assert got["verdict"] == result.verdict.value
    assert got["margin"] == result.margin
    assert (got["min_m"], got["max_m"]) == (result.values["distance_min_m"],
                                            result.values["distance_max_m"])


def test_place_check_without_a_place_gives_no_verdict():
    got = place_check([np.nan], [2000.0], [np.nan])
    assert got["verdict"].tolist() == [None]


@pytest.mark.parametrize("name, country, admin1, status, matched", [
    ("al-Quriyah", "SY", None, "found", "al-Quriyah"),
    ("القورية", "SY", None, "found", "al-Quriyah"),
    ("Khasham", "SY", "Deir ez-Zor", "found", "Khasham"),
    ("al-Qurayya", "SY", None, "ambiguous", None),
    ("al-Qurayya", "SY", "As-Suwayda", "found", "Al Qurayya"),
    ("al-Qurayya", "SY", "Dayr az Zawr governorate", "found", "al-Quriyah"),
    ("Khasham", "IQ", None, "not_found", None),
    ("Mayyadeyn", "SY", None, "not_found", None),  # a consonant-skeleton match only
    ("", "SY", None, "not_found", None),
])
def test_lookup_place_rule(name, country, admin1, status, matched):
    m = lookup_place(name, country, admin1)
    assert m.status == status
    if matched:
        assert m.name == matched


def test_lookup_place_found_is_the_gazetteer_row():
    row = _theatre("hajin")
    m = lookup_place("Hajin", "SY")
    assert (m.lat, m.lon, m.radius_m) == (float(row["lat"]), float(row["lon"]),
                                         float(row["uncertainty_m"]))


# ------------------------------------------------------------------------------ countries
@pytest.mark.parametrize("lat, lon, named, verdict", [
    (33.5102, 36.29128, "SY", "consistent"),  # Damascus (GeoNames 170654)
    (33.34058, 44.40088, "IQ", "consistent"),  # Baghdad (GeoNames 98182)
    (33.34058, 44.40088, "SY", "inconsistent"),  # Baghdad named Syria
    (31.95522, 35.94503, "SY", "inconsistent"),  # Amman (GeoNames 250441) named Syria
    (34.39251, 40.98945, "SY", "inconclusive"),  # al-Qaim, 3 km from the border
    (44.95719, 34.11079, "UA", "inconclusive"),  # Simferopol: Natural Earth draws Russia
    (33.0, 35.75, "SY", "inconclusive"),  # Golan Heights: drawn in Israel, disputed
    (34.5, 33.0, "CY", "inconclusive"),  # at sea off Cyprus
    (35.0, 40.5, None, None),  # no country named
    (35.0, 40.5, "GF", None),  # a code without a polygon (French Guiana is part of France)
])
def test_country_check_points(lat, lon, named, verdict):
    got = country_check([lat], [lon], [named])
    assert got["country_verdict"].tolist() == [verdict]


def test_country_check_border_tolerance_is_a_lower_bound():
    # points on a line crossing the Syria-Iraq border: never "inconsistent" within 10 km of it
    lats = np.full(400, 34.6)
    lons = np.linspace(40.5, 41.9, 400)
    got = country_check(lats, lons, ["SY"] * 400)
    crossing = np.flatnonzero(got["point_country"].to_numpy() == "IQ")[0]
    border_lon = lons[crossing]
    for lon, v in zip(lons, got["country_verdict"], strict=True):
        d = WGS84.Inverse(34.6, lon, 34.6, border_lon)["s12"]
        if d < 10_000 - 500:  # a margin for the 1:50m line's own position on this transect
            assert v == "inconclusive"
        if v != "inconclusive":
            assert d > 9_000


def test_disputed_pairs_are_symmetric_and_sourced():
    pairs = disputed_pairs()
    assert frozenset({"SY", "IL"}) in pairs and frozenset({"EH", "MA"}) in pairs
    with open(ROOT / "data" / "events" / "disputed.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(r["article"].startswith("en.wikipedia '") for r in rows)


# ------------------------------------------------------------------------------ duplicates
def _events(lats, lons, radii, starts_h, ends_h, actors):
    return event_frame(lats, lons, radii, starts_h, ends_h, actors=actors, dataset="x")


def _brute_duplicates(events, days):
    """The n x n oracle: geographiclib distances, plain interval arithmetic."""
    out = [None] * len(events)
    rows = list(events.itertuples())
    for j, b in enumerate(rows):
        for a in rows[:j]:
            if a.actors is None or a.actors != b.actors:
                continue
            gap = (max(a.time_start, b.time_start) - min(a.time_end, b.time_end)
                   ).total_seconds()
            if not (gap < 0 or (days > 0 and gap <= days * 86400)):
                continue
            d = WGS84.Inverse(a.geometry.y, a.geometry.x, b.geometry.y, b.geometry.x)["s12"]
            if d <= a.uncertainty_m + b.uncertainty_m + 1e-6:  # the documented 1 um rounding
                out[j] = a.event_id
                break
    return out


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_duplicates_equal_the_brute_force_oracle(data):
    n = data.draw(st.integers(2, 25))
    lat0 = data.draw(st.sampled_from([35.0, 0.0, 89.7, -60.0]))
    lon0 = data.draw(st.sampled_from([40.0, 179.95, -179.95]))
    lats = [min(89.99, max(-89.99, lat0 + data.draw(st.floats(-0.3, 0.3)))) for _ in range(n)]
    lons = [((lon0 + data.draw(st.floats(-0.3, 0.3)) + 180) % 360) - 180 for _ in range(n)]
    radii = [data.draw(st.sampled_from([0.0, 2000.0, 25_000.0])) for _ in range(n)]
    starts = [data.draw(st.integers(0, 96)) for _ in range(n)]
    ends = [s + data.draw(st.integers(1, 72)) for s in starts]
    actors = [data.draw(st.sampled_from(["A", "A | B", None])) for _ in range(n)]
    days = data.draw(st.sampled_from([0.0, 1.0]))
    events = _events(lats, lons, radii, starts, ends, actors)
    assert duplicates(events, days=days).tolist() == _brute_duplicates(events, days)


def test_audit_switches(acled_audit):
    events = read_events(DATA / "acled_sample.csv")
    quick = audit(events, places=False, countries=False, find_duplicates=False)
    assert quick["place_verdict"].isna().all() and quick["duplicate_of"].isna().all()
    assert quick["country_verdict"].isna().all()
    assert audit_summary(quick)["country_unchecked"] == len(events)


def test_precomputed_lookups_with_any_index_give_the_same_audit(acled_audit):
    # regression: answers gathered from dask partitions carry a repeated index (0, 1, 0, 1...)
    from geoverify.events.auditing import place_lookups

    events = read_events(DATA / "acled_sample.csv")
    answers = place_lookups(events)
    answers.index = [i % 3 for i in range(len(answers))]
    again = audit(events, lookups=answers.iloc[::-1]).set_index("event_id")
    for col in ("place_verdict", "place_matched", "place_distance_m"):
        pd.testing.assert_series_equal(again[col], acled_audit[col], check_names=False)
