"""The range check: whether a weapon fired from the launch site can reach the target.

The distance between two uncertain sites lies between the smallest and the largest distance
between their circles (WGS84 geodesics). Each candidate weapon is judged on that interval
against its envelope (minimum to maximum range, from :mod:`geoverify.weapons`):

- *fits* (consistent): the whole interval lies inside the envelope;
- *excluded* (inconsistent): no distance of the interval lies inside it;
- *undecided* (inconclusive): the interval straddles a limit, or the maximum range is unknown.

An unknown *minimum* range cannot exclude a weapon, but a distance that may be under a quarter
of the maximum (:data:`UNKNOWN_MIN_SHARE`; known minima run from 2 % to 25 % of the maximum)
leaves it undecided. Unverified figures are used as given and flagged in the sentence. With
several candidates (a press word such as "Katyusha", or the ids of a weapon class), the claim is
consistent if at least one weapon fits for certain, inconsistent if none can, otherwise
inconclusive. With no weapon named, every catalogue weapon is judged and
listed; the verdict is inconclusive (the weapon is unknown) unless none can reach.

Examples
--------
>>> from geoverify.sites import Site
>>> launch = Site(34.95629, 40.54139, 1500, name="al-Quriyah")
>>> field = Site(35.15167, 40.57583, 0, name="al-Omar field")
>>> r = check_range(launch, field, weapon="107 mm")
>>> r.verdict, round(r.values["distance_m"] / 1000, 1)
(<Verdict.INCONSISTENT: 'inconsistent'>, 21.9)
>>> print(r.explanation)  # doctest: +NORMALIZE_WHITESPACE
The launch point (al-Quriyah) is 20.4 to 23.4 km from al-Omar field; a 107 mm rocket
(Type 63 family) reaches at most 8.05 km (unverified figure): inconsistent, 12.4 km beyond
its reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geoverify.checks._support import (
    SiteRole,
    deciders,
    fmt_km,
    fmt_range,
    limit_tolerance,
    line_feature,
    require_site,
    ring_feature,
    separation,
    site_features,
    site_label,
)
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, MapFeature, Share, Verdict
from geoverify.checks.rules import (
    UNKNOWN_MIN_SHARE,
    range_judgement,
    verdict_of,
    weapon_arrays,
    weapon_rule,
)
from geoverify.errors import CheckError
from geoverify.sites import Site
from geoverify.weapons import Weapon, catalogue, resolve_weapons

__all__ = ["check_range", "weapon_outcome", "UNKNOWN_MIN_SHARE"]

#: below this slack (metres, or this share of the limit) the sentence says "no margin to spare"
_TIGHT_M = 500.0
_TIGHT_SHARE = 0.05


def _candidates(weapon: str | Weapon | Sequence[str | Weapon] | None) -> tuple[Weapon, ...]:
    if weapon is None:
        return catalogue()
    if isinstance(weapon, Weapon):
        return (weapon,)
    if isinstance(weapon, str):
        by_id = {w.id: w for w in catalogue()}
        return (by_id[weapon],) if weapon in by_id else resolve_weapons(weapon)
    if isinstance(weapon, Sequence):
        out: list[Weapon] = []
        for item in weapon:
            for w in _candidates(item) if isinstance(item, (str, Weapon)) else _bad(item):
                if w not in out:
                    out.append(w)
        if not out:
            raise CheckError("range check: the weapon list is empty")
        return tuple(out)
    return _bad(weapon)


def _family_siblings(weapon: Any, candidates: Sequence[Weapon]) -> tuple[Weapon, ...]:
    """Return the catalogue rows of the named weapons' families that are not candidates.

    Only for generic reporters' words: a calibre, a family name or a press word. "122 mm"
    names the 9M22U row, but a 122 mm rocket may be the extended-range variant; "Katyusha"
    means 107 mm and 122 mm rockets alike; "M777" may fire a rocket-assisted round. A
    model's designation ("9M22U") or a catalogue id names its row alone. Rows whose maximum
    range is unknown are left out (a calibre's unknown rows are taken to be like its known
    ones).
    """
    import re

    from geoverify.weapons import normalize_weapon_name

    words = [weapon] if isinstance(weapon, str) else (
        [w for w in weapon if isinstance(w, str)]
        if isinstance(weapon, Sequence) and not isinstance(weapon, str) else [])
    family_names = {normalize_weapon_name(w.family) for w in catalogue()}
    ids = {w.id for w in catalogue()}

    def generic(word: str) -> bool:
        # a calibre ("122 mm"), a family ("M777", "GMLRS") or a press word ("Katyusha");
        # a model's own designation ("9M22U") or a catalogue id names that row alone
        if word in ids:
            return False
        key = normalize_weapon_name(word)
        if re.match(r"\d+ mm\b", key) or key in family_names:
            return True
        try:
            return len(resolve_weapons(word)) > 1
        except CheckError:
            return False

    if not any(isinstance(word, str) and generic(word) for word in words):
        return ()
    families = {w.family for w in candidates}
    have = {w.id for w in candidates}
    return tuple(w for w in catalogue() if w.family in families and w.id not in have
                 and w.max_range_m is not None)


def _bad(value: Any) -> tuple[Weapon, ...]:
    raise CheckError(f"range check: weapon must be a name, a Weapon or a list of them, "
                     f"not {type(value).__name__}")


def weapon_outcome(weapon: Weapon, lo_m: float, hi_m: float) -> dict[str, Any]:
    """Judge one weapon on a distance interval ``[lo_m, hi_m]``; return a JSON-ready dict.

    The rule is :func:`geoverify.checks.rules.weapon_rule` (the same on arrays).

    >>> from geoverify.weapons import get_weapon
    >>> weapon_outcome(get_weapon("m224-60mm"), 3000, 3600)["verdict"]
    'inconclusive'
    """
    lmin, top = weapon_arrays([weapon])
    code, margin = weapon_rule(lo_m, hi_m, lmin[0], top[0])
    return _outcome_row(weapon, int(code), float(margin), lo_m, hi_m)


def _outcome_row(weapon: Weapon, code: int, margin: float, lo_m: float,
                 hi_m: float) -> dict[str, Any]:
    """Return the JSON-ready outcome of one weapon from its rule code and margin."""
    row: dict[str, Any] = {
        "id": weapon.id, "name": weapon.name, "min_range_m": weapon.min_range_m,
        "max_range_m": weapon.max_range_m, "range_status": weapon.range_status,
        "min_range_status": weapon.min_range_status,
    }
    if weapon.max_range_m is None:
        row.update(verdict=str(Verdict.INCONCLUSIVE), margin_m=None,
                   reason="maximum range unknown")
        return row
    top = weapon.max_range_m
    verdict = verdict_of(code)
    if verdict is Verdict.CONSISTENT:
        reason = "within range for every possible distance"
    elif verdict is Verdict.INCONSISTENT:
        reason = "beyond maximum range" if lo_m > top + limit_tolerance(top) else (
            "inside minimum range")
    elif hi_m > top:
        reason = "distance straddles the maximum range"
    elif weapon.min_range_m is None:
        reason = (f"minimum range unknown and the distance may be under "
                  f"{UNKNOWN_MIN_SHARE:.0%} of the maximum")
    else:
        reason = "distance straddles the minimum range"
    row.update(verdict=str(verdict), margin_m=margin, reason=reason)
    return row


#: a group of weapons this long or shorter is listed with ranges; longer groups by name
_WITH_RANGES = 3
#: names shown of a longer group before "and N more"
_NAMES_SHOWN = 3


def _weapon_names(group: Sequence[Weapon]) -> str:
    """Return the weapons of one verdict group as a bracket for the sentence ('' if none).

    Up to three with their ranges; longer groups by name, at most three then "and N more".

    >>> from geoverify.weapons import catalogue
    >>> print(_weapon_names(catalogue()[:2]))  # doctest: +NORMALIZE_WHITESPACE
     (107 mm rocket (Type 63 family), at most 8.05 km, unverified figure;
     Fajr-1 / Haseb 107 mm rocket (Iranian), range unknown)
    >>> _weapon_names(catalogue()[:7]).endswith("; and 4 more)")
    True
    """
    if not group:
        return ""
    if len(group) <= _WITH_RANGES:
        return f" ({'; '.join(f'{w.name}, {w.range_text(brackets=False)}' for w in group)})"
    if len(group) <= _NAMES_SHOWN + 1:
        return f" ({'; '.join(w.name for w in group)})"
    shown = "; ".join(w.name for w in group[:_NAMES_SHOWN])
    return f" ({shown}; and {len(group) - _NAMES_SHOWN} more)"


def _sibling_margins(lo: float, hi: float, smin: Any, stop: Any) -> list[float]:
    """Return the siblings' margins from the weapon rule (for their outcome rows)."""
    if not len(smin):
        return []
    _, margins = weapon_rule(lo, hi, smin, stop)
    return [float(m) for m in margins]


def _article(name: str) -> str:
    """Return "a" or "an" for a weapon name as it is read aloud ("an M777", "an 81 mm mortar")."""
    first, second = name[:1], name[1:2]
    if first.lower() in "aeiou" or name.startswith(("8", "11 ", "18 ")):
        return "an"
    if first in "FHLMNRSX" and (second.isupper() or second.isdigit() or second in "- "):
        return "an"
    return "a"


def _tight(margin: float, limit: float) -> bool:
    return margin < max(_TIGHT_M, _TIGHT_SHARE * limit)


@register_check("range", site_params=("launch", "target"),
                description="Launch point to target against the weapon's range envelope.")
def check_range(launch: Site, target: Site, *,
                weapon: str | Weapon | Sequence[str | Weapon] | None = None) -> CheckResult:
    """Check whether a weapon fired from ``launch`` reaches ``target`` (distances in metres, WGS84).

    Parameters
    ----------
    launch, target : Site
        The launch point and the target, each with its uncertainty radius.
    weapon : str, Weapon, sequence of them, or None
        A reporter's word (resolved by :func:`geoverify.weapons.resolve_weapons`; a press word
        gives several candidates), a catalogue Weapon, a list, or None for "which weapons fit".

    Returns
    -------
    CheckResult
        kind ``range``; ``values`` hold the distance, its bounds and one outcome per weapon;
        ``margin`` is the signed slack to the deciding limit in metres.

    Raises
    ------
    CheckError
        For an unknown weapon name (with the closest names) or a non-Site argument.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> r = check_range(Site(35.0, 40.0, 200), Site(35.05, 40.0, 200), weapon="Katyusha")
    >>> r.verdict, [w["verdict"] for w in r.values["weapons"]]
    (<Verdict.CONSISTENT: 'consistent'>, ['consistent', 'consistent'])
    """
    require_site(launch, "launch")
    require_site(target, "target")
    named = weapon is not None
    weapons = _candidates(weapon)
    siblings = _family_siblings(weapon, weapons)
    sep = separation(launch, target)
    lo, hi = sep.min_m, sep.max_m
    lmin, top = weapon_arrays(weapons)
    smin, stop = weapon_arrays(siblings)
    judged = range_judgement(sep.distance_m, sep.radius_a_m, sep.radius_b_m, lmin, top,
                             named=named, sibling_min_m=smin, sibling_max_m=stop)
    outcomes = [_outcome_row(w, int(c), float(m), lo, hi) for w, c, m in
                zip(weapons, judged.weapon_code, judged.weapon_margin, strict=True)]
    for o, s_, p_ in zip(outcomes, judged.weapon_sure, judged.weapon_possible, strict=True):
        o["share"] = {"sure": float(s_), "possible": float(p_)}
    fits = [o for o in outcomes if o["verdict"] == Verdict.CONSISTENT]
    excluded = [o for o in outcomes if o["verdict"] == Verdict.INCONSISTENT]
    undecided = [o for o in outcomes if o["verdict"] == Verdict.INCONCLUSIVE]
    verdict = verdict_of(judged.code)
    margin: float | None = float(judged.margin) if judged.margin == judged.margin else None

    # a reporter's word may mean a sibling of the same family (the extended-range 122 mm
    # rocket, the M777's rocket-assisted round): no exclusion while a sibling can reach
    sibling_rows = [_outcome_row(w, int(c), float(m), lo, hi) for w, c, m in
                    zip(siblings, judged.sibling_code, _sibling_margins(lo, hi, smin, stop),
                        strict=True)]
    reaching = [o for o in sibling_rows if o["verdict"] != Verdict.INCONSISTENT]
    roles = (SiteRole("launch", launch, sep.radius_a_m), SiteRole("target", target,
                                                                   sep.radius_b_m))
    share = Share(float(judged.sure), float(judged.possible), "launch")
    centre = verdict_of(judged.centre_code)
    decides = deciders(roles, (judged.decide_launch, judged.decide_target))

    launch_name = f" ({launch.name})" if launch.name else ""
    where = f"The launch point{launch_name} is {fmt_range(lo, hi)} from {site_label(target)}"
    by_id = {w.id: w for w in weapons}
    if len(weapons) == 1:
        w, o = weapons[0], outcomes[0]
        if w.max_range_m is None:
            sentence = f"{where}; the range of the {w.name} is unknown: inconclusive."
        else:
            reach = w.range_text()
            reach = reach if reach.startswith("at most") else f"from {reach}"
            sentence = f"{where}; {_article(w.name)} {w.name} reaches {reach}: {o['verdict']}"
            m = o["margin_m"]
            if o["verdict"] == Verdict.CONSISTENT:
                limit = w.max_range_m
                sentence += (", with no margin to spare." if _tight(m, limit)
                             else f", with {fmt_km(m)} to spare.")
            elif o["verdict"] == Verdict.INCONSISTENT:
                sentence += (f", {fmt_km(-m)} beyond its reach." if lo > w.max_range_m
                             + limit_tolerance(w.max_range_m)
                             else f", {fmt_km(-m)} inside its minimum range.")
            else:
                sentence += f" ({o['reason']})."
    else:
        def names(group: list[dict[str, Any]]) -> str:
            return _weapon_names([by_id[o["id"]] for o in group])

        intro = (f"of the {len(weapons)} weapons '{weapon}' can mean" if isinstance(weapon, str)
                 else f"of {len(weapons)} candidate weapons" if named
                 else f"no weapon named; of {len(weapons)} catalogue weapons")
        parts = [f"{len(fits)} fit" + names(fits),
                 f"{len(excluded)} cannot reach" + names(excluded),
                 f"{len(undecided)} undecided" + names(undecided)]
        sentence = f"{where}; {intro}, {', '.join(parts)}: {verdict}."

    if reaching and verdict is Verdict.INCONCLUSIVE and not fits and len(excluded) == len(
            outcomes):
        sib = {w.id: w for w in catalogue()}
        shown = "; ".join(f"{sib[o['id']].name}, {sib[o['id']].range_text(brackets=False)}"
                          for o in reaching[:3])
        said = f"'{weapon}'" if isinstance(weapon, str) else "the weapons named"
        sentence = (f"{where}; {said} cannot reach as catalogued "
                    f"({'; '.join(f'{w.name}, {w.range_text(brackets=False)}' for w in weapons)})"
                    f", but a weapon of the same family can ({shown}): inconclusive.")

    features: list[MapFeature] = list(site_features([launch, target]))
    features.append(line_feature(launch, target))
    drawable = [w for w in weapons if w.max_range_m is not None]
    if len(drawable) <= 4:
        for w in drawable:
            features.extend(ring_feature(
                launch.lat, launch.lon, w.min_range_m or 0.0, float(w.max_range_m or 0.0),
                "annulus", f"{w.name}: {w.range_text()}",
                {"weapon_id": w.id, "min_range_m": w.min_range_m, "max_range_m": w.max_range_m}))

    return CheckResult(
        kind="range",
        verdict=verdict,
        explanation=sentence,
        values={
            "distance_m": sep.distance_m,
            "distance_min_m": lo,
            "distance_max_m": hi,
            "azimuth_deg": sep.azimuth_deg,
            "weapons": outcomes,
            "fit": [o["id"] for o in fits],
            "excluded": [o["id"] for o in excluded],
            "undecided": [o["id"] for o in undecided],
            "family_siblings": sibling_rows,
            "family_sibling_reaches": [o["id"] for o in reaching],
            "share_subject": "launch",
        },
        margin=margin,
        margin_unit="m",
        inputs={
            "launch": site_label(launch), "launch_uncertainty_m": launch.uncertainty_m,
            "target": site_label(target), "target_uncertainty_m": target.uncertainty_m,
            "weapon": weapon if isinstance(weapon, str) or weapon is None
            else [w.id for w in weapons],
        },
        method=("WGS84 geodesic distance (pyproj) widened by both uncertainty radii, against "
                "each weapon's minimum/maximum range from data/weapons.csv"),
        features=tuple(features),
        share=share,
        centre_verdict=centre,
        decides_if=decides,
    )
