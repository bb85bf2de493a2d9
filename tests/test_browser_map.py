"""The written HTML map, opened in a real headless Chromium, as a person would see it.

Chromium (Debian's ``chromium`` package; ``.ci/run`` installs it) is started by the tests with
a fresh profile and no network beyond 127.0.0.1: the page and its basemap tiles are served by
a local ``http.server``. The tests count the Leaflet paths and markers the browser actually
rendered, open every popup and tooltip (one by a real mouse click, through the DevTools
protocol) and check that the hostile text in them stayed text, and keep screenshots under
``test-artifacts/``. They skip, saying why, only where no Chromium can be found.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("folium")

from test_maps import HOSTILE, hostile_report, seed_report  # noqa: E402

from geoverify.maps import save_map  # noqa: E402

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--window-size=1200,900",
]


def find_browser() -> str | None:
    """Return the path of a Chromium/Chrome binary, or None (GEOVERIFY_CHROMIUM overrides)."""
    names = [os.environ.get("GEOVERIFY_CHROMIUM") or "", "chromium", "chromium-browser",
             "google-chrome", "google-chrome-stable", "chrome"]
    for name in names:
        if name and (path := shutil.which(name)):
            return path
    return None


BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found: install Debian's chromium (apt-get install -y chromium) or set "
           "GEOVERIFY_CHROMIUM to a Chromium/Chrome binary",
)


def _tile_png() -> bytes:
    import numpy as np
    from matplotlib.image import imsave

    buffer = io.BytesIO()
    imsave(buffer, np.full((256, 256, 3), 0.93), format="png")
    return buffer.getvalue()


@pytest.fixture
def site(tmp_path):
    """Serve ``tmp_path`` and ``/tiles/{z}/{x}/{y}.png`` on 127.0.0.1; yield (dir, base URL)."""
    tile = _tile_png()
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def do_GET(self):  # noqa: N802
            if self.path.startswith("/tiles/"):
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)
                return
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.tile_hits = hits  # type: ignore[attr-defined]
    yield tmp_path, base, hits
    server.shutdown()
    server.server_close()


def _write_map(report, folder: Path, base: str, name: str, **options) -> str:
    save_map(report, folder / name, tiles=base + "/tiles/{z}/{x}/{y}.png",
             attribution="local test tiles", **options)
    return f"{base}/{name}"


def _run(args: list[str], profile: Path, timeout: float = 90) -> subprocess.CompletedProcess:
    assert BROWSER is not None
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=timeout, check=False)


def _dump_dom(url: str, profile: Path) -> str:
    result = _run(["--virtual-time-budget=8000", "--dump-dom", url], profile)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


def _count_rendered(dom: str) -> dict[str, int]:
    """Count what the browser rendered (in the DOM, not in the page's script sources)."""
    dom = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.S | re.I)
    return {
        "paths": len(re.findall(r'<path class="leaflet-interactive"', dom)),
        "markers": len(re.findall(r'<div class="leaflet-marker-icon[^"]*"', dom)),
        "tiles": len(re.findall(r'<img[^>]*src="http://127\.0\.0\.1:\d+/tiles/', dom)),
        "overlay_checkboxes": len(re.findall(
            r'<input type="checkbox" class="leaflet-control-layers-selector"', dom)),
    }


@needs_browser
def test_layers_render_and_nothing_executes(site, tmp_path_factory):
    folder, base, hits = site
    url = _write_map(hostile_report(), folder, base, "hostile.html", context=False)
    dom = _dump_dom(url, tmp_path_factory.mktemp("profile"))
    counts = _count_rendered(dom)
    # by hand (see test_maps.hostile_report): 2 locations, 3 circles + annulus + line +
    # sector + cluster = 7 paths; 6 layers: sites, uncertainty, 2 of the coalition, 1 of
    # the local sources, 1 of the analyst
    assert counts["markers"] == 2
    assert counts["paths"] == 7
    assert counts["overlay_checkboxes"] == 6
    assert counts["tiles"] >= 1 and hits  # the basemap came from the local tile server
    body_tag = re.search(r"<body[^>]*>", dom)
    assert body_tag is not None and "data-pwned" not in body_tag.group(0)  # no payload ran
    assert 'id="gv-legend"' in dom
    rendered = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.S | re.I)
    assert not re.search(r"<img[^>]*src=\"?x", rendered)  # no payload became an element
    assert "Local &lt;b&gt;sources&lt;/b&gt;" in rendered  # the layer name shown as text


@needs_browser
def test_seed_map_renders_every_element_and_keeps_a_screenshot(site, tmp_path_factory):
    folder, base, _ = site
    report = seed_report()
    url = _write_map(report, folder, base, "seed.html", context=False)
    dom = _dump_dom(url, tmp_path_factory.mktemp("profile"))
    counts = _count_rendered(dom)
    # independent of the map code: one marker per distinct site location (unknown sites have
    # none: they are drawn as their regions); one path per distinct uncertainty circle, per
    # part of every other feature the checks drew, per part of every region where a site can
    # be, and per candidate's area
    locations = {(round(s.lat, 6), round(s.lon, 6)) for s in report.sites.values()}
    circles = {(round(s.lat, 6), round(s.lon, 6), s.uncertainty_m)
               for s in report.sites.values() if s.uncertainty_m >= 0.5}
    parts = 0
    for check in report.checks:
        for feature in check.features:
            if feature.role in ("site", "uncertainty"):
                continue
            geom = feature.geometry
            parts += len(geom.geoms) if hasattr(geom, "geoms") else 1
    region_parts = candidates = 0
    for region in report.regions.values():
        if region.region is not None and not region.empty:
            geom = region.region.geometry
            region_parts += len(geom.geoms) if hasattr(geom, "geoms") else 1
        candidates += len(region.candidates)
    assert region_parts >= 6 and candidates == 10  # six regions; 9 villages + al-Quriyah
    assert counts["markers"] == len(locations)
    assert counts["paths"] == len(circles) + parts + region_parts + candidates
    # the regions are filled in the inconclusive amber, dashed
    dom_paths = re.findall(r'<path class="leaflet-interactive"[^>]*>', dom)
    amber = [p for p in dom_paths if 'stroke="#f39c12"' in p and 'stroke-dasharray="8 4"' in p]
    assert len(amber) == region_parts
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-map-seed.png"
    result = _run(["--virtual-time-budget=8000", f"--screenshot={shot}", url],
                  tmp_path_factory.mktemp("profile"))
    assert result.returncode == 0, result.stderr[-2000:]
    _assert_screenshot(shot)


@needs_browser
def test_map_reads_offline_river_places_and_site_labels(site, tmp_path_factory):
    """Without tiles the map still shows the Euphrates, labelled places and site names."""
    folder, base, _ = site
    report = seed_report()
    path = folder / "context.html"
    save_map(report, path, tiles=None)
    url = f"{base}/context.html"
    dom = _dump_dom(url, tmp_path_factory.mktemp("profile"))
    rendered = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.S | re.I)
    assert _count_rendered(dom)["tiles"] == 0
    river = re.findall(r'<path class="leaflet-interactive"[^>]*stroke="#4a90c2"', rendered)
    assert river  # the shipped Euphrates line, clipped to the view
    places = re.findall(r'leaflet-tooltip gv-place[^"]*"[^>]*>([^<]*)<', rendered)
    # the gazetteer's places in view, by their rows' names (GeoNames 173480, 170691)
    assert "al-Mayadin" in places and "Dhiban" in places
    labels = re.findall(r'leaflet-tooltip gv-label[^"]*"[^>]*>([^<]*)<', rendered)
    names = {s.name for s in report.sites.values()}
    assert any("Green Village" in label for label in labels)
    assert all(any(n in label for label in labels) for n in names if "Tabiyah" not in n)


def _assert_screenshot(path: Path) -> None:
    import numpy as np
    from matplotlib.image import imread

    image = (imread(path)[:, :, :3] * 255).round().astype(int)
    assert image.shape[:2] == (900, 1200)
    assert image.std() > 10

    def near(rgb, tol=40):
        return int((np.abs(image - np.array(rgb)).max(axis=2) <= tol).sum())

    # marker fills and strokes in a verdict colour, and the site/uncertainty blue
    assert near((0x2C, 0x7F, 0xB8)) > 100
    assert max(near((0xF3, 0x9C, 0x12)), near((0x1A, 0x98, 0x50)),
               near((0xD7, 0x30, 0x27))) > 30


# ------------------------------------------------------------------------------------------
# the DevTools protocol: click a marker, open every popup and tooltip


class DevTools:
    """A minimal DevTools-protocol client over websocket-client (one page)."""

    def __init__(self, url: str, profile: Path) -> None:
        import websocket

        assert BROWSER is not None
        self.proc = subprocess.Popen(
            [BROWSER, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "--remote-allow-origins=*", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()

        def drain() -> None:
            assert self.proc.stderr is not None
            for line in self.proc.stderr:
                lines.put(line)

        threading.Thread(target=drain, daemon=True).start()
        deadline = time.monotonic() + 60
        port = None
        while port is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.close()
                raise AssertionError("Chromium did not open its DevTools port") from None
            if m := re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line):
                port = int(m.group(1))
        pages = []
        while not pages and time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                pages = [p for p in json.load(r) if p.get("type") == "page"]
            time.sleep(0.1)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        if getattr(self, "ws", None) is not None:
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


_FIND_MAP = ("Object.keys(window).find(k => k.startsWith('map_') && window.L && "
             "window[k] instanceof L.Map)")

_OPEN_ALL = """
(async () => {
  const map = window[%s];
  const layers = [];
  map.eachLayer(l => { if (l.getPopup && l.getPopup()) layers.push(l); });
  const tick = () => new Promise(r => setTimeout(r, 20));
  const out = [];
  for (const l of layers) {
    const at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    l.openPopup(at);
    await tick();
    const pe = l.getPopup().getElement();
    const p = pe ? pe.querySelector('.leaflet-popup-content') : null;
    l.closePopup();
    l.openTooltip(at);
    await tick();
    const t = l.getTooltip() ? l.getTooltip().getElement() : null;
    out.push({
      popup: p ? p.textContent : null,
      tooltip: t ? t.textContent : null,
      bad: (p ? p.querySelectorAll('img,script,iframe,svg,object,[onerror],[onload]').length
              : 1) + (t ? t.querySelectorAll('img,script,iframe,svg,object').length : 1),
      links: p ? Array.from(p.querySelectorAll('a')).map(a => a.href) : [],
    });
    l.closeTooltip();
  }
  return {n: layers.length, out: out, pwned: document.body.getAttribute('data-pwned'),
          title: document.title};
})()
"""


@needs_browser
def test_popups_open_on_click_and_hostile_text_stays_text(site, tmp_path_factory):
    pytest.importorskip("websocket", reason="websocket-client (test extra) drives Chromium")
    folder, base, _ = site
    url = _write_map(hostile_report(), folder, base, "popups.html", context=False)
    tools = DevTools(url, tmp_path_factory.mktemp("profile"))
    try:
        key = None
        deadline = time.monotonic() + 30
        while key is None and time.monotonic() < deadline:
            ready = tools.evaluate("document.readyState")
            key = tools.evaluate(_FIND_MAP) if ready == "complete" else None
            time.sleep(0.1)
        assert key, "the Leaflet map never appeared"
        # a real click on a marker that is not covered by anything else
        rect = tools.evaluate("""(() => {
          for (const m of document.querySelectorAll('.leaflet-marker-icon')) {
            const r = m.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            if (hit && (hit === m || m.contains(hit))) return {x: x, y: y};
          }
          return null; })()""")
        assert rect, "no marker is visible to click"
        for kind in ("mousePressed", "mouseReleased"):
            tools.call("Input.dispatchMouseEvent", type=kind, x=rect["x"], y=rect["y"],
                       button="left", clickCount=1)
        popup = None
        deadline = time.monotonic() + 10
        while popup is None and time.monotonic() < deadline:
            popup = tools.evaluate(
                "(e => e && e.textContent)(document.querySelector('.leaflet-popup-content'))")
            time.sleep(0.1)
        assert popup and "uncertainty" in popup
        ARTIFACTS.mkdir(exist_ok=True)
        import base64

        shot = tools.call("Page.captureScreenshot", format="png")
        (ARTIFACTS / "browser-map-popup.png").write_bytes(base64.b64decode(shot["data"]))

        result = tools.evaluate(_OPEN_ALL % json.dumps(key))
    finally:
        tools.close()
    assert result["n"] == 9  # 2 markers + 7 paths, each with a popup and a tooltip
    assert result["pwned"] is None
    assert result["title"] == ""
    texts = " ".join((o["popup"] or "") + " " + (o["tooltip"] or "") for o in result["out"])
    assert all(o["popup"] and o["tooltip"] for o in result["out"])
    assert all(o["bad"] == 0 for o in result["out"])
    # the hostile text is displayed literally, as the source wrote it
    assert HOSTILE in texts
    assert "Within reach" in texts and "8 rockets" in texts
    links = {href for o in result["out"] for href in o["links"]}
    assert links == {"https://example.org/a?b=1&c=2"}
