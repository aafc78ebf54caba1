"""Inline mode: one result per citation, examples for an empty query."""

from __future__ import annotations

from bot.messages import TENTATIVE
from bot.settings import Settings
from retrieval import Engine
from tests.bot.telegram.conftest import Runner
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import inline


def _answer_for(api: FakeBotAPI, query_id: str) -> object:
    calls = api.calls_of("answerInlineQuery")
    return next((c for c in calls if c.params["inline_query_id"] == query_id), None)


async def test_a_question_gets_one_result_per_citation(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    question = "What did Blinken and Xi say about China and the U.S.?"
    async with run_bot(settings, engine):
        query_id = inline(api, question)
        call = await api.wait_for(lambda: _answer_for(api, query_id))
    results = call.params["results"]
    citations = engine.answer(question, top_k=10).citations
    assert 1 < len(results) <= 10 and len(results) == len(citations)
    first = results[0]
    assert first["title"] == citations[0].title
    assert first["description"].startswith(citations[0].quote[:40])
    text = first["input_message_content"]["message_text"]
    assert "<blockquote" in text and question.replace("U.S.", "")[:20] in text
    assert call.status == 200 and not api.problems


async def test_an_empty_or_unanswerable_query_offers_examples(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        empty = inline(api, "")
        odd = inline(api, "<b>unladen swallow</b> &amp;")
        empty_call = await api.wait_for(lambda: _answer_for(api, empty))
        odd_call = await api.wait_for(lambda: _answer_for(api, odd))
    titles = [r["title"] for r in empty_call.params["results"]]
    assert titles and all(t.startswith("Try: ") for t in titles)
    assert [r["title"] for r in odd_call.params["results"]] == titles
    assert not api.problems


async def test_a_tentative_answer_is_offered_as_the_closest_match(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    question = "Which upcoming poll season forms the backdrop to the anti-China mood?"
    assert engine.answer(question).tentative
    async with run_bot(settings, engine):
        query_id = inline(api, question)
        call = await api.wait_for(lambda: _answer_for(api, query_id))
    first = call.params["results"][0]
    assert first["title"].startswith("Closest match: ")
    assert TENTATIVE in first["input_message_content"]["message_text"]
    assert call.status == 200 and not api.problems
