"""Text normalisation shared by name lookup, fuzzy matching and mention scanning."""

from __future__ import annotations

import re
import unicodedata

# Corporate suffixes dropped anywhere after the first word ("Apple Inc." -> "apple",
# "Merck & Co. Inc." -> "merck"). Compared after case-folding and dot removal.
CORPORATE_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "companies", "ltd",
        "limited", "llc", "lp", "plc", "nv", "sa", "se", "ag", "as", "holding", "holdings",
        "group",
    }
)
_KOREAN_CORPORATE = re.compile(r"\(주\)|주식회사")
_JOINERS = re.compile(r"[.'’/]")  # "Amazon.com", "McDonald's", "A/S", "N.V." stay one word
_SEPARATORS = re.compile(r"[\W_]+")
_HANGUL_START, _HANGUL_END = 0xAC00, 0xD7A3


def fold(text: str) -> str:
    """NFKC and case-fold: the form every comparison starts from."""
    return unicodedata.normalize("NFKC", text).casefold()


def compact(text: str) -> str:
    """Folded text with every space and punctuation mark removed ("SK 하이닉스" -> "sk하이닉스")."""
    return _SEPARATORS.sub("", fold(text))


def name_key(text: str) -> str:
    """The lookup key of a company name: folded, corporate suffixes and punctuation removed."""
    folded = _KOREAN_CORPORATE.sub(" ", fold(text))
    words = [w for w in _SEPARATORS.split(_JOINERS.sub("", folded)) if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    kept = words[:1] + [w for w in words[1:] if w not in CORPORATE_SUFFIXES]
    return "".join(kept)


def fuzzy_key(key: str) -> str:
    """Hangul syllables split into jamo, so a one-letter typo (테슬러) is one edit, not one of 3."""
    return unicodedata.normalize("NFD", key)


def is_hangul(char: str) -> bool:
    return _HANGUL_START <= ord(char) <= _HANGUL_END


def is_latin_or_digit(char: str) -> bool:
    """A letter or digit of a script written with spaces between words (not Hangul)."""
    return char.isalnum() and not is_hangul(char)


def strip_suffixes(name: str) -> str:
    """The name as written without trailing corporate words: 'Merck & Co. Inc.' -> 'Merck'."""
    words = name.split()
    while len(words) > 1:
        last = _SEPARATORS.sub("", fold(_JOINERS.sub("", words[-1])))
        if last and last not in CORPORATE_SUFFIXES:
            break
        words.pop()
    return " ".join(words).rstrip(",")
