"""Write the event-dataset fixtures of tests/data (run from the repository's top folder).

The rows are invented, in each dataset's exact column layout (ACLED's export columns, UCDP GED's
49 columns); their coordinates are the curated gazetteer's (data/gazetteer/theatre.csv: GeoNames
ids in its source column) or offsets from them stated in the notes. Each row's ``notes`` (ACLED)
or ``source_headline`` (UCDP) says what the row is there to test.

    .venv/bin/python tests/data/make_event_fixtures.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from geoverify.events.layouts import ACLED_COLUMNS, UCDP_COLUMNS

HERE = Path(__file__).resolve().parent
US = "Military Forces of the United States (2021-)"
UAG = "Unidentified Armed Group (Syria)"

# event_id_cnty, event_date, time_precision, location, lat, lon, geo_precision, iso, country,
# admin1, actor1, actor2, notes
ACLED_ROWS = [
    ("SYR1001", "5 January 2022", 1, "al-Quriyah", 34.95629, 40.54139, 2, 760, "Syria",
     "Deir ez-Zor", UAG, US, "consistent: the gazetteer point of al-Quriyah (GeoNames 173327)"),
    ("SYR1002", "2022-01-05", 1, "al-Quriyah", 34.9570, 40.5420, 2, 760, "Syria",
     "Deir ez-Zor", US, UAG, "duplicate of SYR1001: same actors (other order), same day, 100 m"),
    ("SYR1003", "24 September 2022", 1, "Hajin", 34.69508, 40.83138, 1, 760, "Syria",
     "Deir ez-Zor", "Military Forces of Syria (2000-)", "", "consistent on the limit: 2 km "
     "radius, Hajin's own 2 km"),
    ("SYR1004", "02 November 2018", 1, "الميادين", 35.01982, 40.45154, 2, 760, "Syria",
     "Deir ez-Zor", "Islamic State (Syria)", "", "Arabic place name: al-Mayadin"),
    ("SYR1005", "10 February 2018", 1, "Khasham", 35.10, 40.29, 1, 760, "Syria", "Deir ez-Zor",
     "Wagner Group", US, "inconsistent: 22 km south of Khasham with a 2 km radius"),
    ("SYR1006", "15 March 2019", 3, "Deir ez-Zor", 35.33588, 40.14084, 3, 760, "Syria",
     "Deir ez-Zor", "Islamic State (Syria)", "", "precision 3 at the governorate capital, "
     "month only"),
    ("SYR1007", "12 March 2019", 2, "Hajin", 33.5102, 36.29128, 3, 760, "Syria", "Deir ez-Zor",
     "Islamic State (Syria)", "", "precision 3 coded to the national capital's point "
     "(Damascus), 450 km from Hajin"),
    ("SYR1008", "1 June 2020", 1, "al-Busayrah", None, None, 1, 760, "Syria", "Deir ez-Zor",
     UAG, "", "missing coordinates"),
    ("SYR1009", "1 June 2020", 1, "al-Busayrah", 0.0, 0.0, 1, 760, "Syria", "Deir ez-Zor",
     UAG, "", "0,0 placeholder"),
    ("SYR1003", "25 September 2022", 1, "al-Ashara", 34.92133, 40.56007, 1, 760, "Syria",
     "Deir ez-Zor", UAG, "", "repeats the id of an earlier row"),
    ("SYR1010", "31 September 2022", 1, "al-Ashara", 34.92133, 40.56007, 1, 760, "Syria",
     "Deir ez-Zor", UAG, "", "a date that does not exist"),
    ("SYR1011", "3 July 2021", 1, "Tell Xyzzy", 35.2, 40.6, 1, 760, "Syria", "Deir ez-Zor",
     UAG, "", "a place the gazetteer does not know"),
    ("SYR1012", "3 July 2021", 1, "al-Qurayya", 34.95629, 40.54139, 1, 760, "Syria", "",
     UAG, "", "ambiguous: al-Quriyah (Deir ez-Zor) or Al Qurayya (As-Suwayda), no admin1"),
    ("IRQ2001", "4 July 2021", 1, "al-Mayadin", 35.01982, 40.45154, 1, 368, "Iraq", "Al Anbar",
     UAG, "", "names Iraq, lies in Syria 110 km from the border"),
    ("SYR1013", "7 July 2021", 7, "Hajin", 34.69508, 40.83138, 1, 760, "Syria", "Deir ez-Zor",
     UAG, "", "time_precision 7 is not a code"),
    ("XXX3001", "8 July 2021", 1, "Atlantis City", 35.0, 40.5, 1, None, "Atlantis", "",
     UAG, "", "a country no table knows (kept)"),
    ("SYR1014", "16 May 2025", 1, "al-Ashara", 34.92133, 40.56007, 1, 760, "Syria",
     "Deir ez-Zor", "Military Forces of Syria (2024-)", "",
     "Shelling, reported by locals.\nA second line inside the quoted field."),
    ("SYR1015", "24 September 2022", 1, "Khasham", 35.30088, 40.28916, 1, 760, "Syria",
     "Deir ez-Zor", "Military Forces of Syria (2000-)", "", "consistent: Khasham's point"),
]

# id, where_coordinates, lat, lon, where_prec, date_start, date_end, date_prec, country,
# country_id, adm_1, side_a, side_b, source_headline
UCDP_ROWS = [
    (400001, "Hajin town", 34.6950, 40.8300, 1, "2022-09-24 00:00:00.000",
     "2022-09-24 00:00:00.000", 1, "Syria", 652, "Dayr az Zawr governorate",
     "Government of Syria", "IS", "matches ACLED SYR1003"),
    (400002, "al-Mayadin city", 35.01982, 40.45154, 2, "2018-11-02 00:00:00.000",
     "2018-11-02 00:00:00.000", 1, "Syria", 652, "Dayr az Zawr governorate",
     "Government of United States of America", "IS", "matches ACLED SYR1004"),
    (400003, "Khasham village", 35.30088, 40.28916, 2, "2018-02-07 00:00:00.000",
     "2018-02-10 00:00:00.000", 3, "Syria", 652, "Dayr az Zawr governorate",
     "Government of United States of America", "Wagner", "a week: matches ACLED SYR1005"),
    (400004, "al-Busayrah town", None, None, 1, "2020-06-01 00:00:00.000",
     "2020-06-01 00:00:00.000", 1, "Syria", 652, "Dayr az Zawr governorate",
     "Government of Syria", "IS", "missing coordinates"),
    (400005, "Hajin town", 34.69508, 40.83138, 1, "2019-01-15 00:00:00.000", None, 4,
     "Syria", 652, "Dayr az Zawr governorate", "SDF", "IS", "no date_end: 31 days either side"),
    (400006, "Hajin town", 34.69508, 40.83138, 1, "2019-02-15 00:00:00.000",
     "2019-02-10 00:00:00.000", 1, "Syria", 652, "Dayr az Zawr governorate", "SDF", "IS",
     "ends before it starts"),
    (400007, "al-Quriyah town", 34.95629, 40.54139, 1, "2022-01-05 00:00:00.000",
     "2022-01-05 00:00:00.000", 1, "Syria", 652, "Dayr az Zawr governorate",
     "Government of United States of America", "Unidentified", "matches SYR1001 and SYR1002"),
    (400008, "Sana'a city", 15.35472, 44.20667, 1, "2021-03-07 00:00:00.000",
     "2021-03-07 00:00:00.000", 1, "Yemen (North Yemen)", 678,
     "Amanat al Asimah governorate", "Government of Yemen (North Yemen)", "Ansarallah",
     "Gleditsch-Ward 678: Yemen"),
]


def acled_frame() -> pd.DataFrame:
    rows = []
    for (eid, date, tp, loc, lat, lon, gp, iso, country, admin1, a1, a2, notes) in ACLED_ROWS:
        year = date[-4:] if date[-4:].isdigit() else date[:4]
        rows.append({
            "event_id_cnty": eid, "event_date": date, "year": year, "time_precision": tp,
            "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack", "actor1": a1,
            "assoc_actor_1": "", "inter1": 8 if a1.startswith("Military Forces of the U") else 3,
            "actor2": a2, "assoc_actor_2": "", "inter2": 8 if a2 else "", "interaction": 38,
            "civilian_targeting": "", "iso": iso, "region": "Middle East", "country": country,
            "admin1": admin1, "admin2": "", "admin3": "", "location": loc, "latitude": lat,
            "longitude": lon, "geo_precision": gp, "source": "Test fixture",
            "source_scale": "Other", "notes": notes, "fatalities": 0, "tags": "",
            "timestamp": 1700000000,
        })
    frame = pd.DataFrame(rows, columns=list(ACLED_COLUMNS))
    return frame.astype({"iso": "Int64"})


def ucdp_frame() -> pd.DataFrame:
    rows = []
    for (uid, where, lat, lon, wp, start, end, dp, country, cid, adm1, a, b,
         headline) in UCDP_ROWS:
        rows.append({
            "id": uid, "relid": f"SYR-{uid}", "year": int(start[:4]), "active_year": 1,
            "code_status": "Clear", "type_of_violence": 1, "conflict_dset_id": 299,
            "conflict_new_id": 299, "conflict_name": f"{country}: Government",
            "dyad_dset_id": 1000, "dyad_new_id": 1000, "dyad_name": f"{a} - {b}",
            "side_a_dset_id": 1, "side_a_new_id": 1, "side_a": a, "side_b_dset_id": 2,
            "side_b_new_id": 2, "side_b": b, "number_of_sources": 1,
            "source_article": "Test fixture", "source_office": "", "source_date": "",
            "source_headline": headline, "source_original": "", "where_prec": wp,
            "where_coordinates": where, "where_description": where, "adm_1": adm1,
            "adm_2": "", "latitude": lat, "longitude": lon,
            "geom_wkt": f"POINT ({lon} {lat})" if lat is not None else "",
            "priogrid_gid": 0, "country": country, "country_id": cid,
            "region": "Middle East", "event_clarity": 1, "date_prec": dp,
            "date_start": start, "date_end": end, "deaths_a": 0, "deaths_b": 1,
            "deaths_civilians": 0, "deaths_unknown": 0, "best": 1, "high": 1, "low": 1,
            "gwnoa": cid, "gwnob": "",
        })
    return pd.DataFrame(rows, columns=list(UCDP_COLUMNS))


def main() -> None:
    acled = acled_frame()
    acled.to_csv(HERE / "acled_sample.csv", index=False)
    # Excel: real date cells, except two rows typed as text (as exports re-saved by hand are)
    excel = acled.copy().astype({"event_date": object})
    for i, value in enumerate(excel["event_date"]):
        if i in (0, 3):
            continue  # kept as text: "5 January 2022", "02 November 2018"
        try:
            excel.at[i, "event_date"] = dt.datetime.strptime(value, "%d %B %Y")
        except ValueError:
            pass
    excel.to_excel(HERE / "acled_sample.xlsx", index=False, engine="openpyxl")
    ucdp = ucdp_frame()
    ucdp.to_csv(HERE / "ucdp_sample.csv", index=False)
    ucdp.astype({"gwnob": str, "source_office": str, "source_date": str}).to_parquet(
        HERE / "ucdp_sample.parquet", index=False)


if __name__ == "__main__":
    main()
