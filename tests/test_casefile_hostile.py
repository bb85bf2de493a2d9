"""Hostile case files (issue 10, B3-B7): every bad input is exit 2 with one line naming the
file, the line and the field; nothing reaches a parser that could recurse or overflow.
"""

from __future__ import annotations

import time

import pytest

from geoverify import casefile
from geoverify._safeload import bounded_loader, json_depth, json_loads
from geoverify.casefile import load_case, loads_case
from geoverify.cli import main
from geoverify.errors import CaseFileError, DataFileError, quoted

HEAD = """title: t
timezone: Asia/Damascus
sites:
  a: {coordinates: "35.0, 40.0", uncertainty_m: 100}
  b: {coordinates: "35.05, 40.0", uncertainty_m: 100}
claims:
"""


def _bad_file(capsys, tmp_path, text, *needles, name="case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status = main(["verify", str(path)])
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------ B3: control characters


@pytest.mark.parametrize("char, name", [("\x00", "U+0000 (NUL)"), ("\x1b", "U+001B (ESC)"),
                                        ("\x07", "U+0007 (BEL)"),
                                        ("\uffff", "U+FFFF (a non-character)")])
def test_a_raw_control_character_names_file_line_and_field(capsys, tmp_path, char, name):
    # issue 10 B3: a yaml.reader.ReaderError traceback (the loader was built outside the
    # error handling)
    text = HEAD + f'  - {{id: c1, claimant: "x{char}y", kind: impact, site: b}}\n'
    line = _bad_file(capsys, tmp_path, text, "case.yaml", "line 7", "'claims[0].claimant'",
                     name)
    assert char not in line


def test_a_control_character_in_a_key_or_a_plain_scalar_is_located(tmp_path):
    with pytest.raises(CaseFileError) as info:
        loads_case(HEAD + "  - {id: c1, claimant: x\x07y, kind: impact, site: b}\n")
    assert (info.value.line, info.value.field) == (7, "claims[0].claimant")
    with pytest.raises(CaseFileError) as info:
        loads_case("title: t\nsi\x00tes: {}\nclaims: []\n")
    assert info.value.line == 2


@pytest.mark.parametrize("escape", ["\\x1b", "\\0", "\\a", "\\uffff"])
def test_an_escaped_control_character_is_refused_too(escape):
    with pytest.raises(CaseFileError, match="control character") as info:
        loads_case(HEAD + f'  - {{id: c1, claimant: "x{escape}y", kind: impact, site: b}}\n')
    assert (info.value.line, info.value.field) == (7, "claims[0].claimant")


def test_tabs_and_newlines_in_values_stay_allowed():
    case = loads_case(HEAD + '  - {id: c1, claimant: "a\\tb", kind: impact, site: b,\n'
                              '     text: "line one\\nline two"}\n')
    assert case.claims[0].text == "line one\nline two"


# ------------------------------------------------------------------------- B4: nesting


@pytest.mark.parametrize("depth", [65, 500, 10_000])
@pytest.mark.parametrize("style", ["flow", "block-seq", "block-map", "json"])
def test_deep_nesting_is_refused_before_the_parser_recurses(capsys, tmp_path, depth, style):
    # issue 10 B4: 500+ levels ended in RecursionError inside PyYAML's composer
    if style == "block-map":
        depth = min(depth, 2000)  # indentation grows with depth: 10,000 levels pass 5 MB
    tail = {
        "flow": "x: " + "[" * depth + "]" * depth + "\n",
        "block-seq": "x:\n" + "- " * depth + "v\n",
        "block-map": "x:\n" + "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth
                     + "v\n",
        "json": "",
    }[style]
    text = 'title: t\nsites:\n  a: {coordinates: "35.0, 40.0"}\nclaims: []\n' + tail
    if style == "json":
        text = ('{"title": "t", "sites": {"a": {"coordinates": "35.0, 40.0"}}, "claims": [],\n'
                ' "x": ' + "[" * depth + "]" * depth + "}\n")
    started = time.perf_counter()
    line = _bad_file(capsys, tmp_path, text, "nested more than 64 levels deep")
    assert "line" in line
    assert time.perf_counter() - started < 60  # a sanity bound, not a speed test


def test_nesting_within_the_limit_still_reaches_the_schema():
    text = ('title: t\nsites:\n  a: {coordinates: "35.0, 40.0"}\nclaims: []\nx: '
            + "[" * 60 + "]" * 60 + "\n")
    with pytest.raises(CaseFileError, match="Additional properties"):
        loads_case(text)


def test_the_bounded_loader_counts_depth_before_recursing():
    import yaml

    loader = bounded_loader(yaml.SafeLoader, max_depth=5)("[[[[[[1]]]]]]")  # six lists
    with pytest.raises(Exception, match="nested more than 5 levels"):
        loader.get_single_node()
    assert bounded_loader(yaml.SafeLoader, max_depth=6)("[[[[[[1]]]]]]").get_single_node()
    assert bounded_loader(yaml.SafeLoader, max_depth=1)("{a: 1, b: x}").get_single_node()


def test_json_loads_refuses_deep_nesting_in_one_line():
    with pytest.raises(DataFileError, match="file d.json, line 2: nested more than 64"):
        json_loads('{"a":\n' + "[" * 100_000 + "]" * 100_000 + "}", path="d.json")
    assert json_depth('["]]]]", {"[": [[]]}]') == (4, None)  # brackets in strings are text
    assert json_loads(b'{"a": [[1]]}') == {"a": [[1]]}


@pytest.mark.parametrize("text, words", [
    ('{"a": NaN}', "NaN is not a JSON number"),
    ('{"a": 1', "line 1"),
    (b"\xff", "not UTF-8"),
])
def test_json_loads_errors_are_one_line(text, words):
    with pytest.raises(DataFileError, match=words):
        json_loads(text, path="x.json")


def test_json_loads_limits_size():
    with pytest.raises(DataFileError, match="limit is 10 bytes"):
        json_loads(b"[" + b"1," * 10 + b"1]", max_bytes=10)


# ------------------------------------------------------------------ B5: times out of range


@pytest.mark.parametrize("when", ["9999-12-31", "9999-12-31 night", "0001-01-01",
                                  "0001-01-01 morning", "2022-01-05 ± 1000000 days",
                                  "2022-01-05T07:00Z ± 1000000 days",
                                  "9999-12-31T23:00+03:00 ± 2 days",
                                  "0001-01-01T00:30+03:00"])
def test_times_past_year_1_or_9999_are_one_line(capsys, tmp_path, when):
    # issue 10 B5: OverflowError / ValueError tracebacks
    text = HEAD + (f'  - {{id: c1, claimant: x, kind: strike, site: b, when: "{when}", '
                   "light: morning}\n")
    _bad_file(capsys, tmp_path, text, "line 7", "'claims[0].when'", "out of range",
              "0001-01-02 to 9999-12-30")


def test_times_at_the_edges_of_the_range_still_run(capsys, tmp_path):
    for when in ("0001-01-02 morning", "9999-12-30 morning"):
        path = tmp_path / "edge.yaml"
        path.write_text(HEAD + f'  - {{id: c1, claimant: x, kind: strike, site: b, '
                               f'when: "{when}", light: morning}}\n', encoding="utf-8")
        assert main(["verify", str(path), "--json"]) in (0, 1)
        capsys.readouterr()


def test_a_date_prec_that_widens_past_the_range_is_one_line(capsys, tmp_path):
    text = HEAD + ('  - {id: c1, claimant: x, kind: strike, site: b, when: "9999-12-25", '
                   "date_prec: 5}\n")
    _bad_file(capsys, tmp_path, text, "'claims[0].date_prec'", "out of range")


# ------------------------------------------------------- B6: explicit check parameters


@pytest.mark.parametrize("check, field, words", [
    ("{kind: stated_distance, a: a, b: b, stated_m: -10000}", "checks[0].stated_m",
     "stated_m -10000"),
    ("{kind: stated_distance, a: a, b: b, stated_m: 5000, tolerance: 3}",
     "checks[0].tolerance", "tolerance 3"),
    ("{kind: direction, site: b, reference: a, direction: north, half_width_deg: 200}",
     "checks[0].half_width_deg", "half_width_deg 200"),
    ("{kind: direction, site: b, reference: a, direction: upwards}",
     "checks[0].direction", "upwards"),
    ("{kind: range, launch: a, target: b, weapon: slingshot}", "checks[0].weapon",
     "unknown weapon 'slingshot'"),
    ("{kind: proximity, site: b, place: a, relation: near, threshold_m: -1}",
     "checks[0].threshold_m", "threshold_m -1"),
])
def test_an_invalid_explicit_check_parameter_is_exit_2_naming_the_field(capsys, tmp_path,
                                                                       check, field, words):
    # issue 10 B6: ``stated_m: -10000`` became "inconclusive: could not run"
    text = HEAD + "  - {id: c1, claimant: x, kind: impact, site: b}\nchecks:\n  - " + check + "\n"
    _bad_file(capsys, tmp_path, text, "line 9", f"'{field}'", words)


def test_an_invalid_option_names_the_options_field(capsys, tmp_path):
    text = (HEAD + "  - {id: c1, claimant: x, kind: impact, site: b,\n"
                   "     stated: [{relation: north, of: a}]}\n"
                   "options:\n  direction: {half_width_deg: 500}\n")
    _bad_file(capsys, tmp_path, text, "'options.direction.half_width_deg'", "line 10",
              "half_width_deg 500")


def test_a_check_that_cannot_run_on_valid_inputs_still_says_could_not_run():
    # two antipodal sites have no centroid: not the analyst's typo, a limit of the method
    case = loads_case('title: t\nsites:\n  a: {coordinates: "0, 0", uncertainty_m: 10}\n'
                      '  b: {coordinates: "0, 180", uncertainty_m: 10}\n'
                      '  p: {coordinates: "0, 90", uncertainty_m: 10}\n'
                      "claims:\n  - {id: c1, claimant: x, kind: impact, site: a}\n"
                      "checks:\n  - {kind: cluster, sites: [a, b], place: p}\n")
    from geoverify.verify import verify

    result = verify(case).checks[0]
    assert str(result.verdict) == "inconclusive" and result.status == "not_run"  # issue 10 F21
    assert result.explanation.startswith("Could not run:") and "no centroid" in result.explanation


# ------------------------------------------------------------------------- B7: limits


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(capsys, tmp_path,
                                                                 monkeypatch):
    # issue 10 B7: a 50 MB case file was read (41 s, 250 MB)
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: t\n" + b"#" * (casefile.MAX_FILE_BYTES + 10) + b"\n")
    status = main(["verify", str(path)])
    err = capsys.readouterr().err
    assert status == 2 and "larger than 5,000,000 bytes" in err and len(err) < 400
    with pytest.raises(CaseFileError, match="limit is 5,000,000 bytes"):
        loads_case("title: t\n" + "#" * casefile.MAX_FILE_BYTES)


@pytest.mark.parametrize("count", ["1000000000000000000000000000000", "100001", "0"])
def test_count_outside_the_limit_is_refused(capsys, tmp_path, count):
    # issue 10 B7: ``count: 10**30`` was accepted
    text = HEAD + f"  - {{id: c1, claimant: x, kind: impact, site: b, count: {count}}}\n"
    line = _bad_file(capsys, tmp_path, text, "'claims[0].count'", "between 1 and 100,000")
    assert len(line) < 300


def test_count_at_the_limit_loads():
    case = loads_case(HEAD + "  - {id: c1, claimant: x, kind: impact, site: b, count: 100000}\n")
    assert case.claims[0].count == 100_000


@pytest.mark.parametrize("key, limit_name", [("claims", "MAX_CLAIMS"), ("sites", "MAX_SITES"),
                                              ("checks", "MAX_CHECKS")])
def test_too_many_claims_sites_or_checks_are_refused(monkeypatch, key, limit_name):
    monkeypatch.setattr(casefile, limit_name, 2)
    text = ('title: t\nsites:\n  a: {coordinates: "35.0, 40.0"}\n  b: {coordinates: "35, 41"}\n'
            "  c: {coordinates: \"35, 42\"}\nclaims:\n"
            + "".join(f"  - {{id: c{i}, claimant: x, kind: impact, site: a}}\n" for i in range(3))
            + "checks:\n" + "".join("  - {kind: proximity, site: a, place: b}\n" for _ in range(3)))
    with pytest.raises(CaseFileError, match=f"3 {key}; a case may have at most 2") as info:
        loads_case(text)
    assert info.value.field == key


def test_the_limits_are_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for words in ("5 MB", "20,000 claims", "100,000", "64 levels"):
        assert words in readme, words


def test_a_megabyte_value_is_quoted_at_most_200_characters(capsys, tmp_path):
    # issue 10 B7: a 1 MB weapon name was echoed whole
    text = HEAD + ("  - {id: c1, claimant: x, kind: impact, site: b, launch_site: a, "
                   f"weapon: {'w' * 1_000_000}}}\n")
    line = _bad_file(capsys, tmp_path, text, "'claims[0].weapon'", "1,000,000 characters")
    assert line.count("w") < 220


def test_a_long_unknown_site_is_quoted_short_and_the_list_of_sites_too(tmp_path):
    sites = "".join(f'  s{i}: {{coordinates: "35, 40"}}\n' for i in range(50))
    with pytest.raises(CaseFileError) as info:
        loads_case("title: t\nsites:\n" + sites + "claims:\n"
                   f"  - {{id: c1, claimant: x, kind: impact, site: {'z' * 5000}}}\n")
    assert len(str(info.value)) < 700 and "and 38 more" in str(info.value)


def test_quoted_keeps_short_values_whole():
    assert quoted("al-Quriyah") == "'al-Quriyah'"
    assert quoted("x" * 201).endswith("... (201 characters)")
    assert quoted(10**300).endswith("characters)") and len(quoted(10**300)) < 230


def test_load_case_reads_a_shipped_case_still():
    assert load_case("seed").claims
