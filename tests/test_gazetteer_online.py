"""Online geocoding through geopy against a real HTTP server on 127.0.0.1 speaking Nominatim's
``/search`` and ``/reverse`` JSON: cache hits, the rate limit, timeouts, clear errors."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from geoverify.errors import GeocoderUnavailable
from geoverify.gazetteer.online import OnlineGeocoder, RateLimiter

SEARCH = [{
    "place_id": 1, "osm_type": "node", "osm_id": 123, "lat": "35.0198200", "lon": "40.4515400",
    "display_name": "الميادين, ناحية الميادين, منطقة الميادين, محافظة دير الزور, سوريا",
    "name": "الميادين", "class": "place", "type": "town", "importance": 0.5,
    "boundingbox": ["34.9798", "35.0598", "40.4115", "40.4915"],
    "address": {"town": "الميادين", "country": "سوريا", "country_code": "sy"},
}]
REVERSE = {
    "place_id": 2, "osm_type": "node", "osm_id": 124, "lat": "34.95629", "lon": "40.54139",
    "display_name": "القورية, ناحية العشارة, سوريا", "name": "القورية",
    "address": {"village": "القورية", "country_code": "sy"},
    "boundingbox": ["34.94", "34.97", "40.53", "40.55"],
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[float, str, dict]] = []
    delay = 0.0
    #: statuses to answer first, one per request: (status, headers)
    refusals: list[tuple[int, dict]] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        params = parse_qs(url.query)
        type(self).requests.append((time.monotonic(), url.path, params))
        if type(self).delay:
            time.sleep(type(self).delay)
        if type(self).refusals:
            status, headers = type(self).refusals.pop(0)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/search":
            body = SEARCH if params.get("q", [""])[0] != "nowhere" else []
        elif url.path == "/reverse":
            body = REVERSE
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    _Handler.requests = []
    _Handler.delay = 0.0
    _Handler.refusals = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _geocoder(server, **kw):
    kw.setdefault("min_delay_seconds", 0.0)
    return OnlineGeocoder("nominatim", user_agent="geoverify-tests/1.0 (test@example.org)",
                          domain=f"127.0.0.1:{server.server_address[1]}", scheme="http", **kw)


def test_search_and_cache_hit(server):
    g = _geocoder(server)
    first = g.geocode("Mayadin")
    second = g.geocode("Mayadin")
    assert len(_Handler.requests) == 1  # the second answer came from the disk cache
    assert first == second
    best = first.best
    assert (best.lat, best.lon) == (35.01982, 40.45154)
    assert best.source == "online:nominatim" and best.country == "SY"
    assert 4000 < best.uncertainty_m < 7000  # half the diagonal of the 0.08° box
    path, params = _Handler.requests[0][1], _Handler.requests[0][2]
    assert path == "/search" and params["q"] == ["Mayadin"] and params["format"] == ["json"]


def test_cache_survives_a_new_geocoder_and_can_be_disabled(server):
    _geocoder(server).geocode("Hajin")
    _geocoder(server).geocode("Hajin")
    assert len(_Handler.requests) == 1
    _geocoder(server, cache=False).geocode("Hajin")
    assert len(_Handler.requests) == 2


def test_nothing_found(server):
    result = _geocoder(server).geocode("nowhere")
    assert result.candidates == () and not result.ambiguous


def test_reverse(server):
    found = _geocoder(server).reverse(34.95629, 40.54139)
    assert found[0]["raw"]["name"] == "القورية"
    assert _Handler.requests[0][1] == "/reverse"


def test_rate_limit_spaces_requests(server):
    g = _geocoder(server, min_delay_seconds=0.6)
    for q in ("a1", "a2", "a3"):
        g.geocode(q)
    times = [t for t, _, _ in _Handler.requests]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 3 and all(gap >= 0.55 for gap in gaps), gaps


def test_nominatim_default_rate_is_one_per_second():
    g = OnlineGeocoder("nominatim", user_agent="geoverify-tests/1.0", domain="127.0.0.1:9")
    assert g._limiter.min_delay == 1.0
    limiter = RateLimiter(0.2)
    assert limiter.wait() == 0.0
    start = time.monotonic()
    limiter.wait()
    assert time.monotonic() - start >= 0.18


def test_timeout_is_a_clear_error(server):
    _Handler.delay = 1.5
    g = _geocoder(server, timeout=0.3)
    with pytest.raises(GeocoderUnavailable, match="timed out"):
        g.geocode("slow place")


def test_unreachable_service_is_a_clear_error():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    g = OnlineGeocoder("nominatim", user_agent="geoverify-tests/1.0", domain=f"127.0.0.1:{port}",
                       scheme="http", timeout=2, min_delay_seconds=0)
    with pytest.raises(GeocoderUnavailable) as info:
        g.geocode("anything")
    assert "nominatim" in str(info.value)


def test_user_agent_required():
    with pytest.raises(GeocoderUnavailable, match="user_agent"):
        OnlineGeocoder("nominatim", user_agent="")


# ------------------------------------------------------------------ issue 10 D13
def test_retry_after_longer_than_the_timeout_gives_up_at_once(server):
    # before: HTTP 429 with Retry-After: 120 blocked for 240 s (two retries by the adapter)
    _Handler.refusals = [(429, {"Retry-After": "120"})] * 3
    g = _geocoder(server, timeout=2)
    start = time.monotonic()
    with pytest.raises(GeocoderUnavailable, match="gave up.*retry after 120 s") as info:
        g.geocode("Mayadin")
    assert time.monotonic() - start < 2.0  # well under one Retry-After, within the timeout
    assert len(_Handler.requests) == 1 and "1 request" in str(info.value)


def test_retry_after_within_the_timeout_is_waited_for(server):
    _Handler.refusals = [(429, {"Retry-After": "1"})]
    g = _geocoder(server, timeout=5)
    best = g.geocode("Mayadin").best
    assert (best.lat, best.lon) == (35.01982, 40.45154)
    times = [t for t, _, _ in _Handler.requests]
    assert len(times) == 2 and times[1] - times[0] >= 0.95


def test_total_wait_is_bounded_by_the_timeout(server):
    # a slow service that keeps answering 503: requests, waits and retries end by the timeout
    _Handler.delay = 0.5
    _Handler.refusals = [(503, {"Retry-After": "0"})] * 10
    g = _geocoder(server, timeout=1.8)
    start = time.monotonic()
    with pytest.raises(GeocoderUnavailable, match="gave up|timed out"):
        g.geocode("Hajin")
    assert time.monotonic() - start < 1.8 + 0.5
    assert len(_Handler.requests) <= 3


def test_rate_limit_wait_past_the_timeout_gives_up(server):
    g = _geocoder(server, timeout=1, min_delay_seconds=30)
    g.geocode("first")
    start = time.monotonic()
    with pytest.raises(GeocoderUnavailable, match="rate limit allows no request"):
        g.geocode("second")
    assert time.monotonic() - start < 1.0 and len(_Handler.requests) == 1


def _entry_path(g, query):
    return g._cache_path("geocode", query, {"limit": 10})


@pytest.mark.parametrize("tamper", [
    lambda e: "not an object",
    lambda e: {**e, "results": "x"},
    lambda e: {**e, "results": [{**e["results"][0], "lat": 95.0}]},
    lambda e: {**e, "results": [{**e["results"][0], "lat": float("nan")}]},
    lambda e: {**e, "results": [{**e["results"][0], "lon": "40.45"}]},
    lambda e: {**e, "results": [{k: v for k, v in e["results"][0].items() if k != "lat"}]},
    lambda e: {**e, "results": [{**e["results"][0], "raw": ["not", "a", "dict"]}]},
    lambda e: {**e, "results": [None]},
], ids=["not an object", "results text", "lat 95", "lat NaN", "lon text", "no lat", "raw list",
        "null result"])
def test_a_tampered_cache_entry_is_a_miss_with_a_warning(server, tamper):
    from geoverify.gazetteer.online import OnlineCacheWarning

    g = _geocoder(server)
    g.geocode("Mayadin")
    path = _entry_path(g, "Mayadin")
    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(tamper(entry)), encoding="utf-8")
    with pytest.warns(OnlineCacheWarning, match="not valid"):
        best = g.geocode("Mayadin").best
    assert (best.lat, best.lon) == (35.01982, 40.45154)
    assert len(_Handler.requests) == 2  # fetched again, and the entry repaired
    g.geocode("Mayadin")
    assert len(_Handler.requests) == 2


def test_tampered_raw_fields_do_not_break_the_result(server):
    g = _geocoder(server)
    g.geocode("Mayadin")
    path = _entry_path(g, "Mayadin")
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["results"][0]["raw"].update(importance="very", address=7, boundingbox="x")
    path.write_text(json.dumps(entry), encoding="utf-8")
    best = g.geocode("Mayadin").best
    assert best.country == "" and best.uncertainty_m == 1000.0 and len(_Handler.requests) == 1


def test_empty_answers_expire(server):
    from geoverify.gazetteer.online import EMPTY_ANSWER_TTL_SECONDS

    g = _geocoder(server)
    assert g.geocode("nowhere").candidates == ()
    assert g.geocode("nowhere").candidates == () and len(_Handler.requests) == 1
    path = _entry_path(g, "nowhere")
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["time"] -= EMPTY_ANSWER_TTL_SECONDS + 60
    path.write_text(json.dumps(entry), encoding="utf-8")
    g.geocode("nowhere")
    assert len(_Handler.requests) == 2  # asked again after the TTL
    assert EMPTY_ANSWER_TTL_SECONDS == 7 * 24 * 3600  # the README's figure
