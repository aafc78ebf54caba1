"""Hostile questions and awkward articles: always an answer or a clear refusal."""

from __future__ import annotations

import re

import pytest

from retrieval import Answer, Article, Engine, QuestionError

HOSTILE_QUESTIONS = {
    "control-characters": "How long\x00 did\x07 Blinken\x1b[31m meet?",
    "zero-width": "How\u200b long did Bli\u200cnken and Xi\u200d meet?",
    "right-to-left": "\u202eHow long did Blinken meet?\u202c",
    "emoji": "\U0001f914 How long did Blinken meet Xi? \U0001f1fa\U0001f1f8",
    "html": "<b>How long</b> did </blockquote> Blinken &amp; Xi <script>meet</script>?",
    "markdown": "*How* _long_ did [Blinken](http://x) meet `Xi`?",
    "stopwords-only": "what is it that they were",
    "cyrillic": "Сколько длилась встреча Блинкена и Си?",
    "chinese": "布林肯和习近平会面多久？",
    "arabic": "كم استمر اجتماع بلينكن وشي؟",
    "punctuation": "?!?!...,,,;;;",
    "long-word": "x" * 1_500,
    "many-words": "Blinken " * 200,
}


@pytest.mark.parametrize("question", HOSTILE_QUESTIONS.values(), ids=HOSTILE_QUESTIONS.keys())
def test_hostile_question_gets_an_answer_or_a_clear_refusal(
    bundled_engine: Engine, question: str
) -> None:
    try:
        answer = bundled_engine.answer(question)
    except QuestionError as exc:
        assert str(exc)
        return
    assert isinstance(answer, Answer)
    assert answer.answered == bool(answer.citations)


@pytest.mark.parametrize("key", ["control-characters", "zero-width", "right-to-left", "html"])
def test_noise_around_a_real_question_does_not_hide_it(bundled_engine: Engine, key: str) -> None:
    answer = bundled_engine.answer(HOSTILE_QUESTIONS[key])
    assert answer.answered
    assert "35 minutes" in answer.citations[0].quote


@pytest.mark.parametrize("key", ["cyrillic", "chinese", "arabic", "stopwords-only", "punctuation"])
def test_questions_the_article_cannot_read_are_declined(bundled_engine: Engine, key: str) -> None:
    assert not bundled_engine.answer(HOSTILE_QUESTIONS[key]).answered


def test_article_text_that_looks_like_html_is_quoted_verbatim() -> None:
    article = Article(
        id="html",
        title="Markup <b> & friends",
        paragraphs=("The council voted 5 < 7 & the <b>mayor</b> said \u201cno\u201d.",),
    )
    engine = Engine([article])
    quote = engine.answer("What did the council vote and what did the mayor say?").citations[0]
    assert quote.quote == "The council voted 5 < 7 & the <b>mayor</b> said \u201cno\u201d."


def test_article_without_sentence_punctuation_is_quoted_whole() -> None:
    text = " ".join(["the harbor bridge opened to traffic"] * 10)
    engine = Engine([Article(id="np", title="No punctuation", paragraphs=(text,))])
    quote = engine.answer("Which bridge opened to traffic?").citations[0].quote
    assert quote in text


def test_article_with_a_very_long_line_is_split_into_passages() -> None:
    sentence = "The reservoir level rose again on Monday after heavy rain in the hills. "
    engine = Engine([Article(id="long", title="Reservoir", paragraphs=((sentence * 400).strip(),))])
    answer = engine.answer("When did the reservoir level rise?")
    assert answer.answered
    assert len(answer.citations[0].quote) < 1_000
    assert re.fullmatch(r"(The reservoir .*?\. ?){1,3}", answer.citations[0].quote)
