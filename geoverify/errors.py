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
]


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
