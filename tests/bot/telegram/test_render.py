"""Rendering answers as Telegram HTML: escaping, bold words, lengths, splitting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.messages import TENTATIVE
from bot.telegram import render
from retrieval import Answer, Citation
from tests.bot.telegram.telegram_html import check_text, parse_html, utf16_len

HOSTILE = "<b>bold</b> </blockquote> &amp; \u202e\u200f \U0001f600 <a href='x'>"


def cite(n: int, quote: str, title: str = "A <title> & co", url: str | None = None) -> Citation:
    return Citation(n=n, quote=quote, article_id="a", title=title, url=url, paragraph=n, score=1.0)


def no_spans(text: str) -> list[tuple[int, int]]:
    return []


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert render.utf16_len("a\U0001f600") == 3
    assert render.visible_len("<b>&lt;x&gt;</b>") == 3


def test_hostile_text_is_escaped_and_bold_spans_survive() -> None:
    html = render.citation_html(cite(1, HOSTILE, url='https://e.x/?a="1"&b=2'), no_spans)
    parsed = check_text(html, "HTML")
    assert HOSTILE in parsed.text and "A <title> & co" in parsed.text
    bolded = render.bold_spans("Blinken met Xi", [(0, 7), (12, 14)])
    assert bolded == "<b>Blinken</b> met <b>Xi</b>"


def test_the_sentence_that_answers_is_bold_within_its_passage() -> None:
    quote = "The mayor spoke. The bridge cost $80m. Work starts in May."
    citation = cite(1, quote).model_copy(update={"focus": (17, 38)})
    html = render.citation_html(citation, lambda text: [(4, 9)])
    assert "<b>The bridge cost $80m.</b>" in html
    assert html.count("<b>") == 1


def test_a_quote_that_is_all_focus_bolds_the_question_s_words() -> None:
    html = render.citation_html(cite(1, "Blinken met Xi"), lambda text: [(0, 7)])
    assert "<b>Blinken</b> met Xi" in html


def test_an_inline_description_starts_at_the_focus() -> None:
    citation = cite(1, "The mayor spoke. The bridge cost $80m.").model_copy(
        update={"focus": (17, 38)}
    )
    assert render.description(citation) == "The bridge cost $80m."


def test_links_only_for_web_addresses() -> None:
    assert render.link("t", "javascript:alert(1)") == "t"
    assert render.link("t", "https://t.me/x/1") == '<a href="https://t.me/x/1">t</a>'


def test_long_quotes_are_expandable_and_clipped_to_fit() -> None:
    html = render.citation_html(cite(1, "\U0001f600word " * 2000), no_spans)
    assert html.startswith("<blockquote expandable>")
    assert utf16_len(check_text(html, "HTML").text) <= render.MAX_MESSAGE


def test_answers_split_between_citations() -> None:
    citations = tuple(cite(n, f"quote {n} " + "x" * 1500) for n in range(1, 4))
    answer = Answer(question="q", answered=True, citations=citations)
    pages = render.answer_messages(answer, no_spans, "try this")
    assert len(pages) == 2
    assert all(utf16_len(check_text(p, "HTML").text) <= 4096 for p in pages)
    assert "[3]" not in pages[0] and "[3]" in pages[1]


def test_a_declined_answer_has_no_quote() -> None:
    page = render.answer_messages(Answer(question="q", answered=False), no_spans, "a <b>")[0]
    assert "blockquote" not in page and "a &lt;b&gt;" in page


def test_a_misspelt_question_says_first_how_it_was_read() -> None:
    answer = Answer(
        question="who did blinkn meet <b>",
        answered=True,
        citations=(cite(1, "Blinken met Xi."), cite(2, "He met Wang Yi.")),
        read_as="who did blinken meet <b>",
    )
    first, *_ = render.answer_messages(answer, no_spans, "try this")
    assert check_text(first, "HTML").text.startswith("(Read as \u201cwho did blinken meet <b>")
    assert "(Read as" not in "".join(render.answer_messages(answer, no_spans, "", start=1))


def test_a_tentative_answer_says_first_that_it_only_comes_closest() -> None:
    answer = Answer(
        question="q",
        answered=True,
        citations=(cite(1, "Blinken met Xi."), cite(2, "He met Wang Yi.")),
        tentative=True,
    )
    first, *_ = render.answer_messages(answer, no_spans, "")
    assert check_text(first, "HTML").text.startswith(TENTATIVE)
    assert TENTATIVE not in "".join(render.answer_messages(answer, no_spans, "", start=1))


def test_a_declined_misspelt_question_says_how_it_was_read() -> None:
    answer = Answer(question="q", answered=False, read_as="what did the government say")
    page = render.answer_messages(answer, no_spans, "try this")[0]
    assert "government" in page and "try this" in page


def test_more_callback_data_fits_64_bytes_and_round_trips() -> None:
    assert render.parse_more(render.more_data(3, "Who met?")) == (3, "Who met?")
    long = render.more_data(3, "é" * 40)
    assert len(long.encode()) <= 64 and render.parse_more(long) == (3, "")
    assert render.parse_more("x|1|q") is None


@settings(max_examples=60, deadline=None)
@given(
    quote=st.text(min_size=1, max_size=5000),
    title=st.text(min_size=1, max_size=300),
    spans=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), max_size=5),
)
def test_any_quote_renders_to_valid_html_within_the_limit(
    quote: str, title: str, spans: list[tuple[int, int]]
) -> None:
    html = render.citation_html(cite(1, quote, title), lambda text: spans)
    if not check_text_or_empty(html):
        return
    assert utf16_len(parse_html(html).text) <= 4096


def check_text_or_empty(html: str) -> bool:
    """Valid HTML; False when the visible text is only whitespace (never for real quotes)."""
    parsed = parse_html(html)
    return bool(parsed.text)
