"""newsbot's retrieval core: ingest, clean, segment, analyze, index and answer.

Pure and synchronous; it knows nothing of Telegram and reads no environment.
"""

from retrieval.adding import (
    DOCUMENT_SUFFIXES,
    AddOptions,
    AddReport,
    add_document,
    add_source,
    add_text,
    refresh_feeds,
    unseen_articles,
)
from retrieval.analyze import Analyzer
from retrieval.atomic import write_atomic
from retrieval.collection import Collection
from retrieval.config import AnswerConfig, ScoringConfig, Variant
from retrieval.engine import Engine
from retrieval.errors import (
    ArticleFormatError,
    CorpusError,
    CorpusNotFoundError,
    EmptyCorpusError,
    FetchError,
    IndexFormatError,
    NewsbotError,
    QuestionError,
)
from retrieval.evaluation import EvalItem, EvalReport, evaluate, load_eval_set, with_typos
from retrieval.fetch import FetchOptions
from retrieval.followup import Conversation, Conversations, leans_on_previous
from retrieval.ingest import (
    Corpus,
    Problem,
    bundled_corpus_path,
    load_corpus,
    make_article,
    with_bundled,
)
from retrieval.models import Answer, Article, Citation, Passage
from retrieval.segment import split_sentences
from retrieval.store import ArticleStore

__all__ = [
    "DOCUMENT_SUFFIXES",
    "AddOptions",
    "AddReport",
    "Analyzer",
    "Answer",
    "AnswerConfig",
    "Article",
    "ArticleFormatError",
    "ArticleStore",
    "Citation",
    "Collection",
    "Conversation",
    "Conversations",
    "Corpus",
    "CorpusError",
    "CorpusNotFoundError",
    "EmptyCorpusError",
    "Engine",
    "EvalItem",
    "EvalReport",
    "FetchError",
    "FetchOptions",
    "IndexFormatError",
    "NewsbotError",
    "Passage",
    "Problem",
    "QuestionError",
    "ScoringConfig",
    "Variant",
    "add_document",
    "add_source",
    "add_text",
    "bundled_corpus_path",
    "evaluate",
    "leans_on_previous",
    "load_corpus",
    "load_eval_set",
    "make_article",
    "refresh_feeds",
    "split_sentences",
    "unseen_articles",
    "with_bundled",
    "with_typos",
    "write_atomic",
]
