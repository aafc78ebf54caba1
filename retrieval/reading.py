"""A question's words as the articles would write them, then analyzed into terms.

Readers write "homeowner" where a story says "the owner of a typical home", "the
over-80s" where it says "over 80", "goverment" for government, and "T-Mobile", whose
"T" counts for nothing. Before analysis, a word no article uses is read as the words
they do use; after it, the words that only frame a question ("what", "tell me") are
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from retrieval.analyze import Analyzer, clean_question
from retrieval.answer_type import topic_of
from retrieval.spelling import MIN_LENGTH, corrected, has_dictionary, known
from retrieval.thesaurus import in_full, in_news_words

MIN_PART = 3
"""The shortest part a compound word the articles never use is split into."""
MAX_MISSPELT = 3
"""Words no article uses, read as misspellings, per question: a question with more is
about something else (or not in English), and trying spellings takes time."""

_LONG_WORD = re.compile(r"\b[a-z]{7,30}\b")
_LOWERCASE = re.compile(r"(?<![\w'\u2019])[a-z]+(?![\w'\u2019])")
_LOWERCASE_WORD = re.compile(rf"\b[a-z]{{{MIN_LENGTH},30}}\b")
_PLURAL_NUMBER = re.compile(r"\b(\d{2,4})s\b")
_WORD = re.compile(r"[\w'\u2019.-]+")
_LOWERCASE_NAME = re.compile(r"(?<![\w.'\u2019-])[a-z]{3,}(?![\w.-])")
"""A lowercase word that could be a name: a possessive "'s" may follow ("veritel's"),
but not a hyphen or a dot ("know-how", "9.2km")."""


class QuestionReader:
    """Reads questions into terms against the articles' vocabulary (``doc_freqs``: how
    many passages hold each of some terms)."""

    def __init__(
        self,
        analyzer: Analyzer,
        doc_freqs: Callable[[Sequence[str]], Sequence[int]],
        stopwords: Iterable[str],
    ) -> None:
        self.analyzer = analyzer
        self._doc_freqs = doc_freqs
        self._stopwords = {t for word in stopwords for t in analyzer.terms(word)}

    def terms(self, question: str) -> list[str]:
        """The analyzed terms of a question, without words that only frame it.

        A hyphenated word counts by its parts ("live", "shot" for "Live-Shot"), which
        the articles' analysis holds too, not three times over with the compound; as a
        whole when a part is too short to count and the articles use it ("T-Mobile" is
        not "mobile").
        """
        return self.spelled_terms(self.spelled(question))

    def spelled_terms(self, spelled: str) -> list[str]:
        """``terms`` of a question already ``spelled``."""
        terms = self.analyzer.terms(self._as_read(spelled))
        return [t for t in terms if t not in self._stopwords and ("-" not in t or self._whole(t))]

    def term_words(self, spelled: str) -> dict[str, frozenset[str]]:
        """The words, case-folded, behind each term of a question already ``spelled`` (the
        parts of a hyphenated word behind the terms of its parts)."""
        words: dict[str, set[str]] = {}
        for token in _WORD.findall(self._as_read(spelled)):
            word = token.casefold().strip(".'\u2019-")
            for term in self.analyzer.terms(token):
                words.setdefault(term, set()).add(word)
            for part in word.split("-") if "-" in word else ():
                for term in self.analyzer.terms(part):
                    words.setdefault(term, set()).add(part)
        return {term: frozenset(found) for term, found in words.items()}

    def _as_read(self, spelled: str) -> str:
        """The question's text as analyzed: compounds no article uses split, numbers with
        an "s" as the articles write them, readers' phrases with the story's words (in
        their place when no article uses the phrase's words), and without the words that
        only name the kind of answer."""
        text = _LONG_WORD.sub(self._split_compound, spelled)
        text = _PLURAL_NUMBER.sub(self._number_of, text)
        return topic_of(in_news_words(text, self._used))

    def _used(self, phrase: str) -> bool:
        """Whether the articles use any word of a reader's phrase."""
        return any(self._doc_freqs(self.analyzer.terms(phrase)))

    def spelled(self, question: str) -> str:
        """The question cleaned, its shorthand spelled out ("POTUS" as "president") unless
        the articles write it, and each misspelt lowercase word as the word the articles
        use ("the goverment" as "the government"), the first ``MAX_MISSPELT`` of them."""
        unseen = 0

        def spelled(match: re.Match[str]) -> str:
            nonlocal unseen
            word = match.group()
            if not self.analyzer.terms(word) or self._frequency(word):
                return word  # a stopword, or a word the articles use
            unseen += 1
            if unseen > MAX_MISSPELT:
                return word
            return corrected(word, self.analyzer.language, self._frequencies)

        return _LOWERCASE_WORD.sub(spelled, in_full(clean_question(question), self._used))

    def real_word_terms(self, question: str) -> frozenset[str]:
        """The terms of the question's lowercase words the dictionary knows ("tycoon"),
        as against names and misspellings ("ohtani"); the story's words added for a
        reader's phrase ("boss" for "head of") are real words too."""
        words = _LOWERCASE.findall(clean_question(in_news_words(question)))
        language = self.analyzer.language
        return frozenset(t for w in words if known(w, language) for t in self.analyzer.terms(w))

    def unknown_word_terms(self, question: str) -> frozenset[str]:
        """The terms of the question's lowercase words the dictionary does not know
        ("veritel", "sonaptic"): names typed in lowercase, mostly. None in a language
        without a dictionary, where every word would be unknown."""
        language = self.analyzer.language
        if not has_dictionary(language):
            return frozenset()
        words = _LOWERCASE_NAME.findall(clean_question(question))
        return frozenset(t for w in words if not known(w, language) for t in self.analyzer.terms(w))

    def _whole(self, compound: str) -> bool:
        """Whether a hyphenated term counts as a whole: a part of it is too short or too
        common to count ("T-Mobile"), and the articles use it."""
        parts_count = all(map(self.analyzer.terms, compound.split("-")))
        return not parts_count and self._doc_freq(compound) > 0

    def _split_compound(self, match: re.Match[str]) -> str:
        """A word no article uses, as the two words they do use that make it up
        ("homeowner" as "home owner"), else the word itself."""
        word = match.group()
        if not self._unseen(word):
            return word
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if not self._unseen(head) and not self._unseen(tail):
                return f"{head} {tail}"
        return word

    def _number_of(self, match: re.Match[str]) -> str:
        """A number written with an "s" the articles never use, as the number ("over-80s"
        as over-80, "the 1990s" as 1990 when only that is written)."""
        plural, number = match.group(), match.group(1)
        return number if self._unseen(plural) and not self._unseen(number) else plural

    def _frequency(self, word: str) -> int:
        """How many passages use the word (its rarest term; 0 for a stopword)."""
        return self._frequencies([word])[0]

    def _frequencies(self, words: Sequence[str]) -> list[int]:
        """How many passages use each lowercase word (its rarest term; 0 for a stopword),
        in one lookup."""
        terms = [self.analyzer.word_terms(w) for w in words]
        found = iter(self._doc_freqs([t for ts in terms for t in ts]))
        return [min((next(found) for _ in ts), default=0) for ts in terms]

    def _doc_freq(self, term: str) -> int:
        """How many passages hold the term."""
        return self._doc_freqs([term])[0]

    def _unseen(self, word: str) -> bool:
        """Whether no article uses the word (nor is it a stopword)."""
        terms = self.analyzer.terms(word)
        return not terms or all(self._doc_freq(t) == 0 for t in terms)
