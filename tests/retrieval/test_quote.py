"""Quote choice: the sentences of a passage that answer best."""

from __future__ import annotations

from retrieval import Analyzer
from retrieval.answer_type import AnswerType
from retrieval.quote import choose_quote

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
