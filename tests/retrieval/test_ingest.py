"""Loading articles from files and directories; bad files reported, the rest loaded."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval import (
    Article,
    CorpusNotFoundError,
    EmptyCorpusError,
    bundled_corpus_path,
    load_corpus,
    make_article,
    with_bundled,
)

GOOD = "Council votes on bridge\n\nThe council voted 7-2 on Tuesday to approve the bridge.\n"


def test_bundled_corpus_is_the_seed_article_unedited(bundled_article: Article) -> None:
    seed = Path(__file__).parents[3] / "shared" / "seed" / "blinken-xi-beijing.txt"
    bundled = bundled_corpus_path() / "blinken-xi-beijing.txt"
    if seed.exists():
        assert bundled.read_bytes() == seed.read_bytes()
    assert bundled_article.id == "blinken-xi-beijing"


def test_first_line_that_reads_like_a_headline_is_the_title(bundled_article: Article) -> None:
    assert bundled_article.title.startswith("Secretary of State Blinken, Xi Jinping meet")


def test_first_line_that_is_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    (tmp_path / "rain-in-town.txt").write_text("It rained all day in town.\n\nThe river rose.")
    (article,) = load_corpus(tmp_path).articles
    assert article.title == "Rain in town"
    assert article.paragraphs == ("It rained all day in town.", "The river rose.")


def test_every_golden_format_loads(golden_articles: tuple[Article, ...]) -> None:
    assert {a.id for a in golden_articles} == {
        "harbor-bridge",
        "wildfire",
        "chess-final",
        "bakery-strike",
        "marathon-record",
        "museum",
    }


def test_markdown_front_matter_gives_metadata(golden_articles: tuple[Article, ...]) -> None:
    wildfire = next(a for a in golden_articles if a.id == "wildfire")
    assert wildfire.url == "https://example.com/news/pine-valley-wildfire"
    assert wildfire.published == dt.date(2024, 8, 14)
    assert wildfire.source == "Valley Herald"


def test_markdown_markup_is_removed_from_quotes(golden_articles: tuple[Article, ...]) -> None:
    wildfire = next(a for a in golden_articles if a.id == "wildfire")
    text = " ".join(wildfire.paragraphs)
    assert "**" not in text and "](" not in text
    assert "according to the state forestry agency." in text
    assert "Advertisement" not in text


def test_html_page_gives_main_text_and_metadata(golden_articles: tuple[Article, ...]) -> None:
    museum = next(a for a in golden_articles if a.id == "museum")
    text = " ".join(museum.paragraphs)
    assert museum.source == "Riverside Times"
    assert museum.published == dt.date(2024, 3, 9)
    assert "planetarium with 200 seats" in text
    for junk in ("cookies", "Related stories", "dinofan88", "cheap flights", "All rights"):
        assert junk not in text


def test_missing_path_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="nowhere"):
        load_corpus(tmp_path / "nowhere")


def test_empty_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmptyCorpusError, match="no articles"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x00\x01\x02garbage", "binary"),
        ("latin1.txt", "Caf\u00e9 news\n\nThe caf\u00e9 opened.".encode("latin-1"), "UTF-8"),
        ("broken.json", b'{"title": "x", "text": ', "malformed JSON"),
        ("notext.json", json.dumps({"title": "x"}).encode(), "text"),
        ("number.json", b"42", "JSON object"),
        ("empty.txt", b"   \n\n", "no article text"),
    ],
    ids=["binary", "not-utf8", "malformed-json", "missing-field", "not-object", "empty"],
)
def test_bad_file_is_reported_by_name_and_the_rest_loads(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / name).write_bytes(content)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    (problem,) = corpus.problems
    assert problem.origin.endswith(name)
    assert reason in problem.reason


def test_bad_jsonl_lines_are_reported_by_line_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "One", "text": "First story text."}),
        "{not json",
        json.dumps({"title": "Three", "text": "Third story text."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    corpus = load_corpus(tmp_path)
    assert [a.title for a in corpus.articles] == ["One", "Three"]
    assert [p.origin.rsplit(":", 1)[1] for p in corpus.problems] == ["2"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"Headline": "Bridge vote", "Body": "The council voted."},
            {"title": "Bridge vote"},
        ),
        ({"content": "The council voted."}, {"title": "Story"}),
        ({"article": "The council voted."}, {"title": "Story"}),
        (
            {"text": "The council voted.", "date": "2024-05-02", "link": "https://example.org/b"},
            {"published": dt.date(2024, 5, 2), "url": "https://example.org/b"},
        ),
        ({"body": "The council voted.", "content": "Ignored."}, {"title": "Story"}),
    ],
    ids=["headline-body-any-case", "content", "article", "date-link", "first-alias-wins"],
)
def test_json_fields_are_read_under_their_common_aliases(
    tmp_path: Path, record: dict[str, str], expected: dict[str, object]
) -> None:
    (tmp_path / "story.json").write_text(json.dumps(record))
    (article,) = load_corpus(tmp_path).articles
    assert {name: getattr(article, name) for name in expected} == expected
    assert article.paragraphs == ("The council voted.",)


def test_a_record_without_text_names_the_accepted_text_fields(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "notext.json").write_text(json.dumps({"headline": "Bridge vote"}))
    (problem,) = load_corpus(tmp_path).problems
    assert "field 'text'" in problem.reason and "body" in problem.reason


@pytest.mark.parametrize(
    "wrap",
    [lambda records: records, lambda records: {"status": "ok", "articles": records}],
    ids=["array", "articles-object"],
)
def test_a_json_file_of_many_articles_loads_each_numbered_from_one(
    tmp_path: Path, wrap: Callable[[list[dict[str, str]]], object]
) -> None:
    records = [{"title": "One", "text": "First story."}, {"title": "Two", "text": "Second."}]
    (tmp_path / "feed.json").write_text(json.dumps(wrap(records)))
    articles = load_corpus(tmp_path).articles
    assert [(a.id, a.title) for a in articles] == [("feed-1", "One"), ("feed-2", "Two")]


def test_bad_json_array_elements_are_reported_by_index_and_the_rest_load(tmp_path: Path) -> None:
    records = [{"title": "One", "text": "First story."}, {"title": "No text"}, 5]
    records.append({"title": "Four", "text": "Fourth story."})
    (tmp_path / "feed.json").write_text(json.dumps(records))
    corpus = load_corpus(tmp_path)
    assert [a.title for a in corpus.articles] == ["One", "Four"]
    assert [Path(p.origin).name for p in corpus.problems] == ["feed.json[2]", "feed.json[3]"]


def test_csv_rows_load_with_their_metadata(tmp_path: Path) -> None:
    (tmp_path / "wire.csv").write_text(
        "ID,Headline,Body,Date,Link,Outlet\n"
        "bridge,Bridge vote,The council voted 7-2.,2024-05-02,https://example.org/b,Herald\n"
    )
    (article,) = load_corpus(tmp_path).articles
    assert article.model_dump(exclude={"origin"}) == {
        "id": "bridge",
        "title": "Bridge vote",
        "paragraphs": ("The council voted 7-2.",),
        "url": "https://example.org/b",
        "published": dt.date(2024, 5, 2),
        "source": "Herald",
    }


def test_csv_rows_without_an_id_are_numbered_from_one(tmp_path: Path) -> None:
    (tmp_path / "wire.csv").write_text("title,text\nOne,First story.\nTwo,Second story.\n")
    assert [a.id for a in load_corpus(tmp_path).articles] == ["wire-1", "wire-2"]


def test_a_quoted_multi_line_csv_body_keeps_its_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "wire.csv").write_text(
        'title,text\nBridge vote,"The council voted.\n\nThe mayor, 61, agreed."\n'
    )
    (article,) = load_corpus(tmp_path).articles
    assert article.paragraphs == ("The council voted.", "The mayor, 61, agreed.")


def test_a_csv_row_without_text_is_reported_by_its_line_number(tmp_path: Path) -> None:
    (tmp_path / "wire.csv").write_text(
        'title,text\nOne,"First story.\n\nMore of it."\nNo text,\nThree,Third story.\n'
    )
    corpus = load_corpus(tmp_path)
    assert [a.title for a in corpus.articles] == ["One", "Three"]
    (problem,) = corpus.problems
    assert Path(problem.origin).name == "wire.csv:5"
    assert "field 'text'" in problem.reason


def test_a_csv_file_without_a_text_column_says_which_columns_it_needs(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "wire.csv").write_text("title,summary\nOne,Short.\n")
    (problem,) = load_corpus(tmp_path).problems
    assert Path(problem.origin).name == "wire.csv"
    assert "text column" in problem.reason and "body" in problem.reason


def test_a_csv_file_starting_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    (tmp_path / "wire.csv").write_bytes("\ufefftext,title\nThe council voted.,Bridge\n".encode())
    (article,) = load_corpus(tmp_path).articles
    assert (article.title, article.paragraphs) == ("Bridge", ("The council voted.",))


def test_other_file_types_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".draft.txt").write_text(GOOD)
    assert [a.id for a in load_corpus(tmp_path).articles] == ["good"]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [a.id for a in load_corpus(tmp_path).articles] == ["good"]


def test_repeated_ids_are_made_unique(tmp_path: Path) -> None:
    record = json.dumps({"id": "same", "title": "T", "text": "Some text here."})
    (tmp_path / "a.jsonl").write_text(record + "\n" + record)
    assert [a.id for a in load_corpus(tmp_path).articles] == ["same", "same-2"]


def test_with_bundled_adds_the_bundled_article_after_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "bridge.txt").write_text(GOOD)
    corpus = with_bundled(load_corpus(tmp_path))
    bundled = load_corpus(bundled_corpus_path()).articles
    assert [a.title for a in corpus.articles] == ["Council votes on bridge", bundled[0].title]


def test_with_bundled_does_not_load_a_copy_of_the_bundled_article_twice(tmp_path: Path) -> None:
    for file in bundled_corpus_path().iterdir():
        text = file.read_text(encoding="utf-8")
        (tmp_path / f"copy-{file.name}").write_text(text.replace("\n", "\n\n  "))
    (tmp_path / "bridge.txt").write_text(GOOD)
    corpus = load_corpus(tmp_path)
    assert with_bundled(corpus).articles == corpus.articles


def test_single_file_corpus(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(GOOD)
    assert [a.title for a in load_corpus(path).articles] == ["Council votes on bridge"]


def test_make_article_takes_its_title_from_the_first_line() -> None:
    article = make_article("Storm hits town\nA storm hit the town on Tuesday.", article_id="p1")
    assert article.title == "Storm hits town"
    assert article.paragraphs == ("A storm hit the town on Tuesday.",)


def test_make_article_keeps_a_one_line_post_as_its_text() -> None:
    article = make_article("The storm hit the town on Tuesday.", article_id="p2")
    assert article.paragraphs == ("The storm hit the town on Tuesday.",)


def test_a_200_mb_text_file_is_refused_by_name_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written to disk
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    (problem,) = corpus.problems
    assert problem.origin.endswith("huge.txt") and "too large" in problem.reason


def test_a_directory_of_10000_files_loads(tmp_path: Path) -> None:
    for n in range(10_000):
        (tmp_path / f"story-{n:05d}.txt").write_text(f"Story {n}\n\nThe council met {n} times.")
    corpus = load_corpus(tmp_path)
    assert len(corpus.articles) == 10_000
    assert corpus.problems == ()


def test_a_newsapi_style_article_gives_its_source_name_and_date(tmp_path: Path) -> None:
    record = {
        "source": {"id": None, "name": "Reuters"},
        "title": "Port reopens",
        "content": "The port reopened on Monday.",
        "publishedAt": "2024-03-11T08:00:00Z",
    }
    (tmp_path / "feed.json").write_text(json.dumps({"articles": [record]}))
    article = load_corpus(tmp_path).articles[0]
    assert (article.source, article.published) == ("Reuters", dt.date(2024, 3, 11))
