"""Online geocoders through geopy (opt-in): an on-disk cache, a rate limiter and clear errors.

Nothing here is used unless asked for. :class:`OnlineGeocoder` wraps any geopy geocoder
(``"nominatim"``, ``"geonames"``, ``"photon"``...) and

- caches every answer on disk (``cache_dir()/online/``, one JSON file per request, written
  atomically), so a repeated query never goes over the network again;
- waits between requests per the service's policy (:data:`MIN_DELAY_SECONDS`; Nominatim:
  1 request per second) and needs a real ``user_agent``;
- turns timeouts, refused connections and HTTP errors into
  :class:`~geoverify.errors.GeocoderUnavailable` naming the service and the query.

Results are :class:`~geoverify.gazetteer.GeocodeResult` values like the offline ones
(source ``online:<service>``; uncertainty from the bounding box where the service gives one).

Examples
--------
>>> MIN_DELAY_SECONDS["nominatim"]
1.0
>>> OnlineGeocoder("nominatim", user_agent="")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geoverify.errors.GeocoderUnavailable: nominatim: a real user_agent is required ...
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import Any

from geoverify.errors import GeocoderUnavailable, GeoverifyError

__all__ = ["OnlineGeocoder", "MIN_DELAY_SECONDS", "RateLimiter"]

#: Minimum seconds between two requests to a service (per its usage policy).
MIN_DELAY_SECONDS: dict[str, float] = {"nominatim": 1.0, "photon": 1.0, "geonames": 1.0}
_DEFAULT_DELAY = 1.0


class RateLimiter:
    """Space calls at least ``min_delay`` seconds apart (thread-safe, monotonic clock)."""

    def __init__(self, min_delay: float) -> None:
        self.min_delay = float(min_delay)
        self._lock = threading.Lock()
        self._last = -float("inf")

    def wait(self) -> float:
        """Sleep until a call is allowed; return the seconds slept."""
        with self._lock:
            now = time.monotonic()
            delay = self._last + self.min_delay - now
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()
            return max(delay, 0.0)


_LIMITERS: dict[str, RateLimiter] = {}


def _limiter(key: str, delay: float) -> RateLimiter:
    lim = _LIMITERS.get(key)
    if lim is None or lim.min_delay != delay:
        lim = _LIMITERS[key] = RateLimiter(delay)
    return lim


class OnlineGeocoder:
    """A geopy geocoder with an on-disk cache, a rate limit and geoverify errors.

    Parameters
    ----------
    service
        A geopy service name (``geopy.geocoders.get_geocoder_for_service``): ``nominatim``,
        ``geonames``, ``photon``...
    user_agent
        Required: a real application name and contact (Nominatim's policy).
    domain, scheme
        Another server (a self-hosted Nominatim, a test server on 127.0.0.1).
    timeout
        Seconds before a request is given up (default 10).
    min_delay_seconds
        Seconds between requests (default per :data:`MIN_DELAY_SECONDS`).
    cache
        Keep answers on disk (default True).
    **options
        Passed to the geopy geocoder (e.g. ``username`` for GeoNames).
    """

    def __init__(self, service: str = "nominatim", *, user_agent: str | None = None,
                 domain: str | None = None, scheme: str | None = None, timeout: float = 10.0,
                 min_delay_seconds: float | None = None, cache: bool = True,
                 **options: Any) -> None:
        from geopy.geocoders import get_geocoder_for_service

        self.service = service.lower()
        if not user_agent or not user_agent.strip() or user_agent.startswith("geopy/"):
            raise GeocoderUnavailable(
                f"{self.service}: a real user_agent is required (the service's usage policy)")
        try:
            cls = get_geocoder_for_service(self.service)
        except Exception as exc:  # geopy's GeocoderNotFound
            raise GeoverifyError(f"online geocoder {service!r}: {exc}") from None
        kwargs: dict[str, Any] = dict(options, user_agent=user_agent, timeout=timeout)
        if domain:
            kwargs["domain"] = domain
        if scheme:
            kwargs["scheme"] = scheme
        try:
            self._geocoder = cls(**kwargs)
        except TypeError as exc:
            raise GeoverifyError(f"online geocoder {service!r}: {exc}") from None
        self.domain = domain or getattr(self._geocoder, "domain", "")
        self.cache = cache
        delay = (min_delay_seconds if min_delay_seconds is not None
                 else MIN_DELAY_SECONDS.get(self.service, _DEFAULT_DELAY))
        self._limiter = _limiter(f"{self.service}@{self.domain}", delay)
        self.requests_made = 0

    # ------------------------------------------------------------- cache
    def _cache_path(self, method: str, query: str, options: dict[str, Any]) -> Any:
        from geoverify._paths import cache_dir

        blob = json.dumps([self.service, self.domain, method, query, options], sort_keys=True,
                          default=str, ensure_ascii=False)
        digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        return cache_dir() / "online" / self.service / f"{digest}.json"

    def _call(self, method: str, query: str, options: dict[str, Any]) -> list[dict[str, Any]]:
        from geoverify._paths import atomic_write_text

        path = self._cache_path(method, query, options)
        if self.cache and path.is_file():
            try:
                return list(json.loads(path.read_text(encoding="utf-8"))["results"])
            except (ValueError, KeyError, OSError):
                pass  # a damaged cache entry is fetched again
        from geopy import exc as geopy_exc

        self._limiter.wait()
        self.requests_made += 1
        try:
            found = getattr(self._geocoder, method)(query, exactly_one=False, **options)
        except geopy_exc.GeocoderTimedOut:
            raise GeocoderUnavailable(
                f"{self.service} at {self.domain}: timed out on {query!r}") from None
        except geopy_exc.GeopyError as exc:
            raise GeocoderUnavailable(
                f"{self.service} at {self.domain}: {type(exc).__name__}: {exc} "
                f"(query {query!r})") from None
        except OSError as exc:
            raise GeocoderUnavailable(f"{self.service} at {self.domain}: {exc}") from None
        except (TypeError, ValueError) as exc:  # an option the service does not take
            raise GeoverifyError(f"{self.service}: {method}({query!r}): {exc}") from None
        results = [{"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
                    "raw": loc.raw} for loc in (found or [])]
        if self.cache:
            atomic_write_text(path, json.dumps({"query": query, "method": method,
                                                "results": results}, ensure_ascii=False))
        return results

    # ------------------------------------------------------------- API
    def geocode(self, query: str, *, limit: int = 10, **options: Any) -> Any:
        """Geocode online (or from the disk cache); return a ``GeocodeResult``."""
        from geoverify.gazetteer import AMBIGUITY_MARGIN, Candidate, GeocodeResult

        if not isinstance(query, str) or not query.strip():
            raise GeoverifyError(f"geocode: query {query!r} is empty")
        results = self._call("geocode", query.strip(), dict(options, limit=limit))
        cands = []
        for rank, res in enumerate(results[:limit]):
            raw = res.get("raw") or {}
            importance = raw.get("importance")
            score = (round(60 + 40 * float(importance), 1) if importance is not None
                     else max(50.0, 100.0 - 5 * rank))
            cands.append(Candidate(
                name=str(raw.get("name") or res["address"].split(",")[0]),
                lat=float(res["lat"]), lon=float(res["lon"]), score=score,
                kind=str(raw.get("type") or raw.get("class") or "locality"),
                country=str((raw.get("address") or {}).get("country_code", "")).upper(),
                source=f"online:{self.service}", uncertainty_m=_bbox_radius(raw, res),
                id=f"{self.service}:{raw.get('osm_type', '')}{raw.get('osm_id', rank)}",
                matched_name=res["address"], citation=f"{self.service} ({self.domain})",
                note=res["address"]))
        ambiguous = len(cands) > 1 and cands[1].score > cands[0].score - AMBIGUITY_MARGIN
        return GeocodeResult(query, ambiguous, tuple(cands))

    def reverse(self, lat: float, lon: float, **options: Any) -> list[dict[str, Any]]:
        """Reverse-geocode online (or from the cache): ``[{"address", "lat", "lon", "raw"}]``."""
        try:
            point = f"{float(lat)}, {float(lon)}"
        except (TypeError, ValueError):
            raise GeoverifyError(f"reverse: ({lat!r}, {lon!r}) is not a point") from None
        return self._call("reverse", point, options)


def _bbox_radius(raw: dict[str, Any], res: dict[str, Any]) -> float:
    """Half the diagonal of the service's bounding box (metres), at least 100 m; else 1000 m."""
    box = raw.get("boundingbox")
    if not box or len(box) != 4:
        return 1000.0
    try:
        south, north, west, east = (float(v) for v in box)
    except (TypeError, ValueError):
        return 1000.0
    from geoverify.geodesy import inverse

    return max(100.0, float(inverse(south, west, north, east).distance_m) / 2.0)
