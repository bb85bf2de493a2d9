"""Place names in every spelling: Latin folding, Arabic normalization, transliteration, match keys.

Three keys make the spellings of one name meet:

- :func:`latin_key` (the *L key*): case, diacritics, ʿayn/hamza marks, the Arabic article
  (al-, el-, ad-, ash-, as-, at-, az-, an-, ar-, "Al ", "El "...), q/k/g/c, kh/gh, ou/oo/u,
  e/i, the endings iyah/iya/iyeh/ieh/iye, a final -ah/-eh, doubled letters, hyphens and
  spaces all fold away: ``al-Quriyah``, ``Qouriyeh`` and ``El Qouriye`` give one key.
- :func:`arabic_key` (the *A key*): alef forms, taa marbuta/haa, alef maqsura/yaa, hamza
  seats, tatweel and harakat, and the article ال, fold away.
- :func:`consonant_key` (the *C key*), computed from Latin *or* Arabic script: the consonant
  skeleton with long vowels as w/y, short vowels dropped. It lets an Arabic query find a
  place known only by Latin names, and the reverse (``القورية`` and ``Quriyah`` → ``kwry``).

:func:`arabic_to_latin` and :func:`latin_to_arabic` are rule-based transliterations (for
display and queries; they are not scholarly romanizations).

Examples
--------
>>> latin_key("al-Quriyah") == latin_key("Qouriyeh") == latin_key("El Qouriye")
True
>>> arabic_key("القُورِيَّة") == arabic_key("القوريه")
True
>>> consonant_key("القورية"), consonant_key("al-Quriyah")
('kwry', 'kwry')
>>> arabic_to_latin("القورية")
'al-Quriyah'
>>> latin_to_arabic("al-Quriyah")
'القورية'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "is_arabic",
    "fold_latin",
    "latin_key",
    "latin_key_folded",
    "consonant_key_folded",
    "normalize_arabic",
    "arabic_key",
    "consonant_key",
    "arabic_to_latin",
    "latin_to_arabic",
    "strip_phrase",
    "fold_latin_many",
    "latin_keys_folded_many",
    "normalize_arabic_many",
    "arabic_keys_many",
    "ARTICLES",
]

#: Latin renderings of the Arabic article, dropped as a separate word before a name.
ARTICLES = frozenset(
    "al el il ul ad ed ud ash esh as es at et az ez an en ar er ath adh ed dh".split()
)

_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_HARAKAT_RE = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_DROP_APOSTROPHES = str.maketrans("", "", "'`")
# letters NFKD does not decompose to ASCII; every other non-ASCII letter (Cyrillic, CJK...) drops
_PRE_FOLD = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D",
                           "ł": "l", "Ł": "L", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})
_GLUED_ARTICLE_RE = re.compile(r"^[ae](sh|[dtzsnr])(?=\1)")
_NON_WORD_RE = re.compile(r"[^0-9a-z]+")
_NON_ARABIC_WORD_RE = re.compile(r"[^\u0621-\u064A0-9]+")

_ENDING_RE = re.compile(r"(?:iyyah|iyyeh|iyya|iyye|iyah|iyeh|iya|iye|ieh|iah)$")
_ENDINGS = ("ah", "eh", "ya", "ye")
_LATIN_SUBS = (("kh", "k"), ("gh", "k"), ("ck", "k"), ("ph", "f"), ("ou", "u"), ("oo", "u"),
               ("ee", "i"))
_LATIN_TABLE = str.maketrans({"q": "k", "g": "k", "c": "k", "e": "i", "o": "u"})
_DOUBLE_RE = re.compile(r"(.)\1+")

_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "ہ": "ه", "ۀ": "ه", "ﻻ": "لا",
})
# Arabic-Indic and Persian digits read as ASCII digits ("البرج ٢٢" is "البرج 22", not "البرج")
_ARABIC_FOLD.update({ord(d): str(i % 10) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")})

# Arabic letter -> consonant class of the C key ("" = dropped: alef, hamza, ʿayn, final haa)
_AR_CONS = {
    "ا": "", "ء": "", "ع": "", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k",
    "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "غ": "k", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "پ": "b", "چ": "j", "ڤ": "f", "گ": "k",
}
_LATIN_CONS_SUBS = (
    ("kh", "k"), ("gh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("ch", "s"), ("ph", "f"),
    ("dj", "j"), ("ck", "k"), ("ou", "w"), ("oo", "w"), ("ee", "y"), ("q", "k"), ("g", "k"),
    ("c", "k"), ("x", "ks"), ("v", "f"), ("p", "b"),
)
_LATIN_CONS_TABLE = str.maketrans({"o": "w", "u": "w", "i": "y", "e": "y", "a": None})

_AR_TO_LATIN = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ء": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}
_SUN_LETTERS = set("تثدذرزسشصضطظلن")

_LATIN_TO_AR_DIGRAPHS = (
    ("kh", "خ"), ("gh", "غ"), ("sh", "ش"), ("th", "ث"), ("dh", "ذ"), ("ch", "تش"),
)
_LATIN_TO_AR = {
    "b": "ب", "t": "ت", "j": "ج", "h": "ح", "d": "د", "r": "ر", "z": "ز", "s": "س",
    "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م", "n": "ن", "w": "و", "y": "ي",
    "g": "ج", "p": "ب", "v": "ف", "c": "ك", "x": "كس",
}

#: Generic words of reported phrases -> the feature kinds they steer towards.
GENERIC_WORDS: dict[str, tuple[str, ...]] = {
    "village": ("village", "town", "locality"),
    "town": ("town", "city", "village"),
    "city": ("city", "town"),
    "field": ("oil_field", "gas_field"),
    "oilfield": ("oil_field",),
    "gasfield": ("gas_field",),
    "oil": ("oil_field",),
    "gas": ("gas_field",),
    "plant": ("gas_field", "oil_field", "station"),
    "base": ("base", "airbase", "camp"),
    "airbase": ("airbase", "base"),
    "airport": ("airbase",),
    "crossing": ("border_crossing",),
    "camp": ("camp", "base"),
    "shrine": ("shrine",),
    "station": ("station",),
    "قرية": ("village", "town", "locality"),
    "بلدة": ("town", "village"),
    "مدينة": ("city", "town"),
    "حقل": ("oil_field", "gas_field"),
    "النفطي": ("oil_field",),
    "للغاز": ("gas_field",),
    "الغازي": ("gas_field",),
    "معمل": ("gas_field", "station"),
    "قاعدة": ("base", "airbase", "camp"),
    "مطار": ("airbase",),
    "معبر": ("border_crossing",),
    "منفذ": ("border_crossing",),
    "مخيم": ("camp",),
    "مزار": ("shrine",),
}
# words dropped from a phrase without steering anything
_FILLER = frozenset(
    "the of near in at a an us u.s. coalition us-led american military mission support site "
    "mss area region countryside district governorate province".split()
)
_ARABIC_FILLER = frozenset("في قرب بالقرب من ريف منطقة محافظة".split())


def is_arabic(text: str) -> bool:
    """Return whether ``text`` contains Arabic-script letters.

    Examples
    --------
    >>> is_arabic("حقل العمر"), is_arabic("al-Omar")
    (True, False)
    """
    return bool(_ARABIC_RE.search(text))


def fold_latin(text: str) -> str:
    """Fold a Latin-script name: lower case, no diacritics or marks, words split on non-letters.

    The Arabic article is dropped when it stands as a word before another word.

    Examples
    --------
    >>> fold_latin("Ālbū Kamāl")
    'albu kamal'
    >>> fold_latin("Dayr ‘Aţīyah")
    'dayr atiyah'
    >>> fold_latin("al-Mayādīn")
    'mayadin'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_PRE_FOLD))
        text = text.encode("ascii", "ignore").decode("ascii")
    words = _NON_WORD_RE.sub(" ", text.translate(_DROP_APOSTROPHES).lower()).split()
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i + 1 < len(words))]
    kept = [_GLUED_ARTICLE_RE.sub(r"\1", w)
            if len(w) > 4 and w[0] in "ae" and (w[1] == w[2] or w[1:3] == w[3:5]) else w
            for w in kept]
    return " ".join(kept)


def _latin_word_key(word: str) -> str:
    if len(word) > 4 and word.endswith(_ENDINGS):
        word = _ENDING_RE.sub("ia", word)
    if len(word) > 3 and (word.endswith("ah") or word.endswith("eh")):
        word = word[:-2] + "a"
    for old, new in _LATIN_SUBS:
        if old in word:
            word = word.replace(old, new)
    return _DOUBLE_RE.sub(r"\1", word.translate(_LATIN_TABLE))


def latin_key(text: str) -> str:
    """Return the L key of a Latin-script name: the spelling-insensitive form used for matching.

    Examples
    --------
    >>> latin_key("al-Omar"), latin_key("Al Umar")
    ('umar', 'umar')
    >>> latin_key("Deir ez-Zor") == latin_key("Deir Ezzor")
    True
    >>> latin_key("Albukamal") == latin_key("Albu Kamal")
    True
    >>> latin_key("Salihiyah"), latin_key("Al-Salihiyyah"), latin_key("Salhiyah")
    ('salihia', 'salihia', 'salhia')
    """
    return latin_key_folded(fold_latin(text))


def latin_key_folded(folded: str) -> str:
    """Return the L key of a name already folded by :func:`fold_latin`."""
    return "".join(_latin_word_key(w) for w in folded.split())


def normalize_arabic(text: str) -> str:
    """Normalize Arabic script: harakat and tatweel removed; alef, taa marbuta, yaa forms unified.

    Examples
    --------
    >>> normalize_arabic("إِدْلِب") == normalize_arabic("ادلب")
    True
    >>> normalize_arabic("الميـــادين")
    'الميادين'
    >>> normalize_arabic("مستشفى") == normalize_arabic("مستشفي")
    True
    >>> normalize_arabic("البرج ٢٢")
    'البرج 22'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _HARAKAT_RE.sub("", text).translate(_ARABIC_FOLD)
    return " ".join(_NON_ARABIC_WORD_RE.sub(" ", text).split())


def _arabic_words(text: str) -> list[str]:
    words = normalize_arabic(text).split()
    out = []
    for w in words:
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        elif w.startswith("وال") and len(w) > 4:
            w = w[3:]
        w = w.rstrip("ء")
        if w:
            out.append(w)
    return out


def arabic_key(text: str) -> str:
    """Return the A key of an Arabic name: normalized, article ال dropped, words joined.

    Examples
    --------
    >>> arabic_key("قرية القورية")
    'قريه قوريه'
    >>> arabic_key("الخضراء") == arabic_key("خضرا")
    True
    """
    return " ".join(_arabic_words(text))


def _collapse(key: str) -> str:
    return _DOUBLE_RE.sub(r"\1", key)


def consonant_key(text: str) -> str:
    """Return the C key: the consonant skeleton of a name in Latin or Arabic script.

    Short vowels are dropped, long vowels kept as ``w``/``y``, emphatic and plain letters
    merged, a final ``h`` (taa marbuta) dropped. Words are joined without spaces.

    Examples
    --------
    >>> consonant_key("الميادين"), consonant_key("Mayadeen"), consonant_key("al-Mayadin")
    ('mydyn', 'mydyn', 'mydyn')
    >>> consonant_key("دير الزور") == consonant_key("Deir ez-Zor") == consonant_key("Dayr az-Zawr")
    True
    """
    parts: list[str] = []
    if is_arabic(text):
        for word in _arabic_words(text):
            cons = "".join(_AR_CONS.get(ch, "") for ch in word)
            parts.append(cons[:-1] if cons.endswith("h") and len(cons) > 2 else cons)
        return _collapse("".join(parts))
    return consonant_key_folded(fold_latin(text))


def consonant_key_folded(folded: str) -> str:
    """Return the C key of a Latin name already folded by :func:`fold_latin`."""
    parts: list[str] = []
    for word in folded.split():
        for old, new in _LATIN_CONS_SUBS:
            if old in word:
                word = word.replace(old, new)
        cons = word.translate(_LATIN_CONS_TABLE)
        if cons.endswith("h") and len(cons) > 2:
            cons = cons[:-1]
        parts.append(cons)
    return _collapse("".join(parts))


def arabic_to_latin(text: str) -> str:
    """Transliterate Arabic script to a common Latin spelling (rule-based, article as ``al-``).

    Long vowels come from و/ي/ا between consonants; short vowels are not written in
    Arabic, so an ``a`` is guessed only where a word would otherwise have no vowel.

    Examples
    --------
    >>> arabic_to_latin("الميادين")
    'al-Mayadin'
    >>> arabic_to_latin("حقل العمر")
    'Haql al-Omr'
    """
    out_words = []
    for raw in normalize_arabic(text).split():
        article = ""
        word = raw
        if word.startswith("ال") and len(word) > 3:
            article, word = "al-", word[2:]
        latin = []
        n = len(word)
        for i, ch in enumerate(word):
            prev_cons = i > 0 and word[i - 1] not in "اويه"
            nxt = word[i + 1] if i + 1 < n else ""
            if ch == "ا":
                latin.append("a")
            elif ch in "وي" and i > 0 and prev_cons and nxt == "ا":
                latin.append("aw" if ch == "و" else "ay")
            elif ch == "و":
                latin.append("u" if i > 0 and prev_cons and nxt != "ا" else "w")
            elif ch == "ي":
                if i > 0 and nxt == "ه" and i + 1 == n - 1:
                    latin.append("iy")
                elif i > 0 and prev_cons:
                    latin.append("i")
                else:
                    latin.append("y")
            elif ch == "ه" and i == n - 1 and i > 0:
                latin.append("ah" if not latin[-1].endswith("a") else "h")
            elif ch == "ع" and i == 0:
                latin.append("O" if nxt == "م" else "A")
            else:
                latin.append(_AR_TO_LATIN.get(ch, ch))
                if i == 0 and n > 2 and nxt and nxt not in "اوية":
                    latin.append("a")  # Arabic words never start with two consonants
        word_latin = "".join(latin)
        if not re.search(r"[aeiouAEIOU]", word_latin):
            word_latin = word_latin[:1] + ("a" if len(word_latin) > 1 else "") + word_latin[1:]
        word_latin = word_latin.replace("'", "")
        word_latin = word_latin[:1].upper() + word_latin[1:] if word_latin else word_latin
        out_words.append(article + word_latin)
    return " ".join(out_words)


def latin_to_arabic(text: str) -> str:
    """Transliterate a Latin spelling of an Arabic name back to Arabic script (rule-based).

    Long-vowel spellings (u, ou, oo, i, ee, y) become و/ي, an initial vowel becomes ا,
    a final -a/-ah/-eh/-iyah becomes ة, medial short ``a``/``e`` are dropped.

    Examples
    --------
    >>> latin_to_arabic("al-Mayadin")
    'الميادين'
    >>> latin_to_arabic("Hajin")
    'حجين'
    """
    words = fold_latin(text).split()
    has_article = bool(re.match(r"\s*(?:al|el|a[dstznr]|a[sd]h|e[sztdnr])[-\s]", text, re.I))
    out = []
    for idx, word in enumerate(words):
        ar = []
        i = 0
        n = len(word)
        final_ta = False
        for end in ("iyah", "iyeh", "iya", "ieh", "ah", "eh"):
            if word.endswith(end) and n > len(end) + 1:
                word = word[: -len(end)] + ("iy" if end.startswith("i") else "")
                n = len(word)
                final_ta = True
                break
        else:
            if n > 2 and word.endswith("a"):
                word, n, final_ta = word[:-1], n - 1, True
        while i < n:
            pair = word[i:i + 2]
            for dig, letter in _LATIN_TO_AR_DIGRAPHS:
                if pair == dig:
                    ar.append(letter)
                    i += 2
                    break
            else:
                ch = word[i]
                if ch in "aeiouy" and i == 0:
                    ar.append("ا" if ch in "ae" else ("ي" if ch == "y" else "ا"))
                    if ch in "uo":
                        ar.append("و")
                    if ch == "i":
                        ar.append("ي")
                elif ch in "ou":
                    if not ar or ar[-1] != "و":
                        ar.append("و")
                elif ch in "iy":
                    if not ar or ar[-1] != "ي":
                        ar.append("ي")
                elif ch in "ae":
                    if ch == "a" and i > 0 and word[i - 1] in "yw":
                        ar.append("ا")
                    elif ch == "e" and i + 1 < n and word[i + 1] == "e":
                        ar.append("ي")  # "ee" is a long i ("Mayadeen")
                        i += 1
                    elif i + 1 < n and word[i + 1] == ch:
                        ar.append("ا")
                        i += 1
                else:
                    letter = _LATIN_TO_AR.get(ch, "")
                    # a doubled Latin letter is one Arabic letter ("Raqqa"); the same letter
                    # after a dropped vowel is another ("Babil")
                    if not (ar and ar[-1] == letter and i > 0 and word[i - 1] == ch):
                        ar.append(letter)
                i += 1
        if final_ta:
            ar.append("ة")
        prefix = "ال" if (idx == 0 and has_article) else ""
        out.append(prefix + "".join(ar))
    return " ".join(out)


# the Arabic generic and filler words as normalize_arabic folds them, so that every spelling of
# one word steers alike (قرية, قريه, قريـة)
_ARABIC_GENERIC = {normalize_arabic(k): v for k, v in GENERIC_WORDS.items() if is_arabic(k)}
_ARABIC_FILLER_KEYS = frozenset(normalize_arabic(w) for w in _ARABIC_FILLER)


def strip_phrase(text: str) -> tuple[str, tuple[str, ...]]:
    """Split a reported phrase into the place name and the feature kinds its generic words imply.

    "the Conoco gas field" → ("Conoco", ("gas_field",)); "قرية القورية" → ("القورية",
    ("village", "town", "locality")). A text made only of generic words is returned whole.

    Examples
    --------
    >>> strip_phrase("the village of al-Quriyah")
    ('al-Quriyah', ('village', 'town', 'locality'))
    >>> strip_phrase("Green Village base")
    ('Green Village', ('base', 'airbase', 'camp'))
    >>> strip_phrase("حقل العمر")
    ('العمر', ('oil_field', 'gas_field'))
    """
    words = text.replace(",", " ").split()
    kinds: list[str] = []
    kept: list[str] = []
    arabic = is_arabic(text)
    for i, word in enumerate(words):
        low = word.lower().strip(".:;()[]\"'")
        steer = ((_ARABIC_GENERIC.get(normalize_arabic(low)) if arabic else None)
                 or GENERIC_WORDS.get(low))
        # "Green Village" is a name: a generic word right after a kept capitalised word that
        # is not at the end of a phrase with another generic word stays part of the name.
        if steer and not arabic and word[:1].isupper() and kept and i + 1 < len(words):
            kept.append(word)
            continue
        if steer and not arabic and word[:1].isupper() and kept and i + 1 == len(words) and (
            not kinds
        ) and low in ("village", "town", "city", "camp", "station"):
            kept.append(word)
            continue
        if steer:
            for k in steer:
                if k not in kinds:
                    kinds.append(k)
            continue
        if (low in _FILLER and not arabic) or (arabic and normalize_arabic(low)
                                               in _ARABIC_FILLER_KEYS):
            continue
        kept.append(word)
    if not kept:
        return text.strip(), ()
    return " ".join(kept), tuple(kinds)


# ---------------------------------------------------------------- many names at once
# The index build folds a quarter of a million names: the same rules as fold_latin,
# latin_key_folded and consonant_key_folded, applied by C-level regular expressions and
# translations to one text holding every name (one a line) instead of a Python loop per
# name and word. tests/test_names.py checks both paths give the same keys for every
# GeoNames name and for random text.
_W = "0-9a-z"
_MANY_NON_WORD_RE = re.compile(rf"[^{_W}\n]+")
_MANY_ARTICLE_RE = re.compile(
    rf"(?<![{_W}])(?:{'|'.join(sorted(ARTICLES, key=len, reverse=True))}) +(?=[{_W}])")
_MANY_GLUED_RE = re.compile(rf"(?<![{_W}])(?=[{_W}]{{5}})[ae](?=(sh|[dtzsnr])\1)")
# the endings of _ENDING_RE in a word of 5 letters or more (the lookbehinds say how many
# letters must precede an ending of 4 or 3 letters)
_MANY_ENDING_RE = re.compile(
    rf"(?:iyyah|iyyeh|(?<=[{_W}])(?:iyya|iyye|iyah|iyeh)|(?<=[{_W}]{{2}})(?:iya|iye|ieh|iah))"
    rf"(?![{_W}])")
_MANY_FINAL_AH_RE = re.compile(rf"(?<=[{_W}]{{2}})[ae]h(?![{_W}])")
_MANY_FINAL_H_RE = re.compile(rf"(?<=[{_W}]{{2}})h(?![{_W}])")
_MANY_LINE_END_RE = re.compile(r" *\n *")
_MANY_SPACES_RE = re.compile(r" {2,}")


def _collapse_many(blob: str, letters: str) -> str:
    """Collapse runs of each of ``letters`` to one, as ``_DOUBLE_RE`` does.

    Plain replacements, repeated until no pair is left: no Python call per match.
    """
    for ch in letters:
        pair = ch + ch
        while pair in blob:
            blob = blob.replace(pair, ch)
    return blob


_KEY_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def fold_latin_many(texts: list[str]) -> list[str]:
    """Return :func:`fold_latin` of every text, computed at once (for the index build).

    Examples
    --------
    >>> fold_latin_many(["al-Mayādīn", "Deir ez-Zor", "Al"])
    ['mayadin', 'deir zor', 'al']
    """
    if not texts:
        return []
    blob = "\n".join(texts)
    if "\n" in blob and blob.count("\n") != len(texts) - 1:
        blob = "\n".join(t.replace("\n", " ") for t in texts)
    if not blob.isascii():
        blob = unicodedata.normalize("NFKD", blob.translate(_PRE_FOLD))
        blob = blob.encode("ascii", "ignore").decode("ascii")
    blob = _MANY_NON_WORD_RE.sub(" ", blob.translate(_DROP_APOSTROPHES).lower())
    blob = _MANY_GLUED_RE.sub("", _MANY_ARTICLE_RE.sub("", blob))
    blob = _MANY_SPACES_RE.sub(" ", _MANY_LINE_END_RE.sub("\n", blob))
    return blob.strip(" ").split("\n")


def latin_keys_folded_many(folded: list[str]) -> tuple[list[str], list[str]]:
    """Return the L keys and C keys of names folded by :func:`fold_latin` (or its batch form).

    Examples
    --------
    >>> latin_keys_folded_many(["mayadin", "deir zor"])
    (['mayadin', 'dirzur'], ['mydyn', 'dyrzwr'])
    """
    if not folded:
        return [], []
    blob = "\n".join(folded)
    lkey = _MANY_FINAL_AH_RE.sub("a", _MANY_ENDING_RE.sub("ia", blob))
    for old, new in _LATIN_SUBS:
        lkey = lkey.replace(old, new)
    lkey = _collapse_many(lkey.translate(_LATIN_TABLE), _KEY_LETTERS).replace(" ", "")
    ckey = blob
    for old, new in _LATIN_CONS_SUBS:
        ckey = ckey.replace(old, new)
    ckey = _MANY_FINAL_H_RE.sub("", ckey.translate(_LATIN_CONS_TABLE)).replace(" ", "")
    ckey = _collapse_many(ckey, _KEY_LETTERS)
    return lkey.split("\n"), ckey.split("\n")


_AR = "\u0621-\u064A0-9"
_MANY_NON_ARABIC_RE = re.compile(rf"[^{_AR}\n]+")
_MANY_AR_ARTICLE_RE = re.compile(rf"(?<![{_AR}])و?ال(?=[{_AR}]{{2}})")
_MANY_AR_HAMZA_RE = re.compile(rf"ء+(?![{_AR}])")
_MANY_AR_CONS = str.maketrans({**{chr(c): None for c in range(0x0621, 0x064B)},
                               **{d: None for d in "0123456789"},
                               **{k: (v or None) for k, v in _AR_CONS.items()}})
_MANY_CONS_FINAL_H_RE = re.compile(r"(?<=[a-z]{2})h(?![a-z])")


def normalize_arabic_many(texts: list[str]) -> list[str]:
    """Return :func:`normalize_arabic` of every text, computed at once (for the index build).

    Examples
    --------
    >>> normalize_arabic_many(["الميـــادين", "إِدْلِب"])
    ['الميادين', 'ادلب']
    """
    if not texts:
        return []
    blob = "\n".join(t.replace("\n", " ") for t in texts)
    blob = _HARAKAT_RE.sub("", unicodedata.normalize("NFKC", blob)).translate(_ARABIC_FOLD)
    blob = _MANY_NON_ARABIC_RE.sub(" ", blob)
    blob = _MANY_SPACES_RE.sub(" ", _MANY_LINE_END_RE.sub("\n", blob))
    return blob.strip(" ").split("\n")


def arabic_keys_many(normalized: list[str]) -> tuple[list[str], list[str]]:
    """Return the A keys and C keys of names normalized by :func:`normalize_arabic`.

    Examples
    --------
    >>> arabic_keys_many(normalize_arabic_many(["القورية", "دير الزور"]))
    (['قوريه', 'دير زور'], ['kwry', 'dyrzwr'])
    """
    if not normalized:
        return [], []
    blob = _MANY_AR_HAMZA_RE.sub("", _MANY_AR_ARTICLE_RE.sub("", "\n".join(normalized)))
    akey = _MANY_SPACES_RE.sub(" ", _MANY_LINE_END_RE.sub("\n", blob)).strip(" ")
    ckey = _MANY_CONS_FINAL_H_RE.sub("", akey.translate(_MANY_AR_CONS)).replace(" ", "")
    ckey = _collapse_many(ckey, _KEY_LETTERS)
    return akey.split("\n"), ckey.split("\n")
