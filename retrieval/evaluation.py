"""Measure answers against a labelled question set.

The set is JSON Lines: ``{"question": "...", "expect": ["answer text", ...]}``.
A question is answered right when any expected string is inside a quote
(compared case-, quote- and whitespace-insensitively); an empty ``expect``
means the articles do not answer it and the engine should decline. An
optional ``"kind"`` ("plain", "paraphrase", …) groups the answerable
questions in the report; an optional ``"history"`` lists the chat's earlier
questions, oldest first, for a follow-up ("and when?").
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from retrieval.analyze import normalize
from retrieval.errors import ArticleFormatError
from retrieval.models import Answer


class EvalItem(BaseModel):
    """One labelled question."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    question: str
    expect: tuple[str, ...] = ()
    kind: str | None = None
    history: tuple[str, ...] = ()

    @field_validator("expect", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        """A single expected string is a list of one; null is an empty list."""
        if value is None:
            return ()
        return (value,) if isinstance(value, str) else value


class KindScore(BaseModel):
    """The answerable questions of one kind and how they fared."""

    model_config = ConfigDict(frozen=True)

    questions: int
    in_first: float
    in_top3: float
    declined: float


class EvalFailure(BaseModel):
    """A question the engine got wrong, and how."""

    model_config = ConfigDict(frozen=True)

    question: str
    expect: tuple[str, ...]
    problem: str
    first_quote: str | None = None
    history: tuple[str, ...] = ()


class EvalReport(BaseModel):
    """The metrics of one evaluation run."""

    model_config = ConfigDict(frozen=True)

    answerable: int
    unanswerable: int
    in_first: float = Field(description="Share of answerable with the answer in quote 1.")
    in_top3: float = Field(description="Share of answerable with the answer in quotes 1-3.")
    mrr: float = Field(description="Mean reciprocal rank of the first quote holding the answer.")
    declined: float = Field(description="Share of unanswerable questions declined.")
    wrongly_declined: float = Field(description="Share of answerable questions declined.")
    tentative: float = Field(
        default=0.0,
        description="Share of answerable questions answered only tentatively (the closest "
        "the article comes; counted as answered above).",
    )
    tentative_unanswerable: float = Field(
        default=0.0,
        description="Share of unanswerable questions answered tentatively instead of "
        "declined (counted as not declined above).",
    )
    by_kind: dict[str, KindScore] = Field(
        default_factory=dict, description="Answerable questions grouped by their kind."
    )
    failures: tuple[EvalFailure, ...] = ()


def load_eval_set(path: Path) -> list[EvalItem]:
    """The labelled questions of a JSON Lines file."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(EvalItem.model_validate_json(line))
        except ValidationError as exc:
            raise ArticleFormatError(f"{path}:{number}: not a question record") from exc
    return items


_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    key: row[max(i - 1, 0) : i] + row[i + 1 : i + 2]
    for row in _KEYBOARD_ROWS
    for i, key in enumerate(row)
}
_SLIPPABLE = re.compile(r"\b[a-z]{5,}\b")


def with_typos(items: Iterable[EvalItem], seed: int) -> list[EvalItem]:
    """The questions with one typing slip each, seeded: in one lowercase word of five
    letters or more, two letters swapped, one dropped, one doubled or a neighbouring
    key hit ("government" → "goverment"). Questions without such a word stay as asked."""
    rng = random.Random(seed)
    slipped = []
    for item in items:
        words = list(_SLIPPABLE.finditer(item.question))
        if words:
            word = rng.choice(words)
            typed = _slip(word.group(), rng)
            question = item.question[: word.start()] + typed + item.question[word.end() :]
            item = item.model_copy(update={"question": question})
        slipped.append(item)
    return slipped


def _slip(word: str, rng: random.Random) -> str:
    """The word with one typing slip at a random place."""
    i = rng.randrange(len(word) - 1)
    head, here, after, tail = word[:i], word[i], word[i + 1], word[i + 2 :]
    return rng.choice(
        (
            head + after + here + tail,
            head + after + tail,
            head + here + here + after + tail,
            head + rng.choice(_NEIGHBOURS[here]) + after + tail,
        )
    )


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).casefold().strip()


def answer_rank(answer: Answer, expect: Iterable[str]) -> int | None:
    """1-based number of the first quote holding an expected string, if any."""
    wanted = [_fold(e) for e in expect]
    for citation in answer.citations:
        quote = _fold(citation.quote)
        if any(w in quote for w in wanted):
            return citation.n
    return None


def evaluate(items: Iterable[EvalItem], ask: Callable[..., Answer]) -> EvalReport:
    """Ask every question (a follow-up with its ``history``) and score the answers."""
    ranks: list[int | None] = []
    kinds: dict[str, list[tuple[int | None, bool]]] = {}
    declined_ok = declined_wrong = unanswerable = tentative = tentative_unanswerable = 0
    failures: list[EvalFailure] = []
    for item in items:
        answer = ask(item.question, history=item.history) if item.history else ask(item.question)
        first = answer.citations[0].quote if answer.citations else None
        if not item.expect:
            unanswerable += 1
            declined_ok += not answer.answered
            tentative_unanswerable += answer.tentative
            if answer.answered:
                problem = "answered tentatively" if answer.tentative else "answered"
                failures.append(_failure(item, f"{problem}, should decline", first))
            continue
        tentative += answer.tentative
        rank = answer_rank(answer, item.expect)
        ranks.append(rank)
        if item.kind:
            kinds.setdefault(item.kind, []).append((rank, answer.answered))
        if not answer.answered:
            declined_wrong += 1
            failures.append(_failure(item, "declined", first))
        elif rank != 1:
            failures.append(_failure(item, f"answer in quote {rank or 'none'}", first))
    answerable = len(ranks)
    return EvalReport(
        answerable=answerable,
        unanswerable=unanswerable,
        in_first=_share(sum(r == 1 for r in ranks), answerable),
        in_top3=_share(sum(r is not None and r <= 3 for r in ranks), answerable),
        mrr=_share(sum(1 / r for r in ranks if r), answerable),
        declined=_share(declined_ok, unanswerable),
        wrongly_declined=_share(declined_wrong, answerable),
        tentative=_share(tentative, answerable),
        tentative_unanswerable=_share(tentative_unanswerable, unanswerable),
        by_kind={kind: _kind_score(scored) for kind, scored in sorted(kinds.items())},
        failures=tuple(failures),
    )


def _kind_score(scored: list[tuple[int | None, bool]]) -> KindScore:
    n = len(scored)
    return KindScore(
        questions=n,
        in_first=_share(sum(rank == 1 for rank, _ in scored), n),
        in_top3=_share(sum(rank is not None and rank <= 3 for rank, _ in scored), n),
        declined=_share(sum(not answered for _, answered in scored), n),
    )


def _failure(item: EvalItem, problem: str, first: str | None) -> EvalFailure:
    return EvalFailure(
        question=item.question,
        expect=item.expect,
        problem=problem,
        first_quote=first,
        history=item.history,
    )


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def dump(report: EvalReport) -> str:
    """The report as indented JSON."""
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False)
