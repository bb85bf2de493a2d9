"""Online geocoders through geopy (opt-in): an on-disk cache, a rate limiter and clear errors.

Nothing here is used unless asked for. :class:`OnlineGeocoder` wraps any geopy geocoder
(``"nominatim"``, ``"geonames"``, ``"photon"``...) and

- caches every answer on disk (``cache_dir()/online/``, one JSON file per request, written
  atomically), so a repeated query never goes over the network again; an empty answer
  ("nothing found") is kept for :data:`EMPTY_ANSWER_TTL_SECONDS` (7 days) only. A cached
  entry is checked when read (types, finite coordinates in range): a tampered or damaged
  one is a miss, with one :class:`OnlineCacheWarning`;
- waits between requests per the service's policy (:data:`MIN_DELAY_SECONDS`; Nominatim:
  1 request per second) and needs a real ``user_agent``;
- keeps the whole call within ``timeout`` seconds: the request, the rate-limit wait, a
  retry after HTTP 429/503 when its ``Retry-After`` fits in the time left (at most
  :data:`MAX_ATTEMPTS` requests). When the time is up, or a ``Retry-After`` would go past
  it, it gives up at once with :class:`~geoverify.errors.GeocoderUnavailable` saying why;
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
import math
import threading
import time
import warnings
from typing import Any

from geoverify.errors import GeocoderUnavailable, GeoverifyError

__all__ = ["OnlineGeocoder", "MIN_DELAY_SECONDS", "RateLimiter", "EMPTY_ANSWER_TTL_SECONDS",
           "MAX_ATTEMPTS", "OnlineCacheWarning"]

#: Seconds an empty answer ("nothing found") stays in the cache: the place may be added to
#: the service later. Answers with results are kept until the cache is cleared.
EMPTY_ANSWER_TTL_SECONDS = 7 * 24 * 3600.0
#: The most requests one call makes (the first and retries after HTTP 429/503).
MAX_ATTEMPTS = 3


class OnlineCacheWarning(UserWarning):
    """A cached online answer did not check out (it is fetched again)."""

#: Minimum seconds between two requests to a service (per its usage policy).
MIN_DELAY_SECONDS: dict[str, float] = {"nominatim": 1.0, "photon": 1.0, "geonames": 1.0}
_DEFAULT_DELAY = 1.0


class RateLimiter:
    """Space calls at least ``min_delay`` seconds apart (thread-safe, monotonic clock)."""

    def __init__(self, min_delay: float) -> None:
        self.min_delay = float(min_delay)
        self._lock = threading.Lock()
        self._last = -float("inf")

    def wait(self, deadline: float | None = None) -> float:
        """Sleep until a call is allowed; return the seconds slept.

        With a ``deadline`` (``time.monotonic()`` seconds), a wait that would end after it
        does not sleep and returns ``-1`` (the caller gives up).
        """
        with self._lock:
            now = time.monotonic()
            delay = self._last + self.min_delay - now
            if deadline is not None and delay > 0 and now + delay > deadline:
                return -1.0
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
        Seconds before a call is given up (default 10): the whole call, rate-limit waits
        and retries included.
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
        from geopy.adapters import URLLibAdapter

        try:
            self.timeout = float(timeout)
        except (TypeError, ValueError):
            raise GeoverifyError(f"online geocoder: timeout {timeout!r} is not seconds") from None
        if not (math.isfinite(self.timeout) and self.timeout > 0):
            raise GeoverifyError(f"online geocoder: timeout {timeout!r} must be positive")
        # one request per attempt (the default requests adapter retries on its own, and
        # sleeps a Retry-After past any timeout): retries are this class's, within timeout
        kwargs: dict[str, Any] = dict(options, user_agent=user_agent, timeout=self.timeout,
                                      adapter_factory=URLLibAdapter)
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

    def _cached(self, path: Any) -> list[dict[str, Any]] | None:
        """Return a cached answer, or ``None``: missing, expired, or not valid (one warning)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            _warn_cache(path, f"cannot be read ({exc.strerror or exc})")
            return None
        try:
            results = _checked_entry(json.loads(text))
        except (ValueError, TypeError, KeyError) as exc:
            _warn_cache(path, str(exc))
            return None
        if results is None:  # an empty answer past its time
            return None
        return results

    def _call(self, method: str, query: str, options: dict[str, Any]) -> list[dict[str, Any]]:
        from geoverify._paths import atomic_write_text

        path = self._cache_path(method, query, options)
        if self.cache:
            cached = self._cached(path)
            if cached is not None:
                return cached
        results = self._fetch(method, query, options)
        if self.cache:
            try:
                atomic_write_text(path, json.dumps(
                    {"query": query, "method": method, "time": time.time(),
                     "results": results}, ensure_ascii=False))
            except OSError:
                pass  # a read-only cache: the answer is still returned
        return results

    def _fetch(self, method: str, query: str, options: dict[str, Any]) -> list[dict[str, Any]]:
        """Ask the service, within ``self.timeout`` seconds in all (waits and retries too)."""
        from geopy import exc as geopy_exc

        where = f"{self.service} at {self.domain}"
        start = time.monotonic()
        deadline = start + self.timeout
        attempts = 0

        def give_up(why: str) -> GeocoderGaveUp:
            return GeocoderGaveUp(
                f"{where}: gave up on {query!r} after {attempts} request(s) and "
                f"{time.monotonic() - start:.1f} s: {why} (timeout {self.timeout:g} s)")

        while True:
            if self._limiter.wait(deadline) < 0:
                raise give_up("the service's rate limit allows no request before the timeout")
            left = deadline - time.monotonic()
            if left <= 0:
                raise give_up("no time left")
            attempts += 1
            self.requests_made += 1
            try:
                found = getattr(self._geocoder, method)(query, exactly_one=False,
                                                        timeout=left, **options)
            except geopy_exc.GeocoderTimedOut:
                raise GeocoderUnavailable(f"{where}: timed out on {query!r} (timeout "
                                          f"{self.timeout:g} s)") from None
            except (geopy_exc.GeocoderRateLimited, geopy_exc.GeocoderUnavailable) as exc:
                retry_after = getattr(exc, "retry_after", None)
                wait = float(retry_after) if retry_after is not None else 1.0
                status = "rate limited" if isinstance(
                    exc, geopy_exc.GeocoderRateLimited) else "unavailable"
                if attempts >= MAX_ATTEMPTS:
                    raise give_up(f"{status} ({exc})") from None
                if time.monotonic() + wait >= deadline:
                    said = (f"it asks to retry after {retry_after:g} s"
                            if retry_after is not None else "no time for a retry")
                    raise give_up(f"{status}: {said}") from None
                time.sleep(wait)
                continue
            except geopy_exc.GeopyError as exc:
                raise GeocoderUnavailable(
                    f"{where}: {type(exc).__name__}: {exc} (query {query!r})") from None
            except OSError as exc:
                raise GeocoderUnavailable(f"{where}: {exc}") from None
            except (TypeError, ValueError) as exc:  # an option the service does not take
                raise GeoverifyError(f"{self.service}: {method}({query!r}): {exc}") from None
            return [{"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
                     "raw": loc.raw} for loc in (found or [])]

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
            importance = _fraction(raw.get("importance"))
            score = (round(60 + 40 * importance, 1) if importance is not None
                     else max(50.0, 100.0 - 5 * rank))
            address = raw.get("address")
            cands.append(Candidate(
                name=str(raw.get("name") or res["address"].split(",")[0]),
                lat=float(res["lat"]), lon=float(res["lon"]), score=score,
                kind=str(raw.get("type") or raw.get("class") or "locality"),
                country=str(address.get("country_code", "") if isinstance(address, dict)
                            else "").upper(),
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


def _fraction(value: Any) -> float | None:
    """Return a service's 0-1 number (Nominatim's ``importance``), or ``None``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and 0.0 <= number <= 1.0 else None


class GeocoderGaveUp(GeocoderUnavailable):
    """The online geocoder gave up: the caller's timeout would have been passed."""


def _warn_cache(path: Any, why: str) -> None:
    warnings.warn_explicit(f"the cached online answer {path} is not valid ({why}); asking "
                           "the service again", OnlineCacheWarning, "geoverify", 0,
                           module="geoverify.gazetteer.online")


def _checked_entry(entry: Any) -> list[dict[str, Any]] | None:
    """Return the results of a cache entry; ``None`` for an expired empty answer.

    Raises
    ------
    ValueError
        An entry of another shape: not an object, results not a list of objects with a text
        ``address``, a finite ``lat`` in [-90, 90] and ``lon`` in [-180, 180], a ``raw``
        object.
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("results"), list):
        raise ValueError("not an object with a list of results")
    results = entry["results"]
    for i, res in enumerate(results):
        if not isinstance(res, dict):
            raise ValueError(f"result {i} is not an object")
        lat, lon = res.get("lat"), res.get("lon")
        for name, value, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                    math.isfinite(value) and -limit <= value <= limit):
                raise ValueError(f"result {i}: {name} {value!r} is not a coordinate")
        if not isinstance(res.get("address"), str) or not isinstance(res.get("raw"), dict):
            raise ValueError(f"result {i}: address or raw of the wrong type")
    if not results:
        stamp = entry.get("time")
        if isinstance(stamp, bool) or not isinstance(stamp, (int, float)) or not (
                0 <= time.time() - stamp <= EMPTY_ANSWER_TTL_SECONDS):
            return None
    return results


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
