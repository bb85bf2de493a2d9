"""The direction check: "the site is north-east of the reference" (optionally within a distance).

The claimed sector is a compass word's own width (:func:`geoverify.geodesy.compass_sector`:
a 4-point word such as "north" means ±45°, an 8-point word such as "north-east" ±22.5°, a
16-point word such as "NNE" ±11.25°) or a bearing in degrees with ``half_width_deg`` (default
±22.5° for a bare number). The bearings from the uncertain reference to the uncertain site fill
``azimuth ± half_width`` (:func:`geoverify.geodesy.azimuth_range`, a conservative tangent bound);
the claim is consistent when that whole range lies inside the sector, inconsistent when none of
it does, inconclusive otherwise (and always when the two circles overlap: then any bearing is
possible). ``min_m``/``max_m`` add a distance condition judged on the min/max distance.
The graded share is of the site's uncertainty (the site described, not the reference).

Examples
--------
>>> from geoverify.sites import Site
>>> deir = Site(35.33588, 40.14084, 2000, name="Deir ez-Zor")
>>> conoco = Site(35.33611, 40.30944, 3000, name="Conoco field")
>>> r = check_direction(conoco, deir, direction="north-east")
>>> r.verdict, round(r.values["azimuth_deg"])
(<Verdict.INCONSISTENT: 'inconsistent'>, 90)
>>> check_direction(conoco, deir, direction="east").verdict
<Verdict.CONSISTENT: 'consistent'>
"""

from __future__ import annotations

import math
import re

from geoverify.checks._support import (
    SiteRole,
    deciders,
    fmt_km,
    fmt_range,
    require_site,
    ring_feature,
    separation,
    site_features,
    site_label,
)
from geoverify.checks.registry import register_check
from geoverify.checks.result import CheckResult, MapFeature, Share, Verdict
from geoverify.checks.rules import (
    direction_decide_radius,
    direction_judgement,
    direction_share,
    verdict_of,
)
from geoverify.errors import CheckError, GeoverifyError
from geoverify.sites import Site

__all__ = ["check_direction", "claimed_sector", "DEFAULT_NUMERIC_HALF_WIDTH_DEG"]

#: the half-width used when the direction is a number and no ``half_width_deg`` is given
DEFAULT_NUMERIC_HALF_WIDTH_DEG = 22.5


def claimed_sector(direction: str | float,
                   half_width_deg: float | None = None) -> tuple[float, float, str]:
    """Return ``(azimuth, half_width, label)`` of a claimed direction (word or degrees).

    >>> claimed_sector("from the north-east")
    (45.0, 22.5, 'from the north-east')
    >>> claimed_sector(100)
    (100.0, 22.5, '100°')
    """
    from geoverify.geodesy import compass_sector

    if isinstance(direction, str):
        # "from the north-east" (where rockets came from) names the site's direction too
        word = re.sub(r"^(?:coming\s+)?(?:from|to)\s+(?:the\s+)?|\s+of$", "",
                      direction.strip(), flags=re.IGNORECASE)
        try:
            azimuth, own = compass_sector(word)
        except GeoverifyError as exc:
            try:
                azimuth, own = float(direction), DEFAULT_NUMERIC_HALF_WIDTH_DEG
            except ValueError:
                raise CheckError(f"direction check: {exc}") from None
        label = direction
    elif isinstance(direction, (int, float)) and not isinstance(direction, bool):
        azimuth, own, label = float(direction), DEFAULT_NUMERIC_HALF_WIDTH_DEG, f"{direction}°"
    else:
        raise CheckError(f"direction check: direction must be a compass word or degrees, "
                         f"not {direction!r}")
    half = own if half_width_deg is None else float(half_width_deg)
    if not 0.0 < half <= 180.0:
        raise CheckError(f"direction check: half_width_deg {half_width_deg!r} must be in (0, 180]")
    if not azimuth == azimuth:  # NaN
        raise CheckError(f"direction check: direction {direction!r} is not a number")
    return azimuth % 360.0, half, label


@register_check("direction", site_params=("site", "reference"),
                description="The site lies in the claimed compass direction of the reference.")
def check_direction(site: Site, reference: Site, *, direction: str | float,
                    half_width_deg: float | None = None, max_m: float | None = None,
                    min_m: float = 0) -> CheckResult:
    """Check "``site`` is <direction> of ``reference``" with both sites' uncertainty.

    Parameters
    ----------
    site, reference : Site
        The site described, and the place it is described from.
    direction : str or float
        A compass word in English or Arabic ("NE", "north-east", "شمال شرق") or an azimuth
        in degrees clockwise from true north.
    half_width_deg : float, optional
        The sector's half-width; default the word's own (±45°, ±22.5°, ±11.25°), or ±22.5°
        for a number.
    max_m, min_m : float, optional
        A distance condition ("within 20 km"), metres.

    Returns
    -------
    CheckResult
        kind ``direction``; ``margin`` in degrees: the smallest angular slack to the sector's
        edges (negative: outside by that much).

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> r = check_direction(Site(35.1, 40.1, 0), Site(35.0, 40.0, 0), direction="NE", max_m=10000)
    >>> r.verdict, r.values["distance_verdict"]
    (<Verdict.INCONSISTENT: 'inconsistent'>, 'inconsistent')
    """
    require_site(site, "site")
    require_site(reference, "reference")
    from geoverify.geodesy import angle_difference

    centre, half, label = claimed_sector(direction, half_width_deg)
    lower = float(min_m or 0.0)
    upper = float("inf") if max_m is None else float(max_m)
    if lower < 0 or upper < lower:
        raise CheckError(f"direction check: need 0 <= min_m <= max_m (got {min_m!r}, {max_m!r})")
    sep = separation(reference, site)
    judged = direction_judgement(reference.lat, reference.lon, sep.radius_a_m, site.lat,
                                 site.lon, sep.radius_b_m, centre, half, lower, upper)
    az, spread = float(judged.azimuth_deg), float(judged.spread_deg)
    offset = abs(float(angle_difference(az, centre)))
    dir_verdict = verdict_of(judged.direction_code)
    margin = float(judged.direction_margin) if spread < 180.0 else None
    if spread >= 180.0:
        reason = "the uncertainty circles overlap, so any bearing is possible"
    elif dir_verdict is Verdict.CONSISTENT:
        reason = "every possible bearing lies in the sector"
    elif dir_verdict is Verdict.INCONSISTENT:
        reason = "no possible bearing lies in the sector"
    else:
        reason = "the possible bearings straddle the sector's edge"

    values: dict[str, object] = {
        "azimuth_deg": az, "azimuth_spread_deg": spread,
        "azimuth_min_deg": (az - spread) % 360.0 if spread < 180 else None,
        "azimuth_max_deg": (az + spread) % 360.0 if spread < 180 else None,
        "sector_azimuth_deg": centre, "sector_half_width_deg": half,
        "offset_from_sector_centre_deg": offset,
        "distance_m": sep.distance_m, "distance_min_m": sep.min_m, "distance_max_m": sep.max_m,
        "direction_verdict": str(dir_verdict), "share_subject": "site",
    }
    dist_text = ""
    if max_m is not None or lower > 0:
        dist_verdict = verdict_of(judged.distance_code)
        values.update(distance_verdict=str(dist_verdict),
                      distance_margin_m=float(judged.distance_margin), min_m=lower, max_m=max_m)
        if max_m is None:
            limit = f"at least {fmt_km(lower)}"
        else:
            limit = f"{fmt_range(lower, upper)}" if lower > 0 else f"within {fmt_km(upper)}"
        dist_text = f"; it is {fmt_range(sep.min_m, sep.max_m)} away (claimed {limit})"
    verdict = verdict_of(judged.code)
    sure, possible = direction_share(sep.distance_m, az, sep.radius_b_m, sep.radius_a_m, centre,
                                     half, lower, upper, judged.code)
    roles = (SiteRole("site", site, sep.radius_b_m),
             SiteRole("reference", reference, sep.radius_a_m))
    radii = [math.nan, math.nan]
    if verdict is Verdict.INCONCLUSIVE:
        radii = [float(direction_decide_radius(reference.lat, reference.lon, sep.radius_a_m,
                                               site.lat, site.lon, sep.radius_b_m, centre, half,
                                               lower, upper, which=which))
                 for which in ("site", "reference")]

    if spread >= 180.0:
        bearing_text = "any bearing is possible (the uncertainty circles overlap)"
    else:
        bearing_text = (f"its bearing from {site_label(reference)} is {az:.0f}° ± {spread:.1f}°")
    sentence = (f"{site_label(site)}: {bearing_text}, against '{label}' = {centre:.1f}° ± "
                f"{half:g}°{dist_text}: {verdict}.")

    outer = upper if upper != float("inf") else max(sep.max_m * 1.2, 1000.0)
    features: list[MapFeature] = list(site_features([site, reference]))
    features.extend(ring_feature(
        reference.lat, reference.lon, lower, outer, "sector", f"{label} of {site_label(reference)}",
        {"azimuth_deg": centre, "half_width_deg": half, "min_m": lower, "max_m": outer},
        azimuth_deg=centre, half_width_deg=half))
    return CheckResult(
        kind="direction",
        verdict=verdict,
        explanation=sentence,
        values=values,
        margin=margin,
        margin_unit="deg",
        inputs={"site": site_label(site), "site_uncertainty_m": site.uncertainty_m,
                "reference": site_label(reference),
                "reference_uncertainty_m": reference.uncertainty_m,
                "direction": direction, "half_width_deg": half_width_deg, "min_m": min_m,
                "max_m": max_m},
        method=(f"WGS84 geodesic azimuth from the reference, widened by the tangent half-angle of "
                f"both uncertainty radii (geodesy.azimuth_range: {reason}), against the "
                f"compass sector"),
        features=tuple(features),
        share=Share(float(sure), float(possible), "site"),
        centre_verdict=verdict_of(judged.centre_code),
        decides_if=deciders(roles, radii),
    )
