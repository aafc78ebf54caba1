"""Answers: verbatim cited quotes, declines, and bad questions."""

from __future__ import annotations

import re
import time

import pytest

from retrieval import Answer, AnswerConfig, Article, Engine, QuestionError
from tests.conftest import unrelated_articles


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _assert_verbatim(engine: Engine, answer: Answer) -> None:
    for citation in answer.citations:
        paragraph = engine.article(citation.article_id).paragraphs[citation.paragraph - 1]
        assert _folded(citation.quote) in _folded(paragraph)


@pytest.mark.parametrize(
    ("question", "article_id", "paragraph", "expected"),
    [
        ("How much will the harbor bridge cost?", "harbor-bridge", 2, "$80 million"),
        ("When does construction of the bridge begin?", "harbor-bridge", 5, "March 2025"),
        ("How many firefighters are fighting the wildfire?", "wildfire", 2, "300 firefighters"),
        ("What sparked the fire in Pine Valley?", "wildfire", 3, "dry lightning"),
        ("Who won the world chess championship?", "chess-final", 1, "Anya Petrova"),
        ("How many bakers joined the strike?", "bakery-strike", 2, "85 bakers"),
        ("What was the marathon record time?", "marathon-record", 1, "2 hours, 5 minutes"),
        ("How many seats does the new planetarium have?", "museum", 1, "200 seats"),
    ],
    ids=["cost", "when", "how-many", "what", "who", "strike", "record", "html-article"],
)
def test_first_citation_quotes_the_answering_paragraph(
    golden_engine: Engine, question: str, article_id: str, paragraph: int, expected: str
) -> None:
    answer = golden_engine.answer(question)
    first = answer.citations[0]
    assert answer.answered
    assert (first.article_id, first.paragraph) == (article_id, paragraph)
    assert expected in first.quote


def test_citation_carries_the_article_metadata(golden_engine: Engine) -> None:
    first = golden_engine.answer("How many firefighters battle the blaze?").citations[0]
    assert first.n == 1
    assert first.title == "Wildfire forces evacuations in Pine Valley"
    assert first.url == "https://example.com/news/pine-valley-wildfire"
    assert str(first.published) == "2024-08-14"
    assert first.score > 0


def test_quotes_are_verbatim(golden_engine: Engine) -> None:
    for question in ("Who said the bridge will cut the commute?", "What did Petrova say?"):
        answer = golden_engine.answer(question)
        assert answer.answered
        _assert_verbatim(golden_engine, answer)


def test_citations_are_distinct_quotes_numbered_from_one(golden_engine: Engine) -> None:
    answer = golden_engine.answer("What happened in the city on Sunday?", top_k=5)
    places = [(c.article_id, c.paragraph, c.quote) for c in answer.citations]
    assert len(places) == len(set(places))
    assert [c.n for c in answer.citations] == list(range(1, len(places) + 1))


def test_top_k_bounds_the_number_of_citations(golden_engine: Engine) -> None:
    assert len(golden_engine.answer("Sunday city", top_k=1).citations) == 1


def test_a_quote_is_at_most_three_sentences(bundled_engine: Engine) -> None:
    answer = bundled_engine.answer("What did Blinken say about China and Taiwan and Beijing?")
    for citation in answer.citations:
        assert len(re.findall(r"[.!?][\u201d\"]?(\s|$)", citation.quote)) <= 3


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Who won the football world cup?",
        "the of and to",
        "???",
    ],
    ids=["unrelated", "sport", "stopwords", "punctuation"],
)
def test_unanswerable_questions_are_declined(golden_engine: Engine, question: str) -> None:
    answer = golden_engine.answer(question)
    assert not answer.answered
    assert answer.citations == ()


@pytest.mark.parametrize("question", ["", "   \n\t "], ids=["empty", "whitespace"])
def test_empty_question_is_a_clear_error(golden_engine: Engine, question: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        golden_engine.answer(question)


def test_huge_question_is_refused_quickly(golden_engine: Engine) -> None:
    started = time.perf_counter()
    with pytest.raises(QuestionError, match="too long"):
        golden_engine.answer("bridge " * 15_000)
    assert time.perf_counter() - started < 1.0


def test_question_limit_is_configurable(golden_articles: tuple[Article, ...]) -> None:
    engine = Engine(golden_articles, answering=AnswerConfig(max_question_chars=10))
    with pytest.raises(QuestionError):
        engine.answer("Who won the chess final?")


def test_added_article_is_searchable_at_once(golden_articles: tuple[Article, ...]) -> None:
    engine = Engine(golden_articles)
    article = Article(id="flood", title="Flood", paragraphs=("The river flooded Elmwood.",))
    engine.add([article])
    assert engine.answer("Which town did the river flood?").citations[0].article_id == "flood"


def test_adding_an_article_with_a_known_id_replaces_it(
    golden_articles: tuple[Article, ...],
) -> None:
    engine = Engine(golden_articles)
    engine.add([Article(id="p", title="Post", paragraphs=("Zebras escaped the zoo.",))])
    engine.add([Article(id="p", title="Post", paragraphs=("Giraffes escaped the zoo.",))])
    quotes = [c.quote for c in engine.answer("Which animals escaped the zoo?").citations]
    assert quotes == ["Giraffes escaped the zoo."]


def test_highlights_mark_the_question_words(golden_engine: Engine) -> None:
    text = "The bridge will cost $80 million."
    spans = golden_engine.highlights(text, "How much do bridges cost?")
    assert [text[a:b] for a, b in spans] == ["bridge", "cost"]


def test_example_questions_name_what_the_corpus_is_about(bundled_engine: Engine) -> None:
    examples = bundled_engine.example_questions(2)
    assert len(examples) == 2
    for example in examples:
        assert bundled_engine.answer(example).answered


def _one_story(title: str, *paragraphs: str) -> Engine:
    """An engine over one article with this headline and these paragraphs."""
    return Engine([Article(id="story", title=title, paragraphs=paragraphs)])


def _copy(article: Article, **changes: object) -> Article:
    return Article.model_validate({**article.model_dump(), **changes})


def test_wire_copies_are_quoted_once_naming_the_other_source(
    golden_articles: tuple[Article, ...],
) -> None:
    bridge = next(a for a in golden_articles if a.id == "harbor-bridge")
    engine = Engine([*golden_articles, _copy(bridge, id="bridge-wire", source="Coast Wire")])
    answer = engine.answer("How much will the harbor bridge cost?")
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    assert answer.citations[0].also_in == ("Coast Wire",)


def test_the_more_recent_article_wins_a_tie(golden_articles: tuple[Article, ...]) -> None:
    bridge = next(a for a in golden_articles if a.id == "harbor-bridge")
    old = _copy(bridge, id="bridge-2019", published="2019-01-01")
    new = _copy(bridge, id="bridge-2024", published="2024-01-01")
    engine = Engine([*golden_articles, old, new])
    assert engine.answer("How much will the harbor bridge cost?").citations[0].article_id == (
        "bridge-2024"
    )


def test_a_news_synonym_finds_the_article_word(golden_articles: tuple[Article, ...]) -> None:
    engine = Engine(golden_articles)
    first = engine.answer("What is the price of the harbor bridge?").citations[0]
    assert "$80 million" in first.quote


def test_an_engine_over_a_collection_answers_from_it(golden_engine: Engine) -> None:
    engine = Engine.over(golden_engine.collection)
    assert engine.articles == golden_engine.articles
    assert engine.answer("Who won the world chess championship?").answered


def test_a_number_before_a_synonym_of_the_counted_word_is_preferred() -> None:
    engine = _one_story(
        "Strike",
        "Police were on strike for a 12th day.",
        "The union said 40 officers were on strike.",
    )
    first = engine.answer("How many police were on strike?").citations[0]
    assert "40 officers" in first.quote


def test_a_counted_word_may_stand_three_words_after_its_number() -> None:
    engine = _one_story(
        "Bank loses computer tapes",
        "The bank lost tapes holding the details of defence department staff.",
        "About 900,000 military and civilian staff were affected, a spokesman said.",
    )
    answer = engine.answer("How many defence department staff were affected?")
    assert "900,000" in answer.citations[0].quote


def test_a_number_in_another_clause_does_not_count_what_is_asked() -> None:
    engine = _one_story(
        "Rail strike called",
        "The rail company says it will run a reduced timetable.",
        "The walkout will last 48 hours, the drivers' union said on Thursday.",
    )
    assert not engine.answer("How many drivers are in the union?").answered


def test_a_hyphenated_synonym_counts_what_is_asked() -> None:
    engine = _one_story(
        "Spam flood",
        "Spam now makes up most of the mail that firms receive.",
        "A small engineering firm received a staggering 12 million e-mails in January.",
    )
    answer = engine.answer("How many emails did the small engineering firm get in January?")
    assert "12 million e-mails" in answer.citations[0].quote


def test_a_question_of_names_only_gets_the_lead_of_the_story_about_them() -> None:
    engine = Engine(
        [
            Article(
                id="sport",
                title="Rovers win",
                paragraphs=("Rovers won 2-1.", "Next they host Port Aldine Town."),
            ),
            Article(
                id="storm",
                title="Storm hits Port Aldine",
                paragraphs=(
                    "A storm tore roofs off houses in Port Aldine on Wednesday.",
                    "Power was cut to most of the town, officials said.",
                    "Port Aldine's harbour lost dozens of boats.",
                ),
            ),
        ]
    )
    first = engine.answer("port aldine?").citations[0]
    assert (first.article_id, first.paragraph) == ("storm", 1)


def test_the_lead_of_a_replaced_article_is_its_new_first_paragraph() -> None:
    engine = Engine([Article(id="a", title="A", paragraphs=("Old lead.", "Old body."))])
    engine.add([Article(id="a", title="A", paragraphs=("New lead about Zeta.", "Zeta body."))])
    assert engine.collection.passage(engine.collection.lead("a")).text == "New lead about Zeta."


def test_a_quote_pointing_back_brings_the_paragraph_before_it() -> None:
    engine = Engine(
        [
            Article(
                id="squad",
                title="Wales name squad",
                paragraphs=(
                    "Cardiff prop John Yapp has been called up by Wales.",
                    "The 21-year-old is the only uncapped player in the squad.",
                ),
            ),
            Article(
                id="scots",
                title="Scotland squad",
                paragraphs=("Scotland named two uncapped players in their squad.",),
            ),
            Article(id="tram", title="Tram opens", paragraphs=("Trams run every six minutes.",)),
        ]
    )
    citations = engine.answer("Who is the only uncapped player in the squad?").citations
    assert citations[0].paragraph == 2
    assert "John Yapp" in citations[1].quote


def test_a_replaced_article_never_brings_back_its_old_text() -> None:
    engine = Engine(
        [
            Article(id="b", title="Trams", paragraphs=("Trams run every six minutes.",)),
            Article(id="a", title="Squad", paragraphs=("Old text about John Yapp.",)),
        ]
    )
    engine.add([Article(id="a", title="Squad", paragraphs=("The 21-year-old is uncapped.",))])
    answer = engine.answer("Who is uncapped?")
    assert all("Old text" not in c.quote for c in answer.citations)


ARATA = (
    "Kenji Arata will chase the indoor two-mile world record in Birmingham next month. "
    '"I am still as hungry as ever," said Arata. "And the two-mile record is my target." '
    "Organisers said tickets for the meeting had sold well. "
    "The programme also features sprinters, hurdlers and a relay. "
    "The current record stands at eight minutes, 04.69 seconds."
)


def _arata(context_words: int) -> Engine:
    return Engine(
        [
            Article(id="athletics", title="Arata targets record", paragraphs=(ARATA,)),
            Article(id="tram", title="Tram opens", paragraphs=("Trams run every six minutes.",)),
        ],
        answering=AnswerConfig(context_words=context_words),
    )


def test_a_long_paragraph_offers_a_second_quote_beyond_its_first() -> None:
    citations = _arata(0).answer("What two-mile record is Arata chasing?").citations
    first, second = (c.quote for c in citations)
    assert [c.paragraph for c in citations] == [1, 1]
    assert first not in second and second not in first


def test_a_quote_shows_its_passage_around_the_sentences_that_answer() -> None:
    citation = _arata(120).answer("What two-mile record is Arata chasing?").citations[0]
    start, end = citation.focus_span
    assert citation.quote == ARATA
    assert 0 < end - start < len(ARATA)
    assert "two-mile" in citation.quote[start:end]


def test_a_passage_already_shown_is_not_quoted_again() -> None:
    citations = _arata(120).answer("What two-mile record is Arata chasing?").citations
    assert [c.paragraph for c in citations] == [1]


def test_the_context_stays_within_its_word_budget_around_the_focus() -> None:
    citation = _arata(25).answer("What two-mile record is Arata chasing?").citations[0]
    start, end = citation.focus_span
    assert len(citation.quote.split()) <= 25
    assert citation.quote[start:end] in ARATA
    assert citation.quote in ARATA


LONG_PARAGRAPH = " ".join(
    [
        *(
            f"Filler sentence number {n} talks at some length about the weather, the crops, "
            "the rain and the long dry summer ahead."
            for n in range(5)
        ),
        "The harbour tunnel plan was approved by the council on Monday.",
        "Its cost was put at 4.2 million dollars by the city engineer.",
        *(f"Another filler line {n} mentions the town fair and its visitors." for n in range(8)),
    ]
)


def test_a_quote_s_context_reaches_into_the_rest_of_a_long_paragraph() -> None:
    engine = Engine(
        [
            Article(id="council", title="Council news", paragraphs=(LONG_PARAGRAPH,)),
            Article(id="tram", title="Tram opens", paragraphs=("Trams run every six minutes.",)),
        ],
        answering=AnswerConfig(context_words=25),
    )
    citation = engine.answer("Which plan did the council approve on Monday?").citations[0]
    assert "harbour tunnel plan" in citation.quote
    assert "4.2 million dollars" in citation.quote
    assert citation.quote in LONG_PARAGRAPH


def test_no_context_words_quotes_the_sentences_alone() -> None:
    citation = _arata(0).answer("What two-mile record is Arata chasing?").citations[0]
    assert citation.focus_span == (0, len(citation.quote))
    assert citation.quote != ARATA


def test_a_paragraph_without_the_words_asked_can_answer_from_the_best_article() -> None:
    engine = Engine(
        [
            Article(
                id="harbour",
                title="Harbour board chief resigns",
                paragraphs=(
                    "The chairman of the Port Aldine harbour board has resigned over costs.",
                    "Margaret Okafor said in a statement that her decision was final.",
                    "The board will meet on Monday to discuss the dredging contract.",
                ),
            ),
            Article(
                id="ferry",
                title="Ferry fares rise",
                paragraphs=tuple(
                    f"Ferry route {n} from the harbour will cost more from May, the operator said."
                    for n in range(1, 21)
                ),
            ),
        ]
    )
    answer = engine.answer("Who is the chairman of the harbour board that resigned?")
    assert any("Margaret Okafor" in c.quote for c in answer.citations)


def test_how_many_is_not_answered_by_a_number_of_something_else() -> None:
    engine = _one_story(
        "Nadal wins Davis Cup final",
        "Rafael Nadal beat Andy Roddick 6-7 6-2 7-6 6-2 in the Davis Cup final.",
        "Spain won the trophy for the second time in five years.",
    )
    assert not engine.answer("How many spectators watched the Davis Cup final?").answered


def test_how_many_of_a_people_is_answered_by_a_number_of_people() -> None:
    engine = _one_story(
        "Broadband booms in Europe",
        "Europeans took to broadband fastest in Italy and Britain last year.",
        "Just over 54 million people in Europe are hooked up to the net via broadband.",
    )
    answer = engine.answer("How many Europeans are hooked up to the net via broadband?")
    assert "54 million" in answer.citations[0].quote


def test_the_numbers_of_9_11_need_not_be_written_so() -> None:
    engine = _one_story(
        "Airline returns to profit",
        "The airline made a profit of 75m pounds in the last three months of 2004.",
        "Since the 11 September 2001 attacks, BA has cut 13,000 jobs.",
    )
    answer = engine.answer("How many jobs has the airline cut since 9/11?")
    assert "13,000 jobs" in answer.citations[0].quote


def test_all_is_not_a_count() -> None:
    engine = _one_story(
        "Jones could lose medals",
        "Marion Jones could lose all her Olympic medals after the doping claims.",
        "She denies taking banned drugs before the Sydney Olympics.",
    )
    assert not engine.answer("How many medals did Marion Jones win in Sydney?").answered


def test_how_many_people_is_answered_by_a_number_of_anyone() -> None:
    engine = _one_story(
        "Rail strike",
        "Train drivers at Northern Rail will strike for 48 hours from Tuesday.",
        "About 240,000 passengers use the Northern Rail network on a typical weekday.",
    )
    answer = engine.answer("How many people ride the Northern Rail network on a weekday?")
    assert "240,000" in answer.citations[0].quote


def test_the_found_story_answers_before_a_near_match_in_another() -> None:
    engine = Engine(
        [
            Article(
                id="jump",
                title="Tomlinson cuts schedule",
                paragraphs=(
                    "Long jumper Chris Tomlinson has cut his schedule to be fit for the finals.",
                    '"It is nothing serious," said Peter Stanley, who has trained him for years.',
                ),
            ),
            Article(
                id="broadband",
                title="Faster broadband",
                paragraphs=(
                    'It is a "big leap forward", said Chris Stening, the firm\'s general manager.',
                ),
            ),
            *unrelated_articles(),
        ]
    )
    citations = engine.answer("Who is the coach of long jumper Chris Tomlinson?").citations
    assert [c.article_id for c in citations[:2]] == ["jump", "jump"]


@pytest.mark.parametrize(
    "question",
    [
        "How many acres had the Saddle Fire burned by Sunday?",
        "How many acres had the Saddle Fire burned in 2004?",
    ],
    ids=["day", "year"],
)
def test_a_day_or_year_asked_about_must_be_in_the_quoted_passage(question: str) -> None:
    engine = _one_story(
        "Saddle Fire grows",
        "The Saddle Fire had burned about 8,300 acres by Friday, officials said.",
        "Crews expect rain on Sunday. The 2004 season was the driest on record.",
    )
    assert not engine.answer(question).answered


def test_a_day_asked_about_in_the_quoted_passage_answers() -> None:
    engine = Engine(
        [
            Article(
                id="fire",
                title="Saddle Fire grows",
                paragraphs=("The Saddle Fire had burned about 8,300 acres by Friday.",),
            )
        ]
    )
    answer = engine.answer("How many acres had the Saddle Fire burned by Friday?")
    assert "8,300 acres" in answer.citations[0].quote


def test_the_story_is_the_article_whose_passages_match_best_together() -> None:
    engine = Engine(
        [
            Article(
                id="tram",
                title="Tram line opens",
                paragraphs=("Dunmore's new tram line is over budget.", "Trams run every hour."),
            ),
            Article(
                id="council",
                title="Council passes budget",
                paragraphs=(
                    "Dunmore council passed its new budget for next year on Monday night.",
                    "The new budget takes effect in July, the council said.",
                    "It pays for eight more firefighters at the Quarry Lane station.",
                ),
            ),
            *unrelated_articles(),
        ]
    )
    citations = engine.answer("What will the new Dunmore budget pay for?").citations
    assert citations[0].article_id == "council"


def test_every_quote_for_a_how_many_question_holds_a_number() -> None:
    engine = Engine(
        [
            Article(id="plant", title="Plant to close", paragraphs=("650 jobs will go.",)),
            Article(
                id="drone",
                title="Drone ban struck down",
                paragraphs=('"I am glad I can go back to doing my job," he said.',),
            ),
            *unrelated_articles(),
        ]
    )
    citations = engine.answer("How many jobs will go?").citations
    assert citations
    assert all(any(ch.isdigit() for ch in c.quote) for c in citations)


def test_the_story_holding_more_of_the_question_wins_over_one_repeating_a_phrase() -> None:
    recycling = Article(
        id="recycling",
        title="Old handsets pile up",
        paragraphs=(
            "Some 20 million people keep old mobile phones in drawers, a report says.",
            "About 15 million people replace mobile phones every year.",
            "Charities ask people to send old mobile phones to 40 countries.",
        ),
    )
    games = Article(
        id="games",
        title="Game makers look to china",
        paragraphs=(
            "People in china love mobile games, and china has more mobile gamers than anywhere.",
            "Revenues come from the 340 million mobile users in china.",
        ),
    )
    others = [
        Article(
            id=f"town-{i}", title=f"Town news {i}", paragraphs=(f"The council met on day {i}.",)
        )
        for i in range(8)
    ]
    answer = Engine([recycling, games, *others]).answer(
        "how many people in china have a mobile phone"
    )
    assert "340 million" in answer.citations[0].quote


def test_a_compound_word_no_article_uses_is_read_as_its_parts() -> None:
    budget = Article(
        id="budget",
        title="Council raises property tax",
        paragraphs=(
            "The council approved a budget that raises property taxes by 4 percent.",
            "For the owner of a typical home, the rise will add about $148 a year to the bill.",
        ),
    )
    others = [
        Article(
            id=f"town-{i}", title=f"Town news {i}", paragraphs=(f"The fair opened on day {i}.",)
        )
        for i in range(4)
    ]
    engine = Engine([budget, *others])
    assert engine.question_terms("What will a homeowner pay?")[:2] == ["home", "owner"]
    answer = engine.answer("How much extra will a typical homeowner pay per year after the rise?")
    assert "$148" in answer.citations[0].quote


def test_a_hyphenated_name_with_a_part_too_short_to_count_is_asked_as_a_whole() -> None:
    engine = Engine(
        [
            Article(
                id="hack",
                title="Hacker breaks into T-Mobile",
                paragraphs=("T-Mobile, which has 16.3 million customers in the US, was hacked.",),
            ),
            Article(
                id="phones",
                title="Mobile phone mountain",
                paragraphs=("About 15 million mobile phones go out of use every year.",),
            ),
        ]
    )
    assert "t-mobile" in engine.question_terms("how many customers has t-mobile got")
    assert "punch-up" not in engine.question_terms("what did he pay over the punch-up")
    answer = engine.answer("how many customers has t-mobile got")
    assert "16.3 million" in answer.citations[0].quote


def test_a_number_written_with_an_s_is_read_as_the_number_the_articles_use() -> None:
    engine = Engine(
        [
            Article(
                id="fuel",
                title="Winter fuel payments",
                paragraphs=(
                    "The government gives £200 for winter fuel to households with people "
                    "over 60, or £300 where people are over 80.",
                ),
            ),
            *unrelated_articles(),
        ]
    )
    assert "80" in engine.question_terms("What do households with over-80s get?")
    answer = engine.answer("How much winter fuel money do households with over-80s get?")
    assert "£300" in answer.citations[0].quote


def test_who_is_answered_by_the_paragraph_naming_someone_new_not_the_lead() -> None:
    engine = Engine(
        [
            Article(
                id="tennis",
                title="Venus crashes out in Dubai",
                paragraphs=(
                    "Venus Williams suffered a first-round defeat for the first time in four "
                    "years at the Dubai Championships.",
                    "Sylvia Farina Elia, who had lost all nine of her previous meetings with "
                    "Williams, won 7-5 7-6 in the first round.",
                    "Williams said she had not played enough matches.",
                ),
            ),
            *unrelated_articles(),
        ]
    )
    answer = engine.answer("Who beat Venus Williams in the first round of the Dubai Championships?")
    assert answer.citations[0].quote.startswith("Sylvia Farina Elia")


def _museum(others: int) -> Engine:
    story = Article(
        id="museum",
        title="Museum reopens",
        paragraphs=("The Castlebridge museum reopened after a $58 million renovation.",),
    )
    return Engine([story, *unrelated_articles(others)])


@pytest.mark.parametrize("others", [20, 120], ids=["small-collection", "big-collection"])
def test_a_reader_s_own_english_word_does_not_raise_the_bar(others: int) -> None:
    question = "How much did the castlebridge museum makeover cost?"
    assert _museum(others).answer(question).answered


def test_in_a_small_collection_words_no_article_uses_raise_the_bar_when_they_weigh_half() -> None:
    question = "How much did the castlebridge football stadium makeover cost?"
    assert not _museum(others=20).answer(question).answered


def test_a_streak_written_as_an_ordinal_answers_how_many_in_a_row() -> None:
    report = Article(
        id="orient",
        title="Orient 1-0 Mansfield",
        paragraphs=(
            "A second-half goal from Andy Scott condemned Mansfield to a ninth successive "
            "game without a win.",
        ),
    )
    answer = Engine([report, *unrelated_articles()]).answer(
        "How many games in a row have Mansfield gone without a win?"
    )
    assert "ninth successive game" in answer.citations[0].quote


def test_a_score_question_is_answered_by_the_sentence_with_the_result() -> None:
    engine = _one_story(
        "Wales stun France",
        "Wales beat France in Paris for the first time in 20 years.",
        "Replacement Martyn Williams starred in Saturday's 24-18 win.",
    )
    first = engine.answer("What was the score when Wales beat France in Paris?").citations[0]
    assert "24-18" in first.quote


def test_a_score_question_is_declined_when_no_result_is_given() -> None:
    engine = _one_story(
        "Boro face Partizan",
        "Middlesbrough played Partizan Belgrade in the final before 30,000 fans.",
        "Boss Steve McClaren wanted a win over Partizan to top the group.",
    )
    answer = engine.answer("What was the final score when Middlesbrough played Partizan?")
    assert not answer.answered


def test_in_a_one_article_collection_a_reader_s_everyday_words_do_not_sink_the_question() -> None:
    engine = _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz opened the Harbor Bridge on Monday, two years late.",
        "Ortiz said the bridge would cut the drive to the airport by 20 minutes.",
        "The bridge cost $80 million, Ortiz said, most of it paid by the state.",
        "Critics of Ortiz say the money should have gone to schools.",
    )
    answer = engine.answer("what day did ortiz get the bridge going?")
    assert "on Monday" in answer.citations[0].quote


def test_a_country_s_capital_standing_for_its_government_is_mentioned_by_the_country() -> None:
    engine = _one_story(
        "Blinken in China",
        "The US and China agreed to keep talking, the secretary of state said.",
        "The US wants China to use its influence with Russia to help end the war.",
    )
    answer = engine.answer("What role does Washington want China to play in ending the war?")
    assert answer.answered
    assert "use its influence" in answer.citations[0].quote


def _haley_story() -> Engine:
    return _one_story(
        "Haley criticises trip",
        "Former UN ambassador Nikki Haley criticised the trip to Beijing.",
        "Haley is running for president.",
    )


def test_someone_s_former_post_answers_what_they_previously_were() -> None:
    engine = _haley_story()
    answer = engine.answer("nikki haley previously served in what post?")
    assert "Former UN ambassador" in answer.citations[0].quote


def test_a_what_day_question_is_answered_by_the_day_not_the_month() -> None:
    engine = _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz opened the Harbor Bridge on Monday, two years late.",
        "Ortiz and the governor first opened a bridge together last November.",
    )
    answer = engine.answer("What day did Ortiz and the governor open the bridge?")
    assert "on Monday" in answer.citations[0].quote


def test_in_a_small_collection_the_reader_s_everyday_words_need_not_be_quoted() -> None:
    engine = _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz met Governor Ray Alvarez at the bridge on Monday.",
        "Ortiz said the bridge would cut the drive to the airport by 20 minutes.",
        "Alvarez praised Ortiz for finishing the bridge.",
    )
    answer = engine.answer("when did ortiz see alvarez")
    assert "on Monday" in answer.citations[0].quote


def test_a_what_is_it_called_question_is_answered_by_also_known_as() -> None:
    story = Article(
        id="story",
        title="Japan Airlines orders Boeing jets",
        paragraphs=(
            "Japan Airlines will buy up to 50 of Boeing's 7E7 planes.",
            "The airline chose the 7E7, also known as the Dreamliner, over the Airbus A350.",
        ),
    )
    engine = Engine([story, *unrelated_articles(120)])
    answer = engine.answer("what's boeing's 7e7 also called")
    assert any("Dreamliner" in c.quote for c in answer.citations)


def test_a_day_of_the_week_question_need_not_find_the_word_week() -> None:
    engine = _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz met Governor Ray Alvarez at the bridge on Monday.",
        "Ortiz said the bridge would cut the drive to the airport by 20 minutes.",
        "Alvarez praised Ortiz for finishing the bridge.",
    )
    answer = engine.answer("What day of the week did Ortiz see Alvarez?")
    assert "on Monday" in answer.citations[0].quote


def test_a_venue_question_is_answered_by_the_place() -> None:
    engine = _one_story(
        "Ortiz and Alvarez sign pact",
        "Mayor Lena Ortiz and Governor Ray Alvarez signed the pact on Monday.",
        "The signing took place at the Riverside Convention Center.",
        "Alvarez praised Ortiz for the pact.",
    )
    answer = engine.answer("Venue of the signing?")
    assert "Riverside Convention Center" in answer.citations[0].quote


def test_an_article_writing_the_un_mentions_the_united_nations() -> None:
    engine = _haley_story()
    answer = engine.answer("Which former envoy to the United Nations criticised the trip?")
    assert answer.answered
    assert "Nikki Haley" in answer.citations[0].quote


def test_how_many_times_is_answered_by_repeatedly() -> None:
    engine = _one_story(
        "Ortiz presses on bridge",
        "Mayor Lena Ortiz met Governor Ray Alvarez at the bridge on Monday.",
        "Ortiz said she raised the toll issue repeatedly with Alvarez.",
        "Alvarez praised Ortiz for finishing the bridge.",
    )
    answer = engine.answer("How many times did Ortiz raise the toll issue?")
    assert answer.answered
    assert "repeatedly" in answer.citations[0].quote


def _harbor_bridge() -> Engine:
    return _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz opened the Harbor Bridge on Monday, two years late.",
        "Ortiz said the bridge would cut the drive to the airport by 20 minutes.",
        "The bridge cost $80 million, most of it paid by the state.",
        "Teachers complained that the money should have gone to schools instead.",
    )


def test_over_one_article_a_paraphrase_gets_the_closest_quote_marked_tentative() -> None:
    answer = _harbor_bridge().answer(
        "By how much does the crossing shorten the journey to the airport?"
    )
    assert answer.answered and answer.tentative
    assert "by 20 minutes" in answer.citations[0].quote


def test_a_quote_holding_enough_of_the_question_is_not_tentative() -> None:
    answer = _harbor_bridge().answer("How much did the bridge cost?")
    assert answer.answered and not answer.tentative


@pytest.mark.parametrize(
    "question", ["Who is Ortiz?", "who's lena ortiz", "Who was Ortiz?"], ids=str
)
def test_asked_who_someone_is_the_story_s_first_mention_introduces_them(question: str) -> None:
    engine = _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz opened the Harbor Bridge on Monday.",
        "The bridge, Ortiz said, is the city's biggest project in decades.",
        "“Ortiz kept her promise,” said Ray Alvarez. “Ortiz delivered.”",
    )
    answer = engine.answer(question)
    assert answer.answered
    assert answer.citations[0].quote.startswith("Mayor Lena Ortiz")


def test_asked_who_two_people_never_named_together_are_the_best_quote_still_answers() -> None:
    engine = _one_story(
        "Ortiz opens Harbor Bridge",
        "Mayor Lena Ortiz opened the Harbor Bridge on Monday.",
        "Governor Ray Alvarez did not attend.",
    )
    assert engine.answer("Who is Ortiz Alvarez?").citations


def test_which_building_is_answered_by_the_named_building_not_the_city() -> None:
    engine = _one_story(
        "Envoy meets president",
        "The envoy met the president for 35 minutes on Monday in Beijing, the capital.",
        "The envoy later praised the talks, held at the Great Hall of the People.",
    )
    answer = engine.answer("Which building hosted the envoy's meeting with the president?")
    assert "Great Hall" in answer.citations[0].quote


def test_a_question_in_newsroom_shorthand_is_answered_surely() -> None:
    answer = _harbor_bridge().answer("How many mins will the bridge cut from the drive?")
    assert answer.answered and not answer.tentative
    assert "by 20 minutes" in answer.citations[0].quote


def test_over_one_article_the_closest_quote_need_not_hold_the_reader_s_words() -> None:
    answer = _harbor_bridge().answer("Which weekday did Ortiz cut the ribbon?")
    assert answer.answered and answer.tentative
    assert "on Monday" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    [
        "Who won the football world cup?",
        "What's the weather in Paris this weekend?",
        "What is the population of the harbor town?",
        "What did Ortiz eat for breakfast?",
        "How many teachers complained?",
    ],
    ids=[
        "off-topic",
        "unknown-place",
        "only-a-name-held",
        "only-the-person-held",
        "no-count-given",
    ],
)
def test_over_one_article_a_quote_that_does_not_come_close_is_still_declined(
    question: str,
) -> None:
    assert not _harbor_bridge().answer(question).answered


def _port_talks() -> Engine:
    return _one_story(
        "Leaders meet to end port strike",
        "Union leaders and the port's owners met for three hours on Tuesday at the Grand "
        "Harbour Hotel.",
        "Both sides said afterwards that progress had been made but no deal was signed.",
        "The strike has kept 40 ships waiting outside the harbour for a week.",
    )


@pytest.mark.parametrize(
    ("question", "answer_part"),
    [
        ("which building did they meet in", "Grand Harbour Hotel"),
        ("Venue of the talks?", "Grand Harbour Hotel"),
        ("how long did the two sides talk", "three hours"),
        ("Was it a long meeting or just a quick one?", "three hours"),
    ],
    ids=["building", "venue", "duration", "long-or-quick"],
)
def test_over_one_article_an_everyday_question_asking_for_a_kind_of_fact_comes_close(
    question: str, answer_part: str
) -> None:
    answer = _port_talks().answer(question)
    assert answer.answered and answer.tentative
    assert answer_part in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    ["where is the nearest hospital", "who is the best player in the world"],
    ids=["place", "person"],
)
def test_over_one_article_an_everyday_question_the_article_does_not_use_is_declined(
    question: str,
) -> None:
    assert not _port_talks().answer(question).answered


def test_over_several_articles_no_answer_is_tentative() -> None:
    story = _harbor_bridge().articles[0]
    engine = Engine([story, *unrelated_articles(3)])
    answer = engine.answer("By how much does the crossing shorten the journey to the airport?")
    assert not answer.tentative


def test_a_quote_naming_the_country_holds_its_seat_of_government() -> None:
    story = Article(
        id="talks",
        title="Envoy visits Beijing",
        paragraphs=(
            "The envoy met officials in Beijing on Monday.",
            "The US would welcome China playing a constructive role in ending the conflict "
            "between Russia and Ukraine, the envoy said.",
        ),
    )
    engine = Engine([story, *unrelated_articles(3)])
    answer = engine.answer(
        "What role does Washington want Beijing to play between Moscow and Kyiv?"
    )
    assert answer.answered and not answer.tentative
    assert "constructive role" in answer.citations[0].quote
