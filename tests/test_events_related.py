"""A case's claims against an event dataset: ``report.related_events`` and ``verify --events``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from geoverify.casefile import load_case
from geoverify.checks import check_proximity, check_range
from geoverify.cli import main
from geoverify.events import RELATED_COLUMNS, match, read_events
from geoverify.events.related import _claims_frame, claim_interval
from geoverify.report import report_schema
from geoverify.sites import Site
from geoverify.verify import verify

DATA = Path(__file__).resolve().parent / "data"
ACLED = DATA / "acled_sample.csv"


@pytest.fixture(scope="module")
def seed():
    return verify(load_case("seed"), only=["range"])


def test_every_claim_with_a_site_and_a_time_is_matched(seed):
    frame, details = _claims_frame(seed)
    expected = {(c.id, s.strip()) for c in seed.claims if c.site and claim_interval(c.when)
                for s in c.site.split(",") if s.strip() in seed.sites}
    assert {(d["claim_id"], d["site_id"]) for d in details} == expected
    assert ("claim-2", "green-village") in expected  # the rocket impact, 5 January 2022
    start, end = claim_interval(next(c for c in seed.claims if c.id == "claim-2").when)
    assert (str(start), str(end)) == ("2022-01-05 03:00:00+00:00", "2022-01-05 10:00:00+00:00")


def test_related_events_are_the_matches_with_the_scalar_checks(seed):
    events = read_events(ACLED)
    related = seed.related_events(events, days=1)
    assert tuple(related.columns) == RELATED_COLUMNS
    frame, details = _claims_frame(seed)
    pairs = match(frame, events, days=1)  # the same spatial-index join, its scores
    assert sorted(zip(related["claim_id"], related["event_id"], related["score"],
                      strict=True)) == sorted(zip(pairs["event_id_a"], pairs["event_id_b"],
                                                  pairs["score"], strict=True))
    assert {"SYR1001", "SYR1002"} <= set(related.loc[related["claim_id"] == "claim-2",
                                                     "event_id"])
    for row in related.itertuples():
        event = events.iloc[row.event_row]
        site = Site(event.geometry.y, event.geometry.x, event["uncertainty_m"],
                    name=event["event_id"])
        claim_site = seed.sites[row.site_id]
        near = check_proximity(site, claim_site)
        assert row.near_verdict == near.verdict.value and row.near_margin == near.margin
        if row.claim_id == "claim-2":  # an impact with a weapon: the event as launch point
            fired = check_range(site, claim_site, weapon="rockets")
            assert row.range_verdict == fired.verdict.value
            assert row.range_min_m == fired.values["distance_min_m"]
        else:
            assert row.range_verdict is None


def test_verify_events_json_is_the_contract(capsys, tmp_path):
    code = main(["verify", "seed", "--only", "range", "--events", str(ACLED), "--days", "1",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    jsonschema.validate(out, report_schema())
    rows = out["related_events"]
    assert rows and set(rows[0]) == set(RELATED_COLUMNS)
    assert {r["event_id"] for r in rows if r["claim_id"] == "claim-2"} >= {"SYR1001"}
    assert all(r["range_verdict"] is None for r in rows if r["claim_id"] != "claim-2")
    main(["verify", "seed", "--only", "range", "--json"])
    assert "related_events" not in json.loads(capsys.readouterr().out)


def test_verify_events_table_and_bad_input(capsys, tmp_path):
    assert main(["verify", "seed", "--only", "range", "--events", str(ACLED)]) in (0, 1)
    text = capsys.readouterr().out
    assert "Related events" in text and "SYR1001" in text
    assert main(["verify", "seed", "--days", "1"]) == 2
    assert "--days needs --events" in capsys.readouterr().err
    missing = tmp_path / "none.csv"
    assert main(["verify", "seed", "--events", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "none.csv" in err and "Traceback" not in err
    assert main(["verify", "seed", "--events", str(ACLED), "--days", "-1"]) == 2
