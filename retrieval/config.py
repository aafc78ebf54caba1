"""Tunable settings of scoring and answering, chosen on the evaluation set."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Variant = Literal["okapi", "plus", "l"]


class ScoringConfig(BaseModel):
    """BM25 parameters, with the meaning rank-bm25 gives them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    variant: Variant = "okapi"
    k1: float = Field(default=1.2, gt=0)
    b: float = Field(default=0.75, ge=0, le=1)
    delta: float = Field(default=0.5, ge=0, description="BM25L/BM25+ lower bound.")
    epsilon: float = Field(default=0.25, ge=0, description="BM25Okapi idf floor factor.")


class AnswerConfig(BaseModel):
    """How many quotes to give and when to decline instead."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    top_k: int = Field(default=3, ge=1, le=50)
    max_sentences: int = Field(default=3, ge=1, le=3)
    context_words: int = Field(
        default=120,
        ge=0,
        le=1000,
        description="Words a quote may hold: its best sentences and, around them, the rest of "
        "their passage up to this many (0: the best sentences alone).",
    )
    min_coverage: float = Field(default=0.45, ge=0, le=1)
    max_question_chars: int = Field(default=2000, ge=1)
