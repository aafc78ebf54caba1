"""Load articles from a file or a directory tree.

Formats: ``.txt`` and ``.md`` (the first line is the headline when it reads like
one; Markdown may carry ``key: value`` front matter), ``.html``/``.htm`` (the
page's main text), ``.json`` (one article, an array of them or
``{"articles": [...]}``), ``.jsonl`` (one per line) and ``.csv`` (a header row,
then one per row) with ``title``, ``text`` and optional ``id``, ``url``,
``published``, ``source``; field and column names also match their common
aliases (``FIELD_ALIASES``), case-insensitively.

A file that cannot be read becomes a ``Problem`` naming it and the reason; the
rest still loads.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from retrieval.clean import clean_paragraphs, split_blocks
from retrieval.errors import ArticleFormatError, CorpusNotFoundError, EmptyCorpusError
from retrieval.models import Article

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
CSV_SUFFIXES = frozenset({".csv"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES
MAX_FILE_BYTES = 50 * 1024 * 1024
"""Larger single files are refused (archives belong in .jsonl or .csv, which stream)."""

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "publishedat", "pubdate", "publish_date"),
    "source": ("source", "outlet", "publisher"),
    "id": ("id",),
}
"""The record keys (and CSV columns) read for each field, lower case; the first present wins."""

MAX_HEADLINE_CHARS = 200
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


class Problem(BaseModel):
    """A file or record that was skipped, and why."""

    model_config = ConfigDict(frozen=True)

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class Corpus(BaseModel):
    """The articles loaded from a path, and what had to be skipped."""

    model_config = ConfigDict(frozen=True)

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()


def _aliases(field: str) -> AliasChoices:
    """The accepted keys of a record field, in order of preference."""
    return AliasChoices(*FIELD_ALIASES[field])


def _record_key(key: Any) -> str:
    """A record key or CSV column as matched against ``FIELD_ALIASES``."""
    return str(key).strip().lower()


class ArticleRecord(BaseModel):
    """The fields of a JSON article or CSV row, under any alias; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    title: str = Field(default="", validation_alias=_aliases("title"))
    text: str = Field(validation_alias=_aliases("text"))
    id: str | None = Field(default=None, validation_alias=_aliases("id"))
    url: str | None = Field(default=None, validation_alias=_aliases("url"))
    published: str | None = Field(default=None, validation_alias=_aliases("published"))
    source: str | None = Field(default=None, validation_alias=_aliases("source"))

    @model_validator(mode="before")
    @classmethod
    def _lower_case_keys(cls, data: Any) -> Any:
        return {_record_key(k): v for k, v in data.items()} if isinstance(data, dict) else data

    @field_validator("id", "published", mode="before")
    @classmethod
    def _scalar_to_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("source", mode="before")
    @classmethod
    def _source_name(cls, value: Any) -> Any:
        """NewsAPI-style ``{"id": …, "name": "Reuters"}`` gives its name."""
        return value.get("name") if isinstance(value, dict) else value


def bundled_corpus_path() -> Path:
    """The article shipped with newsbot, in a checkout or an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "articles", here.parent / "data" / "articles"):
        if candidate.is_dir():
            return candidate
    raise CorpusNotFoundError("the bundled articles are missing from this installation")


Progress = Callable[[int, int], None]
"""Told ``(bytes read, bytes in all)`` after each file and each JSON Lines or CSV line."""


def load_corpus(path: Path | str | None = None, progress: Progress | None = None) -> Corpus:
    """Every article under ``path`` (a file or directory; default: the bundled one)."""
    root = Path(path) if path is not None else bundled_corpus_path()
    if not root.exists():
        raise CorpusNotFoundError(f"corpus not found: {root}")
    articles: list[Article] = []
    problems: list[Problem] = []
    files = [root] if root.is_file() else list(iter_article_files(root))
    sizes = [_size(file) for file in files]
    total, done = sum(sizes), 0
    for file, size in zip(files, sizes, strict=True):
        tick = None if progress is None else _offset_progress(progress, done, total)
        try:
            for item in read_file(file, tick):
                if isinstance(item, Problem):
                    problems.append(item)
                else:
                    articles.append(item)
        except ArticleFormatError as exc:
            problems.append(Problem(origin=str(file), reason=str(exc)))
        done += size
        if progress is not None:
            progress(done, total)
    articles = _unique_ids(articles)
    if not articles:
        detail = f" ({len(problems)} file(s) skipped)" if problems else ""
        raise EmptyCorpusError(f"no articles with text found in {root}{detail}")
    return Corpus(articles=tuple(articles), problems=tuple(problems))


def with_bundled(corpus: Corpus) -> Corpus:
    """The corpus and, after it, the bundled article, unless the corpus holds its text already.

    Questions about the bundled article keep working over a corpus of one's own;
    a copy of the article in that corpus is not loaded twice.
    """
    bundled = load_corpus(bundled_corpus_path())
    held = {text_key(a.paragraphs) for a in corpus.articles}
    extra = [a for a in bundled.articles if text_key(a.paragraphs) not in held]
    if not extra:
        return corpus
    articles = _unique_ids([*corpus.articles, *extra])
    return corpus.model_copy(update={"articles": tuple(articles)})


def text_key(paragraphs: Iterable[str]) -> str:
    """A hash of the text's words, case folded: equal for the same text however spaced."""
    words = " ".join(" ".join(_WORD.findall(p.casefold())) for p in paragraphs)
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


_WORD = re.compile(r"\w+")


def _size(path: Path) -> int:
    """A file's size in bytes, 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _offset_progress(progress: Progress, done: int, total: int) -> Callable[[int], None]:
    """Progress within one file, reported as progress in the whole corpus."""
    return lambda read: progress(min(done + read, total), total)


def iter_article_files(root: Path) -> Iterator[Path]:
    """Article files under ``root`` in a stable order; hidden entries and symlinked dirs skipped."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                yield path


def read_file(
    path: Path, progress: Callable[[int], None] | None = None
) -> Iterator[Article | Problem]:
    """The articles in one file; archives (JSON arrays, JSON Lines, CSV) may also yield problems.

    JSON Lines and CSV stream; ``progress`` is told the bytes read so far after each line.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ArticleFormatError(f"unsupported file type {suffix or '(none)'}")
    if suffix == ".jsonl":
        yield from _read_jsonl(path, progress)
    elif suffix == ".csv":
        yield from _read_csv(path, progress)
    elif suffix == ".json":
        yield from _read_json(path)
    elif suffix in HTML_SUFFIXES:
        yield _html_article(read_text(path), path)
    else:
        yield text_article(read_text(path), path)


def read_text(path: Path) -> str:
    """A file's text as UTF-8, or a clear ArticleFormatError."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleFormatError(f"file too large ({size // 1_000_000} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleFormatError(f"cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data[:8192]:
        raise ArticleFormatError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(f"not UTF-8 text (byte {exc.start})") from exc


def text_article(text: str, path: Path) -> Article:
    """A plain-text or Markdown article."""
    meta, body = _front_matter(text)
    markdown = path.suffix.lower() in {".md", ".markdown"}
    if markdown:
        body = _strip_markdown(body)
    title, body = _headline(body, meta.get("title"))
    return _article(
        title=title or _title_from_name(path),
        body=body,
        article_id=meta.get("id") or path.stem,
        origin=path,
        url=meta.get("url"),
        published=meta.get("published") or meta.get("date"),
        source=meta.get("source"),
    )


def make_article(
    text: str,
    *,
    article_id: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    source: str | None = None,
    origin: str = "",
) -> Article:
    """An article from raw text (e.g. a channel post): headline from the first line if none."""
    head, body = _headline(text, title)
    if head is None:
        first = text.strip().split("\n", 1)[0].strip()
        head = first if len(first) <= MAX_HEADLINE_CHARS else first[:MAX_HEADLINE_CHARS] + "\u2026"
    return _article(
        title=head,
        body=body,
        article_id=article_id,
        origin=origin,
        url=url,
        published=published,
        source=source,
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """``key: value`` lines between ``---`` fences at the top, and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]


def _strip_markdown(text: str) -> str:
    """Markdown without its markup: headings to lines, links to their text, no emphasis."""
    lines = []
    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        lines.append(heading.group(1) if heading else line)
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", "\n".join(lines)))


def _headline(body: str, given: str | None) -> tuple[str | None, str]:
    """The title (given, or the first line when it reads like a headline) and the rest."""
    if given:
        return given, body
    stripped = body.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if looks_like_headline(first) and rest.strip():
        return first, rest
    return None, body


def looks_like_headline(line: str) -> bool:
    """Short, one line, not ending like a sentence, starting with a capital or digit."""
    return (
        0 < len(line) <= MAX_HEADLINE_CHARS
        and len(line.split()) <= 30
        and not line.endswith((".", ",", ";", ":"))
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'\u201c\u2018")
    )


def _title_from_name(path: Path) -> str:
    """A readable title from a file name: ``blinken-xi_talks`` -> ``Blinken xi talks``."""
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleFormatError(f"malformed JSON (line {exc.lineno}: {exc.msg})") from exc


def _read_json(path: Path) -> Iterator[Article | Problem]:
    """One article, or each of an array of them; bad elements become problems with their number."""
    data = _parse_json(read_text(path))
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if not isinstance(data, list):
        yield _record_article(data, path, default_id=path.stem)
        return
    if not data:
        raise ArticleFormatError("no articles in the JSON array")
    for number, record in enumerate(data, start=1):
        try:
            yield _record_article(record, path, default_id=f"{path.stem}-{number}")
        except ArticleFormatError as exc:
            yield Problem(origin=f"{path}[{number}]", reason=str(exc))


def _open_binary(path: Path) -> IO[bytes]:
    """The file opened for reading bytes, or a clear ArticleFormatError."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise ArticleFormatError(f"cannot read: {exc.strerror or exc}") from exc


def _read_jsonl(
    path: Path, progress: Callable[[int], None] | None = None
) -> Iterator[Article | Problem]:
    """One article per non-blank line; bad lines become problems with their number."""
    handle = _open_binary(path)
    read = 0
    with handle:
        for number, raw in enumerate(handle, start=1):
            read += len(raw)
            if progress is not None:
                progress(read)
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(raw.decode("utf-8-sig"))
                yield _record_article(record, path, default_id=f"{path.stem}-{number}")
            except UnicodeDecodeError:
                yield Problem(origin=where, reason="not UTF-8 text")
            except json.JSONDecodeError as exc:
                yield Problem(origin=where, reason=f"malformed JSON ({exc.msg})")
            except ArticleFormatError as exc:
                yield Problem(origin=where, reason=str(exc))


def _read_csv(
    path: Path, progress: Callable[[int], None] | None = None
) -> Iterator[Article | Problem]:
    """One article per row after the header; bad rows become problems with their line number."""
    with _open_binary(path) as handle:
        reader = csv.reader(_text_lines(handle, progress))
        try:
            header = [_record_key(name) for name in next(reader, [])]
            _check_csv_header(header)
            yield from _csv_articles(reader, header, path)
        except csv.Error as exc:
            raise ArticleFormatError(f"malformed CSV (line {reader.line_num}: {exc})") from exc


def _text_lines(handle: IO[bytes], progress: Callable[[int], None] | None) -> Iterator[str]:
    """The file's lines as text (a leading BOM dropped; bad bytes kept as surrogates)."""
    read = 0
    for number, raw in enumerate(handle, start=1):
        read += len(raw)
        if progress is not None:
            progress(read)
        yield raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="surrogateescape")


def _check_csv_header(header: list[str]) -> None:
    """Refuse a CSV file whose header names no text column."""
    if not header:
        raise ArticleFormatError("empty CSV file (expected a header row)")
    if not _is_utf8("".join(header)):
        raise ArticleFormatError("not UTF-8 text (line 1)")
    if not set(FIELD_ALIASES["text"]) & set(header):
        wanted = ", ".join(FIELD_ALIASES["text"])
        raise ArticleFormatError(f"no text column: the header needs one of {wanted}")


def _csv_articles(reader: CsvReader, header: list[str], path: Path) -> Iterator[Article | Problem]:
    """The articles of the rows after the header; empty cells count as missing."""
    line, number = 1, 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        where = f"{path}:{start}"
        if not _is_utf8("".join(row)):
            yield Problem(origin=where, reason="not UTF-8 text")
            continue
        record = {key: cell for key, cell in zip(header, row, strict=False) if cell.strip()}
        try:
            yield _record_article(record, path, default_id=f"{path.stem}-{number}")
        except ArticleFormatError as exc:
            yield Problem(origin=where, reason=str(exc))


def _is_utf8(text: str) -> bool:
    """False when the text holds bytes that were not UTF-8 (decoded as surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _record_article(record: Any, path: Path, default_id: str) -> Article:
    """An article from a JSON object or CSV row with a text field (see ``FIELD_ALIASES``)."""
    if not isinstance(record, dict):
        raise ArticleFormatError("expected a JSON object with 'title' and 'text'")
    try:
        fields = ArticleRecord.model_validate(record)
    except ValidationError as exc:
        raise _record_error(exc) from exc
    title, body = (fields.title, fields.text) if fields.title else _headline(fields.text, None)
    return _article(
        title=title or _title_from_name(path),
        body=body,
        article_id=fields.id or default_id,
        origin=path,
        url=fields.url,
        published=fields.published,
        source=fields.source,
    )


def _record_error(exc: ValidationError) -> ArticleFormatError:
    """The first validation error, naming the field (and its accepted names when missing)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "record"
    message = f"field '{where}': {first['msg'].lower()}"
    if first["type"] == "missing" and len(FIELD_ALIASES.get(where, ())) > 1:
        message += f" (any of {', '.join(FIELD_ALIASES[where])})"
    return ArticleFormatError(message)


def _html_article(html: str, path: Path) -> Article:
    """The main text and metadata of a saved web page."""
    from retrieval.web import page_article  # trafilatura only when a corpus holds HTML

    return page_article(
        html, origin=str(path), article_id=path.stem, fallback_title=_title_from_name(path)
    )


def _article(
    *,
    title: str,
    body: str,
    article_id: str,
    origin: Path | str,
    url: str | None,
    published: str | None,
    source: str | None,
) -> Article:
    """Clean the body and build the Article, or explain why there is none."""
    paragraphs = clean_paragraphs(body)
    title_blocks = split_blocks(title)
    title = title_blocks[0] if title_blocks else ""
    if len(paragraphs) > 1 and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise ArticleFormatError("no article text after cleaning")
    try:
        return Article(
            id=article_id,
            title=title,
            paragraphs=tuple(paragraphs),
            url=url or None,
            published=published or None,
            source=source or None,
            origin=str(origin),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ArticleFormatError(f"field '{where}': {first['msg'].lower()}") from exc


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Give repeated ids a numeric suffix so each article is addressable."""
    seen: dict[str, int] = {}
    unique: list[Article] = []
    for article in articles:
        count = seen.get(article.id, 0)
        seen[article.id] = count + 1
        unique.append(
            article
            if count == 0
            else article.model_copy(update={"id": f"{article.id}-{count + 1}"})
        )
    return unique
