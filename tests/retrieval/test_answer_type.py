"""Answer kinds: what a question asks for and whether a sentence carries it."""

from __future__ import annotations

import pytest

from retrieval.answer_type import (
    AnswerType,
    answer_type,
    carries,
    counted_words,
    focus_words,
    is_numeral,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How old is the mayor?", AnswerType.AGE),
        ("How much did the bridge cost?", AnswerType.MONEY),
        ("How many homes burned?", AnswerType.COUNT),
        ("How long will the strike last?", AnswerType.DURATION),
        ("When does the tram open?", AnswerType.TIME),
        ("Who won the cup?", AnswerType.PERSON),
        ("Where was the treaty signed?", AnswerType.PLACE),
        ("What level did the bank raise interest rates to?", AnswerType.RATE),
        ("What percentage of voters backed the plan?", AnswerType.RATE),
        ("Which club does Hodgson manage?", AnswerType.NAME),
        ("What's the new anti-piracy system called?", AnswerType.NAME),
        ("What is Tim Henman's current world ranking?", AnswerType.QUANTITY),
        ("What height did she clear?", AnswerType.QUANTITY),
        ("What is the population of Port Aldine?", AnswerType.QUANTITY),
        ("Where does Scotland sit in the world rankings?", AnswerType.QUANTITY),
        ("In what year was the firm founded?", AnswerType.YEAR),
        ("Which scientist led the team?", AnswerType.PERSON),
        ("How much is a monthly pass on the tram?", AnswerType.MONEY),
        ("How much winter heating money do households get?", AnswerType.MONEY),
        ("What's Ivan Ljubicic ranked in the world?", AnswerType.QUANTITY),
        ("Which New York prosecutor is going after Marsh?", AnswerType.PERSON),
        ("What did the man say?", AnswerType.OTHER),
        ("How much is BMW pouring into the plant?", AnswerType.MONEY),
        ("Why did profits fall?", AnswerType.OTHER),
        ("How much of its oil does Venezuela sell to the US?", AnswerType.QUANTITY),
        ("Where are Liverpool in the Premiership table?", AnswerType.RANK),
        ("What position did she finish in?", AnswerType.RANK),
        ("Where did the league meet?", AnswerType.PLACE),
        ("What was the score when Wales beat France?", AnswerType.SCORE),
        ("what's the final score", AnswerType.SCORE),
        ("By what score did they win?", AnswerType.SCORE),
        ("How many goals did he score?", AnswerType.COUNT),
        ("what day did blinken and xi meet", AnswerType.DAY),
        ("On what date is the awards show?", AnswerType.DAY),
        ("The summit: which weekday?", AnswerType.DAY),
        ("What day of the week is the parade?", AnswerType.DAY),
        ("What was the duration of the strike?", AnswerType.DURATION),
        ("Venue of the final?", AnswerType.PLACE),
        ("How many times did he raise it?", AnswerType.FREQUENCY),
        ("How much time did she get with the pope?", AnswerType.DURATION),
        ("In which building were the talks held?", AnswerType.PLACE),
        ("What is the location of the new plant?", AnswerType.PLACE),
        ("Was it a long meeting or just a quick one?", AnswerType.DURATION),
        ("was the visit brief or did it drag on", AnswerType.DURATION),
        ("Is the bridge long or short?", AnswerType.OTHER),
    ],
    ids=[
        "age",
        "money",
        "count",
        "duration",
        "time",
        "person",
        "place",
        "risen-to",
        "percentage",
        "which",
        "called",
        "ranking",
        "height",
        "population",
        "where-in-rankings",
        "what-year",
        "which-scientist",
        "monthly-pass",
        "winter-is-no-comparative",
        "ranked",
        "two-words-before-the-person",
        "what-did-the-man-say",
        "pouring-money",
        "other",
        "how-much-of-is-a-share",
        "where-in-the-table",
        "what-position",
        "where-did-the-league",
        "what-was-the-score",
        "final-score",
        "by-what-score",
        "goals-scored-are-counted",
        "what-day",
        "what-date",
        "which-weekday",
        "day-of-the-week",
        "duration-of",
        "venue",
        "how-many-times",
        "how-much-time",
        "which-building",
        "location",
        "long-or-quick",
        "brief-or-drag-on",
        "long-or-short-is-a-length",
    ],
)
def test_question_words_name_the_kind_of_answer(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What does she do for a living when she is not running?", AnswerType.OTHER),
        ("Who scored when Ireland beat Croatia?", AnswerType.PERSON),
        ("What model of drone was he flying when he was fined?", AnswerType.OTHER),
        ("Which bank does the economist who warned of a slowdown work for?", AnswerType.NAME),
        ("When and where will the summit be held?", AnswerType.TIME),
    ],
    ids=["when-clause", "who-then-when", "what-then-when", "which-then-who", "when-first"],
)
def test_a_later_clause_does_not_change_what_is_asked(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind


ASKED = frozenset("who signed the selva river treaty for varnia".split())


@pytest.mark.parametrize(
    "sentence",
    [
        "The agreement was signed by Foreign Minister Teodor Halm on Monday.",
        "In the shootout, goalkeeper Tomas Varga saved twice.",
        "The deal was signed by Anna K. Berg in Geneva.",
        "It was signed by the envoy, Dr. Amara Osei, a lawyer.",
    ],
    ids=["title-and-name", "role-and-name", "middle-initial", "after-dr"],
)
def test_a_named_person_answers_who(sentence: str) -> None:
    assert carries(AnswerType.PERSON, sentence, ASKED)


@pytest.mark.parametrize(
    "sentence",
    [
        "Both countries signed the treaty to share the Selva River on Saturday.",
        "The final was played at Harlow Stadium in front of 9,000 fans.",
        "Shares in Halvorsen Foods rose 4% on the news.",
        "the treaty was signed in geneva.",
        "The inquiry was opened by a prosecutor in New York last week.",
    ],
    ids=["names-the-question-holds", "a-place", "a-company", "no-capitals", "after-in"],
)
def test_places_companies_and_the_question_s_own_names_do_not_answer_who(
    sentence: str,
) -> None:
    assert not carries(AnswerType.PERSON, sentence, ASKED)


def test_a_name_the_question_lacks_answers_which() -> None:
    asked = frozenset("which club does hodgson manage".split())
    assert carries(AnswerType.NAME, "Hodgson is now in charge at Viking Stavanger.", asked)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They met at the Great Hall of the People.", True),
        ("The final is at Wembley Stadium in May.", True),
        ("Blinken met Xi in Beijing on Monday.", False),
    ],
    ids=["hall", "stadium", "only-a-city"],
)
def test_a_question_asking_for_a_building_is_answered_by_a_named_one(
    sentence: str, expected: bool
) -> None:
    asked = frozenset("which building hosted the talks".split())
    assert carries(AnswerType.PLACE, sentence, asked) is expected


def test_a_city_still_answers_where() -> None:
    asked = frozenset("where did they meet".split())
    assert carries(AnswerType.PLACE, "Blinken met Xi in Beijing on Monday.", asked)


def test_a_lowercase_name_after_dubbed_answers_which() -> None:
    asked = frozenset("what is the name of the tool s method".split())
    assert carries(AnswerType.NAME, "The tool uses a system dubbed smart serendipity.", asked)


@pytest.mark.parametrize(
    "sentence",
    ["Hodgson was at the game on Tuesday.", "the club did not comment."],
    ids=["only-the-question-s-name-and-a-day", "no-capitals"],
)
def test_the_question_s_own_names_and_dates_do_not_answer_which(sentence: str) -> None:
    asked = frozenset("which club does hodgson manage".split())
    assert not carries(AnswerType.NAME, sentence, asked)


@pytest.mark.parametrize(
    "sentence",
    [
        "The 64-year-old denied the charge.",
        "He was 84, and died at his London home.",
        "He became leader of the party at 36.",
        "She retired at the age of 40.",
        "However the 41 year-old Bwalya is unsure.",
        "It would raise the pension age for council workers from 60 to 65.",
    ],
    ids=["n-year-old", "he-was-n", "at-n", "age-of-n", "n-year-old-spaced", "age-to-n"],
)
def test_an_age_answers_how_old(sentence: str) -> None:
    assert carries(AnswerType.AGE, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The shares closed at 25 pence.",
        "The meeting starts at 10:30.",
        "He was 84 percent sure.",
        "She looked comfortable at 3-3.",
        "Age UK said prices rose to 65%.",
        "Shareholders lost $180bn in the collapse, 20,000 workers lost their jobs.",
    ],
    ids=["price", "clock", "percent", "score", "age-word-then-percent", "thousands"],
)
def test_numbers_that_are_not_ages_do_not_answer_how_old(sentence: str) -> None:
    assert not carries(AnswerType.AGE, sentence)


@pytest.mark.parametrize(
    "question",
    [
        "What did the investors pay for the label?",
        "what did the signed photo go for at the auction",
        "What profit did the building society make?",
        "What's the monthly fee for the broadband service?",
        "What is all of Britain's housing worth now?",
    ],
    ids=["pay", "go-for", "what-profit", "the-monthly-fee", "worth"],
)
def test_what_was_paid_asks_for_money(question: str) -> None:
    assert answer_type(question) is AnswerType.MONEY


@pytest.mark.parametrize(
    "question",
    ["What did he say about the price?", "What will the new budget pay for?"],
    ids=["said-about-a-price", "pay-for-what"],
)
def test_questions_near_money_words_ask_for_no_money(question: str) -> None:
    assert answer_type(question) is AnswerType.OTHER


def test_how_much_a_film_took_asks_for_money() -> None:
    assert answer_type("How much did the sequel take on Christmas Day?") is AnswerType.MONEY


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much is Google paying the libraries?", AnswerType.MONEY),
        ("By how much did the airline's earnings shrink?", AnswerType.QUANTITY),
        ("How much more is Nippon Steel paying for its iron ore?", AnswerType.QUANTITY),
        ("How much cheaper has the chain made its goods?", AnswerType.QUANTITY),
    ],
    ids=["paying", "by-how-much", "how-much-more", "how-much-cheaper"],
)
def test_how_much_of_a_change_asks_for_a_quantity_not_money(
    question: str, kind: AnswerType
) -> None:
    assert answer_type(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What was last year's highest price for a barrel of crude?", AnswerType.MONEY),
        ("What's the typical payout members are getting?", AnswerType.MONEY),
        ("What is Phil Spector's bail set at?", AnswerType.MONEY),
        ("What's the most a single ticket will cost now?", AnswerType.MONEY),
        ("What was the French unemployment rate last month?", AnswerType.RATE),
        ("What stake does Fiat own in Ferrari?", AnswerType.RATE),
        ("How quickly did the economy expand?", AnswerType.QUANTITY),
        ("What was the magnitude of the earthquake?", AnswerType.QUANTITY),
        ("What years did he spend at St Helens?", AnswerType.YEAR),
    ],
    ids=[
        "possessive-price",
        "payout",
        "bail",
        "what-s-cost",
        "unemployment-rate",
        "stake",
        "how-quickly",
        "magnitude",
        "what-years",
    ],
)
def test_the_thing_a_what_question_names_says_the_kind_of_answer(
    question: str, kind: AnswerType
) -> None:
    assert answer_type(question) is kind


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Blinken repeatedly raised the issue.", True),
        ("Trams run every eight minutes.", True),
        ("Blinken raised the issue with Wang.", False),
    ],
    ids=["repeatedly", "every-eight-minutes", "no-frequency"],
)
def test_how_often_is_answered_by_a_frequency(sentence: str, expected: bool) -> None:
    assert answer_type("How often did he raise it?") is AnswerType.FREQUENCY
    assert carries(AnswerType.FREQUENCY, sentence) is expected


def test_how_much_tickets_are_asks_for_money() -> None:
    assert answer_type("How much are tickets for the Copenhagen concert?") is AnswerType.MONEY


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The talks lasted 35 minutes.", True),
        ("Repairs will take a week.", True),
        ("A second version holds one gigabyte.", False),
    ],
    ids=["minutes", "a-week", "a-second-version"],
)
def test_a_duration_is_a_number_of_time_units(sentence: str, expected: bool) -> None:
    assert carries(AnswerType.DURATION, sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The bank raised rates to 5.5%.", True),
        ("Contributions rose to 15.8 per cent of salaries.", True),
        ("Rates are at their highest level in four years.", False),
    ],
    ids=["percent-sign", "per-cent", "a-count-of-years"],
)
def test_a_rate_is_a_percentage_or_pence(sentence: str, expected: bool) -> None:
    assert carries(AnswerType.RATE, sentence) is expected


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("How many parking spaces will there be?", ("parking", "spaces")),
        ("How many Nirvana songs are on the box set?", ("Nirvana", "songs")),
        ("how many never-before-released tracks are there", ("never-before-released", "tracks")),
        ("What did the mayor say?", ()),
    ],
    ids=["two-words", "stops-at-the-verb", "hyphenated", "not-how-many"],
)
def test_counted_words_run_to_the_first_verb_or_preposition(
    question: str, words: tuple[str, ...]
) -> None:
    assert counted_words(question) == words


@pytest.mark.parametrize(
    ("sentence", "carried"),
    [
        ("The company was founded in 1991 by two engineers.", True),
        ("It was founded last year in a garage.", True),
        ("It has grown fast in the last few months.", False),
        ("Nobody has had a pay rise in four years.", False),
    ],
    ids=["a-year", "last-year", "months", "a-number-of-years"],
)
def test_only_a_year_answers_what_year(sentence: str, carried: bool) -> None:
    assert carries(AnswerType.YEAR, sentence) is carried


@pytest.mark.parametrize(
    ("sentence", "carried"),
    [
        ("BMW announced £100m of new investment.", True),
        ("The deal is worth 4.2bn, the firm said.", True),
        ("The 1.3m (4.2ft) robot moves at walking pace.", False),
    ],
    ids=["pounds", "bn", "metres"],
)
def test_a_bare_m_is_not_money(sentence: str, carried: bool) -> None:
    assert carries(AnswerType.MONEY, sentence) is carried


@pytest.mark.parametrize(
    ("sentence", "carried"),
    [
        ("He was given a seven-match suspension.", True),
        ("She faces a three-game ban.", True),
        ("It ended a seven-match winning run.", False),
    ],
    ids=["match-suspension", "game-ban", "winning-run"],
)
def test_a_ban_in_matches_answers_how_long(sentence: str, carried: bool) -> None:
    assert carries(AnswerType.DURATION, sentence) is carried


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("Which club did Matt Dawson join Wasps from?", ("club",)),
        ("what job did nikki haley use to have", ("job",)),
        ("Which radio station was he on?", ("radio", "station")),
        ("What did Blinken say about Taiwan?", ()),
        ("Which French finance minister warned of oil prices?", ()),
    ],
    ids=["which-club", "what-job", "two-words", "what-did", "no-auxiliary"],
)
def test_which_and_what_questions_name_what_they_ask_for(
    question: str, focus: tuple[str, ...]
) -> None:
    assert focus_words(question) == focus


@pytest.mark.parametrize(
    "sentence",
    [
        "The Reds are currently sixth in the Premiership.",
        "The film entered the US charts at number six.",
        "Chelsea stay top of the table.",
        "She finished 3rd in the final.",
    ],
    ids=["ordinal", "number-n", "top-of", "numbered-ordinal"],
)
def test_a_position_answers_where_in_the_table(sentence: str) -> None:
    assert carries(AnswerType.RANK, sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Last week the manager spoke to the press.", "He was the top scorer."],
    ids=["last-week", "top-scorer"],
)
def test_words_that_are_not_positions_do_not_answer_where_in_the_table(sentence: str) -> None:
    assert not carries(AnswerType.RANK, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A replacement in Saturday's 24-18 win over France.",
        "She beat Elene Likhotseva 7-5 6-4.",
        "They lost 4\u20133 on penalties.",
        "It ended in a goalless draw.",
    ],
    ids=["rugby", "tennis", "en-dash", "goalless"],
)
def test_a_result_answers_what_was_the_score(sentence: str) -> None:
    assert carries(AnswerType.SCORE, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Wales have won their opening two games of the Six Nations.",
        "Ten of the 22 players took part in the 2004-05 season.",
        "Between 1,500-2,000 fans travelled.",
    ],
    ids=["no-result", "season", "range-of-thousands"],
)
def test_numbers_that_are_not_results_do_not_answer_what_was_the_score(sentence: str) -> None:
    assert not carries(AnswerType.SCORE, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "They met Monday in Beijing.",
        "The vote is on 5 May.",
        "It opens on May 5th.",
        "He left today.",
    ],
    ids=["weekday", "day-month", "month-day", "today"],
)
def test_a_day_answers_what_day(sentence: str) -> None:
    assert carries(AnswerType.DAY, sentence)


@pytest.mark.parametrize(
    "sentence",
    ["They met in Bali last November.", "She died in February 2003.", "It may open soon."],
    ids=["month-only", "month-and-year", "may-the-verb"],
)
def test_a_month_or_year_alone_does_not_answer_what_day(sentence: str) -> None:
    assert not carries(AnswerType.DAY, sentence)


@pytest.mark.parametrize(
    "sentence",
    ["The balloon was shot down in February.", "They meet again on Monday at Monday's talks."],
    ids=["in-a-month", "at-a-weekday"],
)
def test_a_month_or_a_weekday_is_not_a_place(sentence: str) -> None:
    assert not carries(AnswerType.PLACE, sentence)


def test_an_ordinal_counting_a_streak_answers_how_many() -> None:
    assert carries(AnswerType.COUNT, "It was their ninth successive game without a win.")
    assert is_numeral("ninth", " successive game")


def test_an_ordinal_alone_is_no_number() -> None:
    assert not carries(AnswerType.COUNT, "It was their ninth game of the season.")
    assert not is_numeral("ninth", " game of the season")
