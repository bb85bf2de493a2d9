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

    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        params = parse_qs(url.query)
        type(self).requests.append((time.monotonic(), url.path, params))
        if type(self).delay:
            time.sleep(type(self).delay)
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
