r"""Case files: YAML a person writes by hand, loaded safely; errors give the file, line and field.

The format is documented in ``data/cases/README.md`` and published as a JSON Schema
(``data/schema/case.schema.json``, :func:`case_schema`). Loading:

1. checks the size (:data:`MAX_FILE_BYTES`) and the characters (no NUL, BEL, ESC, U+FFFF...,
   neither raw nor escaped), then composes the YAML with a :class:`yaml.SafeLoader` subclass
   that refuses nesting deeper than :data:`MAX_DEPTH` before it recurses, keeping every
   node's line; a tag that would build a Python object (``!!python/object``...) or any other
   non-standard tag is refused; dates stay text (so no silent zone-less datetimes);
2. validates against the JSON Schema and maps the error path back to its line;
3. checks what a schema cannot: site and claim references, times, relative-site cycles,
   check kinds and their parameters.

Limits (each refused with a one-line error): :data:`MAX_FILE_BYTES` (5 MB),
:data:`MAX_CLAIMS` and :data:`MAX_SITES` (20,000 each), :data:`MAX_CHECKS` (10,000 explicit
checks), :data:`MAX_COUNT` (a claim's ``count``, 100,000), :data:`MAX_DEPTH` (64 levels) and
1,000,000 YAML nodes (aliases included). Error messages repeat at most 200 characters of a value.

Every problem raises :class:`~geoverify.errors.CaseFileError`:
``file X, line N, field 'claims[1].when': what is wrong``.

Examples
--------
>>> case = loads_case('''
... title: A minimal case
... timezone: Asia/Damascus
... sites:
...   quriyah: {coordinates: "34.95629, 40.54139", uncertainty_m: 1500}
... claims:
...   - {id: c1, claimant: a reporter, kind: strike, site: quriyah, when: 2022-01-05 morning}
... ''')
>>> case.claims[0].when.precision, case.sites["quriyah"].method
('part_of_day', 'coordinates')
>>> loads_case("title: x\nsites: !!python/object:os.system {}\nclaims: []")
Traceback (most recent call last):
...
geoverify.errors.CaseFileError: file <string>, line 2, field 'sites': YAML tag ...
"""

from __future__ import annotations

import inspect
import json
import math
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from geoverify._safeload import (
    MAX_DEPTH,
    YAMLTooDeep,
    bounded_loader,
    first_bad_character,
    line_of,
)
from geoverify.claims import (
    Case,
    CaseCheck,
    Claim,
    Relation,
    SiteSpec,
    Source,
    StatedLocation,
    parse_event_time,
)
from geoverify.errors import CaseFileError, GeoverifyError, listed, quoted

__all__ = [
    "load_case",
    "loads_case",
    "case_schema",
    "find_case",
    "shipped_cases",
    "SITE_LOCATION_KEYS",
    "MAX_FILE_BYTES",
    "MAX_CLAIMS",
    "MAX_SITES",
    "MAX_CHECKS",
    "MAX_COUNT",
    "MAX_DEPTH",
]

#: The keys that say how a site is located; a site has exactly one.
SITE_LOCATION_KEYS = ("coordinates", "geolocated", "place", "relative", "area")

#: The largest case file read, in bytes (5 MB: some 20,000 claims and their sites).
MAX_FILE_BYTES = 5_000_000
#: The most claims, sites and explicit checks a case may have.
MAX_CLAIMS = 20_000
MAX_SITES = 20_000
MAX_CHECKS = 10_000
#: The largest ``count`` a claim may give (rockets, rounds, drones).
MAX_COUNT = 100_000
_MAX_NODES = 1_000_000
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@lru_cache(maxsize=1)
def _loader_class() -> type:
    import yaml

    class _CaseLoader(bounded_loader(yaml.SafeLoader, max_depth=MAX_DEPTH)):  # type: ignore[misc]
        """SafeLoader that keeps dates and times as text and refuses deep nesting."""

    _CaseLoader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return _CaseLoader


def _path_str(parts: tuple[Any, ...]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "(top)"


class _Reader:
    """Turns composed YAML nodes into plain data, recording each field's line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[str, int] = {}
        self.count = 0

    def error(self, message: str, line: int | None, field_path: str | None) -> CaseFileError:
        return CaseFileError(message, path=self.path, line=line, field=field_path)

    def value(self, node: Any, loader: Any, parts: tuple[Any, ...], depth: int = 0) -> Any:
        import yaml

        self.count += 1
        line = node.start_mark.line + 1
        where = _path_str(parts)
        if self.count > _MAX_NODES or depth > MAX_DEPTH:
            raise self.error(f"the file is too large or too deeply nested (more than "
                             f"{_MAX_NODES:,} values with aliases expanded, or {MAX_DEPTH} "
                             "levels)", line, where)
        self.lines.setdefault(where, line)
        if node.tag not in _STANDARD_TAGS:
            raise self.error(
                f"YAML tag {node.tag!r} is refused: case files hold plain text, numbers, lists "
                "and mappings only (no tags that build objects)", line, where)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _STANDARD_TAGS:
                    raise self.error("mapping keys must be plain text",
                                     key_node.start_mark.line + 1, where)
                key = str(loader.construct_object(key_node))
                self._refuse_controls(key, key_node.start_mark.line + 1, where)
                if key == "<<":
                    raise self.error("YAML merge keys (<<) are not supported",
                                     key_node.start_mark.line + 1, where)
                if key in out:
                    raise self.error(f"duplicate key {quoted(key)}", key_node.start_mark.line + 1,
                                     _path_str((*parts, key)))
                self.lines[_path_str((*parts, key))] = key_node.start_mark.line + 1
                out[key] = self.value(value_node, loader, (*parts, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, loader, (*parts, i), depth + 1)
                    for i, item in enumerate(node.value)]
        value = loader.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error("numbers must be finite (no .inf or .nan)", line, where)
        if isinstance(value, str):
            self._refuse_controls(value, line, where)
        return value

    def _refuse_controls(self, text: str, line: int, where: str) -> None:
        """Refuse a value holding a control character (written as an escape in quotes)."""
        bad = first_bad_character(text)
        if bad is not None:
            raise self.error(f"the value holds the control character {bad[1]}: case files hold "
                             "plain text only", line, where)


def _field_at(text: str, offset: int) -> str | None:
    """Return the field (``claims[0].claimant``) whose text holds the character at ``offset``.

    The characters YAML refuses are blanked, the text composed again, and the deepest node
    spanning the offset named; None when that does not parse either.
    """
    import yaml

    clean = "".join(" " if first_bad_character(ch) else ch for ch in text)
    loader = _loader_class()(clean)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, YAMLTooDeep, RecursionError):
        return None
    finally:
        loader.dispose()

    def find(node: Any, parts: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if not (node.start_mark.index <= offset < max(node.end_mark.index,
                                                      node.start_mark.index + 1)):
            return None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                if key_node.start_mark.index <= offset < key_node.end_mark.index:
                    return (*parts, key)
                found = find(value_node, (*parts, key))
                if found is not None:
                    return found
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                found = find(item, (*parts, i))
                if found is not None:
                    return found
        return parts

    parts = find(node, ()) if node is not None else None
    return _path_str(parts) if parts else None


def _check_limits(data: dict[str, Any], reader: _Reader) -> None:
    """Refuse a case larger than the documented limits (claims, sites, checks, count)."""
    for key, limit in (("claims", MAX_CLAIMS), ("sites", MAX_SITES), ("checks", MAX_CHECKS)):
        value = data.get(key)
        if isinstance(value, (list, dict)) and len(value) > limit:
            raise reader.error(f"{len(value):,} {key}; a case may have at most {limit:,}",
                               reader.lines.get(key), key)
    claims = data.get("claims")
    for i, claim in enumerate(claims if isinstance(claims, list) else []):
        count = claim.get("count") if isinstance(claim, dict) else None
        if isinstance(count, int) and not isinstance(count, bool) and not (
                1 <= count <= MAX_COUNT):
            where = f"claims[{i}].count"
            raise reader.error(f"count {quoted(count, 30)} is not between 1 and {MAX_COUNT:,}",
                               reader.lines.get(where), where)


def loads_case(text: str, *, path: str = "<string>") -> Case:
    """Return the :class:`~geoverify.claims.Case` a YAML text describes.

    Parameters
    ----------
    text : str
        The YAML text.
    path : str
        The name to give in error messages (the file's path).

    Raises
    ------
    CaseFileError
        With file, line and field, for YAML errors, refused tags, schema violations and bad
        references.
    """
    import yaml

    if not isinstance(text, str):
        raise CaseFileError(f"a case is YAML text, not {type(text).__name__}", path=path)
    if len(text) > MAX_FILE_BYTES:
        raise CaseFileError(f"the case is {len(text):,} characters long; the limit is "
                            f"{MAX_FILE_BYTES:,} bytes", path=path)
    bad = first_bad_character(text)
    if bad is not None:
        offset, char = bad
        raise CaseFileError(f"the text holds the control character {char}, which YAML does not "
                            "allow: case files hold plain text only", path=path,
                            line=line_of(text, offset), field=_field_at(text, offset))
    reader = _Reader(path)
    loader = None
    try:
        try:
            loader = _loader_class()(text)
            node = loader.get_single_node()
        except YAMLTooDeep as exc:
            raise CaseFileError(f"nested more than {exc.depth} levels deep", path=path,
                                line=exc.mark.line + 1 if exc.mark is not None else None) from None
        except RecursionError:  # pragma: no cover - the bounded composer stops far earlier
            raise CaseFileError(f"nested more than {MAX_DEPTH} levels deep", path=path) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = " ".join(str(exc.problem or exc).split())
            raise CaseFileError(f"not valid YAML: {problem}", path=path, line=line) from None
        except yaml.YAMLError as exc:
            raise CaseFileError(f"not valid YAML: {' '.join(str(exc).split())}",
                                path=path) from None
        if node is None:
            raise CaseFileError("the file is empty", path=path)
        data = reader.value(node, loader, ())
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise CaseFileError("the top level must be a mapping (title:, sites:, claims: ...)",
                            path=path, line=1)
    _check_limits(data, reader)
    _precheck_sites(data, reader)
    _validate_schema(data, reader)
    return _build_case(data, reader, path)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Load a case file (a path, or the name of a shipped case such as ``"seed"``).

    Examples
    --------
    >>> case = load_case("seed")
    >>> case.id
    'seed-2022-01-05-green-village'
    """
    target = find_case(path)
    try:
        with open(target, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CaseFileError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise CaseFileError(f"the file is larger than {MAX_FILE_BYTES:,} bytes, the limit for "
                            "a case file", path=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CaseFileError(f"the file is not UTF-8 text (byte {data[exc.start]:#04x}; save it "
                            "as UTF-8)", path=str(path), line=line) from None
    case = loads_case(text, path=str(target))
    if case.id == "":
        from dataclasses import replace

        case = replace(case, id=target.stem)
    return case


def shipped_cases() -> dict[str, Path]:
    """Return the shipped case files, ``{name: path}`` sorted by name.

    Examples
    --------
    >>> "seed-2022-01-05-green-village" in shipped_cases()
    True
    """
    from geoverify._paths import data_path

    folder = data_path("cases")
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def find_case(name: str | os.PathLike[str]) -> Path:
    """Return the path of a case: an existing file, or a shipped case by name or unique prefix.

    Examples
    --------
    >>> find_case("seed").name
    'seed-2022-01-05-green-village.yaml'
    """
    if not isinstance(name, (str, os.PathLike)) or not str(name).strip():
        raise CaseFileError(f"a case is a file path or a shipped case name, not {quoted(name)}",
                            path=str(name))
    candidate = Path(name)
    if candidate.is_file():
        return candidate
    if candidate.is_dir():
        raise CaseFileError("is a directory, not a case file", path=str(name))
    text = str(name)
    cases = shipped_cases()
    if text in cases:
        return cases[text]
    stem = text[:-5] if text.endswith(".yaml") else text
    matches = [p for n, p in cases.items() if n == stem or n.startswith(stem + "-")
               or n.startswith(stem)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(p.stem for p in matches)
        raise CaseFileError(f"case name {quoted(text)} is ambiguous: {names}", path=text)
    known = listed(cases) or "none"
    raise CaseFileError(f"no such file, and no shipped case of that name (shipped: {known})",
                        path=text)


@lru_cache(maxsize=1)
def _schema_text() -> str:
    from geoverify._paths import data_path

    return data_path("schema", "case.schema.json").read_text(encoding="utf-8")


def case_schema() -> dict[str, Any]:
    """Return the JSON Schema of case files (``data/schema/case.schema.json``).

    Examples
    --------
    >>> case_schema()["title"]
    'geoverify case file'
    """
    result: dict[str, Any] = json.loads(_schema_text())
    return result


def _precheck_sites(data: dict[str, Any], reader: _Reader) -> None:
    """Give a plain message when a site has no or several location keys (before the schema)."""
    sites = data.get("sites")
    if not isinstance(sites, dict):
        return
    for sid, spec in sites.items():
        if not isinstance(spec, dict):
            continue
        keys = [k for k in SITE_LOCATION_KEYS if k in spec]
        where = f"sites.{sid}"
        if spec.get("unknown") is True:
            if keys:
                raise reader.error(
                    f"an unknown site has no {keys[0]}: it is located only by what the claims "
                    "say (bound it with within:)", reader.lines.get(f"{where}.{keys[0]}"),
                    f"{where}.{keys[0]}")
            continue
        if len(keys) != 1:
            found = ", ".join(keys) if keys else "none"
            raise reader.error(
                f"a site needs exactly one of {', '.join(SITE_LOCATION_KEYS)}, or unknown: true "
                f"(found: {found})",
                reader.lines.get(where), where)


def _validate_schema(data: dict[str, Any], reader: _Reader) -> None:
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(case_schema())
    validator = validator_cls(case_schema())
    errors = sorted(validator.iter_errors(data),
                    key=lambda e: (reader.lines.get(_path_str(tuple(e.absolute_path)), 0),
                                   len(e.absolute_path)))
    if not errors:
        return
    err = errors[0]
    # descend into the most specific sub-error of oneOf/anyOf
    while err.context:
        err = sorted(err.context, key=lambda e: -len(e.absolute_path))[0]
    parts = tuple(err.absolute_path)
    if (err.validator == "additionalProperties" and isinstance(err.instance, dict)
            and isinstance(err.schema, dict)):
        known = set(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in known]
        if extra and err.schema.get("additionalProperties") is False:
            parts = (*parts, min(extra, key=lambda k: reader.lines.get(
                _path_str((*parts, k)), 0)))
    field_path = _path_str(parts)
    line = reader.lines.get(field_path)
    while line is None and parts:
        parts = parts[:-1]
        line = reader.lines.get(_path_str(parts))
    message = err.message
    if err.validator == "additionalProperties":
        message = f"{message} (see data/cases/README.md for the fields)"
    raise reader.error(" ".join(message.split())[:300], line, field_path)


def _metres(obj: Mapping[str, Any], stem: str) -> float | None:
    """Read ``STEM_m`` or ``STEM_km`` from a mapping as metres."""
    if obj.get(f"{stem}_m") is not None:
        return float(obj[f"{stem}_m"])
    if obj.get(f"{stem}_km") is not None:
        return float(obj[f"{stem}_km"]) * 1000.0
    return None


def _build_case(data: dict[str, Any], reader: _Reader, path: str) -> Case:
    from dataclasses import replace

    lines = reader.lines

    def fail(message: str, field_path: str) -> CaseFileError:
        line = lines.get(field_path)
        probe = field_path
        while line is None and ("." in probe or "[" in probe):
            probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            line = lines.get(probe)
        return reader.error(message, line, field_path)

    zone = data.get("timezone")
    if zone is not None:
        from geoverify.claims import _zone_info

        try:
            _zone_info(zone, zone)
        except GeoverifyError as exc:
            raise fail(str(exc), "timezone") from None

    sources = tuple(
        Source(id=s["id"], title=s.get("title", ""), url=s.get("url"),
               published=None if s.get("published") is None else str(s["published"]),
               publisher=s.get("publisher"), note=s.get("note"))
        for s in data.get("sources", [])
    )
    source_ids = [s.id for s in sources]
    for i, sid in enumerate(source_ids):
        if source_ids.index(sid) != i:
            raise fail(f"duplicate source id {quoted(sid)}", f"sources[{i}].id")

    # sites
    sites: dict[str, SiteSpec] = {}
    for sid, spec in data["sites"].items():
        where = f"sites.{sid}"
        sites[sid] = _site_spec(sid, spec, where, fail, data, source_ids)
        if spec.get("within") is not None:
            within = spec["within"]
            if not spec.get("unknown"):
                raise fail("within: bounds an unknown site only (add unknown: true, or drop "
                           "within:)", f"{where}.within")
            if isinstance(within, dict):
                keys = [k for k in SITE_LOCATION_KEYS if k in within]
                if len(keys) != 1:
                    raise fail(f"within: needs exactly one of {', '.join(SITE_LOCATION_KEYS)}, "
                               "or a site id", f"{where}.within")
                inner = _site_spec(f"{sid}.within", within, f"{where}.within", fail, data,
                                   source_ids)
                sites[sid] = replace(sites[sid], within=inner)
            else:
                sites[sid] = replace(sites[sid], within=str(within))
        if spec.get("candidates"):
            sites[sid] = replace(sites[sid], candidates=tuple(str(c) for c in
                                                              spec["candidates"]))
    _check_unknown_sites(sites, fail)
    _check_site_cycles(sites, fail)

    # claims
    claims: list[Claim] = []
    for i, c in enumerate(data["claims"]):
        where = f"claims[{i}]"
        if any(x.id == c["id"] for x in claims):
            raise fail(f"duplicate claim id {quoted(c['id'])}", f"{where}.id")
        site_ids: list[str] = []
        if c.get("site") is not None:
            site_ids.append(c["site"])
        site_ids.extend(c.get("sites", []))
        for key, ref in [("site", c.get("site")), ("launch_site", c.get("launch_site")),
                         ("target_site", c.get("target_site"))] + [
                             (f"sites[{j}]", s) for j, s in enumerate(c.get("sites", []))]:
            if ref is not None and ref not in sites:
                raise fail(f"unknown site {quoted(ref)} (sites: {listed(sites)})",
                           f"{where}.{key}")
        when = None
        if c.get("when") is not None:
            raw_when = c["when"]
            text = (f"{raw_when['start']} / {raw_when['end']}" if isinstance(raw_when, dict)
                    else str(raw_when))
            try:
                when = parse_event_time(text, zone=zone)
            except GeoverifyError as exc:
                raise fail(str(exc), f"{where}.when") from None
            if c.get("date_prec") is not None:
                try:
                    when = _widen(when, int(c["date_prec"]))
                except (GeoverifyError, OverflowError):
                    from geoverify.times import RANGE_TEXT

                    raise fail(f"event time {quoted(text)} widened by UCDP date_prec "
                               f"{c['date_prec']} is out of range: {RANGE_TEXT}",
                               f"{where}.date_prec") from None
        said_at = None
        if c.get("said_at") is not None:
            from geoverify.times import parse_time

            try:
                said_at = parse_time(str(c["said_at"]), zone=zone)
            except GeoverifyError as exc:
                raise fail(str(exc), f"{where}.said_at") from None
        if c.get("light") is not None:
            from geoverify.checks.daylight import part_of_day

            try:
                part_of_day(str(c["light"]))
            except GeoverifyError as exc:
                raise fail(str(exc), f"{where}.light") from None
        if c.get("source") is not None and c["source"] not in source_ids:
            raise fail(f"unknown source {quoted(c['source'])} (sources: {listed(source_ids)})",
                       f"{where}.source")
        stated = []
        for j, st in enumerate(c.get("stated", [])):
            if st["of"] not in sites:
                raise fail(f"unknown site {quoted(st['of'])} (sites: {listed(sites)})",
                           f"{where}.stated[{j}].of")
            if sites[st["of"]].unknown:
                raise fail(f"{quoted(st['of'])} is an unknown site: a stated relation needs a "
                           "located site to be measured from", f"{where}.stated[{j}].of")
            relation = str(st["relation"]).strip().lower()
            from geoverify.sites import _compass

            if relation not in ("near", "in", "outskirts", "distance") and _compass(
                    relation) is None:
                raise fail(f"unknown relation {quoted(relation)} (near, in, outskirts, distance, "
                           "or a compass word such as north-east)", f"{where}.stated[{j}].relation")
            distance = _metres(st, "distance")
            if relation == "distance" and distance is None:
                raise fail("a stated distance needs distance_m or distance_km",
                           f"{where}.stated[{j}]")
            stated.append(StatedLocation(relation, st["of"], distance, st.get("qualifier"),
                                         _metres(st, "within"), _metres(st, "threshold")))
        source_url = c.get("url")
        if source_url is None and c.get("source") is not None:
            src = next(s for s in sources if s.id == c["source"])
            source_url = src.url
        claims.append(Claim(
            id=c["id"], claimant=c["claimant"], kind=c["kind"], sites=tuple(site_ids),
            launch_site=c.get("launch_site"), target_site=c.get("target_site"),
            said_at=said_at, when=when, weapon=c.get("weapon"), count=c.get("count"),
            actor=c.get("actor"), source=c.get("source"), url=source_url, quote=c.get("quote"),
            text=c.get("text", ""), stated=tuple(stated), light=c.get("light"),
            note=c.get("note") or c.get("assumption"),
        ))
    claim_ids = {c.id for c in claims}

    relations = []
    for i, r in enumerate(data.get("relations", [])):
        for key in ("subject", "object"):
            if r[key] not in claim_ids:
                raise fail(f"unknown claim {quoted(r[key])} (claims: {listed(sorted(claim_ids))})",
                           f"relations[{i}].{key}")
        relations.append(Relation(r["subject"], r["kind"], r["object"], r.get("note")))

    checks = []
    for i, chk in enumerate(data.get("checks", [])):
        where = f"checks[{i}]"
        params = {k: v for k, v in chk.items() if k not in ("kind", "id", "note")}
        params.update(chk.get("params", {}) if isinstance(chk.get("params"), dict) else {})
        params.pop("params", None)
        _check_params(chk["kind"], params, sites, fail, where)
        checks.append(CaseCheck(chk["kind"], params, chk.get("id"), lines.get(where)))
    for i, entry in enumerate(data.get("skip", [])):
        _check_kind_of(str(entry), fail, f"skip[{i}]")
    for key, opts in data.get("options", {}).items():
        kind = _check_kind_of(str(key), fail, f"options.{key}")
        _check_params(kind, dict(opts), sites, fail, f"options.{key}", partial=True)
    ids = [c.id for c in checks if c.id]
    for i, cid in enumerate(ids):
        if ids.index(cid) != i:
            raise fail(f"duplicate check id {quoted(cid)}", "checks")

    return Case(
        id=str(data.get("id", "")), title=data["title"], sites=sites, claims=tuple(claims),
        description=data.get("description", ""), sources=sources, relations=tuple(relations),
        checks=tuple(checks), skip=tuple(data.get("skip", [])),
        options={str(k): dict(v) for k, v in data.get("options", {}).items()},
        timezone=zone, precision_radii=data.get("precision_radii", {}), path=path,
        lines=dict(lines),
    )


def _site_spec(sid: str, spec: Mapping[str, Any], where: str, fail: Any,
               data: Mapping[str, Any], source_ids: list[str]) -> SiteSpec:
    """Return the SiteSpec of one site (or of a ``within:`` bound) of a case file."""
    from geoverify.sites import RelativeLocation, parse_relative

    if spec.get("unknown") is True:
        for key in ("uncertainty_m", "precision"):
            if spec.get(key) is not None:
                raise fail(f"an unknown site has no {key}: it is located only by what the "
                           "claims say (bound it with within:)", f"{where}.{key}")
        if spec.get("source") is not None and spec["source"] not in source_ids and not str(
                spec["source"]).startswith(("http://", "https://")):
            raise fail(f"unknown source {quoted(spec['source'])} (sources: "
                       f"{listed(source_ids)})", f"{where}.source")
        return SiteSpec(id=sid, method="unknown", name=spec.get("name"),
                        source=spec.get("source"), note=spec.get("note"))
    method = next(k for k in SITE_LOCATION_KEYS if k in spec)
    value = None
    relative = None
    points: tuple[tuple[float, float], ...] = ()
    hull_of: tuple[str, ...] = ()
    if method in ("coordinates", "geolocated"):
        raw = spec[method]
        value = (f"{raw[0]}, {raw[1]}" if isinstance(raw, list) else str(raw))
        if method == "geolocated" and spec.get("uncertainty_m") is None:
            raise fail("a geolocated site needs the analyst's own uncertainty_m",
                       f"{where}.geolocated")
    elif method == "place":
        value = str(spec["place"])
    elif method == "relative":
        raw = spec["relative"]
        if isinstance(raw, str):
            try:
                relative = parse_relative(raw)
            except GeoverifyError as exc:
                raise fail(str(exc), f"{where}.relative") from None
        else:
            relative = RelativeLocation(
                relation=raw["relation"], place=str(raw["of"]),
                distance_m=_metres(raw, "distance"), qualifier=raw.get("qualifier"),
                direction=raw.get("direction"), within_m=_metres(raw, "within"))
            if relative.relation == "offset" and (relative.distance_m is None
                                                  or relative.direction is None):
                raise fail("relation 'offset' needs distance_m (or distance_km) and "
                           "direction", f"{where}.relative")
            if relative.relation == "distance" and relative.distance_m is None:
                raise fail("relation 'distance' needs distance_m (or distance_km)",
                           f"{where}.relative")
            if relative.relation == "sector" and relative.direction is None:
                raise fail("relation 'sector' needs a direction", f"{where}.relative")
        if relative.direction is not None:
            from geoverify.sites import _compass

            if _compass(relative.direction) is None:
                raise fail(f"unknown compass direction {quoted(relative.direction)}",
                           f"{where}.relative")
        if relative.qualifier is not None:
            from geoverify.sites import _distance_band

            try:
                _distance_band(1.0, relative.qualifier)
            except GeoverifyError as exc:
                raise fail(str(exc), f"{where}.relative") from None
    elif isinstance(spec["area"], dict):
        hull_of = tuple(str(p) for p in spec["area"]["hull_of"])
    else:
        points = tuple((float(p[0]), float(p[1])) for p in spec["area"])
    precision = spec.get("precision")
    if precision is not None:
        from geoverify.sites import precision_radius

        try:
            precision_radius(precision["scheme"], precision["code"],
                             overrides=data.get("precision_radii"))
        except GeoverifyError as exc:
            raise fail(str(exc), f"{where}.precision") from None
    rel_radius = spec.get("relative", {}).get("radius_m") if isinstance(
        spec.get("relative"), dict) else None
    if spec.get("source") is not None and spec["source"] not in source_ids and not str(
            spec["source"]).startswith(("http://", "https://")):
        raise fail(f"unknown source {quoted(spec['source'])} (sources: {listed(source_ids)})",
                   f"{where}.source")
    return SiteSpec(
        id=sid, method=method, value=value, name=spec.get("name"),
        near=spec.get("near"), country=spec.get("country"), relative=relative,
        relation_radius_m=rel_radius, points=points, uncertainty_m=spec.get("uncertainty_m"),
        precision=precision, source=spec.get("source"), note=spec.get("note"),
        hull_of=hull_of,
    )


def _check_unknown_sites(sites: Mapping[str, SiteSpec], fail: Any) -> None:
    """Refuse references that need a located site but name an unknown one (or a bad id)."""
    unknown = {sid for sid, spec in sites.items() if spec.unknown}

    def located(ref: str, where: str, what: str, *, must_exist: bool) -> None:
        if ref in unknown:
            raise fail(f"{what} {quoted(ref)} is an unknown site: it has no location to "
                       "start from (name a located site)", where)
        if must_exist and ref not in sites:
            raise fail(f"unknown site {quoted(ref)} (sites: {listed(sites)})", where)

    for sid, spec in sites.items():
        where = f"sites.{sid}"
        for s in (spec, spec.within if isinstance(spec.within, SiteSpec) else None):
            if s is None:
                continue
            at = where if s is spec else f"{where}.within"
            if s.relative is not None:
                located(s.relative.place, f"{at}.relative", "the site it is relative to",
                        must_exist=False)
            for j, ref in enumerate(s.hull_of):
                located(ref, f"{at}.area.hull_of[{j}]", "area: hull_of", must_exist=False)
                if ref == sid:
                    raise fail("an area cannot hold itself", f"{at}.area.hull_of[{j}]")
        if isinstance(spec.within, str):
            located(spec.within, f"{where}.within", "within:", must_exist=True)
            if spec.within == sid:
                raise fail("a site cannot be within itself", f"{where}.within")
        seen: set[str] = set()
        for j, ref in enumerate(spec.candidates):
            at = f"{where}.candidates[{j}]"
            located(ref, at, "the candidate", must_exist=True)
            if ref == sid:
                raise fail("a site cannot be its own candidate", at)
            if ref in seen:
                raise fail(f"candidate {quoted(ref)} is listed twice", at)
            seen.add(ref)


def _widen(when: Any, date_prec: int) -> Any:
    from datetime import timedelta

    from geoverify.claims import EventTime
    from geoverify.sites import ucdp_date_precision_days
    from geoverify.times import TimeInterval

    days = timedelta(days=ucdp_date_precision_days(date_prec))
    return EventTime(TimeInterval(when.start - days, when.end + days), "interval",
                     f"{when.text} (UCDP date_prec {date_prec})", when.part_of_day)


def _check_site_cycles(sites: Mapping[str, SiteSpec], fail: Any) -> None:
    def needs(sid: str) -> list[str]:
        spec = sites[sid]
        out = [r for r in spec.requires if r in sites]
        if isinstance(spec.within, str):
            out.append(spec.within)
        elif isinstance(spec.within, SiteSpec):
            out.extend(r for r in spec.within.requires if r in sites)
        return out

    for sid in sites:
        # depth-first along what each site needs, reporting the first circle found
        stack = [(sid, [sid])]
        while stack:
            current, chain = stack.pop()
            for nxt in needs(current):
                if nxt in chain:
                    loop = " -> ".join([*chain, nxt])
                    field = "relative" if sites[sid].relative is not None else (
                        "area" if sites[sid].hull_of else "within")
                    raise fail(f"sites refer to each other in a circle: {loop}",
                               f"sites.{sid}.{field}")
                if len(chain) < len(sites) + 1:
                    stack.append((nxt, [*chain, nxt]))


def _check_kind_of(entry: str, fail: Any, where: str) -> str:
    """Return the check kind of a check id or kind (``range:claim-2`` -> ``range``)."""
    from geoverify.checks.registry import get_check

    kind = entry.split(":", 1)[0]
    try:
        get_check(kind)
    except GeoverifyError as exc:
        raise fail(f"{quoted(entry)}: {exc}", where) from None
    return kind


def _check_params(kind: str, params: dict[str, Any], sites: Mapping[str, SiteSpec], fail: Any,
                  where: str, *, partial: bool = False) -> None:
    from geoverify.checks.registry import get_check

    try:
        spec = get_check(kind)
    except GeoverifyError as exc:
        raise fail(str(exc), f"{where}.kind") from None
    try:
        signature = inspect.signature(spec.func)
    except (TypeError, ValueError):  # pragma: no cover - builtins without signatures
        return
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    for name in params:
        if name not in signature.parameters and not accepts_any:
            allowed = ", ".join(signature.parameters)
            raise fail(f"check {quoted(kind)} has no parameter {quoted(name)} "
                       f"(parameters: {allowed})",
                       f"{where}.{name}")
    for name, param in signature.parameters.items():
        if (not partial and param.default is param.empty and param.kind in (param.POSITIONAL_ONLY,
                                                            param.POSITIONAL_OR_KEYWORD,
                                                            param.KEYWORD_ONLY)
                and name not in params):
            raise fail(f"check {kind!r} needs parameter {name!r}", where)
    for name in spec.site_params:
        if name not in params:
            continue
        refs = params[name] if isinstance(params[name], list) else [params[name]]
        for ref in refs:
            if not isinstance(ref, str) or ref not in sites:
                raise fail(f"unknown site {quoted(ref)} (sites: {listed(sites)})",
                           f"{where}.{name}")
