"""Place names of event rows, geocoded offline the way an analyst would (each distinct name once).

This module is the one place where :mod:`geoverify.events` meets the gazetteer, through its
public API (:func:`geoverify.gazetteer.geocode`). Its rule:

- the row's own country (ISO-2) restricts the search (a name not found in that country is not
  found; a row without a country searches everywhere);
- only confident candidates count (name score at least
  :data:`geoverify.gazetteer.CONFIDENT_NAME_SCORE`: the same spelling or key); a name matched
  only by a consonant skeleton or fuzzily is ``not_found``, never silently accepted;
- when different places match alike the name is ``ambiguous``, unless the row's ``admin1``
  names the first-level division of exactly one of them (then that one is taken).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["PlaceMatch", "lookup_place", "admin1_key", "admin1_keys"]

_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|provincia|region|state|district|county|muhafazat|wilayat|"
    r"oblast|department|prefecture|municipality|division)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlaceMatch:
    """What the gazetteer says of one place name (degrees, metres).

    ``status`` is ``found``, ``ambiguous`` or ``not_found``; ``name`` is the gazetteer's name of
    the place used (for ``ambiguous``, the rival names joined with ``" | "``); ``lat``, ``lon``
    and ``radius_m`` are set only when ``found``.
    """

    status: str
    name: str | None = None
    lat: float = float("nan")
    lon: float = float("nan")
    radius_m: float = float("nan")
    source: str | None = None


def admin1_key(text: Any) -> str:
    """Return a comparison key for a first-level division ("Dayr az Zawr governorate").

    The division words (governorate, province, ...) are dropped and the rest keyed as the
    gazetteer keys names; see :func:`admin1_keys` for the spellings the gazetteer knows.

    Examples
    --------
    >>> admin1_key("Deir ez-Zor governorate") == admin1_key("Deir ez-Zor")
    True
    """
    from geoverify.gazetteer.names import latin_key

    if text is None or (isinstance(text, float) and text != text):
        return ""
    return latin_key(_ADMIN_WORDS.sub(" ", str(text))).strip()


@lru_cache(maxsize=20_000)
def admin1_keys(text: Any, country: str | None) -> frozenset[str]:
    """Return the keys a first-level division name may stand for, its gazetteer spellings too.

    "Dayr az Zawr" is a spelling the gazetteer lists for Deir ez-Zor: both keys are returned.

    Examples
    --------
    >>> admin1_key("Deir ez-Zor") in admin1_keys("Dayr az Zawr governorate", "SY")
    True
    """
    from geoverify.gazetteer.names import latin_key

    key = admin1_key(text)
    if not key:
        return frozenset()
    keys = {key}
    stripped = _ADMIN_WORDS.sub(" ", str(text)).strip()
    for cand in _candidates(stripped, country)[1] if stripped else ():
        keys.add(latin_key(cand.name))
        if cand.admin1:
            keys.add(admin1_key(cand.admin1))
    return frozenset(k for k in keys if k)


@lru_cache(maxsize=200_000)
def _candidates(name: str, country: str | None) -> tuple[bool, tuple[Any, ...]]:
    """Return (ambiguous, confident candidates best first) for one name in one country."""
    from geoverify.errors import GeoverifyError
    from geoverify.gazetteer import CONFIDENT_NAME_SCORE, geocode

    try:
        result = geocode(name, country=country, limit=5)
    except GeoverifyError:
        return False, ()
    confident = tuple(c for c in result.candidates
                      if c.name_score is None or c.name_score >= CONFIDENT_NAME_SCORE)
    if not confident:
        return False, ()
    rivals = tuple(c for c in result.rivals if c in confident) if result.ambiguous else ()
    return bool(result.ambiguous and len(rivals) > 1), (rivals if len(rivals) > 1 else confident)


def lookup_place(name: Any, country: Any = None, admin1: Any = None) -> PlaceMatch:
    """Geocode one place name of an event row offline (see the module docstring for the rule).

    Examples
    --------
    >>> m = lookup_place("Hajin", "SY")
    >>> m.status, m.name, m.radius_m
    ('found', 'Hajin', 2000.0)
    >>> lookup_place("al-Qurayya", "SY").status
    'ambiguous'
    >>> lookup_place("al-Qurayya", "SY", "Dayr az Zawr governorate").name
    'al-Quriyah'
    >>> lookup_place("Qwertyzzz", "SY").status
    'not_found'
    """
    if name is None or (isinstance(name, float) and name != name) or not str(name).strip():
        return PlaceMatch("not_found")
    cc = str(country).strip().upper() if isinstance(country, str) and country.strip() else None
    ambiguous, cands = _candidates(str(name).strip(), cc)
    if not cands:
        return PlaceMatch("not_found")
    if ambiguous:
        keys = admin1_keys(admin1, cc) if isinstance(admin1, str) else frozenset()
        same = [c for c in cands if keys and admin1_key(c.admin1) in keys]
        if len(same) != 1:
            return PlaceMatch("ambiguous", name=" | ".join(dict.fromkeys(c.name for c in cands)))
        cands = (same[0],)
    best = cands[0]
    return PlaceMatch("found", name=best.name, lat=float(best.lat), lon=float(best.lon),
                      radius_m=float(best.uncertainty_m), source=best.source)
