"""newsbot's retrieval core: ingest, clean, segment, analyze, index and answer.

Pure and synchronous; it knows nothing of Telegram and reads no environment.
"""

from retrieval.analyze import Analyzer
from retrieval.config import AnswerConfig, ScoringConfig, Variant
from retrieval.engine import Engine
from retrieval.errors import (
    ArticleFormatError,
    CorpusError,
    CorpusNotFoundError,
    EmptyCorpusError,
    IndexFormatError,
    NewsbotError,
    QuestionError,
)
from retrieval.evaluation import EvalItem, EvalReport, evaluate, load_eval_set
from retrieval.followup import Conversation, Conversations, leans_on_previous
from retrieval.ingest import Corpus, Problem, bundled_corpus_path, load_corpus, make_article
from retrieval.models import Answer, Article, Citation, Passage
from retrieval.segment import split_sentences
from retrieval.store import ArticleStore

__all__ = [
    "Analyzer",
    "Answer",
    "AnswerConfig",
    "Article",
    "ArticleFormatError",
    "ArticleStore",
    "Citation",
    "Conversation",
    "Conversations",
    "Corpus",
    "CorpusError",
    "CorpusNotFoundError",
    "EmptyCorpusError",
    "Engine",
    "EvalItem",
    "EvalReport",
    "IndexFormatError",
    "NewsbotError",
    "Passage",
    "Problem",
    "QuestionError",
    "ScoringConfig",
    "Variant",
    "bundled_corpus_path",
    "evaluate",
    "leans_on_previous",
    "load_corpus",
    "load_eval_set",
    "make_article",
    "split_sentences",
]
