"""Text analysis shared by passages and questions: normalize, tokenize, filter, stem.

``Analyzer.terms`` turns text into index terms. The same analyzer must index the
corpus and read the questions, so both sides agree on every term.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

from retrieval.lexicon import IRREGULAR_VERBS, STOPWORDS

ANALYZER_VERSION = 3
"""Bumped whenever the terms produced for a text change (persisted indexes check it)."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
    }
)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

_TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}                      # dotted acronym: U.S., e.g.
    | \d+(?:[.,]\d+)+                       # number with separators: 2,000  3.5
    | [^\W_]+(?:['\u2019\-][^\W_]+)*        # word, with inner apostrophes or hyphens
    """,
    re.VERBOSE,
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def normalize(text: str) -> str:
    """Unicode-normalize (NFKC), fold curly quotes and dashes, drop invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES))


_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


_CONTRACTED = re.compile(r"'(?:s|d|ll|re|ve|m)$")
"""A possessive or contracted ending ("Xi's", "who'd", "they've"): not part of the word."""

_BARE_CONTRACTION = re.compile(
    r"\b(?:(what|who|where|when|why|how|that|there)(s)"
    r"|(do|does|did|is|was|are|were|has|have|had|ca|could|would|should|wo)nt)\b",
    re.IGNORECASE,
)


def clean_question(text: str) -> str:
    """A question as typed, without terminal escapes, control characters or HTML markup,
    and with the apostrophes readers leave out put back ("whats" is "what's")."""
    text = _CONTROL.sub(" ", _ANSI.sub(" ", text))
    text = html.unescape(_TAG.sub(" ", text))
    return _BARE_CONTRACTION.sub(_apostrophe, normalize(text))


def _apostrophe(match: re.Match[str]) -> str:
    """The contraction with its apostrophe: "whats" → "what's", "didnt" → "didn't"."""
    return f"{match[1]}'{match[2]}" if match[1] else f"{match[3]}n't"


def is_shouting(text: str) -> bool:
    """True when most letters are capitals, so capitals mark no acronym."""
    upper = sum(map(str.isupper, text))
    if upper < 5:
        return False
    letters = sum(map(str.isalpha, text))
    return letters >= 8 and upper > 0.6 * letters


class Analyzer:
    """Turns text into stemmed index terms; identical for passages and questions."""

    def __init__(self, language: str = "english") -> None:
        self.language = language
        self._stemmer = Stemmer.Stemmer(language)
        self._term_cache = lru_cache(maxsize=200_000)(self._token_terms)

    @property
    def signature(self) -> str:
        """Identifies the analyzer's behaviour, for persisted indexes."""
        return f"{self.language}-v{ANALYZER_VERSION}"

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``, in order (repeats kept: they are term frequency)."""
        acronyms = not is_shouting(text)
        out: list[str] = []
        for match in _TOKEN.finditer(text):
            out.extend(self._term_cache(match.group(), acronyms))
        return out

    def spans(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        """Each token of ``text`` as (start, end, its terms), for highlighting."""
        acronyms = not is_shouting(text)
        for match in _TOKEN.finditer(text):
            yield match.start(), match.end(), self._term_cache(match.group(), acronyms)

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one lowercase word, without tokenizing ("running" → run)."""
        return self._word_terms(word)

    def _token_terms(self, raw: str, acronyms: bool) -> tuple[str, ...]:
        """The terms of one raw token (cached: most tokens repeat)."""
        token = normalize(raw)
        if not token:
            return ()
        if token[0].isdigit():
            return (self._number(token),)
        dotted = token.endswith(".")
        word = token.replace(".", "") if dotted else token
        acronym = acronyms and (dotted or (len(word) > 1 and word.isupper()))
        word = word.casefold()
        if acronym and (dotted or word in STOPWORDS):
            return (word,)  # U.S., US, IT, WHO: not the stopwords they spell
        if "-" in word:
            parts = [p for p in word.split("-") if p]
            return (word, *(t for p in parts for t in self._word_terms(p)))
        return self._word_terms(word)

    def _word_terms(self, word: str) -> tuple[str, ...]:
        """Stopword filtering, irregular verbs and stemming for one lower-case word."""
        if word.endswith("n't"):
            return ("not",)
        word = _CONTRACTED.sub("", word).replace("'", "")
        word = IRREGULAR_VERBS.get(word, word)
        if not word or word in STOPWORDS:
            return ()
        if word[0].isdigit():
            return (word,)
        return (self._stemmer.stemWord(word),)

    @staticmethod
    def _number(token: str) -> str:
        """Numbers keep their digits; thousands separators are dropped; letters in them are
        case-folded ("3D" is "3d", "7E7" is "7e7")."""
        return token.replace(",", "") if _THOUSANDS.match(token) else token.casefold()
