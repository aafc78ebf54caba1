"""The evaluation report: metrics, failures and the breakdown by kind."""

from __future__ import annotations

from retrieval import Answer, Citation, EvalItem, evaluate


def _ask(question: str) -> Answer:
    if question.startswith("unknown"):
        return Answer(question=question, answered=False)
    quote = "The bridge will cost $80 million." if "cost" in question else "Work starts soon."
    citation = Citation(n=1, quote=quote, article_id="a", title="A", paragraph=1, score=1.0)
    return Answer(question=question, answered=True, citations=(citation,))


def test_answerable_questions_are_scored_by_kind() -> None:
    items = [
        EvalItem(question="What will it cost?", expect=("$80 million",), kind="plain"),
        EvalItem(question="When does work start?", expect=("March",), kind="plain"),
        EvalItem(question="unknown price tag?", expect=("$80 million",), kind="paraphrase"),
        EvalItem(question="unknown: who won?", expect=()),
    ]
    report = evaluate(items, _ask)
    plain, paraphrase = report.by_kind["plain"], report.by_kind["paraphrase"]
    assert (plain.questions, plain.in_first, plain.declined) == (2, 0.5, 0.0)
    assert (paraphrase.questions, paraphrase.in_top3, paraphrase.declined) == (1, 0.0, 1.0)
    assert report.declined == 1.0


def test_a_set_without_kinds_has_no_breakdown() -> None:
    report = evaluate([EvalItem(question="What will it cost?", expect=("$80",))], _ask)
    assert report.by_kind == {}


def test_a_single_expected_string_or_null_is_accepted() -> None:
    one = EvalItem.model_validate_json('{"question": "q", "expect": "$80 million"}')
    none = EvalItem.model_validate_json('{"question": "q", "expect": null}')
    assert (one.expect, none.expect) == (("$80 million",), ())
