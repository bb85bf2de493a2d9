"""Unknown sites and candidates in case files: statements as regions, conflicts, candidates.

Oracles: geographiclib places the test points at exact geodesic distances and bearings, so
that each expected verdict follows from the geometry of the construction (a candidate 2 km
from a place stated to be within 5 km of it is surely inside), never from geoverify's own
output. A constructed case whose statements cannot hold together must name exactly the pair
that conflicts.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoverify.casefile import loads_case
from geoverify.checks.result import Verdict
from geoverify.cli import main
from geoverify.errors import CaseFileError
from geoverify.report import report_schema, to_json
from geoverify.verify import plan_checks, resolve_sites, site_regions, verify, verify_file

G = Geodesic.WGS84
LAT, LON = 35.0, 40.0


def at(distance_m: float, azimuth_deg: float, lat: float = LAT, lon: float = LON) -> str:
    """Return "lat, lon" of the point ``distance_m`` from (lat, lon) at ``azimuth_deg``."""
    g = G.Direct(lat, lon, azimuth_deg, distance_m)
    return f"{g['lat2']:.8f}, {g['lon2']:.8f}"


def case_text(sites: str, claims: str, extra: str = "") -> str:
    return f"title: regions\nsites:\n{sites}\nclaims:\n{claims}\n{extra}"


# ------------------------------------------------------------------------------------------
# the case file


def test_unknown_site_with_within_and_candidates_loads():
    case = loads_case(case_text(
        f'  p: {{coordinates: "{LAT}, {LON}", uncertainty_m: 10}}\n'
        f'  c: {{coordinates: "{at(2000, 90)}", uncertainty_m: 10}}\n'
        '  u: {unknown: true, within: {relative: "near p"}, candidates: [c]}\n'
        '  v: {unknown: true, within: p}',
        "  - {id: k, claimant: x, kind: launch, site: u}"))
    u, v = case.sites["u"], case.sites["v"]
    assert u.unknown and u.candidates == ("c",) and u.within.method == "relative"
    assert v.within == "p"
    assert "u" not in resolve_sites(case)


@pytest.mark.parametrize("sites, field, words", [
    ('  u: {unknown: true, coordinates: "35, 40"}', "sites.u.coordinates", "has no coordinates"),
    ('  u: {unknown: true, uncertainty_m: 5}', "sites.u.uncertainty_m", "has no uncertainty_m"),
    ('  p: {coordinates: "35, 40"}\n  u: {coordinates: "35, 40", within: p}', "sites.u.within",
     "bounds an unknown site only"),
    ('  u: {unknown: true, within: nowhere}', "sites.u.within", "unknown site 'nowhere'"),
    ('  u: {unknown: true, within: w}\n  w: {unknown: true}', "sites.u.within",
     "is an unknown site"),
    ('  u: {unknown: true, candidates: [w]}\n  w: {unknown: true}', "sites.u.candidates[0]",
     "is an unknown site"),
    ('  u: {unknown: true, candidates: [u]}', "sites.u.candidates[0]", "is an unknown site"),
    ('  p: {coordinates: "35, 40"}\n  u: {unknown: true, candidates: [p, p]}',
     "sites.u.candidates[1]", "listed twice"),
    ('  u: {unknown: true}\n  r: {relative: "near u"}', "sites.r.relative", "is an unknown site"),
    ('  u: {unknown: true}\n  a: {area: {hull_of: [u]}}', "sites.a.area.hull_of[0]",
     "is an unknown site"),
])
def test_bad_unknown_sites_name_the_field(sites, field, words):
    with pytest.raises(CaseFileError) as err:
        loads_case(case_text(sites, "  - {id: k, claimant: x, kind: other}"))
    assert f"field '{field}'" in str(err.value) and words in str(err.value)


def test_a_stated_relation_needs_a_located_reference():
    with pytest.raises(CaseFileError, match=r"claims\[0\].stated\[0\].of.*unknown site"):
        loads_case(case_text(
            '  p: {coordinates: "35, 40"}\n  u: {unknown: true}',
            "  - {id: k, claimant: x, kind: launch, site: p, stated: [{relation: near, of: u}]}"))


def test_schema_accepts_the_new_forms_and_refuses_unknown_false():
    with pytest.raises(CaseFileError, match="sites.u"):
        loads_case(case_text('  u: {unknown: false}', "  - {id: k, claimant: x, kind: other}"))


def test_hull_of_covers_every_member_disc():
    members = {"m1": (at(3000, 0), 800), "m2": (at(4000, 120), 500), "m3": (at(2500, 250), 1200)}
    sites = "".join(f'  {k}: {{coordinates: "{p}", uncertainty_m: {r}}}\n'
                    for k, (p, r) in members.items())
    case = loads_case(case_text(sites + "  pocket: {area: {hull_of: [m1, m2, m3]}}",
                                "  - {id: k, claimant: x, kind: other}"))
    pocket = resolve_sites(case)["pocket"]
    assert pocket.method == "area" and "convex hull" in pocket.note
    from shapely.geometry import Point

    for point, radius in members.values():
        lat, lon = (float(v) for v in point.split(","))
        for az in range(0, 360, 15):  # the disc's rim, from geographiclib
            g = G.Direct(lat, lon, az, radius * 0.999)
            assert pocket.area.covers(Point(g["lon2"], g["lat2"]))


# ------------------------------------------------------------------------------------------
# conflicts: the smallest set of statements that cannot hold together


CONFLICT = """\
title: two statements that cannot both hold
sites:
  base: {coordinates: "35.0, 40.0", uncertainty_m: 500}
  town: {coordinates: "TOWN", uncertainty_m: 500}
  city: {coordinates: "CITY", uncertainty_m: 1000}
  u: {unknown: true}
claims:
  - {id: c1, claimant: A, kind: impact, site: base, launch_site: u, weapon: 107mm-type63}
  - {id: c2, claimant: B, kind: launch, site: u, stated: [{relation: near, of: town}]}
  - {id: c3, claimant: C, kind: launch, site: u, stated: [{relation: north, of: city}]}
"""


def conflict_case(town_km: float, city_km: float = 60.0):
    text = (CONFLICT.replace("TOWN", at(town_km * 1000, 90))
            .replace("CITY", at(city_km * 1000, 180)))
    return loads_case(text)


def test_a_known_empty_intersection_reports_exactly_the_conflicting_pair():
    # the 107 mm rocket reaches at most 8.05 km from the base (±0.5 km); "near" the town is
    # within 5 km of it (±0.5 km): a town 30 km east leaves 30 - 8.55 - 5.5 > 15 km between
    # them; "north of" a city 60 km south holds everywhere near both
    report = verify(conflict_case(30.0))
    region = report.regions["u"]
    assert region.empty
    assert set(region.conflict) == {"reach:c1:107mm-type63", "near:c2"}
    result = next(c for c in report.checks if c.id == "region:u")
    assert result.verdict == Verdict.INCONSISTENT
    assert "do not overlap" in result.explanation and "near" in result.explanation
    assert str(report.verdict) == "inconsistent"


def test_no_conflict_when_the_statements_meet():
    region = verify(conflict_case(10.0)).regions["u"]  # 10 km < 8.55 + 5.5
    assert not region.empty and region.conflict == ()
    assert 0 < region.area_km2 < 3.14159 * 5.5 ** 2


def test_the_cli_exits_1_and_json_names_the_conflict(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(CONFLICT.replace("TOWN", at(30000, 90)).replace("CITY", at(60000, 180)),
                    encoding="utf-8")
    assert main(["verify", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, report_schema())
    assert data["regions"]["u"]["empty"] is True
    assert set(data["regions"]["u"]["conflict"]) == {"reach:c1:107mm-type63", "near:c2"}
    assert data["regions"]["u"]["geometry"] is None
    assert main(["verify", str(path), "--where", "u"]) == 1
    out = capsys.readouterr().out
    assert "EMPTY" in out and "reach:c1:107mm-type63" in out and "near:c2" in out


# ------------------------------------------------------------------------------------------
# candidates, judged against each statement's region with their own uncertainty


CANDIDATES = """\
title: candidates near a place
sites:
  place: {coordinates: "35.0, 40.0", uncertainty_m: 1}
  inside: {coordinates: "INSIDE", uncertainty_m: 200}
  outside: {coordinates: "OUTSIDE", uncertainty_m: 200}
  edge: {coordinates: "EDGE", uncertainty_m: 500}
  u: {unknown: true, candidates: [inside, outside, edge]}
claims:
  - {id: c1, claimant: A, kind: launch, site: u,
     stated: [{relation: near, of: place, threshold_m: 5000}]}
"""


def test_candidates_by_geometry():
    text = (CANDIDATES.replace("INSIDE", at(2000, 40)).replace("OUTSIDE", at(9000, 200))
            .replace("EDGE", at(5300, 300)))
    report = verify(loads_case(text))
    rows = {c.site: c for c in report.regions["u"].candidates}
    # 2 km + 0.2 km < 5 km - 1 m: inside for sure; 9 km - 0.2 > 5 km + 1 m: out; the edge
    # candidate (5.3 km, ±500 m) straddles 5 km
    assert rows["inside"].verdict == Verdict.CONSISTENT and rows["inside"].failed == ()
    assert rows["outside"].verdict == Verdict.INCONSISTENT
    assert rows["outside"].failed == ("near:c1",)
    assert rows["edge"].verdict == Verdict.INCONCLUSIVE
    cell = rows["edge"].cell("near:c1")
    # at the sites' best points the edge candidate is 300 m beyond the limit
    assert cell.centre_verdict == Verdict.INCONSISTENT
    # what would decide it: the candidate located to within its distance to the limit
    (decider,) = cell.decides_if
    assert decider.site == "edge" and 290 < decider.radius_m <= 300
    assert report.regions["u"].survivors == ("inside", "edge")
    data = to_json(report)
    jsonschema.validate(json.loads(json.dumps(data)), report_schema())
    assert [c["site"] for c in data["candidates"]["u"]] == ["inside", "outside", "edge"]
    assert data["candidates"]["u"][1] | {"cells": None} == {
        "site": "outside", "name": "outside", "verdict": "inconsistent",
        "failed": ["near:c1"], "cells": None}


def test_decides_if_names_site_ids_not_parameters():
    # a 107 mm rocket (at most 8.05 km) between points 7.3 km apart, each known to ±500 m:
    # either located to within 250 m decides it
    case = loads_case(case_text(
        f'  gv: {{coordinates: "{LAT}, {LON}", uncertainty_m: 500}}\n'
        f'  lp: {{coordinates: "{at(7300, 10)}", uncertainty_m: 500}}',
        "  - {id: c1, claimant: x, kind: impact, site: gv, launch_site: lp, "
        "weapon: 107mm-type63}"))
    data = to_json(verify(case))
    (check,) = [c for c in data["checks"] if c["id"] == "range:c1"]
    assert check["verdict"] == "inconclusive"
    assert {d["site"] for d in check["decides_if"]} == {"gv", "lp"}  # ids, not launch/target


# ------------------------------------------------------------------------------------------
# the seed case: what the sources allow, and what they do not decide


def test_seed_pocket_candidates_reproduce_the_conoco_finding():
    report = verify_file("seed")
    region = report.regions["conoco-launch-point"]
    rows = {c.site: c for c in region.candidates}
    reach, ne = "reach:claim-8:107mm-type63", "direction:claim-8"
    # the Conoco base is known to ±8 km: no village is decided beyond 107 mm reach, but at
    # the sites' best points the pocket's villages north-east of the city are beyond it and
    # the villages within reach are not north-east of the city
    for village in ("al-husayniyah", "al-salihiyah"):
        assert rows[village].cell(reach).verdict == Verdict.INCONCLUSIVE
        assert rows[village].cell(reach).centre_verdict == Verdict.INCONSISTENT
    assert rows["al-salihiyah"].cell(ne).centre_verdict == Verdict.CONSISTENT
    for village in ("khasham", "mazloum", "marrat"):
        assert rows[village].cell(reach).centre_verdict == Verdict.CONSISTENT
        assert rows[village].cell(ne).centre_verdict == Verdict.INCONSISTENT
    # what would decide al-Salihiyah's cell: the base located to within 2.4 km
    (decider,) = rows["al-salihiyah"].cell(reach).decides_if
    assert decider.site == "conoco-base" and 2300 < decider.radius_m < 2500
    # at the sites' best points nothing in the pocket is both north-east of the city and
    # within 107 mm reach of the base
    alt = region.statement(reach)
    assert alt.best_empty and not alt.left_empty
    assert set(alt.best_conflict) == {"within:conoco-launch-point", ne, reach}


def test_seed_json_validates_and_keeps_its_contract():
    data = json.loads(json.dumps(to_json(verify_file("seed"))))
    jsonschema.validate(data, report_schema())
    for sid in ("launch-point", "conoco-launch-point", "strike-1"):
        region = data["regions"][sid]
        assert {"empty", "area_km2", "conflict", "statements", "places", "geometry"} <= set(region)
        assert all({"name", "lat", "lon", "distance_m"} <= set(p) for p in region["places"])
    assert set(data["candidates"]) == {"launch-point", "conoco-launch-point"}
    for rows in data["candidates"].values():
        assert all({"site", "verdict", "failed"} <= set(r) for r in rows)


def test_where_prints_the_summary(capsys):
    assert main(["verify", "seed", "--where", "conoco-launch-point"]) == 0
    out = capsys.readouterr().out
    for text in ("within:conoco-launch-point", "direction:claim-8", "Left: ",
                 "Places inside", "Candidates", "al-Husayniyah", "Khasham", "S12 = "):
        assert text in out, text
    assert main(["verify", "seed", "--where", "conoco-launch-point", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["site"] == "conoco-launch-point" and len(data["candidates"]) == 9
    assert main(["verify", "seed", "--where", "nowhere"]) == 2
    assert "not a site of this case" in capsys.readouterr().err


def test_daylight_of_an_unknown_site_reads_the_disc_of_its_region():
    report = verify_file("seed", only=["daylight"])
    (check,) = report.checks
    region = verify_file("seed").regions["strike-1"]
    assert check.status == "run"
    radius = float(check.explanation.split("(±", 1)[1].split(" m)", 1)[0])
    assert radius == pytest.approx(region.region.radius_m, abs=1)


# ------------------------------------------------------------------------------------------
# adding a statement never grows the region (engine level)


def _near_case(places: list[tuple[float, float, float]]) -> str:
    sites = "".join(f'  p{i}: {{coordinates: "{at(d * 1000, az)}", uncertainty_m: {r:.0f}}}\n'
                    for i, (d, az, r) in enumerate(places))
    claims = "".join(f"  - {{id: k{i}, claimant: x, kind: launch, site: u, "
                     f"stated: [{{relation: near, of: p{i}}}]}}\n" for i in range(len(places)))
    return case_text(sites + "  u: {unknown: true}", claims)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 12), st.floats(0, 360), st.floats(0, 4000)),
                min_size=2, max_size=4))
def test_adding_a_statement_never_grows_the_region(places):
    import numpy as np

    bigger = loads_case(_near_case(places[:-1]))
    smaller = loads_case(_near_case(places))
    a = site_regions(bigger, plan_checks(bigger), resolve_sites(bigger))["u"]
    b = site_regions(smaller, plan_checks(smaller), resolve_sites(smaller))["u"]
    assert b.area_km2 <= a.area_km2 + 1e-9
    assert not (a.empty and not b.empty)
    # membership: every sample point in the smaller region is in the bigger one
    rng = np.random.default_rng(len(places))
    lat = LAT + rng.uniform(-0.2, 0.2, 500)
    lon = LON + rng.uniform(-0.25, 0.25, 500)
    inside_b = np.asarray(b.region.contains(lat, lon))
    inside_a = np.asarray(a.region.contains(lat, lon))
    assert not (inside_b & ~inside_a).any()


# ------------------------------------------------------------------------------------------
# the reports say the graded answers in words and name every weapon


def _graded_case():
    # rockets (a class word) and a 107 mm rocket from 7.3 km, both sites known to ±500 m
    return verify(loads_case(case_text(
        f'  gv: {{name: Base, coordinates: "{LAT}, {LON}", uncertainty_m: 500}}\n'
        f'  lp: {{name: Launch, coordinates: "{at(7300, 10)}", uncertainty_m: 500}}',
        "  - {id: c1, claimant: x, kind: impact, site: gv, launch_site: lp, weapon: rockets}\n"
        "  - {id: c2, claimant: y, kind: impact, site: gv, launch_site: lp, "
        "weapon: 107mm-type63}")))


def test_every_report_names_every_weapon_and_the_graded_answers():
    from geoverify.report import to_html, to_markdown, to_terminal
    from geoverify.weapons import resolve_weapons

    report = _graded_case()
    names = [w.name for w in resolve_weapons("rockets")]
    assert len(names) > 3  # more than the range sentence lists by name
    for text in (to_terminal(report, width=60), to_markdown(report), to_html(report)):
        flat = " ".join(text.split())  # terminal wrapping splits lines, never names
        for name in names:
            assert name.replace("&", "&amp;") in flat or name in flat, name
        assert "Geometric share" in flat and "probab" not in flat.lower()
        assert "At the sites' best points" in flat or "At the sites&#x27; best points" in flat
        assert "located to within" in flat



def test_region_results_can_be_chosen_or_skipped(capsys):
    assert main(["verify", "seed", "--only", "region:strike-1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["checks"]] == ["region:strike-1"]
    assert list(data["regions"]) == ["strike-1"]
    assert main(["verify", "seed", "--skip", "region", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert not [c for c in data["checks"] if c["kind"] == "region"] and data["regions"] == {}
    assert main(["verify", "seed", "--only", "region:nowhere"]) == 2
    assert "region:nowhere" in capsys.readouterr().err


def test_explicit_checks_of_an_unknown_site_become_statements_or_say_why_not():
    case = loads_case(case_text(
        '  deir: {coordinates: "35.33588, 40.14084", uncertainty_m: 5000}\n'
        '  obs: {coordinates: "35.3, 40.2", uncertainty_m: 100}\n'
        '  u: {unknown: true}',
        "  - {id: c1, claimant: x, kind: presence, site: deir, actor: unit, "
        "when: '2021-12-31T12:00Z'}\n"
        "  - {id: c2, claimant: x, kind: launch, site: u, actor: unit, "
        "when: '2021-12-31T12:30Z'}",
        "checks:\n"
        "  - {kind: bank, site: u, bank: left}\n"
        "  - {kind: visibility, observer: obs, target: u, observer_height_m: 2, "
        "target_height_m: 10}\n"
        "options:\n  travel: {same_unit: true}\n"))
    report = verify(case)
    ids = [s.id for s in report.regions["u"].statements]
    assert ids == ["travel:c1:c2", "bank:1"]
    (vis,) = [c for c in report.checks if c.kind == "visibility"]
    assert vis.status == "not_run" and "u is unknown" in vis.explanation
    assert not [c for c in report.checks if c.kind in ("bank", "travel")]
