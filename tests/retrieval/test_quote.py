"""Quote choice: the sentences of a passage that answer best."""

from __future__ import annotations

from retrieval import Analyzer
from retrieval.answer_type import AnswerType
from retrieval.quote import choose_quote, widen

ANALYZER = Analyzer()
PASSAGE = "Meet The Fockers led the chart again. It took $19.1m on Christmas Day alone."


def test_a_sentence_holding_what_the_headline_lacks_beats_one_repeating_the_headline() -> None:
    weights = {"focker": 6.0, "christma": 3.0, "day": 2.0}
    context = {"focker": 0.7, "christma": 0.5, "day": 0.5}
    quote = choose_quote(
        PASSAGE, weights, ANALYZER.terms, AnswerType.OTHER, max_sentences=1, context=context
    )
    assert quote.text == "It took $19.1m on Christmas Day alone."


def test_without_context_the_sentence_holding_most_weight_is_chosen() -> None:
    weights = {"focker": 6.0, "christma": 3.0, "day": 2.0}
    quote = choose_quote(PASSAGE, weights, ANALYZER.terms, AnswerType.OTHER, max_sentences=1)
    assert quote.text == "Meet The Fockers led the chart again."


def test_the_reader_s_own_word_beats_a_synonym_in_choosing_the_sentence() -> None:
    passage = "Swank is favourite for best actress. DiCaprio was nominated for best acting."
    weights = {"favourit": 1.0, "best": 1.0, "actress": 3.0, "nomin": 1.5}
    forms = {t: frozenset((t,)) for t in weights} | {"actress": frozenset(("actress", "act"))}
    quote = choose_quote(
        passage, weights, ANALYZER.terms, AnswerType.OTHER, max_sentences=1, alternatives=forms
    )
    assert quote.text == "Swank is favourite for best actress."


WIDEN = "One two three. Four five six seven. Eight nine. Ten eleven twelve thirteen."


def test_widen_takes_the_whole_passage_when_it_fits() -> None:
    start = WIDEN.index("Four")
    assert widen(WIDEN, start, start + len("Four five six seven."), 50) == (0, len(WIDEN))


def test_widen_adds_whole_sentences_the_next_first_within_the_budget() -> None:
    start = WIDEN.index("Four")
    a, b = widen(WIDEN, start, start + len("Four five six seven."), 6)
    assert WIDEN[a:b] == "Four five six seven. Eight nine."


def test_widen_never_cuts_the_run_it_was_given() -> None:
    assert widen(WIDEN, 0, len(WIDEN), 2) == (0, len(WIDEN))
