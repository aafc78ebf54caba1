"""Misspelt question words, read as the word the articles use ("goverment" → government).

A reader typing on a phone writes "goverment", "recieve" or "castlebrdge"; no article
holds those, so BM25 finds nothing for them and the question reads as one about
something unknown. A word the dictionary does not know is read as the commonest word
one edit away that both the dictionary knows and the articles use; failing that (a
name), as the one-edit spelling the articles use most. Words the dictionary knows
("whittled") and words with no such neighbour ("asbos") stay as typed, and capitalized
words are not read here at all. The dictionary is pyspellchecker's word-frequency list,
loaded on first use (or ahead of it, with ``load``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from spellchecker import SpellChecker

MIN_LENGTH = 4
"""Shorter words are left alone: one edit away from too many others."""
MAX_LENGTH = 20
"""Longer words are left alone: too many spellings one edit away to try."""

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
def dictionary(language: str) -> SpellChecker | None:
    """The spell checker of a language (None when pyspellchecker has no dictionary)."""
    code = _DICTIONARIES.get(language)
    return SpellChecker(language=code, distance=1) if code else None


def load(language: str) -> None:
    """Load the language's dictionary now; it otherwise loads with the first misspelt
    word (about a third of a second)."""
    dictionary(language)


def has_dictionary(language: str) -> bool:
    """Whether pyspellchecker has a dictionary for the language."""
    return language in _DICTIONARIES


def known(word: str, language: str) -> bool:
    """Whether the dictionary of the language knows the lowercase word (in English, as
    ``frequency`` reads it)."""
    return frequency(word, language) > 0


def frequency(word: str, language: str) -> int:
    """How often the lowercase word occurs in the dictionary's word list (0: unknown, or
    no dictionary). In English, an inflected form counts at least as often as its word
    ("voicing" as "voice"), and, the list being American, a British spelling it lacks
    ("favour", "organise", "defence") as its American one."""
    words = dictionary(language)
    if words is None:
        return 0
    count: int = words.word_frequency[word]
    if language != "english":
        return count
    others = [*_bases(word)] if count else [*american_spellings(word), *_bases(word)]
    return max([count, *(words.word_frequency[w] for w in others)])


_BRITISH = tuple(
    (re.compile(pattern), american)
    for pattern, american in (
        (r"our(?=s?$|ed$|ing$|ite|able|er)", "or"),  # favour, behaviour, favourite
        (r"is(?=e[ds]?$|ing$|ations?$|er$|ers$)", "iz"),  # organise, organisation
        (r"ys(?=e[ds]?$|ing$)", "yz"),  # analyse, paralysed
        (r"tre(?=s?$)", "ter"),  # centre, metres
        (r"ence(?=s?$)", "ense"),  # defence, offences
        (r"ogue(?=s?$)", "og"),  # catalogue, dialogue
        (r"amme(?=s?$)", "am"),  # programme
        (r"(?<=[aeiou][lnrt])l(?=ed$|ing$|er$|ers$)", ""),  # travelled, cancelling
    )
)


_INFLECTED = re.compile(r"(?<=\w\w\w)(?:ing|ed|es|(?<!s)s)$")


def _bases(word: str) -> list[str]:
    """The words an inflected form may come from ("voicing": voic, voice)."""
    stem = _INFLECTED.sub("", word)
    return [stem, stem + "e"] if stem != word else []


def american_spellings(word: str) -> list[str]:
    """The American spellings a British-spelt lowercase word may stand for."""
    return [
        spelt
        for pattern, american in _BRITISH
        if (spelt := pattern.sub(american, word, count=1)) != word
    ]


def corrected(
    word: str, language: str, frequencies: Callable[[Sequence[str]], Sequence[int]]
) -> str:
    """``word`` (lowercase), or the word it misspells that the articles use.

    ``frequencies`` says how many passages use each of some words (0: none does).
    """
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH:
        return word
    words = dictionary(language)
    if words is None or word in words:
        return word
    known = sorted(w for w in words.candidates(word) or () if w != word)
    used = [w for w, n in zip(known, frequencies(known), strict=True) if n]
    if used:
        return max(used, key=lambda w: (words[w], w))
    spelt = sorted(w for w in words.edit_distance_1(word) if w.isalpha())
    seen = [(n, w) for w, n in zip(spelt, frequencies(spelt), strict=True) if n]
    return max(seen)[1] if seen else word
