"""Case files: safe YAML, JSON Schema, and errors that give the file, the line and the field."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest
import yaml

from geoverify.casefile import case_schema, find_case, load_case, loads_case, shipped_cases
from geoverify.errors import CaseFileError

GOOD = """\
title: A small case
timezone: Asia/Damascus
sources:
  - {id: src, title: A source, url: https://example.org/a}
sites:
  base: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  lp: {relative: "about 5 km from base"}
  poly: {area: [[35.0, 40.0], [35.0, 40.1], [35.1, 40.1]]}
  img: {geolocated: [35.02, 40.01], uncertainty_m: 50}
claims:
  - id: c1
    claimant: A spokesman
    kind: impact
    site: base
    launch_site: lp
    when: 2022-01-05 morning
    said_at: 2022-01-05T21:29
    weapon: 107 mm
    count: 3
    source: src
  - id: c2
    claimant: B
    kind: presence
    sites: [img, poly]
    stated: [{relation: near, of: base, threshold_km: 3}]
relations:
  - {subject: c2, kind: corroborates, object: c1}
"""


ONE_CLAIM = "claims:\n  - {id: c, claimant: y, kind: other}\n"


def load(text: str):
    return loads_case(textwrap.dedent(text), path="bad.yaml")


def error_of(text: str) -> CaseFileError:
    with pytest.raises(CaseFileError) as info:
        load(text)
    return info.value


def test_good_case_loads():
    case = load(GOOD)
    assert case.title == "A small case"
    assert list(case.sites) == ["base", "lp", "poly", "img"]
    assert case.sites["lp"].relative.relation == "distance"
    assert case.sites["img"].method == "geolocated"
    c1 = case.claims[0]
    assert c1.when.precision == "part_of_day"
    assert c1.said_at.utcoffset().total_seconds() == 7200
    assert c1.url == "https://example.org/a"  # from the source
    assert case.claims[1].stated[0].threshold_m == 3000
    assert case.lines["claims[0].weapon"] == 18


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    # YAML syntax
    ("title: x\nsites: {a: [1, 2}\n", 2, None, "not valid YAML"),
    # a tag that would build a Python object
    ("title: x\nsites:\n  a: !!python/object/apply:os.system ['echo pwned']\nclaims: []\n",
     3, "sites.a", "YAML tag"),
    ("title: !!python/name:os.system x\n", 1, "title", "refused"),
    ("title: x\nsites: !custom {}\n", 2, "sites", "refused"),
    # duplicate keys
    ("title: x\ntitle: y\n", 2, "title", "duplicate key"),
    # schema: missing, wrong type, unknown field, enum
    ("title: x\nsites: {a: {place: X}}\n", 1, "(top)", "'claims' is a required property"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n"
     "  - {id: c, claimant: y, kind: impact, count: two}\n",
     4, "claims[0].count", "'two' is not of type 'integer'"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - id: c\n    claimant: y\n    kind: rumour\n",
     6, "claims[0].kind", "rumour"),
    ("title: x\nsites: {a: {place: X}}\n" + ONE_CLAIM + "weapons: []\n",
     5, "weapons", "'weapons' was unexpected"),
    ("title: x\nsites:\n  a: {place: X, colour: red}\n" + ONE_CLAIM,
     3, "sites.a.colour", "'colour' was unexpected"),
    # sites
    ("title: x\nsites:\n  a: {name: A}\n" + ONE_CLAIM,
     3, "sites.a", "exactly one of"),
    ("title: x\nsites:\n  a: {place: X, coordinates: '1, 2'}\n" + ONE_CLAIM,
     3, "sites.a", "found: coordinates, place"),
    ("title: x\nsites:\n  a: {geolocated: '35, 40'}\n" + ONE_CLAIM,
     3, "sites.a.geolocated", "uncertainty_m"),
    ("title: x\nsites:\n  a: {relative: 'somewhere over there'}\n" + ONE_CLAIM,
     3, "sites.a.relative", "not understood"),
    ("title: x\nsites:\n  a: {relative: 'near b'}\n  b: {relative: 'near a'}\nclaims:\n"
     "  - {id: c, claimant: y, kind: other}\n", 3, "sites.a.relative", "circle"),
    ("title: x\nsites:\n  a: {place: X, precision: {scheme: acled, code: 9}}\nclaims:\n"
     "  - {id: c, claimant: y, kind: other}\n", 3, "sites.a.precision", "unknown"),
    # references and times
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - id: c\n    claimant: y\n    kind: impact\n"
     "    site: nowhere\n", 7, "claims[0].site", "unknown site 'nowhere'"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - id: c\n    claimant: y\n    kind: other\n"
     "    when: 2022-01-05\n", 7, "claims[0].when", "without a time zone"),
    ("title: x\ntimezone: Asia/Atlantis\nsites: {a: {place: X}}\nclaims:\n"
     "  - {id: c, claimant: y, kind: other}\n", 2, "timezone", "unknown time zone"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - {id: c, claimant: y, kind: other}\n"
     "  - {id: c, claimant: z, kind: other}\n", 5, "claims[1].id", "duplicate claim id"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - {id: c, claimant: y, kind: other}\n"
     "relations:\n  - {subject: c, kind: responds_to, object: d}\n", 6, "relations[0].object",
     "unknown claim 'd'"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - id: c\n    claimant: y\n    kind: other\n"
     "    stated: [{relation: sideways, of: a}]\n", 7, "claims[0].stated[0].relation",
     "unknown relation"),
    # explicit checks
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - {id: c, claimant: y, kind: other}\n"
     "checks:\n  - {kind: telepathy}\n", 6, "checks[0].kind", "unknown check kind"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - {id: c, claimant: y, kind: other}\n"
     "checks:\n  - kind: range\n    launch: a\n    target: a\n    wepon: 107 mm\n", 9,
     "checks[0].wepon", "no parameter 'wepon'"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - {id: c, claimant: y, kind: other}\n"
     "checks:\n  - kind: range\n    launch: a\n    target: b\n", 8, "checks[0].target",
     "unknown site 'b'"),
    ("title: x\nsites: {a: {place: X}}\nclaims:\n  - {id: c, claimant: y, kind: other}\n"
     "checks:\n  - kind: range\n    launch: a\n", 6, "checks[0]", "needs parameter 'target'"),
    # skip and options name registered kinds and real parameters
    ("title: x\nsites: {a: {place: X}}\n" + ONE_CLAIM + "skip: [rnage:c]\n", 5, "skip[0]",
     "unknown check kind 'rnage'"),
    ("title: x\nsites: {a: {place: X}}\n" + ONE_CLAIM + "options:\n  range:c: {wepon: x}\n", 6,
     "options.range:c.wepon", "no parameter 'wepon'"),
])
def test_malformed_files_say_file_line_field(text, line, field, words):
    err = error_of(text)
    message = str(err)
    assert message.startswith("file bad.yaml")
    assert words in message
    assert err.line == line
    if field is not None:
        assert err.field == field
        assert f"field {field!r}" in message
    if line is not None:
        assert f"line {line}," in message or message.startswith(f"file bad.yaml, line {line}:")


def test_python_object_tag_is_refused_before_anything_runs(tmp_path):
    marker = tmp_path / "pwned"
    text = (f"title: x\nsites:\n  a: !!python/object/apply:os.system ['touch {marker}']\n"
            "claims: []\n")
    with pytest.raises(CaseFileError, match="YAML tag"):
        load(text)
    assert not marker.exists()


def test_recursive_alias_is_refused():
    with pytest.raises(CaseFileError, match="too large or too deeply nested"):
        load("title: &a [*a]\n")


def test_dates_stay_text_and_are_not_guessed():
    # YAML would read 2022-01-05 as a date; the loader keeps it as text, so the zone rule applies
    case = load(GOOD.replace("when: 2022-01-05 morning", "when: 2022-01-05"))
    assert case.claims[0].when.start.tzinfo is not None


def test_empty_and_non_mapping_files():
    with pytest.raises(CaseFileError, match="empty"):
        load("")
    with pytest.raises(CaseFileError, match="top level must be a mapping"):
        load("- a\n- b\n")


def test_load_case_by_path_and_by_name(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    case = load_case(path)
    assert case.id == "mine" and case.path == str(path)
    assert load_case("seed").id == "seed-2022-01-05-green-village"
    with pytest.raises(CaseFileError, match="no shipped case"):
        find_case("no-such-case")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CaseFileError, match="UTF-8"):
        load_case(bad)


def test_schema_is_valid_and_matches_every_shipped_case():
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert len(shipped_cases()) >= 3
    for path in shipped_cases().values():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as text, as the loader keeps them
        jsonschema.validate(data, schema)
        load_case(path)  # and the loader's own checks pass


def test_every_shipped_case_cites_sources():
    for path in shipped_cases().values():
        case = load_case(path)
        assert case.sources, path
        assert all(s.url and s.url.startswith("https://") for s in case.sources), path
        assert all(c.source for c in case.claims), path


def test_the_documented_full_example_loads():
    from geoverify._paths import data_path

    readme = data_path("cases", "README.md").read_text(encoding="utf-8")
    block = readme.split("## A full example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    block = "\n".join(line for line in block.splitlines() if "my_check" not in line)
    case = loads_case(block, path="README example")
    assert len(case.claims) == 4 and len(case.checks) == 2 and case.skip == ("daylight:claim-7",
                                                                            "travel")
    assert case.sites["stated-point"].method == "coordinates"
    unknown = case.sites["source-of-rockets"]
    assert unknown.unknown and unknown.within.method == "relative"
    assert unknown.candidates == ("al-quriyah", "imagery-point")
    from geoverify.verify import plan_checks

    ids = [p.id for p in plan_checks(case)]
    assert "range:claim-2" in ids and "range:claim-3" in ids and "direction:claim-7" in ids
    assert "range:claim-8" in ids and "proximity:claim-8" in ids
