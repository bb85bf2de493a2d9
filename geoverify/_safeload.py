r"""Bounded loading of untrusted YAML and JSON: size, nesting and characters checked first.

Case files, user place files and control layers come from people and from the internet. Before a
parser sees them, the text is checked for characters YAML cannot hold (NUL, BEL, ESC, U+FFFF...)
and, while it is parsed, for nesting deeper than :data:`MAX_DEPTH`: PyYAML's composer and
Python's ``json`` both recurse once per level, so 500 nested brackets would end in a
``RecursionError`` instead of a clear message. Every problem is a
:class:`~geoverify.errors.DataFileError` (or the subclass the caller names) with the file, the
line and, when known, the field.

Examples
--------
>>> json_loads('{"a": [1, 2]}')
{'a': [1, 2]}
>>> json_loads("[" * 100 + "]" * 100, path="deep.json")
Traceback (most recent call last):
...
geoverify.errors.DataFileError: file deep.json, line 1: nested more than 64 levels deep
>>> first_bad_character("ok\nno\x1b")
(5, 'U+001B (ESC)')
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from geoverify.errors import DataFileError

__all__ = ["MAX_DEPTH", "first_bad_character", "describe_character", "line_of",
           "bounded_loader", "YAMLTooDeep", "json_depth", "json_loads"]

#: The deepest nesting of lists and mappings a file may have (a case file needs about 6).
MAX_DEPTH = 64

# the characters a YAML stream may not hold (YAML 1.1's printable set, as PyYAML's reader)
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK "
             "SYN ETB CAN EM SUB ESC FS GS RS US").split()


def describe_character(char: str) -> str:
    r"""Return a character as ``U+XXXX (NAME)`` for an error message.

    Examples
    --------
    >>> describe_character("\x00"), describe_character("\uffff")
    ('U+0000 (NUL)', 'U+FFFF (a non-character)')
    """
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif code in (0xFFFE, 0xFFFF):
        name = "a non-character"
    elif 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = unicodedata.name(char, "a control character")
    return f"U+{code:04X} ({name})"


def first_bad_character(text: str, *, allow: str = "") -> tuple[int, str] | None:
    """Return ``(offset, description)`` of the first character YAML cannot hold, or None.

    Tab, newline and carriage return are allowed; so is any character in ``allow``.
    """
    for match in _NON_PRINTABLE.finditer(text):
        if match.group() not in allow:
            return match.start(), describe_character(match.group())
    return None


def line_of(text: str, offset: int) -> int:
    """Return the 1-based line of a character offset in ``text``."""
    return text.count("\n", 0, offset) + 1


class YAMLTooDeep(Exception):
    """Raised by a bounded loader when the nesting passes its limit (with the YAML mark)."""

    def __init__(self, mark: Any, depth: int) -> None:
        super().__init__(f"nested more than {depth} levels deep")
        self.mark = mark
        self.depth = depth


def bounded_loader(base: type, *, max_depth: int = MAX_DEPTH) -> type:
    """Return a subclass of the PyYAML loader ``base`` whose composer refuses deep nesting.

    The depth (lists and mappings, one inside the other) is counted as each is composed,
    before the composer recurses into it, so a file nested 10,000 levels deep stops at
    ``max_depth`` with :class:`YAMLTooDeep` (its ``mark`` locates the node) instead of
    exhausting Python's stack.

    Examples
    --------
    >>> import yaml
    >>> loader = bounded_loader(yaml.SafeLoader, max_depth=3)("a: [[[[1]]]]")
    >>> try:
    ...     loader.get_single_node()
    ... except YAMLTooDeep as exc:
    ...     print(exc, "at line", exc.mark.line + 1)
    nested more than 3 levels deep at line 1
    """

    class _Bounded(base):  # type: ignore[valid-type,misc]
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            import yaml

            if not self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
                return super().compose_node(parent, index)  # a scalar or an alias
            self._depth += 1
            try:
                if self._depth > max_depth:
                    raise YAMLTooDeep(self.peek_event().start_mark, max_depth)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    _Bounded.__name__ = f"Bounded{base.__name__}"
    _Bounded.__qualname__ = _Bounded.__name__
    return _Bounded


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth(text: str, *, limit: int = MAX_DEPTH) -> tuple[int, int | None]:
    """Return the nesting depth of a JSON text and the offset where it first passes ``limit``.

    Strings are skipped (a bracket inside a string does not count); the scan is linear and
    does not recurse. The offset is None when the depth stays within the limit.

    Examples
    --------
    >>> json_depth('{"a": [1, "]]]", {"b": []}]}')
    (4, None)
    """
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > limit:
                    return depth, match.start()
        elif token in "]}":
            depth -= 1
    return deepest, None


def json_loads(text: str | bytes, *, path: str | None = None, max_depth: int = MAX_DEPTH,
               max_bytes: int | None = None,
               error: type[DataFileError] = DataFileError) -> Any:
    """Return the value of a JSON text, refusing deep nesting, oversize text and bad JSON.

    Parameters
    ----------
    text : str or bytes
        The JSON text (bytes are read as UTF-8).
    path : str, optional
        The file name for error messages.
    max_depth : int
        The deepest nesting allowed (default :data:`MAX_DEPTH`).
    max_bytes : int, optional
        The largest text allowed, in bytes.
    error : type
        The :class:`~geoverify.errors.DataFileError` subclass to raise.

    Raises
    ------
    DataFileError
        With the file and line: not UTF-8, too large, nested too deep, not valid JSON
        (including NaN and Infinity, which JSON does not have).
    """
    if isinstance(text, bytes):
        if max_bytes is not None and len(text) > max_bytes:
            raise error(f"the file is {len(text):,} bytes; the limit is {max_bytes:,} bytes",
                        path=path)
        raw = text
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise error(f"not UTF-8 text (byte {raw[exc.start]:#04x})", path=path,
                        line=line) from None
    elif max_bytes is not None and len(text) > max_bytes:  # characters: at least as many bytes
        raise error(f"the text is {len(text):,} characters; the limit is {max_bytes:,} bytes",
                    path=path)
    deepest, where = json_depth(text, limit=max_depth)
    if where is not None:
        raise error(f"nested more than {max_depth} levels deep", path=path,
                    line=line_of(text, where))

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise error(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise error(f"not valid JSON: {exc}", path=path) from None
