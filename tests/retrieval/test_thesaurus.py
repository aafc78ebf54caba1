"""The synonym tables: every group joins words the analyzer keeps apart."""

from __future__ import annotations

import pytest

from retrieval import Analyzer, Article, Engine
from retrieval.engine import synonym_table
from retrieval.thesaurus import DERIVATIONS, NEWS_SYNONYMS, in_full, in_news_words
from tests.conftest import unrelated_articles

ANALYZER = Analyzer()


@pytest.mark.parametrize("group", [*NEWS_SYNONYMS, *DERIVATIONS])
def test_every_group_joins_at_least_two_distinct_terms(group: str) -> None:
    terms = {t for word in group.split() for t in ANALYZER.terms(word)}
    assert len(terms) >= 2, f"{group!r} analyzes to {terms}"


@pytest.mark.parametrize("group", [*NEWS_SYNONYMS, *DERIVATIONS])
def test_no_group_word_is_a_stopword(group: str) -> None:
    assert all(ANALYZER.terms(word) for word in group.split())


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How long could he spend behind bars?", "How long could he spend behind bars in jail?"),
        ("Who is In Charge Of the club?", "Who is In Charge Of head of the club?"),
        ("When did she step down?", "When did she step down resign?"),
        ("Who set up the charity?", "Who set up founded the charity?"),
        ("Who heads the commission?", "Who heads the boss of the commission?"),
        ("Where is its head office?", "Where is its head office headquarters?"),
        ("What is the lending rate?", "What is the lending rate interest rate?"),
        ("What is in its rainy day fund?", "What is in its rainy day fund reserve fund?"),
        ("When did he kill himself?", "When did he kill himself commit suicide?"),
        ("Where did they get together?", "Where did they get together meet?"),
        ("Do they see eye to eye?", "Do they see eye to eye agree?"),
        ("Is she in favour of it?", "Is she in favour of support it?"),
        ("What will it beef up?", "What will it beef up strengthen?"),
        ("What did they say no to?", "What did they say no to reject?"),
        ("What were the sore points?", "What were the sore points tensions?"),
        ("Did it go well?", "Did it go well success?"),
        ("Who took issue with it?", "Who took issue with criticised it?"),
        ("Is Corsica breaking away?", "Is Corsica breaking away independence?"),
        ("Who posted online?", "Who posted online tweeted?"),
        ("What do they stand against?", "What do they stand against oppose?"),
        ("Is he running for president?", "Is he running for president presidential candidate?"),
        ("Where was the meetup?", "Where was the meetup meeting?"),
        ("When did they sit down together?", "When did they sit down together meet?"),
        ("what day was the sit down", "what day was the sit down the meeting"),
    ],
    ids=[
        "idiom",
        "any-case",
        "phrasal-verb",
        "set-up",
        "heads-the",
        "head-office",
        "lending",
        "rainy-day",
        "kill-himself",
        "get-together",
        "eye-to-eye",
        "in-favour-of",
        "beef-up",
        "say-no-to",
        "sore-points",
        "go-well",
        "took-issue-with",
        "breaking-away",
        "posted-online",
        "stand-against",
        "running-for-president",
        "meetup",
        "sit-down-together",
        "the-sit-down",
    ],
)
def test_readers_phrases_are_also_asked_in_news_words(question: str, asked: str) -> None:
    assert in_news_words(question) == asked


def test_a_phrase_inside_longer_words_is_left_alone() -> None:
    assert in_news_words("Who turned upstairs?") == "Who turned upstairs?"


def test_the_story_word_for_a_readers_phrase_finds_the_quote() -> None:
    engine = Engine(
        [
            Article(
                id="trial",
                title="Fraud trial",
                paragraphs=("The former chief executive faces up to 85 years in jail.",),
            ),
            Article(id="zoo", title="Zoo", paragraphs=("The zoo bought two bars of soap.",)),
        ]
    )
    answer = engine.answer("How long could the former chief executive spend behind bars?")
    assert "85 years in jail" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        (
            "How many flats did the landlord fake leases for?",
            "Prosecutors said the landlord faked leases for 37 apartments.",
        ),
        (
            "How long could the insurance exec spend in prison?",
            "The insurance executive faces 16 months to four years in prison.",
        ),
        (
            "How many daily rides are expected on the new tram?",
            "Officials expect about 18,000 trips a day on the new tram.",
        ),
        (
            "What do casinos supposedly pump out?",
            "Casinos have reportedly released pheromones.",
        ),
        (
            "When was the truce agreed?",
            "The ceasefire was agreed on 3 March after two weeks of talks.",
        ),
        (
            "How many people were kidnapped?",
            "Police said 14 people were abducted from the village.",
        ),
        (
            "Which waters was the admiral worried about?",
            "The admiral voiced concerns about the Baltic Sea.",
        ),
        (
            "Which two ministers concurred on the budget?",
            "Ministers Hale and Ortiz agreed on the budget late on Tuesday.",
        ),
        (
            "Which singer did the minister attack on Twitter?",
            "The minister tweeted that the singer Ana Ruiz was a disgrace.",
        ),
        (
            "What was the source of the quotes, an official readout?",
            "The quotes are from a State Department transcript of the call.",
        ),
    ],
    ids=[
        "flats-apartments",
        "exec-executive",
        "rides-trips",
        "supposedly-reportedly",
        "truce-ceasefire",
        "kidnapped-abducted",
        "worried-concerns",
        "concurred-agreed",
        "twitter-tweeted",
        "readout-transcript",
    ],
)
def test_a_news_synonym_of_the_reader_s_word_answers(question: str, paragraph: str) -> None:
    story = Article(id="story", title="News in brief", paragraphs=(paragraph,))
    other = Article(
        id="other",
        title="Weather",
        paragraphs=("Rain is expected across the region on Thursday and Friday.",),
    )
    answer = Engine([story, other]).answer(question)
    assert answer.answered
    assert answer.citations[0].quote == paragraph


def _airline(*paragraphs: str) -> Engine:
    story = Article(id="ryanair", title="Ryanair orders planes", paragraphs=paragraphs)
    return Engine([story, *unrelated_articles(9)])


def test_a_chairman_does_not_answer_who_the_chief_executive_is() -> None:
    engine = _airline(
        "Ryanair has ordered 70 Boeing planes.",
        "Ryanair chairman David Bonderman said the planes cut costs.",
    )
    assert not engine.answer("Who is Ryanair's chief executive?").answered


def test_a_chairman_answers_who_the_boss_is() -> None:
    engine = _airline(
        "Ryanair has ordered 70 Boeing planes.",
        "Ryanair chairman David Bonderman said the planes cut costs.",
    )
    answer = engine.answer("Who is the boss of Ryanair?")
    assert "David Bonderman" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("term", "not_a_synonym"),
    [("hacker", "attack"), ("approv", "back")],
    ids=["hackers-are-not-attacks", "coming-back-is-not-approving"],
)
def test_words_with_a_second_everyday_sense_join_no_group_by_it(
    term: str, not_a_synonym: str
) -> None:
    assert not_a_synonym not in synonym_table(Analyzer()).get(term, frozenset())


def test_a_phrase_not_kept_is_replaced_by_the_story_s_words() -> None:
    assert in_news_words("Do they see eye to eye?", lambda _: False) == "Do they agree?"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What does POTUS want?", "What does president want?"),
        ("Who met SecState?", "Who met secretary of state?"),
        ("What did the govt say?", "What did the government say?"),
        ("How many mins did it last?", "How many minutes did it last?"),
        ("Are there mil-to-mil talks?", "Are there military talks?"),
    ],
    ids=["potus", "secstate", "govt", "mins", "mil-to-mil"],
)
def test_newsroom_shorthand_is_spelled_out(question: str, asked: str) -> None:
    assert in_full(question) == asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("blinken n xi, how long", "blinken and xi, how long"),
        ("what r the goals", "what are the goals"),
        ("y did he go", "why did he go"),
        ("how many yr since", "how many year since"),
        ("xi happy w the talks?", "xi happy with the talks?"),
        ("does biden wanna meet him irl", "does biden want to meet him in person"),
    ],
    ids=["n", "r", "y", "yr", "w", "wanna-irl"],
)
def test_chat_shorthand_typed_in_lowercase_is_spelled_out(question: str, asked: str) -> None:
    assert in_full(question) == asked


@pytest.mark.parametrize(
    "question",
    ["Is N Korea next?", "What does the U.S. want?", "What did u.s. officials say?"],
    ids=["capital-letter", "abbreviation", "lowercase-abbreviation"],
)
def test_single_letters_of_names_and_abbreviations_are_left_alone(question: str) -> None:
    assert in_full(question) == question
