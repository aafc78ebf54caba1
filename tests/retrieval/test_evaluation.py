"""The evaluation report: metrics, failures and the breakdown by kind."""

from __future__ import annotations

from retrieval import Answer, Citation, Engine, EvalItem, evaluate, with_typos


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


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether b is a with two neighbours swapped, one letter dropped, doubled or changed."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or swapped
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


QUESTIONS = [
    EvalItem(question="What will the government receive from the council?", expect=("$2m",)),
    EvalItem(question="Who won the Cup?", expect=("Bellmont",)),
    EvalItem(question="How many stops does the tram have?", expect=()),
]


def test_with_typos_slips_one_long_lowercase_word_by_one_edit() -> None:
    for before, after in zip(QUESTIONS, with_typos(QUESTIONS, seed=3), strict=True):
        changed = [
            (a, b)
            for a, b in zip(before.question.split(), after.question.split(), strict=True)
            if a != b
        ]
        if before.question == "Who won the Cup?":
            assert changed == []  # no lowercase word of five letters
        else:
            assert len(changed) == 1
            assert _one_edit_apart(*changed[0])
        assert after.expect == before.expect


def test_with_typos_is_the_same_for_the_same_seed() -> None:
    assert with_typos(QUESTIONS, seed=5) == with_typos(QUESTIONS, seed=5)
    assert with_typos(QUESTIONS, seed=5) != with_typos(QUESTIONS, seed=6)


def test_tentative_answers_are_counted_apart_and_never_as_declines() -> None:
    closest = Answer(
        question="q",
        answered=True,
        citations=(
            Citation(
                n=1, quote="It cost 5 dollars.", article_id="a", title="A", paragraph=1, score=1.0
            ),
        ),
        tentative=True,
    )
    items = [EvalItem(question="q1", expect=["5 dollars"]), EvalItem(question="q2", expect=[])]
    report = evaluate(items, lambda _: closest)
    assert report.in_first == 1.0 and report.tentative == 1.0
    assert report.declined == 0.0 and report.tentative_unanswerable == 1.0
    assert report.failures[0].problem == "answered tentatively, should decline"


def test_a_follow_up_is_asked_with_its_history() -> None:
    asked: list[tuple[str, tuple[str, ...]]] = []

    def ask(question: str, history: tuple[str, ...] = ()) -> Answer:
        asked.append((question, history))
        return _ask(question)

    items = [
        EvalItem(question="And the cost?", expect=("$80",), history=("When does work start?",)),
        EvalItem(question="What will it cost?", expect=("$80",)),
    ]
    evaluate(items, ask)
    assert asked == [("And the cost?", ("When does work start?",)), ("What will it cost?", ())]


def test_an_engine_answers_a_follow_up_of_the_set(bundled_engine: Engine) -> None:
    item = EvalItem(
        question="and when?", expect=("last November",), history=("Where did Xi and Biden meet?",)
    )
    assert evaluate([item], bundled_engine.answer).in_first == 1.0
