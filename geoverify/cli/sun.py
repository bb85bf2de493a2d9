"""``geoverify sun PLACE TIME``: where the sun was, and sunrise, sunset and twilight that day.

PLACE is a coordinate text in any notation or a place name (through
:func:`geoverify.locate.site_from_text`); TIME is ISO 8601 with a UTC offset, ``Z`` or an IANA
zone name (``2022-01-05T07:30+02:00``, ``2022-01-05T07:30 Asia/Damascus``). A time without a
zone is refused (exit 2), never guessed; ``--zone`` names the zone explicitly instead.

JSON keys: ``place`` (the site), ``time`` (as given, ISO 8601 with offset), ``time_utc``,
``zone``, ``azimuth_deg`` (clockwise from true north), ``elevation_deg`` (true),
``apparent_elevation_deg`` (with refraction), ``hour_angle_deg``, ``declination_deg``,
``shadow_azimuth_deg`` and ``shadow_length_ratio`` (``null`` with the sun down),
``elevation_uncertainty_deg`` (from the place's uncertainty), and for the local date of TIME
in its zone: ``local_date``, ``sunrise``, ``sunset``, ``solar_noon``, ``civil_dawn``,
``civil_dusk``, ``nautical_dawn``, ``nautical_dusk``, ``astronomical_dawn``,
``astronomical_dusk`` (ISO 8601 with offset, ``null`` when the event does not happen that
day), ``solar_noon_elevation_deg``, ``day_length_s`` and ``conditions`` (per event kind:
``rises_and_sets``, ``always_above`` or ``always_below``).

Examples
--------
>>> from geoverify.cli import main
>>> main(["sun", "34.95629, 40.54139", "2022-01-05T07:30 Asia/Damascus"])
34.95629, 40.54139 at 2022-01-05T07:30:00+02:00 (Asia/Damascus)
  sun azimuth 127.07°, elevation 10.23° (apparent 10.31°)
  sunrise 06:26:12, solar noon 11:23:09, sunset 16:20:16 (+02:00)
  civil twilight 05:58:17–16:48:11, nautical 05:26:49–17:19:39, astronomical 04:56:08–17:50:21
0
"""

from __future__ import annotations

import math
from datetime import UTC, timedelta, timezone, tzinfo
from typing import Any

from geoverify.errors import GeoverifyError

__all__ = ["register", "run", "sun_report"]


def register(subparsers: Any) -> None:
    """Add the ``sun`` subcommand to the ``geoverify`` parser."""
    parser = subparsers.add_parser(
        "sun",
        help="sun position, sunrise, sunset and twilight at a place and time",
        description=(
            "Solar azimuth and elevation (NREL SPA) at PLACE and TIME, and sunrise, sunset, "
            "solar noon and twilight for TIME's local date. TIME must carry a UTC offset or a "
            "zone name (2022-01-05T07:30+02:00, 2022-01-05T07:30 Asia/Damascus)."
        ),
    )
    parser.add_argument("place", metavar="PLACE", help="coordinates (any notation) or a place name")
    parser.add_argument("time", metavar="TIME", help="ISO 8601 time with an offset or zone name")
    parser.add_argument("--zone", default=None,
                        help="IANA zone of a TIME written without one (explicit, never guessed)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def _zone_name(tz: tzinfo | None, when: Any) -> str:
    key = getattr(tz, "key", None)
    if key:
        return str(key)
    offset = when.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def sun_report(site: Any, when: Any) -> dict[str, Any]:
    """Return the JSON-ready sun report for a Site and an aware datetime.

    Examples
    --------
    >>> from geoverify.sites import Site
    >>> from geoverify.times import parse_time
    >>> r = sun_report(Site(34.95629, 40.54139), parse_time("2022-01-05T07:30+02:00"))
    >>> r["zone"], r["sunrise"], round(r["azimuth_deg"], 2)
    ('UTC+02:00', '2022-01-05T06:26:12+02:00', 127.07)
    """
    from geoverify.checks.daylight import angular_uncertainty_deg
    from geoverify.sun import shadow_ratio, solar_position, sun_times

    tz = when.tzinfo
    if getattr(tz, "key", None) is None:  # a fixed offset: keep it as the zone of the events
        offset = when.utcoffset() or timedelta(0)
        tz = timezone(offset)
    pos = solar_position(site.lat, site.lon, when)
    events = sun_times(site.lat, site.lon, when.date(), zone=tz).to_dict()
    up = pos.apparent_elevation_deg > 0
    ratio = float(shadow_ratio(pos.apparent_elevation_deg)) if up else None
    out: dict[str, Any] = {
        "place": site.to_dict(),
        "time": when.isoformat(),
        "time_utc": when.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "zone": _zone_name(when.tzinfo, when),
        "azimuth_deg": pos.azimuth_deg,
        "elevation_deg": pos.elevation_deg,
        "apparent_elevation_deg": pos.apparent_elevation_deg,
        "hour_angle_deg": pos.hour_angle_deg,
        "declination_deg": pos.declination_deg,
        "shadow_azimuth_deg": (pos.azimuth_deg + 180.0) % 360.0 if up else None,
        "shadow_length_ratio": ratio if ratio is not None and math.isfinite(ratio) else None,
        "elevation_uncertainty_deg": angular_uncertainty_deg(site.uncertainty_m),
        "local_date": events.pop("date"),
    }
    events.pop("zone")
    out.update(events)
    out["method"] = "NREL SPA (Reda & Andreas 2004), geoverify.sun; rise/set at -0.8333 deg"
    return out


def _hms(text: str | None) -> str:
    return text[11:19] if text else "none"


def run(args: Any) -> int:
    """Run ``geoverify sun``; return the exit status."""
    from geoverify.cli import print_json
    from geoverify.cli._options import print_safe
    from geoverify.locate import site_from_text
    from geoverify.times import parse_time

    if not args.place.strip():
        raise GeoverifyError("PLACE is empty; give coordinates or a place name")
    if args.zone is not None:
        try:
            parse_time(args.time)
        except GeoverifyError:
            pass  # no zone of its own: --zone supplies it
        else:
            raise GeoverifyError(f"time {args.time!r} already carries a UTC offset or zone; "
                                 f"--zone {args.zone!r} is only for a time written without one")
    when = parse_time(args.time, zone=args.zone)
    site = site_from_text(args.place)
    try:
        report = sun_report(site, when)
    except OverflowError:  # an event of that local day falls outside years 1-9999
        raise GeoverifyError(f"time {args.time!r}: the sun's events that day fall outside the "
                             "dates Python can represent (years 1 to 9999)") from None
    if args.json:
        print_json(report)
        return 0
    name = site.name or f"{site.lat:.5f}, {site.lon:.5f}"
    offset = report["sunrise"][19:] if report["sunrise"] else report["solar_noon"][19:]
    print_safe(f"{name} at {report['time']} ({report['zone']})")
    print(f"  sun azimuth {report['azimuth_deg']:.2f}°, elevation {report['elevation_deg']:.2f}° "
          f"(apparent {report['apparent_elevation_deg']:.2f}°)")
    cond = report["conditions"]
    if cond["sun"] != "rises_and_sets":
        polar = "polar day" if cond["sun"] == "always_above" else "polar night"
        print(f"  no sunrise or sunset that day ({polar}), "
              f"solar noon {_hms(report['solar_noon'])} ({offset})")
    else:
        print(f"  sunrise {_hms(report['sunrise'])}, solar noon {_hms(report['solar_noon'])}, "
              f"sunset {_hms(report['sunset'])} ({offset})")
    print(f"  civil twilight {_hms(report['civil_dawn'])}–{_hms(report['civil_dusk'])}, "
          f"nautical {_hms(report['nautical_dawn'])}–{_hms(report['nautical_dusk'])}, "
          f"astronomical {_hms(report['astronomical_dawn'])}–{_hms(report['astronomical_dusk'])}")
    return 0
