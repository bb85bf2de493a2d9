"""The exception hierarchy: every error geoverify raises on purpose is a :class:`GeoverifyError`.

Each subclass also inherits the built-in exception a caller would naturally catch
(``ValueError`` for bad input, ``LookupError`` for a missing place, ``ConnectionError``
for an unreachable service), so ``except ValueError`` keeps working in user code.
"""

from __future__ import annotations

__all__ = [
    "GeoverifyError",
    "CoordinateParseError",
    "PlaceNotFound",
    "AmbiguousPlace",
    "CaseFileError",
    "DataFileError",
    "GeocoderUnavailable",
    "TimeParseError",
    "CheckError",
    "quoted",
    "listed",
]

#: The most characters of an input value an error message repeats.
QUOTE_LIMIT = 200


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """Return ``repr(value)`` for an error message, with at most ``limit`` characters of the value.

    Messages name the input they refuse; a value pasted from the internet can be a megabyte
    long, so every message that repeats input goes through here.

    Examples
    --------
    >>> quoted("al-Quriyah")
    "'al-Quriyah'"
    >>> quoted("x" * 1000, limit=5)
    "'xxxxx'... (1,000 characters)"
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    text = repr(value)
    if len(text) > limit + 2:
        return f"{text[:limit]}... ({len(text):,} characters)"
    return text


def listed(items: object, limit: int = 12) -> str:
    """Return items joined by commas for an error message, at most ``limit`` of them.

    Examples
    --------
    >>> listed(["a", "b"]), listed(range(100), limit=3)
    ('a, b', '0, 1, 2 and 97 more')
    """
    names = [str(item)[:QUOTE_LIMIT] for item in items]  # type: ignore[attr-defined]
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit:,} more"


class GeoverifyError(Exception):
    """Root of every error geoverify raises on purpose."""


class CoordinateParseError(GeoverifyError, ValueError):
    """A text could not be read as coordinates; the message names the text and what was wrong."""

    def __init__(self, message: str, *, text: str | None = None) -> None:
        super().__init__(message)
        self.text = text


class PlaceNotFound(GeoverifyError, LookupError):
    """No place matched a name; ``suggestions`` holds the closest names, best first."""

    def __init__(self, message: str, *, query: str | None = None,
                 suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.query = query
        self.suggestions = tuple(suggestions)


class AmbiguousPlace(GeoverifyError, LookupError):
    """A name matched two or more different places equally well and one had to be chosen."""

    def __init__(self, message: str, *, query: str | None = None,
                 candidates: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.query = query
        self.candidates = tuple(candidates)


class DataFileError(GeoverifyError, ValueError):
    """A data file (gazetteer, weapon table, control layer, user file) is malformed.

    ``path``, ``line`` and ``field`` locate the problem when known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        where = ", ".join(
            part for part in (
                f"file {path}" if path else "",
                f"line {line}" if line is not None else "",
                f"field {field!r}" if field else "",
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.field = field
        self.reason = message


class CaseFileError(DataFileError):
    """A case file (YAML) is malformed or refers to something that does not exist."""


class GeocoderUnavailable(GeoverifyError, ConnectionError):
    """An online geocoder could not be reached (offline, timed out, refused, rate limited)."""


class TimeParseError(GeoverifyError, ValueError):
    """A time could not be read, or had no time zone where one is required."""


class CheckError(GeoverifyError, ValueError):
    """A check was given inputs it cannot work with (a missing site, an unknown weapon...)."""
