"""A question as the engine understands it: its weighted terms and what it asks for."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.answer_type import AnswerType


@dataclass(frozen=True, slots=True)
class Asked:
    """One analyzed question (with the words it borrows from earlier ones, if any)."""

    weights: dict[str, float]
    """Each term and how much it matters (idf; borrowed terms at a share)."""
    forms: dict[str, frozenset[str]]
    """Each term and every term that stands for it (itself and its synonyms)."""
    terms: frozenset[str]
    """The question's own terms."""
    named: frozenset[str]
    """Own terms the question writes as names or numbers: the article must mention them."""
    numbered: tuple[tuple[str, str], ...]
    """Names written with a number ("PlayStation 3"): the article must write them so."""
    dated: frozenset[str]
    """Own terms naming a day, month or year: the quoted passage must hold them."""
    kind: AnswerType
    """The kind of answer asked for."""
    counted: frozenset[str]
    """What a "how many" question counts, with synonyms."""
    must_count: bool
    """Whether only a number of what is counted answers (not "how many people/times", nor
    "how many Europeans": any number of people does)."""
    words: frozenset[str]
    """The question's words, case-folded (a name among them does not answer "who")."""
    excused: frozenset[str]
    """Terms a quote need not hold: framing words, the money, event or place verbs of the
    kind asked for, and what a *which/what* question asks for ("club": the quote names
    one)."""
    bar: float
    """The share of the question's weight a quote must hold to answer."""

    @property
    def borrows(self) -> bool:
        """Whether the question borrows words from earlier ones of its chat (a follow-up)."""
        return len(self.weights) > len(self.terms)
