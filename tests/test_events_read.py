"""Reading ACLED, UCDP GED and generic event tables: layouts, dates, radii, countries, bad rows."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import geoverify
from geoverify.errors import DataFileError, GeoverifyError
from geoverify.events import EVENT_COLUMNS, bad_rows, iter_events, read_events
from geoverify.events.codes import utc_interval
from geoverify.events.countries import iso2_from_gw, iso2_from_names, iso2_from_numeric
from geoverify.events.layouts import ACLED_COLUMNS, UCDP_COLUMNS
from geoverify.events.read import parse_dates

DATA = Path(__file__).resolve().parent / "data"
ACLED_CSV = DATA / "acled_sample.csv"
ACLED_XLSX = DATA / "acled_sample.xlsx"
UCDP_CSV = DATA / "ucdp_sample.csv"
UCDP_PARQUET = DATA / "ucdp_sample.parquet"


def test_read_events_is_public_and_lazy():
    assert geoverify.read_events is read_events


@pytest.mark.parametrize("path, layout", [(ACLED_CSV, ACLED_COLUMNS), (ACLED_XLSX, ACLED_COLUMNS),
                                          (UCDP_CSV, UCDP_COLUMNS), (UCDP_PARQUET, UCDP_COLUMNS)])
def test_fixtures_are_in_the_codebook_layouts(path, layout):
    raw = pd.read_parquet(path) if path.suffix == ".parquet" else (
        pd.read_excel(path) if path.suffix == ".xlsx" else pd.read_csv(path))
    assert tuple(raw.columns) == layout
    assert len(layout) == (31 if layout is ACLED_COLUMNS else 49)


@pytest.mark.parametrize("path", [ACLED_CSV, ACLED_XLSX])
def test_acled_rows_normalized(path):
    events = read_events(path)
    assert isinstance(events, gpd.GeoDataFrame)
    assert events.crs.to_epsg() == 4326
    assert set(EVENT_COLUMNS) <= set(events.columns)
    assert (events["source_dataset"] == "acled").all()
    row = events.set_index("event_id").loc["SYR1001"]
    assert row["place"] == "al-Quriyah" and row["country"] == "SY"
    assert row["uncertainty_m"] == 25_000.0  # geo_precision 2
    assert (row.geometry.y, row.geometry.x) == (34.95629, 40.54139)
    # the original columns stay, a clashing name is kept as orig_<name>
    assert row["orig_country"] == "Syria" and row["notes"].startswith("consistent")
    # an Arabic place name comes through unchanged
    assert "الميادين" in set(events["place"])
    # a quoted note spanning two lines is one field of one row
    assert events.set_index("event_id").loc["SYR1014", "notes"].count("\n") == 1


def test_excel_date_cells_and_text_cells_read_alike():
    csv = read_events(ACLED_CSV).set_index(["event_id", "source_row"])
    xlsx = read_events(ACLED_XLSX).set_index(["event_id", "source_row"])
    pd.testing.assert_series_equal(csv["time_start"], xlsx["time_start"])
    pd.testing.assert_series_equal(csv["time_end"], xlsx["time_end"])


def _local_day_utc(day: dt.date, zone: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The local day as UTC instants, from zoneinfo (the oracle)."""
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz).astimezone(
        dt.UTC)
    return pd.Timestamp(start), pd.Timestamp(end)


def test_acled_day_is_the_local_day_in_utc():
    events = read_events(ACLED_CSV).set_index("event_id")
    # 24 September 2022 in Syria (Asia/Damascus, then UTC+3)
    start, end = _local_day_utc(dt.date(2022, 9, 24), "Asia/Damascus")
    hajin = events.loc["SYR1015"]
    assert hajin["time_start"] == start and hajin["time_end"] == end
    # 5 January 2022 (UTC+2 before Syria's move to permanent UTC+3)
    start, end = _local_day_utc(dt.date(2022, 1, 5), "Asia/Damascus")
    assert events.loc["SYR1001", "time_start"] == start
    assert events.loc["SYR1001", "time_end"] == end


def test_acled_week_and_month_precision():
    events = read_events(ACLED_CSV).set_index("event_id")
    # time_precision 3: the calendar month of 15 March 2019
    first, _ = _local_day_utc(dt.date(2019, 3, 1), "Asia/Damascus")
    _, last = _local_day_utc(dt.date(2019, 3, 31), "Asia/Damascus")
    assert events.loc["SYR1006", "time_start"] == first
    assert events.loc["SYR1006", "time_end"] == last
    # time_precision 2: 12 March 2019, six days either side
    first, _ = _local_day_utc(dt.date(2019, 3, 6), "Asia/Damascus")
    _, last = _local_day_utc(dt.date(2019, 3, 18), "Asia/Damascus")
    assert events.loc["SYR1007", "time_start"] == first
    assert events.loc["SYR1007", "time_end"] == last


def test_unknown_country_takes_the_widest_day():
    events = read_events(ACLED_CSV).set_index("event_id")
    row = events.loc["XXX3001"]  # 8 July 2021, country unknown
    assert row["time_start"] == pd.Timestamp("2021-07-08T00:00Z") - pd.Timedelta(hours=14)
    assert row["time_end"] == pd.Timestamp("2021-07-09T00:00Z") + pd.Timedelta(hours=12)


def test_multi_zone_country_takes_the_union_of_its_days():
    day = pd.Series(pd.to_datetime(["2021-07-08"]))
    start, end = utc_interval(day, day, pd.Series(["US"]))
    # the oracle: the earliest local midnight and the latest end of the day over US zones
    zones = ["America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "America/Adak",
             "America/Chicago", "America/Anchorage"]
    starts = [_local_day_utc(dt.date(2021, 7, 8), z)[0] for z in zones]
    ends = [_local_day_utc(dt.date(2021, 7, 8), z)[1] for z in zones]
    assert start.iloc[0] <= min(starts) and end.iloc[0] >= max(ends)
    assert end.iloc[0] - start.iloc[0] < pd.Timedelta(hours=40)  # not the whole-Earth day


def test_dst_change_widens_never_narrows():
    # Asia/Damascus moved its clocks at midnight; the interval still covers the local day
    for day in (dt.date(2021, 3, 26), dt.date(2021, 10, 29), dt.date(2022, 3, 25)):
        s = pd.Series(pd.to_datetime([day]))
        start, end = utc_interval(s, s, pd.Series(["SY"]))
        lo, hi = _local_day_utc(day, "Asia/Damascus")
        assert start.iloc[0] <= lo and end.iloc[0] >= hi


def test_ucdp_rows_normalized():
    for path in (UCDP_CSV, UCDP_PARQUET):
        events = read_events(path).set_index("event_id")
        assert (events["source_dataset"] == "ucdp").all()
        khasham = events.loc["400003"]
        # date_start 7 February to date_end 10 February 2018, local days
        first, _ = _local_day_utc(dt.date(2018, 2, 7), "Asia/Damascus")
        _, last = _local_day_utc(dt.date(2018, 2, 10), "Asia/Damascus")
        assert (khasham["time_start"], khasham["time_end"]) == (first, last)
        assert khasham["uncertainty_m"] == 25_000.0  # where_prec 2
        assert khasham["place"] == "Khasham village"
        assert khasham["admin1"] == "Dayr az Zawr governorate"
        # no date_end: date_prec 4 spans 31 days either side of date_start
        first, _ = _local_day_utc(dt.date(2018, 12, 15), "Asia/Damascus")
        _, last = _local_day_utc(dt.date(2019, 2, 15), "Asia/Damascus")
        assert events.loc["400005", "time_start"] == first
        assert events.loc["400005", "time_end"] == last
        # Gleditsch-Ward 678 is Yemen
        assert events.loc["400008", "country"] == "YE"


def test_bad_rows_are_reported_with_row_column_and_reason():
    events = read_events(ACLED_CSV)
    found = events.attrs["bad_rows"]
    table = bad_rows(events)
    assert list(table.columns) == ["row", "column", "reason", "value", "dropped"]
    by_row = {r: set(g["reason"]) for r, g in table.groupby("row")}
    assert by_row[8] == {"missing"}  # SYR1008: no coordinates
    assert by_row[9] == {"0, 0 is a placeholder for a missing location"}
    assert by_row[11] == {"unreadable date"}  # 31 September
    assert by_row[15] == {"unknown time_precision code"}
    assert any("repeats the event id of row 3" in r for r in by_row[10])
    assert by_row[16] == {"unknown country (kept; no ISO code)"}
    # nothing vanishes: every row read is in the frame or dropped
    assert found.rows_read == 18 == len(events) + found.dropped
    assert found.rows == 6 and found.dropped == 4
    assert set(events["source_row"]) == set(range(1, 19)) - {8, 9, 11, 15}
    assert "18 rows read, 6 bad rows (4 dropped)" in found.summary()


def test_bad_rows_of_ucdp():
    table = bad_rows(read_events(UCDP_CSV))
    assert set(table.loc[table["row"] == 4, "column"]) == {"latitude", "longitude"}
    assert table.loc[table["row"] == 6, "reason"].tolist() == ["ends before it starts"]


def test_errors_raise_names_file_row_and_column():
    with pytest.raises(DataFileError) as info:
        read_events(ACLED_CSV, errors="raise")
    assert info.value.line == 8 and info.value.field == "latitude"
    assert "acled_sample.csv" in str(info.value)


@pytest.mark.parametrize("chunksize", [1, 3, 7])
def test_chunked_reading_gives_the_same_frame(chunksize):
    whole = read_events(ACLED_CSV, chunksize=1000)
    parts = read_events(ACLED_CSV, chunksize=chunksize)
    pd.testing.assert_frame_equal(whole.drop(columns="geometry"),
                                  parts.drop(columns="geometry"))
    assert whole.geometry.equals(parts.geometry)
    assert parts.attrs["bad_rows"] == whole.attrs["bad_rows"]


def test_iter_events_streams_chunks_with_their_bad_rows():
    chunks = list(iter_events(ACLED_CSV, chunksize=5, keep="needed"))
    assert [c.attrs["bad_rows"].rows_read for c in chunks] == [5, 5, 5, 3]
    assert sum(len(c) for c in chunks) == 14
    assert "notes" not in chunks[0].columns and "location" in chunks[0].columns


def test_keep_needed_and_a_list():
    lean = read_events(ACLED_CSV, keep="needed")
    assert "notes" not in lean.columns and "fatalities" not in lean.columns
    assert {"event_id_cnty", "geo_precision", "location"} <= set(lean.columns)
    chosen = read_events(ACLED_CSV, keep=["fatalities"])
    assert [c for c in chosen.columns if c not in (*EVENT_COLUMNS, "geometry")] == [
        "fatalities"]


def test_dataframe_input_and_auto_format():
    raw = pd.read_csv(ACLED_CSV)
    events = read_events(raw)
    assert len(events) == 14 and events.attrs["bad_rows"].rows_read == 18


def test_partitioned_parquet_folder(tmp_path):
    raw = pd.read_parquet(UCDP_PARQUET)
    folder = tmp_path / "ged"
    folder.mkdir()
    raw.iloc[:4].to_parquet(folder / "part-0.parquet", index=False)
    raw.iloc[4:].to_parquet(folder / "part-1.parquet", index=False)
    events = read_events(folder)
    assert sorted(events["event_id"]) == sorted(read_events(UCDP_PARQUET)["event_id"])


def test_generic_table_with_a_mapping(tmp_path):
    path = tmp_path / "mine.csv"
    pd.DataFrame({"ref": ["a", "b"], "y": [34.95629, 35.01982], "x": [40.54139, 40.45154],
                  "day": ["2022-01-05", "5 January 2022"], "radius": [500, 1500],
                  "where": ["al-Quriyah", "al-Mayadin"], "cc": ["SY", "Syria"]}).to_csv(
        path, index=False)
    events = read_events(path, columns={"event_id": "ref", "lat": "y", "lon": "x",
                                        "date": "day", "uncertainty_m": "radius",
                                        "place": "where", "country": "cc"}, dataset="mine")
    assert events["event_id"].tolist() == ["a", "b"]
    assert events["uncertainty_m"].tolist() == [500.0, 1500.0]
    assert events["country"].tolist() == ["SY", "SY"]
    assert (events["source_dataset"] == "mine").all()
    assert events["time_start"].nunique() == 1


def test_generic_table_needs_a_radius(tmp_path):
    path = tmp_path / "mine.csv"
    pd.DataFrame({"y": [35.0], "x": [40.0], "day": ["2022-01-05"]}).to_csv(path, index=False)
    mapping = {"lat": "y", "lon": "x", "date": "day"}
    with pytest.raises(GeoverifyError, match="uncertainty"):
        read_events(path, columns=mapping)
    events = read_events(path, columns=mapping, uncertainty_m=3000)
    assert events["uncertainty_m"].tolist() == [3000.0]
    assert events["event_id"].tolist() == ["generic-1"]


def test_overrides_of_the_precision_tables():
    events = read_events(ACLED_CSV, precision_radii={"acled": {1: 5000}},
                         time_precision={3: 0}).set_index("event_id")
    assert events.loc["SYR1015", "uncertainty_m"] == 5000.0
    start, end = _local_day_utc(dt.date(2019, 3, 15), "Asia/Damascus")
    assert (events.loc["SYR1006", "time_start"], events.loc["SYR1006", "time_end"]) == (
        start, end)


@pytest.mark.parametrize("bad, message", [
    ("nofile.csv", "no such file"),
    ("table.txt.bin", "file type"),
])
def test_bad_paths_give_clear_errors(tmp_path, bad, message):
    path = tmp_path / bad
    if bad != "nofile.csv":
        path.write_text("x")
    with pytest.raises(GeoverifyError, match=message):
        read_events(path)


def test_unrecognized_layout_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(GeoverifyError, match="cannot tell the dataset"):
        read_events(path)


def test_a_mapped_column_that_is_absent_is_named(tmp_path):
    path = shutil.copy(ACLED_CSV, tmp_path / "a.csv")
    with pytest.raises(DataFileError, match="'lat_wrong'"):
        read_events(path, "acled", columns={"lat": "lat_wrong"})


def test_parse_dates_formats_and_refusals():
    values = pd.Series(["24 September 2022", "24 Sep 2022", "2022-09-24T10:00:00",
                        "24-September-2022", "24/09/2022", "24.09.2022", "September 24, 2022",
                        "09/24/2022", "2022-02-30", "", None])
    got = parse_dates(values)
    expected = [pd.Timestamp("2022-09-24")] * 7 + [pd.NaT] * 4
    assert got.tolist() == expected  # month-first dates are never guessed


def test_parse_dates_is_vectorized_over_distinct_values():
    values = pd.Series(["24 September 2022", "16 May 2025"] * 50_000)
    got = parse_dates(values)
    assert got.iloc[1] == pd.Timestamp("2025-05-16") and got.notna().all()


@pytest.mark.parametrize("names, expected", [
    (["Syria", "Syrian Arab Republic", "syria ", "SY", "SYR"], ["SY"] * 5),
    (["Iraq", "Yemen (North Yemen)", "DR Congo (Zaire)", "Democratic Republic of Congo",
      "Ivory Coast", "Côte d'Ivoire", "Palestine", "Türkiye", "Russia (Soviet Union)"],
     ["IQ", "YE", "CD", "CD", "CI", "CI", "PS", "TR", "RU"]),
    (["Atlantis", None], [None, None]),
])
def test_country_names(names, expected):
    assert iso2_from_names(names).tolist() == expected


def test_country_codes():
    # ISO 3166-1 numeric: 760 Syria, 368 Iraq, 400 Jordan, 887 Yemen
    assert iso2_from_numeric([760, "368", 400.0, "887", "x", None]).tolist() == [
        "SY", "IQ", "JO", "YE", None, None]
    # Gleditsch-Ward: 652 Syria, 645 Iraq, 663 Jordan, 678 Yemen, 345 Serbia (Yugoslavia)
    assert iso2_from_gw([652, 645, 663, 678, 345, 2, 999]).tolist() == [
        "SY", "IQ", "JO", "YE", "RS", "US", None]


def test_actor_sets_ignore_order():
    events = read_events(ACLED_CSV).set_index("event_id")
    assert events.loc["SYR1001", "actors"] == events.loc["SYR1002", "actors"]
    assert np.all(events["actors"].notna())


# ----------------------------------------------------------------------------------------------
# the CSV reader (pyarrow): malformed records, compression, encodings, the pandas fallback


def _acled_lines():
    return ACLED_CSV.read_text(encoding="utf-8").splitlines()


def test_malformed_records_are_bad_rows_and_the_rest_keeps_its_numbers(tmp_path):
    lines = _acled_lines()
    header, rows = lines[0], lines[1:]
    short = ",".join(rows[0].split(",")[:5])  # a record cut short
    long = rows[1] + ",extra"  # one field too many
    quoted = rows[2].replace("Test fixture", '"Test\nfixture"', 1)  # a newline inside quotes
    path = tmp_path / "damaged.csv"
    path.write_text("\n".join([header, rows[0], short, long, quoted, *rows[3:]]) + "\n",
                    encoding="utf-8")
    events = read_events(path, chunksize=3)
    table = bad_rows(events)
    skipped = table[table["column"] == "row"]
    assert skipped["row"].tolist() == [2, 3] and skipped["dropped"].all()
    assert "has 5 fields where the header has 31" in skipped["reason"].iloc[0]
    found = events.attrs["bad_rows"]
    assert found.rows_read == 19 == len(events) + found.dropped  # 18 records and the short one
    # every later record keeps its own number: the original row k is now record k + 1
    original = read_events(ACLED_CSV).drop_duplicates("event_id").set_index("event_id")
    got = events.drop_duplicates("event_id").set_index("event_id")["source_row"]
    assert "SYR1002" not in got.index  # the record with a field too many
    for event_id, row in got.items():
        expected = original.loc[event_id, "source_row"]
        assert row == (expected if event_id == "SYR1001" else expected + 1), event_id
    assert events.set_index("event_id").loc["SYR1003", "source"].iloc[0] == "Test\nfixture"
    with pytest.raises(DataFileError) as info:
        read_events(path, errors="raise")
    assert info.value.line == 2 and info.value.field == "row"


def test_gzip_and_the_pandas_fallback_read_alike(tmp_path, monkeypatch):
    import gzip
    import sys

    packed = tmp_path / "acled.csv.gz"
    packed.write_bytes(gzip.compress(ACLED_CSV.read_bytes()))
    plain = read_events(ACLED_CSV)
    pd.testing.assert_frame_equal(read_events(packed).drop(columns="geometry"),
                                  plain.drop(columns="geometry"))
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)  # as if pyarrow were missing
    fallback = read_events(ACLED_CSV)
    cols = list(EVENT_COLUMNS)
    pd.testing.assert_frame_equal(fallback[cols], plain[cols])
    assert fallback.attrs["bad_rows"] == plain.attrs["bad_rows"]


def test_bad_bytes_and_other_encodings(tmp_path):
    text = ACLED_CSV.read_text(encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(text.encode("utf-8").replace(b"Hajin", b"Haj\xffn"))
    with pytest.raises(DataFileError, match="broken.csv"):
        read_events(broken)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.replace("Hajin", "Hajïn").encode("latin-1", errors="replace"))
    events = read_events(latin, encoding="latin-1")
    assert "Hajïn" in set(events["place"])


def test_numbers_in_other_columns_are_numbers():
    events = read_events(ACLED_CSV)
    assert events["fatalities"].dtype.kind in "if" and events["year"].dtype.kind == "i"
    assert events["notes"].dtype != object or events["notes"].map(type).eq(str).any()
    assert events["admin2"].isna().all()  # an empty column reads as missing values


# --- mutation survivors (issue 12): separators and quoted line breaks, as real exports have


def _raw_rows(path):
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("arrow", [True, False], ids=["pyarrow", "pandas"])
def test_a_tab_separated_export_reads_like_the_csv(tmp_path, monkeypatch, arrow):
    import csv
    import sys

    rows = _raw_rows(ACLED_CSV)
    tsv = tmp_path / "acled_sample.tsv"
    with open(tsv, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter="\t").writerows(rows)
    if not arrow:  # the reader without the events extra's pyarrow
        monkeypatch.setitem(sys.modules, "pyarrow.csv", None)
    a, b = geoverify.read_events(ACLED_CSV), geoverify.read_events(tsv)
    assert len(b) == len(a) > 0
    assert b["event_id"].tolist() == a["event_id"].tolist()
    assert b.geometry.equals(a.geometry)


def test_a_quoted_note_over_several_lines_is_one_row(tmp_path):
    import csv

    rows = _raw_rows(ACLED_CSV)
    notes = rows[0].index("notes")
    rows[1][notes] = "first line of the note\nsecond line, with a comma\nthird"
    path = tmp_path / "multiline.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    a, b = geoverify.read_events(ACLED_CSV), geoverify.read_events(path)
    assert b["event_id"].tolist() == a["event_id"].tolist()
    first = b[b["event_id"] == rows[1][0]]
    assert first["notes"].iloc[0] == "first line of the note\nsecond line, with a comma\nthird"


def test_quoted_line_breaks_across_the_readers_blocks(tmp_path):
    # the streaming reader takes the file in blocks of 16 MiB: a note with line breaks that
    # straddles a block's end must still be one value (pyarrow needs newlines_in_values)
    import csv

    rows = _raw_rows(ACLED_CSV)
    notes, ids = rows[0].index("notes"), rows[0].index("event_id_cnty")
    note = "\n".join(["a line of the note"] * 20)

    def write(path, copies_or_size):
        with open(path, "w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(rows[0])
            copies = 0
            while (copies < copies_or_size if isinstance(copies_or_size, int)
                   else f.tell() < copies_or_size[0]):
                for row in rows[1:]:
                    out.writerow([f"X{copies}-{row[ids]}" if j == ids else
                                  note if j == notes else v for j, v in enumerate(row)])
                copies += 1
        return copies

    write(tmp_path / "one.csv", 1)
    one = geoverify.read_events(tmp_path / "one.csv")
    copies = write(tmp_path / "large.csv", (17 * 2**20,))
    frame = geoverify.read_events(tmp_path / "large.csv")
    assert len(one) > 0 and len(frame) == copies * len(one)
    assert frame["notes"].str.count("\n").eq(19).all()


def test_an_iso_date_with_an_offset_keeps_the_day_it_names():
    # mutation survivor (issue 12): "2022-01-06T00:30+02:00" is 5 January in UTC, but the
    # dataset's date is the calendar day it names, 6 January (as for every other format)
    from geoverify.events.read import parse_dates

    days = parse_dates(pd.Series(["2022-01-06T00:30:00+02:00", "2022-01-05T23:30:00+02:00"]))
    assert [str(d.date()) for d in days] == ["2022-01-06", "2022-01-05"]
