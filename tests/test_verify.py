"""The engine: implied checks with stable ids, skip/options/explicit checks, user checks, frames."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest
from geographiclib.geodesic import Geodesic

from geoverify.casefile import loads_case
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, Verdict
from geoverify.errors import CaseFileError
from geoverify.verify import framed_sites, plan_checks, resolve_sites, verify

WGS84 = Geodesic.WGS84

# two points 5.53 km apart north-south (geographiclib: see test_range_uses_the_sites)
BASE = """\
title: Engine test
timezone: Asia/Damascus
sources: [{id: s, url: https://example.org}]
sites:
  target: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  launch: {coordinates: "35.05, 40.0", uncertainty_m: 100}
  far: {coordinates: "35.5, 40.0", uncertainty_m: 100}
  town: {coordinates: "35.06, 40.01", uncertainty_m: 1000}
  near-town: {relative: "near town"}
claims:
  - id: c1
    claimant: Coalition
    kind: impact
    site: target
    launch_site: launch
    weapon: 107 mm
    when: 2022-01-05T07:00
    actor: militia
    source: s
"""


def case_of(extra: str = "", base: str = BASE, claims: str = ""):
    more = textwrap.indent(textwrap.dedent(claims), "  ") if claims else ""
    return loads_case(base + more + textwrap.dedent(extra), path="t.yaml")


def ids(report_or_plans):
    items = getattr(report_or_plans, "checks", report_or_plans)
    return [c.id for c in items]


def test_range_is_implied_and_uses_the_sites():
    report = verify(case_of())
    assert ids(report) == ["range:c1"]
    check = report.checks[0]
    d = WGS84.Inverse(35.0, 40.0, 35.05, 40.0)["s12"]
    assert check.values["distance_max_m"] == pytest.approx(d + 200, abs=1)
    assert check.verdict == Verdict.CONSISTENT  # 5.7 km < 8.05 km
    assert report.claims[0].id == "c1" and report.sites["launch"].method == "coordinates"


def test_inconsistent_range():
    report = verify(case_of(base=BASE.replace("launch_site: launch", "launch_site: far")))
    assert report.checks[0].verdict == Verdict.INCONSISTENT
    assert report.verdict == Verdict.INCONSISTENT


def test_no_weapon_no_range_and_generic_weapons_become_a_class():
    assert plan_checks(case_of(base=BASE.replace("    weapon: 107 mm\n", ""))) == []
    plans = plan_checks(case_of(base=BASE.replace("weapon: 107 mm", "weapon: rockets")))
    assert "107mm-type63" in plans[0].params["weapon"]
    assert all("mortar" not in w and "m777" not in w for w in plans[0].params["weapon"])


def test_unknown_weapon_is_bad_input_with_its_line():
    with pytest.raises(CaseFileError) as info:
        plan_checks(case_of(base=BASE.replace("weapon: 107 mm", "weapon: Zeus cannon")))
    assert info.value.line == 16 and info.value.field == "claims[0].weapon"


def test_stated_relations_imply_checks():
    case = case_of(claims="""\
      - id: c2
        claimant: Local sources
        kind: strike
        site: launch
        stated:
          - {relation: near, of: town}
          - {relation: north, of: target}
          - {relation: distance, of: target, distance_km: 5, qualifier: about}
      - id: c3
        claimant: Journalist
        kind: strike
        sites: [launch, far]
        stated: [{relation: near, of: town}]
    """)
    report = verify(case)
    got = {c.id: c for c in report.checks}
    assert list(got) == ["range:c1", "proximity:c2", "direction:c2", "stated_distance:c2",
                         "cluster:c3"]
    assert got["direction:c2"].verdict == Verdict.CONSISTENT  # due north, 5.5 km
    assert got["stated_distance:c2"].verdict == Verdict.CONSISTENT  # 5.5 km vs 4-6 km
    assert got["cluster:c3"].verdict == Verdict.INCONSISTENT  # 'far' is 49 km from the town


def test_cluster_across_claims_and_circular_relations_are_not_run():
    case = case_of(claims="""\
      - {id: c2, claimant: a, kind: strike, site: near-town, stated: [{relation: near, of: town}]}
      - {id: c3, claimant: b, kind: strike, site: launch, stated: [{relation: near, of: town}]}
    """)
    report = verify(case)
    got = {c.id: c for c in report.checks}
    assert "cluster:town" in got
    circular = got["proximity:c2"]
    assert circular.verdict == Verdict.INCONCLUSIVE
    assert "nothing independent" in circular.explanation
    assert got["proximity:c3"].verdict == Verdict.CONSISTENT  # 1.4 km from the town point


def test_daylight_is_implied_by_a_claimed_light():
    case = case_of(base=BASE.replace("    actor: militia\n",
                                     "    actor: militia\n    light: night\n"))
    report = verify(case)
    got = {c.id: c for c in report.checks}
    # 07:00 Damascus (UTC+2) on 5 January is after sunrise (about 06:26): not night
    assert got["daylight:c1"].verdict == Verdict.INCONSISTENT


def test_travel_is_implied_for_one_actor_at_two_places():
    case = case_of(claims="""\
      - id: c2
        claimant: Coalition
        kind: impact
        site: target
        launch_site: far
        weapon: 122 mm
        when: 2022-01-05T07:20
        actor: Militia!
    """)
    plans = {p.id: p for p in plan_checks(case)}
    assert "travel:c1:c2" in plans
    result = {c.id: c for c in verify(case).checks}["travel:c1:c2"]
    # 50 km in 20 minutes = 150 km/h over desert roads: not plausible for a road vehicle,
    # but "militia" may be two cells (review R1): inconsistent only for one unit
    assert result.verdict == Verdict.INCONCLUSIVE and "group" in result.explanation
    one_unit = case_of(extra="options: {travel: {same_unit: true}}\n", claims="""\
      - {id: c2, claimant: Coalition, kind: impact, site: target, launch_site: far,
         weapon: 122 mm, when: 2022-01-05T07:20, actor: Militia!}
    """)
    result = {c.id: c for c in verify(one_unit).checks}["travel:c1:c2"]
    assert result.verdict == Verdict.INCONSISTENT


def test_relation_fills_the_target_of_a_counter_fire_claim():
    case = case_of(claims="""\
      - {id: c2, claimant: Coalition, kind: strike, launch_site: target, weapon: M777}
    """, extra="""\
    relations:
      - {subject: c2, kind: targets_launch_site_of, object: c1}
    """)
    plans = {p.id: p for p in plan_checks(case)}
    assert plans["range:c2"].params == {"launch": "target", "target": "launch", "weapon": "M777"}


def test_skip_by_id_and_kind_and_options():
    assert ids(plan_checks(case_of("skip: [range:c1]\n"))) == []
    assert ids(plan_checks(case_of("skip: [range]\n"))) == []
    assert ids(verify(case_of(), skip=["range"])) == []
    case = case_of("options:\n  range:c1: {weapon: 60 mm mortar}\n")
    report = verify(case)
    assert report.checks[0].verdict == Verdict.INCONSISTENT  # an M224 reaches 3.49 km only


def test_explicit_checks_get_ids_and_replace_implied_ones():
    case = case_of("""\
    checks:
      - {kind: stated_distance, a: launch, b: target, stated_km: 1}
      - {kind: stated_distance, a: launch, b: target, stated_m: 5500}
      - {id: range:c1, kind: range, launch: launch, target: target, weapon: 60 mm mortar}
    """.replace("stated_km: 1", "stated_m: 1000"))
    report = verify(case)
    got = {c.id: c for c in report.checks}
    assert list(got) == ["stated_distance:1", "stated_distance:2", "range:c1"]
    assert got["stated_distance:1"].verdict == Verdict.INCONSISTENT
    assert got["stated_distance:2"].verdict == Verdict.CONSISTENT
    assert got["range:c1"].verdict == Verdict.INCONSISTENT  # the analyst's weapon, not 107 mm


def test_a_user_registered_check_runs_from_a_case_file():
    @register_check("test_same_latitude_band", site_params=("a", "b"))
    def same_band(a, b, *, band_deg=0.1):
        ok = abs(a.lat - b.lat) <= band_deg
        return CheckResult("test_same_latitude_band", "consistent" if ok else "inconsistent",
                           f"{a.name} and {b.name}: {abs(a.lat - b.lat):.3f} deg apart.")

    case = case_of("""\
    checks:
      - {kind: test_same_latitude_band, a: launch, b: target}
      - {kind: test_same_latitude_band, id: mine, a: launch, b: far, band_deg: 0.2}
    """)
    got = {c.id: c for c in verify(case).checks}
    assert got["test_same_latitude_band:1"].verdict == Verdict.CONSISTENT
    assert got["mine"].verdict == Verdict.INCONSISTENT and got["mine"].id == "mine"


def test_a_weapon_of_unknown_range_is_inconclusive_and_says_why():
    case = case_of(base=BASE.replace("weapon: 107 mm", "weapon: Fajr-1"))
    check = verify(case).checks[0]
    assert (check.id, check.status, check.verdict) == ("range:c1", "run", Verdict.INCONCLUSIVE)
    assert check.margin is None
    assert check.values["weapons"][0]["reason"] == "maximum range unknown"
    d = WGS84.Inverse(35.0, 40.0, 35.05, 40.0)["s12"]  # both sites +-100 m
    lo, hi = (d - 200) / 1000, (d + 200) / 1000
    assert check.explanation == (
        f"The launch point (launch) is {lo:.2f} to {hi:.2f} km from target; the range of the "
        "Fajr-1 / Haseb 107 mm rocket (Iranian) is unknown: inconclusive.")


FRAME_CASE = """\
title: frame
sites:
  base: {coordinates: "35.0, 40.0", uncertainty_m: 8000}
  lp: {relative: "about 5 km north-east of base"}
claims:
  - {id: c, claimant: x, kind: impact, site: base, launch_site: lp, weapon: 107 mm}
  - {id: c2, claimant: y, kind: launch, site: lp, stated: [{relation: north-east, of: base}]}
"""


def test_relative_site_is_checked_in_its_base_frame():
    # "about 5 km north-east of X" with X known only to +-8 km: the launch point is still
    # 4 to 6 km from X, because X's error moves both together
    case = loads_case(FRAME_CASE)
    sites = resolve_sites(case)
    # hand computation: farthest corner of the annular sector 4-6 km x 45 +- 22.5 deg
    spread = (36 + 25 - 60 * 0.9238795325) ** 0.5 * 1000
    assert sites["lp"].uncertainty_m == pytest.approx(8000 + spread, abs=0.5)
    plan = plan_checks(case)[0]
    assert plan.id == "range:c"
    framed = framed_sites(case, plan, sites)
    assert framed["base"].uncertainty_m == 0
    assert framed["lp"].uncertainty_m == pytest.approx(1000, abs=0.02)  # the 4-6 km band
    check = verify(case).checks[0]
    assert check.values["distance_min_m"] == pytest.approx(4000, abs=1)
    assert check.values["distance_max_m"] == pytest.approx(6000, abs=1)
    assert check.verdict == Verdict.CONSISTENT  # at most 6 km < 8.05 km
    # the same sites as independent circles would straddle the limit: inconclusive
    from geoverify.checks.range import check_range

    loose = check_range(sites["lp"], sites["base"], weapon="107 mm")
    assert loose.verdict == Verdict.INCONCLUSIVE


def test_direction_in_the_frame_keeps_the_whole_sector():
    case = loads_case(FRAME_CASE)
    sites = resolve_sites(case)
    plan = next(p for p in plan_checks(case) if p.kind == "direction")
    framed = framed_sites(case, plan, sites)
    spread = (36 + 25 - 60 * 0.9238795325) ** 0.5 * 1000
    assert framed["lp"].uncertainty_m == pytest.approx(spread, abs=0.5)
    # circular: the site was located from the same words: not run
    result = {c.id: c for c in verify(case).checks}["direction:c2"]
    assert result.verdict == Verdict.INCONCLUSIVE


def test_far_offset_excludes_short_range_rockets():
    # Reuters 2023-12: "around 25 km north of" Ain al-Asad: 20 to 30 km, beyond any 107 mm
    case = loads_case(textwrap.dedent("""\
        title: far
        sites:
          base: {coordinates: "33.8, 42.43333", uncertainty_m: 3000}
          area: {relative: "around 25 km north of base"}
        claims:
          - {id: c, claimant: x, kind: target, site: base, launch_site: area, weapon: 107 mm}
    """))
    check = verify(case).checks[0]
    assert (check.values["distance_min_m"], check.values["distance_max_m"]) == \
        pytest.approx((20_000, 30_000), abs=1)
    assert check.verdict == Verdict.INCONSISTENT
    # a 122 mm 9M22U reaches 20 km exactly: the band touches its limit, which is not an exclusion
    grad = verify(replace(case, options={"range": {"weapon": "9M22U"}})).checks[0]
    assert grad.verdict == Verdict.INCONCLUSIVE


def test_area_and_precision_sites_resolve():
    case = loads_case(textwrap.dedent("""\
        title: areas
        precision_radii: {acled: {"2": 12000}}
        sites:
          box: {area: [[35.0, 40.0], [35.0, 40.1], [35.1, 40.1], [35.1, 40.0]]}
          coded: {coordinates: "35.0, 40.0", precision: {scheme: acled, code: 2}}
          graded: {coordinates: "35.0, 40.0", precision: {scheme: airwars, code: village}}
        claims: [{id: c, claimant: x, kind: other}]
    """))
    sites = resolve_sites(case)
    assert sites["box"].area is not None and sites["box"].method == "area"
    assert sites["coded"].uncertainty_m == 12_000  # the case's override
    assert sites["graded"].uncertainty_m == 2_000


def test_bad_coordinates_are_bad_input_with_the_site_line():
    case = loads_case("title: x\nsites:\n  a: {coordinates: 'ninety north'}\n"
                      "claims: [{id: c, claimant: y, kind: other}]\n", path="x.yaml")
    with pytest.raises(CaseFileError) as info:
        resolve_sites(case)
    assert info.value.line == 3 and "sites.a" in str(info.value)


def test_report_records_provenance(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(BASE, encoding="utf-8")
    from geoverify.verify import verify_file

    report = verify_file(str(path))
    assert report.case_id == "c"
    assert len(report.provenance["case_sha256"]) == 64


def test_relative_to_a_place_name_geocodes_the_base():
    case = loads_case(textwrap.dedent("""\
        title: named base
        sites:
          gv: {relative: "about 10 km east of al-Mayadin"}
          quriyah: {place: al-Quriyah}
        claims: [{id: c, claimant: x, kind: other}]
    """))
    sites = resolve_sites(case)
    # al-Mayadin: GeoNames 173480 (35.01982, 40.45154); the point 10 km due east (geographiclib)
    ref = WGS84.Direct(35.01982, 40.45154, 90.0, 10_000)
    assert sites["gv"].lat == pytest.approx(ref["lat2"], abs=1e-6)
    assert sites["gv"].lon == pytest.approx(ref["lon2"], abs=1e-6)
    assert sites["quriyah"].lat == pytest.approx(34.95629, abs=1e-5)  # GeoNames 173327
    assert sites["quriyah"].method == "geocoded"


def test_unknown_place_is_bad_input_with_its_line():
    case = loads_case("title: x\nsites:\n  a: {place: Qqqzzzxville}\n"
                      "claims: [{id: c, claimant: y, kind: other}]\n", path="p.yaml")
    with pytest.raises(CaseFileError) as info:
        resolve_sites(case)
    assert info.value.line == 3 and info.value.field == "sites.a.place"


def test_run_check_with_parameters_that_do_not_fit_is_bad_input():
    # issue 10 B6: parameters a check cannot take are bad input, not "could not run"
    from geoverify.sites import Site
    from geoverify.verify import PlannedCheck, run_check

    plan = PlannedCheck("range:x", "range", {"launch": "a", "target": "b", "colour": "red"},
                        field_path="checks[0]")
    sites = {"a": Site(35, 40, 10), "b": Site(35.01, 40, 10)}
    with pytest.raises(CaseFileError, match="do not fit") as info:
        run_check(plan, sites)
    assert info.value.field == "checks[0]"
