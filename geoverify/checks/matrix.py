"""Which weapon fits from where: the range rule over candidate sites × weapons, as a DataFrame.

:func:`weapon_matrix` judges every candidate launch site (or every candidate target) against
every weapon with the range check's own per-weapon rule
(:func:`geoverify.checks.rules.range_judgement`, vectorized: one geodesic solve per site, no
Python loop per cell); each cell equals what ``check_range(launch, target, weapon=<id>)``
says of that weapon.

Examples
--------
>>> from geoverify.sites import Site
>>> conoco = Site(35.33611, 40.30944, 4000, name="Conoco field")   # gazetteer rows
>>> villages = [Site(35.35905, 40.15113, 1200, name="al-Husayniyah"),
...             Site(35.30088, 40.28916, 1500, name="Khasham")]
>>> m = weapon_matrix(villages, conoco, weapons="Katyusha")
>>> m.loc["al-Husayniyah", "verdict"].to_dict()
{'107mm-type63': 'inconsistent', '122mm-9m22u': 'consistent'}
>>> row = m.loc[("Khasham", "107mm-type63")]
>>> row["verdict"], float(row["share_sure"]), float(row["share_possible"])
('inconclusive', 0.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from geoverify.checks._support import effective_radius, site_label
from geoverify.errors import CheckError
from geoverify.sites import Site

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["weapon_matrix", "MATRIX_COLUMNS"]

#: the columns of :func:`weapon_matrix`, in order
MATRIX_COLUMNS = ("weapon_name", "verdict", "distance_m", "distance_min_m", "distance_max_m",
                  "min_range_m", "max_range_m", "margin_m", "share_sure", "share_possible")


def _sites(value: Any, param: str) -> tuple[list[str], list[Site], bool]:
    """Return (labels, sites, many) from a Site, a sequence of Sites or a mapping label -> Site."""
    if isinstance(value, Site):
        return [site_label(value)], [value], False
    if isinstance(value, Mapping):
        labels, sites = [str(k) for k in value], list(value.values())
    elif isinstance(value, Sequence) and not isinstance(value, str):
        sites = list(value)
        labels = [site_label(s) if isinstance(s, Site) else "" for s in sites]
    else:
        raise CheckError(f"weapon_matrix: {param} must be a Site, a list of Sites or a mapping "
                         f"of labels to Sites, not {type(value).__name__}")
    if not sites:
        raise CheckError(f"weapon_matrix: {param} is empty")
    for i, s in enumerate(sites):
        if not isinstance(s, Site):
            raise CheckError(f"weapon_matrix: {param}[{i}] must be a Site, not "
                             f"{type(s).__name__}")
    seen: dict[str, int] = {}
    unique = []
    for label in labels:  # repeated names stay apart: "X", "X #2"
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return unique, sites, True


def weapon_matrix(launch_sites: Any, target: Any, weapons: Any = None) -> pd.DataFrame:
    """Judge candidate sites × weapons with the range check's rule; return a long DataFrame.

    Parameters
    ----------
    launch_sites : Site, sequence of Site, or mapping of label -> Site
        The candidate launch points (with their radii).
    target : Site, sequence of Site, or mapping of label -> Site
        The target; or, with one launch site, the candidate targets.
    weapons : str, Weapon, sequence of them, or None
        As ``check_range``'s ``weapon`` (a press word, a class's ids, a list); None for the
        whole catalogue.

    Returns
    -------
    pandas.DataFrame
        One row per (candidate, weapon) with index levels ``launch`` (or ``target`` when the
        targets vary) and ``weapon`` (the catalogue id), and the columns
        :data:`MATRIX_COLUMNS`: the verdict, the distance between the points and its bounds
        over both radii (m), the weapon's envelope (m, NaN unknown), the signed margin (m, NaN
        when the maximum range is unknown) and the geometric share of the launch site's disc
        from which the weapon surely / possibly reaches (never a probability). Pivot it with
        ``.unstack()``.

    Raises
    ------
    CheckError
        Several launch sites *and* several targets, a non-Site, an unknown weapon name.
    """
    import pandas as pd

    from geoverify.checks.range import _candidates
    from geoverify.checks.rules import range_judgement, verdict_names, weapon_arrays
    from geoverify.geodesy import MAX_GEODESIC_DISTANCE_M, inverse

    l_labels, launches, many_l = _sites(launch_sites, "launch_sites")
    t_labels, targets, many_t = _sites(target, "target")
    if many_l and many_t and not (len(launches) == 1 or len(targets) == 1):
        raise CheckError("weapon_matrix: give one launch site and many targets, or many launch "
                         "sites and one target")
    by_target = len(launches) == 1 and len(targets) > 1
    labels = t_labels if by_target else l_labels
    cands = _candidates(weapons)
    lmin, top = weapon_arrays(cands)
    n = max(len(launches), len(targets))
    la = np.array([s.lat for s in launches]) * np.ones(n)
    lo = np.array([s.lon for s in launches]) * np.ones(n)
    ta = np.array([s.lat for s in targets]) * np.ones(n)
    to = np.array([s.lon for s in targets]) * np.ones(n)
    rl = np.array([effective_radius(s) for s in launches]) * np.ones(n)
    rt = np.array([effective_radius(s) for s in targets]) * np.ones(n)
    d = np.asarray(inverse(la, lo, ta, to).distance_m, dtype=float)
    judged = range_judgement(d, rl, rt, lmin, top, named=True)
    m = len(cands)
    lo_d = np.maximum(0.0, d - rl - rt)
    hi_d = np.minimum(d + rl + rt, MAX_GEODESIC_DISTANCE_M)
    index = pd.MultiIndex.from_product([labels, [w.id for w in cands]],
                                       names=["target" if by_target else "launch", "weapon"])
    frame = pd.DataFrame({
        "weapon_name": np.tile(np.array([w.name for w in cands], dtype=object), n),
        "verdict": verdict_names(judged.weapon_code).reshape(-1),
        "distance_m": np.repeat(d, m),
        "distance_min_m": np.repeat(lo_d, m),
        "distance_max_m": np.repeat(hi_d, m),
        "min_range_m": np.tile(lmin, n),
        "max_range_m": np.tile(top, n),
        "margin_m": np.asarray(judged.weapon_margin, dtype=float).reshape(-1),
        "share_sure": np.asarray(judged.weapon_sure, dtype=float).reshape(-1),
        "share_possible": np.asarray(judged.weapon_possible, dtype=float).reshape(-1),
    }, index=index)
    return frame
