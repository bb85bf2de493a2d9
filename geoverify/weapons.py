"""The weapon catalogue: sourced minimum and maximum ranges, classes, families and press words.

The table is ``data/weapons.csv`` (shipped in the package). Every row names its sources; a
range figure is ``sourced``, ``unverified`` (the commonly quoted figure, kept and marked as
such because no stored source confirms it) or ``unknown`` (no figure: checks answer
``inconclusive`` for that weapon). ``range_status`` qualifies the maximum range,
``min_range_status`` the minimum.

Reporters' words are matched after normalization (case, accents, hyphens, ``107mm`` =
``107 mm``, plurals). An alias shared by several rows is a *press word*: "Katyusha" is a label
for 107 mm and 122 mm rockets alike, so :func:`resolve_weapons` returns both. A *class word*
("rockets", "mortar rounds", "artillery", "drones": :data:`CLASS_WORDS`, and every class name
of the table) names every catalogue weapon of that class. Python (``check_range(...,
weapon="rockets")``), case files (``weapon: rockets``) and the command line
(``geoverify weapons rockets``) all resolve words here.

Examples
--------
>>> [w.id for w in resolve_weapons("Katyusha")]
['107mm-type63', '122mm-9m22u']
>>> w = get_weapon("122mm-9m22u")
>>> w.min_range_m, w.max_range_m, w.range_status
(1600.0, 20000.0, 'sourced')
>>> resolve_weapons("107mm rockets")[0].max_range_m
8050.0
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geoverify.errors import QUOTE_LIMIT, CheckError, DataFileError, quoted

__all__ = [
    "Weapon",
    "RANGE_STATUSES",
    "CLASS_WORDS",
    "weapon_class_of",
    "class_weapons",
    "catalogue",
    "get_weapon",
    "resolve_weapons",
    "press_words",
    "load_catalogue",
    "normalize_weapon_name",
]

#: Allowed values of ``range_status`` and ``min_range_status``.
RANGE_STATUSES = ("sourced", "unverified", "unknown")

_COLUMNS = (
    "id", "name", "class", "calibre_mm", "min_range_m", "max_range_m", "family", "aliases",
    "range_status", "min_range_status", "source", "note",
)
# words that say what a thing is, not which one: dropped in a second matching pass
_GENERIC = {"rocket", "missile", "round", "shell", "projectile", "launcher"}

#: Reporters' words for a whole class of weapons -> the catalogue class they name (matched
#: after :func:`normalize_weapon_name`, so plurals and hyphens are covered; a trailing
#: bracket, "rockets (type unknown)", is ignored). Every class name of the table is a class
#: word too ("guided rocket", "ballistic missile").
CLASS_WORDS: dict[str, str] = {
    "rocket": "rocket",
    "unguided rocket": "rocket",
    "mortar": "mortar",
    "mortar round": "mortar",
    "mortar shell": "mortar",
    "mortar bomb": "mortar",
    "artillery": "artillery",
    "artillery round": "artillery",
    "artillery shell": "artillery",
    "drone": "drone",
    "one way attack drone": "drone",
}


@dataclass(frozen=True)
class Weapon:
    """One row of the weapon catalogue; ranges in metres (``None`` = not known).

    Examples
    --------
    >>> w = get_weapon("m224-60mm")
    >>> w.weapon_class, w.calibre_mm, w.min_range_m, w.max_range_m
    ('mortar', 60.0, 70.0, 3490.0)
    >>> w.to_dict()["range_status"]
    'sourced'
    """

    id: str
    name: str
    weapon_class: str
    calibre_mm: float | None
    min_range_m: float | None
    max_range_m: float | None
    family: str
    aliases: tuple[str, ...]
    range_status: str
    min_range_status: str
    source: str
    note: str = ""

    @property
    def max_range_known(self) -> bool:
        """Whether the catalogue gives a maximum range (sourced or unverified)."""
        return self.max_range_m is not None

    def range_text(self, *, brackets: bool = True) -> str:
        """Return the envelope as short text, e.g. ``'1.6 to 20 km'`` or ``'at most 8.05 km'``.

        >>> get_weapon("107mm-type63").range_text()
        'at most 8.05 km (unverified figure)'
        >>> get_weapon("122mm-9m22u").range_text()
        '1.6 to 20 km'
        >>> get_weapon("gmlrs-m31").range_text(brackets=False)
        '15 to 70 km, unverified minimum'
        """
        def km(m: float) -> str:
            return f"{m / 1000:.2f}".rstrip("0").rstrip(".")

        if self.max_range_m is None:
            return "range unknown"
        text = (f"{km(self.min_range_m)} to {km(self.max_range_m)} km" if self.min_range_m
                else f"at most {km(self.max_range_m)} km")
        flags = []
        if self.range_status == "unverified":
            flags.append("unverified figure")
        if self.min_range_m and self.min_range_status == "unverified":
            flags.append("unverified minimum")
        if not flags:
            return text
        return f"{text} ({', '.join(flags)})" if brackets else f"{text}, {', '.join(flags)}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (aliases as a list)."""
        out = asdict(self)
        out["aliases"] = list(self.aliases)
        return out


@lru_cache(maxsize=4096)
def normalize_weapon_name(text: str) -> str:
    """Return ``text`` normalized for matching: lower case, no accents, ``107mm`` -> ``107 mm``.

    >>> normalize_weapon_name("  Katyushas ")
    'katyusha'
    >>> normalize_weapon_name("107mm Type-63 rockets")
    '107 mm type 63 rocket'
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[-_/.,()'\"]+", " ", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)
    text = re.sub(r"([a-z])(\d)", r"\1 \2", text)
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
             for w in text.split()]
    return " ".join(words)


def _number(value: str, *, path: str, line: int, field: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise DataFileError(f"{value!r} is not a number", path=path, line=line,
                            field=field) from None
    if not number >= 0:
        raise DataFileError(f"{value!r} must be a number >= 0", path=path, line=line, field=field)
    return number


def load_catalogue(path: str | Path) -> tuple[Weapon, ...]:
    """Read and validate a weapon table in the ``data/weapons.csv`` format.

    Raises :class:`~geoverify.errors.DataFileError` naming the file, line and field of the
    first problem (missing column, bad number, unknown status, empty source, duplicate id,
    minimum above maximum).

    >>> from geoverify._paths import data_path
    >>> len(load_catalogue(data_path("weapons.csv"))) >= 20
    True
    """
    path_s = str(path)
    try:
        handle = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise DataFileError(f"cannot read the weapon table: {exc.strerror}", path=path_s) from None
    weapons: list[Weapon] = []
    seen: set[str] = set()
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataFileError(f"missing column(s) {', '.join(missing)}", path=path_s, line=1)
        for row in reader:
            line = reader.line_num
            if None in row or any(row.get(c) is None for c in _COLUMNS):
                raise DataFileError("wrong number of fields", path=path_s, line=line)
            wid = row["id"].strip()
            if not wid:
                raise DataFileError("empty id", path=path_s, line=line, field="id")
            if wid in seen:
                raise DataFileError(f"duplicate id {wid!r}", path=path_s, line=line, field="id")
            seen.add(wid)
            for field in ("range_status", "min_range_status"):
                if row[field].strip() not in RANGE_STATUSES:
                    raise DataFileError(
                        f"{row[field]!r} is not one of {', '.join(RANGE_STATUSES)}",
                        path=path_s, line=line, field=field)
            if not row["source"].strip():
                raise DataFileError("every row needs a source", path=path_s, line=line,
                                    field="source")
            lo = _number(row["min_range_m"], path=path_s, line=line, field="min_range_m")
            hi = _number(row["max_range_m"], path=path_s, line=line, field="max_range_m")
            if lo is not None and hi is not None and lo > hi:
                raise DataFileError(f"minimum range {lo} m exceeds maximum {hi} m",
                                    path=path_s, line=line, field="min_range_m")
            if (hi is None) != (row["range_status"].strip() == "unknown"):
                raise DataFileError("range_status must be 'unknown' exactly when max_range_m "
                                    "is empty", path=path_s, line=line, field="range_status")
            weapons.append(Weapon(
                id=wid,
                name=row["name"].strip(),
                weapon_class=row["class"].strip(),
                calibre_mm=_number(row["calibre_mm"], path=path_s, line=line, field="calibre_mm"),
                min_range_m=lo,
                max_range_m=hi,
                family=row["family"].strip() or wid,
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                range_status=row["range_status"].strip(),
                min_range_status=row["min_range_status"].strip(),
                source=row["source"].strip(),
                note=row["note"].strip(),
            ))
    return tuple(weapons)


@lru_cache(maxsize=1)
def catalogue() -> tuple[Weapon, ...]:
    """Return every weapon in the shipped catalogue, in table order.

    >>> catalogue()[0].id
    '107mm-type63'
    """
    from geoverify._paths import data_path

    return load_catalogue(data_path("weapons.csv"))


def weapon_class_of(word: str) -> str | None:
    """Return the catalogue class a class word names ("rockets" -> ``rocket``), else None.

    >>> weapon_class_of("Mortar rounds"), weapon_class_of("rockets (type unknown)")
    ('mortar', 'rocket')
    >>> weapon_class_of("Guided rockets"), weapon_class_of("Grad") is None
    ('guided rocket', True)
    """
    if not isinstance(word, str) or len(word) > QUOTE_LIMIT:
        return None
    key = normalize_weapon_name(re.sub(r"\s*\(.*\)\s*$", "", word))
    classes = {normalize_weapon_name(w.weapon_class): w.weapon_class for w in catalogue()}
    if key in classes:
        return classes[key]
    return CLASS_WORDS.get(key)


def class_weapons(weapon_class: str) -> tuple[Weapon, ...]:
    """Return the catalogue weapons of one class, in table order.

    >>> [w.id for w in class_weapons("mortar")][:2]
    ['m224-60mm', 'm252-81mm']
    """
    return tuple(w for w in catalogue() if w.weapon_class == weapon_class)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Map each normalized id, name, alias and family to the ids it names (in table order)."""
    index: dict[str, list[str]] = {}
    for w in catalogue():
        keys = {normalize_weapon_name(k) for k in (w.id, w.name, *w.aliases)}
        for key in keys:
            index.setdefault(key, []).append(w.id)
    families: dict[str, list[str]] = {}
    for w in catalogue():
        families.setdefault(normalize_weapon_name(w.family), []).append(w.id)
    for key, ids in families.items():  # a family name names all its rows, unless taken
        index.setdefault(key, ids)
    return {k: tuple(v) for k, v in index.items()}


def press_words() -> dict[str, tuple[str, ...]]:
    """Return the aliases that name several weapons ("press words"), with the ids they name.

    >>> press_words()["katyusha"]
    ('107mm-type63', '122mm-9m22u')
    """
    out: dict[str, tuple[str, ...]] = {}
    for w in catalogue():
        for alias in w.aliases:
            key = normalize_weapon_name(alias)
            ids = _index().get(key, ())
            if len(ids) > 1:
                out[key] = ids
    return out


def get_weapon(weapon_id: str) -> Weapon:
    """Return the weapon with this catalogue id; an unknown id raises CheckError.

    >>> get_weapon("m777-he").max_range_m
    24700.0
    """
    for w in catalogue():
        if w.id == weapon_id:
            return w
    raise CheckError(f"unknown weapon id {quoted(weapon_id)} (known: {', '.join(_ids())})")


def _ids() -> list[str]:
    return [w.id for w in catalogue()]


def resolve_weapons(name: str) -> tuple[Weapon, ...]:
    """Return the weapons a reporter's word names: one for a type, several for a press word.

    Matches the id, the name, an alias or a family name after normalization; a second pass
    ignores generic words ("rocket", "missile"...); a class word ("rockets", "mortar",
    "artillery", "drones": see :func:`weapon_class_of`) names every weapon of its class. An
    unknown name raises :class:`~geoverify.errors.CheckError` listing the closest known names.

    Examples
    --------
    >>> [w.id for w in resolve_weapons("Grad")]
    ['122mm-9m22u', '122mm-m21of']
    >>> resolve_weapons("Type 63")[0].calibre_mm
    107.0
    >>> {w.weapon_class for w in resolve_weapons("rockets")}
    {'rocket'}
    >>> resolve_weapons("Katyuska")
    Traceback (most recent call last):
    ...
    geoverify.errors.CheckError: unknown weapon 'Katyuska'; closest known names: katyusha, ...
    """
    if not isinstance(name, str) or not name.strip():
        raise CheckError(f"weapon name {quoted(name)} is empty or not text")
    index = _index()
    key = normalize_weapon_name(name)
    ids = index.get(key)
    if ids is None:
        stripped = " ".join(w for w in key.split() if w not in _GENERIC)
        ids = index.get(stripped)
        if ids is None:
            for k, v in index.items():
                if " ".join(w for w in k.split() if w not in _GENERIC) == stripped and stripped:
                    ids = v
                    break
    if not ids:
        weapon_class = weapon_class_of(name)
        if weapon_class is not None:
            return class_weapons(weapon_class)
        close = (difflib.get_close_matches(key, list(index), n=5, cutoff=0.5)
                 if len(key) <= QUOTE_LIMIT else [])
        hint = f"closest known names: {', '.join(close)}" if close else (
            f"known ids: {', '.join(_ids())}")
        raise CheckError(f"unknown weapon {quoted(name)}; {hint}")
    by_id = {w.id: w for w in catalogue()}
    return tuple(by_id[i] for i in ids)
