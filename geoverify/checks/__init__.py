"""Plausibility checks: plain functions that take Sites and facts and return a CheckResult.

Each built-in check is registered by kind in :mod:`geoverify.checks.registry` (``get_check``,
``check_kinds``, ``register_check`` for your own) and re-exported here, loaded on first use so
that importing this package stays light:

====================  ===========================================================
kind                  function
====================  ===========================================================
``range``             :func:`check_range` (launch point to target, weapon envelope)
``direction``         :func:`check_direction` ("north-east of X")
``proximity``         :func:`check_proximity` ("near", "in", "on the outskirts of")
``stated_distance``   :func:`check_stated_distance` ("about 5 km away")
``cluster``           :func:`check_cluster` (several sites against one place)
``travel``            :func:`check_travel` (implied speed between two sightings)
``control``           :func:`check_control` (who held the ground, from user layers)
``bank``              :func:`check_bank` (which bank of the Euphrates)
``visibility``        :func:`check_visibility` (Earth curvature with refraction)
====================  ===========================================================

Beside its worst-case verdict, each area-based check gives graded answers (``share``,
``centre_verdict``, ``decides_if``) from the same rules, which :mod:`geoverify.checks.rules`
also applies to numpy arrays; :func:`weapon_matrix` judges candidate sites × weapons.

>>> from geoverify import checks
>>> checks.check_range.__name__
'check_range'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geoverify._lazy import lazy_exports

__all__ = [
    "Verdict",
    "CheckResult",
    "MapFeature",
    "combine_verdicts",
    "register_check",
    "get_check",
    "check_kinds",
    "check_range",
    "check_direction",
    "check_proximity",
    "check_stated_distance",
    "check_cluster",
    "check_travel",
    "check_control",
    "check_bank",
    "river_bank",
    "load_control_layers",
    "check_visibility",
    "weapon_matrix",
    "Share",
    "Decider",
]

_LAZY: dict[str, str] = {
    "Verdict": "geoverify.checks.result",
    "CheckResult": "geoverify.checks.result",
    "MapFeature": "geoverify.checks.result",
    "combine_verdicts": "geoverify.checks.result",
    "register_check": "geoverify.checks.registry",
    "get_check": "geoverify.checks.registry",
    "check_kinds": "geoverify.checks.registry",
    "check_range": "geoverify.checks.range",
    "check_direction": "geoverify.checks.direction",
    "check_proximity": "geoverify.checks.proximity",
    "check_stated_distance": "geoverify.checks.stated_distance",
    "check_cluster": "geoverify.checks.cluster",
    "check_travel": "geoverify.checks.travel",
    "check_control": "geoverify.checks.control",
    "check_bank": "geoverify.checks.control",
    "river_bank": "geoverify.checks.control",
    "load_control_layers": "geoverify.checks.control",
    "check_visibility": "geoverify.checks.visibility",
    "weapon_matrix": "geoverify.checks.matrix",
    "Share": "geoverify.checks.result",
    "Decider": "geoverify.checks.result",
}


__getattr__, __dir__ = lazy_exports("geoverify.checks", _LAZY, globals())


if TYPE_CHECKING:  # pragma: no cover
    from geoverify.checks.cluster import check_cluster
    from geoverify.checks.control import (
        check_bank,
        check_control,
        load_control_layers,
        river_bank,
    )
    from geoverify.checks.direction import check_direction
    from geoverify.checks.matrix import weapon_matrix
    from geoverify.checks.proximity import check_proximity
    from geoverify.checks.range import check_range
    from geoverify.checks.registry import check_kinds, get_check, register_check
    from geoverify.checks.result import (
        CheckResult,
        Decider,
        MapFeature,
        Share,
        Verdict,
        combine_verdicts,
    )
    from geoverify.checks.stated_distance import check_stated_distance
    from geoverify.checks.travel import check_travel
    from geoverify.checks.visibility import check_visibility
