"""Misspelt question words, read as the word the articles use ("goverment" → government).

A reader typing on a phone writes "goverment" or "recieve"; no article holds those, so
BM25 finds nothing for them and the question reads as one about something unknown. A
word the dictionary does not know, one edit away from words it does know, is read as
the commonest of those the articles use. Words the dictionary knows ("whittled"), words
no candidate of which the articles use ("asbos"), and capitalized words (names) stay as
typed. The dictionary is pyspellchecker's word-frequency list, loaded on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spellchecker import SpellChecker

MIN_LENGTH = 4
"""Shorter words are left alone: one edit away from too many others."""

_DICTIONARIES = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "portuguese": "pt",
    "russian": "ru",
    "dutch": "nl",
    "italian": "it",
}
"""pyspellchecker's dictionary for each stemmer language it has one for."""


@lru_cache(maxsize=4)
def _dictionary(language: str) -> SpellChecker | None:
    """The spell checker of a language (None when pyspellchecker has no dictionary)."""
    code = _DICTIONARIES.get(language)
    return SpellChecker(language=code, distance=1) if code else None


def corrected(word: str, language: str, used: Callable[[str], bool]) -> str:
    """``word``, or the word it misspells that the articles use (``used``).

    ``word`` is lowercase; among the known words one edit away, the commonest in the
    dictionary that the articles use wins.
    """
    if len(word) < MIN_LENGTH:
        return word
    dictionary = _dictionary(language)
    if dictionary is None or word in dictionary:
        return word
    options = [w for w in dictionary.candidates(word) or () if w != word and used(w)]
    return max(options, key=lambda w: (dictionary[w], w), default=word)
