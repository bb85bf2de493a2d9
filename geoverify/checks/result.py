"""What every check returns: verdict, numbers, margin, inputs, method and a sentence."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Verdict", "CheckResult", "MapFeature", "Share", "Decider", "combine_verdicts",
           "STATUSES"]

#: Whether a check ran: ``run``, or ``not_run`` (circular, nothing independent to check, or it
#: could not run on its inputs). A check not run takes no part in a report's overall verdict.
STATUSES = ("run", "not_run")


class Verdict(StrEnum):
    """The three honest answers; ``inconclusive`` is normal (e.g. uncertainty straddles a limit)."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    INCONCLUSIVE = "inconclusive"


def combine_verdicts(verdicts: Iterable[Verdict | str]) -> Verdict:
    """Return the overall verdict: inconsistent if any is, else inconclusive if any is.

    >>> combine_verdicts(["consistent", "inconclusive"])
    <Verdict.INCONCLUSIVE: 'inconclusive'>
    >>> combine_verdicts([])
    <Verdict.INCONCLUSIVE: 'inconclusive'>
    """
    seen = {Verdict(v) for v in verdicts}
    if Verdict.INCONSISTENT in seen:
        return Verdict.INCONSISTENT
    if Verdict.INCONCLUSIVE in seen or not seen:
        return Verdict.INCONCLUSIVE
    return Verdict.CONSISTENT


@dataclass(frozen=True)
class MapFeature:
    """A geometry a check wants drawn (a site, an uncertainty circle, a range annulus, a sector...).

    ``geometry`` is a shapely geometry in lon/lat (GeoJSON order); ``role`` says what it is:
    ``site``, ``uncertainty``, ``range_ring``, ``annulus``, ``sector``, ``cluster``, ``line``,
    ``control``, ``shadow``.
    """

    geometry: Any
    role: str
    label: str = ""
    properties: Mapping[str, Any] = field(default_factory=dict)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return _jsonable(value.to_dict())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _jsonable(value.item())
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


@dataclass(frozen=True)
class Share:
    """A geometric share (never a probability) of the subject site's uncertainty area.

    ``sure``: the share of the area where the claim holds for sure (other sites taken
    worst-case); ``possible``: where it can hold (other sites best-case); ``0 <= sure <=
    possible <= 1``. ``subject`` names the check's parameter whose area is shared out (e.g.
    ``launch``). See :mod:`geoverify.checks.rules` for the method and its tolerance.

    >>> Share(0.25, 0.75, "launch").to_dict()
    {'sure': 0.25, 'possible': 0.75}
    """

    sure: float
    possible: float
    subject: str = ""

    def to_dict(self) -> dict[str, float]:
        """Return ``{"sure": x, "possible": y}`` (the report's JSON contract)."""
        return {"sure": float(self.sure), "possible": float(self.possible)}


@dataclass(frozen=True)
class Decider:
    """What would decide an inconclusive check: one site located to within ``radius_m``.

    ``site`` is the check's parameter name for the site (``launch``, ``target``,
    ``sites[2]``...; a case report maps it to the site's id), ``label`` its readable name.

    >>> Decider("target", 2400.0, "Conoco field").describe()
    'decided if Conoco field is located to within 2.4 km'
    """

    site: str
    radius_m: float
    label: str = ""

    def describe(self) -> str:
        """Return the finding as a phrase; the radius is rounded down, never up."""
        r = float(self.radius_m)
        if r >= 10_000:
            text = f"{math.floor(r / 100) / 10:.1f} km"
        elif r >= 1000:
            text = f"{math.floor(r / 10) / 100:.2f}".rstrip("0").rstrip(".") + " km"
        else:
            text = f"{math.floor(r):.0f} m"
        return f"decided if {self.label or self.site} is located to within {text}"

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"site", "label", "radius_m"}``."""
        return {"site": self.site, "label": self.label, "radius_m": float(self.radius_m)}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    ``values`` holds the measured numbers (metres, degrees, seconds: the unit in the key,
    e.g. ``distance_min_m``); ``margin`` is the signed slack to the nearest limit in
    ``margin_unit`` (positive: inside the limit with room to spare, negative: beyond it,
    ``None`` when it does not apply); ``explanation`` is one plain sentence a reader can audit.

    Graded answers, beside the worst-case verdict (None / empty when the check has none):
    ``share`` (a :class:`Share` of the subject site's area), ``centre_verdict`` (the verdict
    with every site at its best point, radius 0) and ``decides_if`` (for an inconclusive
    check, the :class:`Decider` radius of each site that would decide it alone).

    ``status`` is ``run``, or ``not_run`` for a check that did not run (its verdict is then
    ``inconclusive`` and its explanation says why); reports leave it out of the overall verdict.
    """

    kind: str
    verdict: Verdict
    explanation: str
    values: Mapping[str, Any] = field(default_factory=dict)
    margin: float | None = None
    margin_unit: str | None = "m"
    inputs: Mapping[str, Any] = field(default_factory=dict)
    method: str = ""
    id: str = ""
    features: tuple[MapFeature, ...] = field(default=(), compare=False)
    share: Share | None = None
    centre_verdict: Verdict | None = None
    decides_if: tuple[Decider, ...] = ()
    status: str = "run"

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        if self.centre_verdict is not None:
            object.__setattr__(self, "centre_verdict", Verdict(self.centre_verdict))
        object.__setattr__(self, "decides_if", tuple(self.decides_if))
        if self.status not in STATUSES:
            from geoverify.errors import CheckError

            raise CheckError(f"check status {self.status!r:.60} is not one of "
                             f"{', '.join(STATUSES)}")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (features are left to the GeoJSON/KML writers)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "verdict": str(self.verdict),
            "explanation": self.explanation,
            "values": _jsonable(dict(self.values)),
            "margin": _jsonable(self.margin),
            "margin_unit": self.margin_unit,
            "inputs": _jsonable(dict(self.inputs)),
            "method": self.method,
            "share": self.share.to_dict() if self.share is not None else None,
            "centre_verdict": str(self.centre_verdict) if self.centre_verdict else None,
            "decides_if": [d.to_dict() for d in self.decides_if],
            "status": self.status,
        }
