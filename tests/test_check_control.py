"""The control check (user layers) and the Euphrates bank check, with hand-computed distances."""

from __future__ import annotations

import json

import pytest
from _builders import square
from geographiclib.geodesic import Geodesic

from geoverify.checks.control import (
    check_bank,
    check_control,
    load_control_layers,
    river_bank,
)
from geoverify.checks.registry import get_check
from geoverify.checks.result import Verdict
from geoverify.errors import CheckError, DataFileError
from geoverify.sites import Site

G = Geodesic.WGS84
WHEN = "2022-01-05T06:00+03:00"


LAYER = {"type": "FeatureCollection", "features": [
    square("SDF", 40.50, 34.80, 41.00, 35.50),
    square("Regime", 40.00, 34.80, 40.50, 35.50),
]}
# the shared edge is the meridian 40.5 E (a geodesic); a point at 35 N, 40.45 E lies in the
# regime square, this far from the edge (to well under a metre at this scale):
EDGE_M = G.Inverse(35.0, 40.45, 35.0, 40.5)["s12"]  # about 4.56 km


def test_inside_clear_of_the_boundary_is_consistent():
    r = check_control(Site(35.0, 40.45, 1000, name="p"), actor="Regime", when=WHEN, layers=LAYER)
    assert r.verdict is Verdict.CONSISTENT
    assert r.values["clearance_inside_m"] == pytest.approx(EDGE_M - 1000, abs=5)
    assert r.margin == pytest.approx(EDGE_M - 2000, abs=5)


def test_outside_is_inconsistent_and_near_the_edge_inconclusive():
    p = Site(35.0, 40.45, 1000, name="p")
    out = check_control(p, actor="sdf", when=WHEN, layers=LAYER)  # actor case-insensitive
    assert out.verdict is Verdict.INCONSISTENT
    assert out.values["clearance_outside_m"] == pytest.approx(EDGE_M - 1000, abs=5)
    near = check_control(p.with_uncertainty(4000), actor="Regime", when=WHEN, layers=LAYER)
    assert near.verdict is Verdict.INCONCLUSIVE  # 560 m clear, tolerance 1 km
    straddle = check_control(p.with_uncertainty(6000), actor="Regime", when=WHEN, layers=LAYER)
    assert straddle.verdict is Verdict.INCONCLUSIVE and "straddles" in straddle.explanation
    river = check_control(p, actor="Regime", when=WHEN, layers=LAYER, boundary_tolerance_m=3000)
    assert river.verdict is Verdict.CONSISTENT  # 3.56 km clear
    tight = check_control(p, actor="Regime", when=WHEN, layers=LAYER, boundary_tolerance_m=4000)
    assert tight.verdict is Verdict.INCONCLUSIVE


def test_validity_dates(tmp_path):
    layer = {"type": "FeatureCollection", "features": [
        square("ISIS", 40.0, 34.8, 41.0, 35.5, valid_from="2014-06-01", valid_to="2017-11-03"),
        square("Regime", 40.0, 34.8, 40.5, 35.5, valid_from="2017-11-04", valid_to=None),
    ]}
    path = tmp_path / "layers.geojson"
    path.write_text(json.dumps(layer), encoding="utf-8")
    p = Site(35.0, 40.45, 500)
    assert check_control(p, actor="ISIS", when="2016-05-01T12:00Z", layers=path).verdict \
        is Verdict.CONSISTENT
    assert check_control(p, actor="ISIS", when=WHEN, layers=str(path)).verdict \
        is Verdict.INCONSISTENT
    # valid_to includes its whole day (UTC); the next day belongs to the regime layer
    assert check_control(p, actor="ISIS", when="2017-11-03T23:30Z", layers=path).verdict \
        is Verdict.CONSISTENT
    from datetime import UTC, datetime

    from geoverify.times import TimeInterval
    across = TimeInterval(datetime(2017, 11, 3, 12, tzinfo=UTC), datetime(2017, 11, 4, 12,
                                                                          tzinfo=UTC))
    assert check_control(p, actor="Regime", when=across, layers=path).verdict \
        is Verdict.INCONCLUSIVE  # held only for part of the interval
    nothing = check_control(p, actor="ISIS", when="2010-01-01T00:00Z", layers=path)
    assert nothing.verdict is Verdict.INCONCLUSIVE and "no control layer" in nothing.explanation


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda f: f["properties"].pop("actor"), "features[0].properties.actor"),
    (lambda f: f["properties"].update(valid_from="last spring"),
     "features[0].properties.valid_from"),
    (lambda f: f["properties"].pop("valid_to"), "features[0].properties.valid_to"),
    (lambda f: f.update(geometry={"type": "Point", "coordinates": [40, 35]}),
     "features[0].geometry"),
    (lambda f: f["properties"].update(valid_from="2022-01-01", valid_to="2021-01-01"),
     "features[0].properties.valid_to"),
])
def test_bad_layers_name_path_and_field(tmp_path, mutate, field):
    feature = square("A", 40, 35, 41, 36)
    mutate(feature)
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(DataFileError) as err:
        load_control_layers(path)
    assert err.value.field == field and err.value.path == str(path)


def test_bad_json_and_types(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n oops]}')
    with pytest.raises(DataFileError) as err:
        load_control_layers(path)
    assert err.value.line == 3
    with pytest.raises(DataFileError):
        load_control_layers({"type": "Feature"})
    with pytest.raises(DataFileError):
        load_control_layers(tmp_path / "missing.geojson")
    s = Site(35, 40, 0)
    with pytest.raises(CheckError):
        check_control(s, actor="A", when="2022-01-05T06:00", layers=LAYER)  # no zone
    with pytest.raises(CheckError):
        check_control(s, actor="", when=WHEN, layers=LAYER)
    with pytest.raises(CheckError):
        check_control(s, actor="A", when=WHEN, layers=42)
    assert get_check("control").site_params == ("site",)


# ---- which bank of the Euphrates ---------------------------------------------------------
# banks from /work/shared/facts/places-and-weapons.md (A2, A5); GeoNames points


@pytest.mark.parametrize(("name", "lat", "lon", "bank"), [
    ("al-Omar field", 35.15167, 40.57583, "left"),
    ("desert south-west of al-Mayadin", 34.80, 40.40, "right"),
    ("Deir ez-Zor", 35.33588, 40.14084, "right"),
])
def test_bank_far_from_the_line(name, lat, lon, bank):
    assert river_bank(Site(lat, lon, 0))[0] == bank
    assert check_bank(Site(lat, lon, 0, name=name), bank=bank).verdict is Verdict.CONSISTENT


@pytest.mark.parametrize(("name", "lat", "lon"), [
    # Hatla and Marrat are LEFT-bank villages that the generalised line puts on the right:
    # within 3 km the check must refuse, not answer "right"
    ("Hatla", 35.34169, 40.19897),
    ("Marrat", 35.31407, 40.23865),
    ("al-Busayrah", 35.15618, 40.42716),
    ("al-Quriyah", 34.95629, 40.54139),
])
def test_bank_refused_within_3_km(name, lat, lon):
    site = Site(lat, lon, 0, name=name)
    assert river_bank(site)[0] is None
    for claimed in ("left", "right"):
        assert check_bank(site, bank=claimed).verdict is Verdict.INCONCLUSIVE


def test_bank_words_radius_and_ends():
    omar = Site(35.15167, 40.57583, 1000, name="al-Omar")
    assert check_bank(omar, bank="Jazira").verdict is Verdict.CONSISTENT
    assert check_bank(omar, bank="west").verdict is Verdict.INCONSISTENT
    assert check_bank(omar.with_uncertainty(11_000), bank="east").verdict \
        is Verdict.INCONCLUSIVE  # 13.5 km - 11 km < 3 km
    assert river_bank(Site(34.39251, 40.98945, 0))[0] is None  # al-Qaim: beyond the line's end
    with pytest.raises(CheckError):
        check_bank(omar, bank="upstream")
    assert get_check("bank").site_params == ("site",)


def test_bank_shares_of_a_straddling_circle_complete_each_other():
    # mutation survivors (issue 12). Deir ez-Zor's point with an 8 km radius straddles the
    # river: part of its circle is surely on each bank, the 3 km band about the line on
    # neither. By the share's definition, "possibly left" is everything but "surely right",
    # and the other way round; so each pair adds up to exactly 1, and both are undecided
    s = Site(35.33588, 40.14084, 8_000, name="Deir ez-Zor, 8 km")
    left, right = check_bank(s, bank="left"), check_bank(s, bank="right")
    assert left.verdict is Verdict.INCONCLUSIVE and right.verdict is Verdict.INCONCLUSIVE
    assert left.share.possible + right.share.sure == pytest.approx(1.0, abs=1e-12)
    assert right.share.possible + left.share.sure == pytest.approx(1.0, abs=1e-12)
    assert 0 < left.share.sure < left.share.possible < 1
    assert 0 < right.share.sure < right.share.possible < 1
    # the city's point is on the right bank (test_bank_far_from_the_line): most of it is right
    assert right.share.sure > 0.5 > left.share.possible


def test_an_unmapped_actor_may_hold_what_no_other_surely_holds():
    # mutation survivor (issue 12). Only the SDF square is mapped; the regime is not. A 5 km
    # circle centred on the square's west edge (the meridian 40.5 E): possibly regime-held is
    # everything outside the SDF area shrunk by the 1 km tolerance, i.e. all but the circular
    # segment beyond a chord 1 km from the centre: 1 - (r^2 acos(d/r) - d sqrt(r^2 - d^2)) /
    # (pi r^2) with r = 5, d = 1 (km), about 0.6265
    import math

    only_sdf = {"type": "FeatureCollection", "features": [square("SDF", 40.50, 34.80, 41.00,
                                                                  35.50)]}
    r = check_control(Site(35.0, 40.5, 5000, name="p"), actor="Regime", when=WHEN,
                      layers=only_sdf)
    segment = 25 * math.acos(1 / 5) - math.sqrt(24)
    assert r.verdict is Verdict.INCONCLUSIVE and r.share.sure == 0.0
    assert r.share.possible == pytest.approx(1 - segment / (math.pi * 25), abs=1e-3)
