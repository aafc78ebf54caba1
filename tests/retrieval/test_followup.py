"""Follow-up questions lean on the chat's earlier questions; memory stays bounded."""

from __future__ import annotations

import pytest

from retrieval import Engine, QuestionError
from retrieval.followup import Conversation, Conversations, leans_on_previous


@pytest.mark.parametrize(
    ("question", "content_terms", "names", "expected"),
    [
        ("and when?", 0, 0, True),
        ("What about Russia?", 1, 1, True),
        ("What did he say about Taiwan?", 1, 1, True),
        ("Where did they meet?", 1, 0, True),
        ("Which building hosted the two of them?", 3, 0, True),
        ("in person or by phone?", 2, 0, True),
        ("What did Blinken say about Taiwan?", 2, 2, False),
        ("How long did Blinken and Xi meet in Beijing?", 4, 3, False),
    ],
    ids=[
        "bare-and",
        "what-about",
        "pronoun",
        "they",
        "pronoun-among-many-words",
        "short-and-unnamed",
        "self-contained",
        "long",
    ],
)
def test_leans_on_previous(question: str, content_terms: int, names: int, expected: bool) -> None:
    assert leans_on_previous(question, content_terms, names) is expected


def test_follow_up_borrows_the_previous_questions_words(bundled_engine: Engine) -> None:
    alone = bundled_engine.answer("and when?")
    followed = bundled_engine.answer("and when?", history=["Where did Xi and Biden meet?"])
    assert not alone.answered
    assert "last November" in followed.citations[0].quote


def test_short_unnamed_follow_up_is_answered_in_the_light_of_the_last_question(
    bundled_engine: Engine,
) -> None:
    answer = bundled_engine.answer(
        "face to face or by phone?", history=["Does Biden want to see Xi again?"]
    )
    assert "face to face" in answer.citations[0].quote


def test_pronoun_follow_up_is_answered_about_the_earlier_subject(bundled_engine: Engine) -> None:
    answer = bundled_engine.answer(
        "What did he tell National Public Radio?", history=["Who is Nikki Haley?"]
    )
    assert "irresponsible" in answer.citations[0].quote


def test_a_follow_up_s_own_words_outweigh_the_borrowed_ones(bundled_engine: Engine) -> None:
    answer = bundled_engine.answer(
        "What did he say about Taiwan?", history=["How long did Blinken meet Xi?"]
    )
    assert "Taiwan" in answer.citations[0].quote


def test_self_contained_question_ignores_history(bundled_engine: Engine) -> None:
    history = ["What did Nikki Haley tweet?"]
    with_history = bundled_engine.answer("Who is Wang Yi?", history=history)
    assert with_history == bundled_engine.answer("Who is Wang Yi?")


def test_conversation_keeps_only_the_last_turns() -> None:
    conversation = Conversation(max_turns=2)
    for n, question in enumerate(["one", "two", "three"]):
        conversation.remember(question, now=float(n))
    assert conversation.recent(now=3.0) == ["two", "three"]


def test_conversation_forgets_after_its_time_to_live() -> None:
    conversation = Conversation(ttl=60)
    conversation.remember("old", now=0.0)
    conversation.remember("new", now=100.0)
    assert conversation.recent(now=120.0) == ["new"]


def test_conversations_never_cross_chats() -> None:
    chats = Conversations()
    chats.of(1).remember("in chat one", now=0.0)
    assert chats.of(2).recent(now=1.0) == []
    assert chats.of(1).recent(now=1.0) == ["in chat one"]


def test_conversations_are_bounded() -> None:
    chats = Conversations(max_chats=3)
    for chat in range(10):
        chats.of(chat).remember("q", now=0.0)
    assert len(chats) == 3
    assert chats.of(0).recent(now=0.0) == []


def test_a_follow_up_over_one_article_may_get_the_closest_quote(bundled_engine: Engine) -> None:
    answer = bundled_engine.answer(
        "what building hosted them?", history=["Which Chinese leader did Blinken meet?"]
    )
    assert answer.answered and answer.tentative
    assert "Great Hall of the People" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question", ["what did they eat?", "did they smile?"], ids=["eat", "smile"]
)
def test_a_follow_up_the_article_does_not_answer_is_declined(
    bundled_engine: Engine, question: str
) -> None:
    answer = bundled_engine.answer(question, history=["How long did Blinken and Xi meet?"])
    assert not answer.answered


def test_a_follow_up_whose_own_words_no_quote_holds_is_only_tentative(
    bundled_engine: Engine,
) -> None:
    answer = bundled_engine.answer(
        "how much does Blinken care about them?",
        history=["Did China accept military-to-military communications?"],
    )
    assert answer.answered and answer.tentative


def test_an_overlong_question_is_refused_before_it_is_read_as_a_follow_up(
    bundled_engine: Engine,
) -> None:
    with pytest.raises(QuestionError, match="too long"):
        bundled_engine.is_follow_up("and when? " * 1000)
