"""Adding pages, feeds, files, documents and texts to the store, each only once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval import ArticleStore, Engine
from retrieval.adding import (
    AddOptions,
    add_document,
    add_feed,
    add_source,
    add_text,
    add_url,
    refresh_feeds,
    unseen_articles,
)
from retrieval.errors import ArticleFormatError, CorpusNotFoundError, FetchError
from retrieval.fetch import FetchOptions
from retrieval.ledger import LEDGER_NAME, Ledger, learned_id, text_key, url_key
from retrieval.models import Article
from tests.retrieval.web_server import WEB_DATA, LocalWeb, web

__all__ = ["web"]

OPTIONS = AddOptions(
    fetch=FetchOptions(allow_private=True, connect_timeout=1, read_timeout=0.5, total_timeout=2)
)
BODY_JUNK = (
    "cookie",
    "Maldives",
    "Crestline",
    "haunted",
    "crook",
    "Lighthouse keeper",
    "Spa Resort",
)


@pytest.fixture
def store(tmp_path: Path) -> ArticleStore:
    return ArticleStore(tmp_path / "articles")


def _files(store: ArticleStore) -> list[str]:
    return sorted(p.name for p in store.root.glob("*")) if store.root.is_dir() else []


def test_a_page_is_added_once(web: LocalWeb, store: ArticleStore) -> None:
    url = web.url("/pages/harbour-bridge.html")
    report = add_source(url, store, OPTIONS)
    (article,) = report.added
    assert article.title == "Harbour Bridge reopens after two-year repair"
    assert article.source == "The Harbour Gazette"
    assert article.origin == url
    assert article.id.startswith("harbourgazette.example-harbour-bridge-reopens-")
    assert store.load()[0] == [article]
    hits = len(web.hits)
    again = add_source(url, store, OPTIONS)
    assert again.added == () and "already added (same url" in again.skipped[0].reason
    assert len(web.hits) == hits  # known url: not even fetched
    assert report.summary() == f"{url}: 1 article added, 0 skipped"


def test_the_same_page_by_another_url_is_not_added_twice(
    web: LocalWeb, store: ArticleStore
) -> None:
    add_url(web.url("/pages/harbour-bridge.html"), store, OPTIONS)
    report = add_url(web.url("/to-page"), store, OPTIONS)
    assert report.added == () and "already added" in report.skipped[0].reason


def test_the_same_text_is_not_added_twice(web: LocalWeb, store: ArticleStore) -> None:
    notes = (WEB_DATA.parent.parent / "retrieval" / "web_server.py").exists()
    assert notes
    web.route("/copy/notes.txt", b"Lighthouse to get new lamp\n\nThe Gull Rock lighthouse will "
              b"get an LED lamp visible for 40 kilometres,   the coastguard said on Friday.\n",
              "text/plain")  # fmt: skip
    first = add_url(web.url("/notes.txt"), store, OPTIONS)
    assert [a.title for a in first.added] == ["Lighthouse to get new lamp"]
    second = add_url(web.url("/copy/notes.txt"), store, OPTIONS)
    assert second.added == ()
    assert second.skipped[0].reason == f"already added (same text as {first.added[0].id})"


def test_a_feed_adds_its_items_and_reports_the_rest(web: LocalWeb, store: ArticleStore) -> None:
    report = add_url(web.url("/feed.rss"), store, OPTIONS)
    assert [a.title for a in report.added] == [
        "Fishing quotas cut by a quarter, ministry says",
        "Council approves budget with new night ferry",
    ]
    assert all(a.origin == web.url("/feed.rss") for a in report.added)
    council = report.added[1]
    assert council.source == "Coastline Daily"
    assert council.paragraphs[0].startswith("The city council approved a 310-million-euro budget")
    reasons = {p.origin.rsplit("/", 1)[1]: p.reason for p in report.skipped}
    assert "no article text" in reasons["no-article.html"]
    assert "refused content type image/png" in reasons["wrong-type"]


def test_a_feed_refresh_adds_only_what_is_new(web: LocalWeb, store: ArticleStore) -> None:
    rss = (WEB_DATA / "feed.rss").read_bytes()
    web.route("/live.rss", rss, "application/rss+xml")
    first = add_feed(web.url("/live.rss"), store, OPTIONS)
    assert len(first.added) == 2
    page_hits = sum(1 for h in web.hits if h.startswith("/pages/"))
    item = b"""<item><title>Harbour Bridge reopens after two-year repair</title>
      <link>{{BASE}}/pages/harbour-bridge.html</link></item></channel>"""
    web.route("/live.rss", rss.replace(b"</channel>", item), "application/rss+xml")
    second = refresh_feeds([web.url("/live.rss")], store, OPTIONS)
    assert [a.title for a in second.added] == ["Harbour Bridge reopens after two-year repair"]
    fetched = [h for h in web.hits if h.startswith("/pages/")][page_hits:]
    assert "/pages/council-budget.html" not in fetched  # known items are not fetched again
    assert sum("already added" in p.reason for p in second.skipped) == 2
    assert len(store.load()[0]) == 3


def test_refresh_reports_a_failing_feed_and_goes_on(web: LocalWeb, store: ArticleStore) -> None:
    feeds = [web.url("/status/500"), web.url("/pages/harbour-bridge.html"), web.url("/feed.atom")]
    report = refresh_feeds(feeds, store, OPTIONS)
    assert {a.title for a in report.added} == {
        "School year to start a week later after heat review",
        "Harbour Bridge reopens after two-year repair",
    }
    assert "answered 500" in report.skipped[0].reason
    assert "not a feed" in report.skipped[1].reason or "expected a feed" in report.skipped[1].reason
    school = next(a for a in report.added if a.title.startswith("School"))
    assert school.source == "The Harbour Gazette" and school.origin == web.url("/feed.atom")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/huge", "too large"),
        ("/huge-chunked", "too large"),
        ("/wrong-type", "refused content type"),
        ("/loop-a", "redirect loop"),
        ("/hops/9", "too many redirects"),
        ("/slow", "too slow"),
        ("/to-ftp", "only http and https"),
        ("/status/404", "answered 404"),
        ("/pages/no-article.html", "no article text"),
    ],
)
def test_hostile_responses_are_refused_and_nothing_changes(
    web: LocalWeb, store: ArticleStore, path: str, message: str
) -> None:
    add_text("An earlier article about ferries.\n\nThe ferry runs at night.", store, origin="t")
    before = {p.name: p.read_bytes() for p in store.root.iterdir()}
    options = OPTIONS.model_copy(
        update={"fetch": OPTIONS.fetch.model_copy(update={"max_bytes": 200_000})}
    )
    with pytest.raises((FetchError, ArticleFormatError), match=message):
        add_source(web.url(path), store, options)
    assert {p.name: p.read_bytes() for p in store.root.iterdir()} == before


def test_private_urls_are_refused_unless_allowed(web: LocalWeb, store: ArticleStore) -> None:
    with pytest.raises(FetchError, match="NEWSBOT_ALLOW_PRIVATE_URLS"):
        add_source(web.url("/pages/harbour-bridge.html"), store, AddOptions())
    assert _files(store) == []


def test_other_targets(store: ArticleStore) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        add_source("ftp://example.org/a.html", store, OPTIONS)
    with pytest.raises(CorpusNotFoundError, match="not a file nor an http"):
        add_source("no/such/file.txt", store, OPTIONS)


def test_local_files_and_archives(tmp_path: Path, store: ArticleStore) -> None:
    page = WEB_DATA / "pages" / "council-budget.html"
    report = add_source(str(page), store, OPTIONS)
    assert report.added[0].origin == str(page.resolve())
    archive = tmp_path / "archive.jsonl"
    archive.write_text(
        json.dumps({"title": "Ferry strike", "text": "Ferry crews walked out on Friday."})
        + "\n{broken\n"
        + json.dumps({"title": "Seal pup", "text": "Divers rescued a seal pup from the marina."})
        + "\n",
        encoding="utf-8",
    )
    seen: list[int] = []
    report = add_source(str(archive), store, OPTIONS, progress=seen.append)
    assert [a.title for a in report.added] == ["Ferry strike", "Seal pup"]
    assert [p.origin for p in report.skipped] == [f"{archive}:2"]
    assert seen[-1] == archive.stat().st_size
    assert add_source(str(archive), store, OPTIONS).added == ()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(ArticleFormatError, match=r"bad\.txt: binary file"):
        add_source(str(bad), store, OPTIONS)


def test_a_saved_feed_file(tmp_path: Path, web: LocalWeb, store: ArticleStore) -> None:
    feed = tmp_path / "saved.atom"
    feed.write_bytes((WEB_DATA / "feed.atom").read_bytes().replace(b"{{BASE}}", web.base.encode()))
    report = add_source(str(feed), store, OPTIONS)
    assert len(report.added) == 2


def test_uploaded_documents(store: ArticleStore) -> None:
    html = (WEB_DATA / "pages" / "harbour-bridge.html").read_bytes()
    report = add_document("bridge.html", html, store, OPTIONS, origin="telegram:document")
    assert report.added[0].title == "Harbour Bridge reopens after two-year repair"
    assert report.added[0].origin == "telegram:document"
    md = b"# Night ferry timetable\n\nThe **night ferry** leaves the old harbour at 00:20."
    (note,) = add_document("ferry.md", md, store, OPTIONS, origin="telegram:document").added
    assert note.title == "Night ferry timetable"
    assert note.paragraphs == ("The night ferry leaves the old harbour at 00:20.",)
    with pytest.raises(ArticleFormatError, match=r"send a \.txt, \.md or \.html"):
        add_document("scan.pdf", b"%PDF-1.4", store, OPTIONS, origin="x")
    with pytest.raises(ArticleFormatError, match="not UTF-8"):
        add_document("latin.txt", "caf\xe9 au lait".encode("latin-1"), store, OPTIONS, origin="x")


def test_forwarded_text_is_added_once(store: ArticleStore) -> None:
    text = "Ferry strike ends\n\nFerry crews returned to work on Sunday after a deal on pay."
    first = add_text(text, store, origin="telegram:chat/1/message/7", source="Coast Channel")
    assert first.added[0].title == "Ferry strike ends"
    again = add_text(text.replace("  ", " ").upper(), store, origin="telegram:chat/1/message/9")
    assert again.added == () and "same text" in again.skipped[0].reason


def test_the_ledger_reconciles_with_the_folder(store: ArticleStore) -> None:
    add_text("Seal pup rescued\n\nDivers freed a seal pup in the marina.", store, origin="a")
    other = Article(
        id="post-1", title="T", paragraphs=("Nets cut by vandals.",), url="https://x.example/p#c"
    )
    store.save(other)  # saved by someone else (e.g. a channel post), not through adding
    ledger = Ledger(store)
    assert ledger.url_owner("HTTPS://x.example/p?utm_source=feed") == "post-1"
    assert ledger.duplicate(other.model_copy(update={"url": None})) is not None
    store.remove("post-1")
    assert Ledger(store).url_owner("https://x.example/p") is None
    (store.root / LEDGER_NAME).write_text("{not json", encoding="utf-8")
    assert Ledger(store).duplicate(other) is None  # a corrupt ledger is rebuilt


def test_identity_helpers() -> None:
    assert (
        url_key("HTTPS://News.Example:443/a/b/?utm_medium=x&id=3#top")
        == "https://news.example/a/b?id=3"
    )
    assert text_key(["A  b", "C"]) == text_key(["a b c"])
    article = Article(id="x", title="Big News!", paragraphs=("Text.",))
    assert learned_id(article).startswith("big-news-")
    with_url = article.model_copy(update={"url": "https://www.n.example/2024/story.html"})
    assert learned_id(with_url).startswith("n.example-story-")


def test_unseen_articles_finds_what_others_added(store: ArticleStore) -> None:
    first = add_text("Ferry fares\n\nFares rise in May by ten per cent.", store, origin="a").added
    second = add_text(
        "Quay repairs\n\nThe quay closes for repairs in June.", store, origin="b"
    ).added
    assert unseen_articles(store, [first[0].id]) == list(second)
    assert unseen_articles(ArticleStore(store.root / "none"), []) == []


def test_added_articles_answer_with_quotes_from_the_body_only(
    web: LocalWeb, store: ArticleStore
) -> None:
    add_url(web.url("/feed.rss"), store, OPTIONS)
    add_url(web.url("/pages/harbour-bridge.html"), store, OPTIONS)
    articles, problems = store.load()
    assert problems == [] and len(articles) == 3
    engine = Engine(articles)
    bodies = {a.id: a.paragraphs for a in articles}
    for question, expected in {
        "How often will the night ferry run?": "every forty minutes",
        "By how much are cod quotas cut?": "25 per cent",
        "How long will the new bridge cables last?": "eighty years",
        "Is the bridge haunted?": None,
        "What does the Saltholm Spa Resort offer?": None,
    }.items():
        answer = engine.answer(question)
        for citation in answer.citations:
            assert any(citation.quote in p for p in bodies[citation.article_id])
            assert not any(j.casefold() in citation.quote.casefold() for j in BODY_JUNK)
        if expected:
            assert answer.answered and expected in answer.citations[0].quote, question
