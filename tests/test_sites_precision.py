"""Precision codes (ACLED, UCDP, Airwars) <-> uncertainty radius: documented values, overrides."""

from __future__ import annotations

import pytest

from geoverify.errors import GeoverifyError
from geoverify.sites import (
    PRECISION_RADII_M,
    precision_code,
    precision_radius,
    ucdp_date_prec,
    ucdp_date_precision_days,
)


@pytest.mark.parametrize(("scheme", "code", "metres"), [
    ("acled", 1, 2_000.0), ("acled", "2", 25_000.0), ("acled", 3, 100_000.0),
    ("ucdp", 1, 2_000.0), ("ucdp", 2, 25_000.0), ("ucdp", 4, 150_000.0), ("ucdp", 7, 500_000.0),
    ("airwars", "within 100 m", 100.0),  # the one grade Airwars states in metres
    ("airwars", "Within 100m", 100.0), ("airwars", "village", 2_000.0),
    ("airwars", "Neighborhood", 1_000.0), ("airwars", "governorate", 150_000.0),
    ("ACLED", 1, 2_000.0),
])
def test_documented_radii(scheme, code, metres):
    assert precision_radius(scheme, code) == metres


def test_every_scheme_is_monotonic():
    # a coarser code never means a smaller radius
    for scheme in ("acled", "ucdp"):
        radii = [precision_radius(scheme, c) for c in sorted(PRECISION_RADII_M[scheme])]
        assert radii == sorted(radii)
    grades = ["exact", "within 100 m", "street", "neighbourhood", "village", "town", "city",
              "subdistrict", "district", "governorate"]
    radii = [precision_radius("airwars", g) for g in grades]
    assert radii == sorted(radii) and len(set(radii)) == len(radii)


def test_ucdp_where_prec_2_covers_its_25_km_definition():
    # the codebook says "within about 25 km of a known point": the radius must not be smaller
    assert precision_radius("ucdp", 2) >= 25_000


@pytest.mark.parametrize("overrides",
                         [{2: 10_000}, {"acled": {2: 10_000}}, {"ACLED": {"2": 10_000}}])
def test_overrides_replace_the_assumption(overrides):
    assert precision_radius("acled", 2, overrides=overrides) == 10_000.0
    assert precision_radius("acled", 1, overrides=overrides) == 2_000.0


def test_overrides_for_another_scheme_do_not_leak():
    assert precision_radius("ucdp", 2, overrides={"acled": {2: 1.0}}) == 25_000.0


@pytest.mark.parametrize(("scheme", "code"), [
    ("acled", 4), ("acled", "x"), ("ucdp", 0), ("airwars", "continent"), ("gdelt", 1),
])
def test_unknown_codes_raise(scheme, code):
    with pytest.raises(GeoverifyError):
        precision_radius(scheme, code)


def test_negative_override_raises():
    with pytest.raises(GeoverifyError):
        precision_radius("acled", 1, overrides={1: -5})


@pytest.mark.parametrize(("scheme", "radius", "code"), [
    ("acled", 0, 1), ("acled", 2_000, 1), ("acled", 2_001, 2), ("acled", 10**7, 3),
    ("ucdp", 30_000, 3), ("airwars", 0, "exact"), ("airwars", 100, "within 100 m"),
    ("airwars", 3_000, "town"),
])
def test_precision_code_is_the_finest_that_covers(scheme, radius, code):
    assert precision_code(scheme, radius) == code


def test_round_trip_code_radius_code():
    for scheme, table in PRECISION_RADII_M.items():
        for code in table:
            if scheme == "ucdp" and code == 7:  # 6 and 7 share a radius; 6 is the finer
                continue
            assert precision_code(scheme, precision_radius(scheme, code)) == code


def test_ucdp_date_precision():
    assert [ucdp_date_precision_days(c) for c in (1, 2, 3, 4, 5)] == [0, 6, 7, 31, 366]
    with pytest.raises(GeoverifyError):
        ucdp_date_precision_days(6)


def test_ucdp_date_prec_from_a_duration():
    assert [ucdp_date_prec(d) for d in (0, 1, 1.5, 6, 6.5, 7, 8, 31, 32, 400)] == \
        [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    with pytest.raises(GeoverifyError):
        ucdp_date_prec(-1)
