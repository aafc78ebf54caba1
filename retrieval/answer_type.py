"""What kind of answer a question asks for, and whether a sentence carries one.

"How long…" wants a duration, "when…" a date or day, "who…" a name, "where…"
a place. A sentence that carries the kind of answer asked for is preferred
over one that merely repeats the question's words.
"""

from __future__ import annotations

import re
from enum import StrEnum


class AnswerType(StrEnum):
    """The kinds of answer a question can ask for."""

    AGE = "age"
    MONEY = "money"
    COUNT = "count"
    DURATION = "duration"
    QUANTITY = "quantity"
    RANK = "rank"
    SCORE = "score"
    FREQUENCY = "frequency"
    RATE = "rate"
    YEAR = "year"
    DAY = "day"
    TIME = "time"
    PERSON = "person"
    PLACE = "place"
    NAME = "name"
    OTHER = "other"


STRICT_TYPES = frozenset(
    {
        AnswerType.AGE,
        AnswerType.MONEY,
        AnswerType.COUNT,
        AnswerType.DURATION,
        AnswerType.QUANTITY,
        AnswerType.RANK,
        AnswerType.SCORE,
        AnswerType.FREQUENCY,
        AnswerType.YEAR,
        AnswerType.DAY,
        AnswerType.TIME,
    }
)
"""Kinds whose answer has a recognisable form: a quote without one does not answer."""

_MONEY_WORDS = (
    r"cost|costs|costing|pay|paid|pays|paying|spend|spent|spending|price|priced|worth|"
    r"earn|earned|earning|earnings|raise|raised|raising|fund|funding|budget|money|charge|"
    r"charging|fine|fined|salary|revenue|profit|loss|sell|sold|selling|bail|damage|damages|"
    r"compensation|payout|fee|fees|bill|owe|owed|owing|invest|invested|investing|take|took|"
    r"taken|takings|gross|grossed|make|made|makes|tickets?|fares?|rent|pour|pours|pouring|"
    r"poured|pump|pumps|pumping|pumped|plough|ploughing|ploughed|inject|injecting|injected|"
    r"pass|passes|subscription|subscriptions|membership|memberships|licence|license"
)

_COMPARATIVES = (
    r"fewer|higher|lower|bigger|smaller|cheaper|dearer|greater|larger|faster|slower|better|"
    r"worse|longer|shorter|richer|poorer|older|younger|further|farther|harder|easier|"
    r"heavier|lighter|stronger|weaker|wider|deeper|taller|closer|earlier|later|safer|"
    r"riskier|busier|costlier|pricier"
)
"""Words after "how much" that ask for a change, not an amount ("how much cheaper")."""

_QUESTION_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (AnswerType.AGE, re.compile(r"\bhow\s+old\b|\bwhat\s+age\b|\bat\s+what\s+age\b")),
    (
        AnswerType.MONEY,
        re.compile(
            rf"(?<!by\s)\bhow\s+much\b(?!\s+(?:more|less|of|{_COMPARATIVES})\b)"
            rf"(?=.*\b(?:{_MONEY_WORDS}|dollars?|euros?|pounds?)\b)"
            r"|\bhow\s+much\s+money\b"
            r"|\bwhat(?:'s|\u2019s|\s+(?:is|was|will|would|did|does|do)\b).*\b(?:cost|"
            r"pay(?!\s+for\W*$)|paid|charge|fetch|(?:sell|sold|go|went|going)\s+for)\b"
            r"|\bwhat\s+(?:profit|price|fee|salary|fine|sum|amount|bill)\b"
            r"|\bwhat(?:'s|\u2019s|\s+is|\s+was|\s+are|\s+were)\s+(?:[\w'\u2019-]+\s+){0,4}?"
            r"(?:price|cost|bill|budget|fine|salary|fee|fees|charge|profit|revenue|value|payout|"
            r"bail|wage|wages|fare|fares|rent)\b"
            r"|\bwhat(?:'s|\u2019s|\s+is|\s+was|\s+are|\s+were)\b.*\bworth\b"
        ),
    ),
    (
        AnswerType.RATE,
        re.compile(
            r"\bwhat\s+(?:rate|percentage|percent|proportion|level)\b"
            r"|\bwhat(?:'s|\u2019s|\s+is|\s+was|\s+are|\s+were)?\s+(?:[\w'\u2019-]+\s+){0,4}?"
            r"(?:rate|percentage|proportion|stake|slice|odds)\b"
            r"|\b(?:by|to)\s+what\s+(?:rate|level|percentage)\b"
            r"|\b(?:rise|risen|rose|raise|raised|raising|cut|cutting|fall|fallen|fell|increase|"
            r"increased|increasing|reduce|reduced|reducing|lower|lowered|lowering|drop|dropped|"
            r"climb|climbed)\b[^?]*\bto\W*$"
        ),
    ),
    (
        AnswerType.RANK,
        re.compile(
            r"\bwhere\b.*\b(?:in|on|at|of|up)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,2}?"
            r"(?:table|league|standings|charts?|pecking\s+order)\b"
            r"|\b(?:what|which)\s+position\b|\bin\s+what\s+place\b"
        ),
    ),
    (
        AnswerType.SCORE,
        re.compile(
            r"\bwhat(?:'s|\u2019s|\s+(?:was|is|were))?\s+(?:the\s+)?(?:final\s+|full-time\s+|"
            r"half-time\s+)?(?:score|scoreline)\b|\bby\s+what\s+(?:score|scoreline)\b"
        ),
    ),
    (AnswerType.FREQUENCY, re.compile(r"\bhow\s+many\s+times\b")),
    (AnswerType.COUNT, re.compile(r"\bhow\s+many\b|\bwhat\s+number\b")),
    (
        AnswerType.DURATION,
        re.compile(
            r"\bhow\s+long\b(?!\s+ago)|\bfor\s+how\s+long\b|\bduration\b"
            r"|\bhow\s+much\s+time\b"
            r"|\b(?:long|lengthy)\b[^?]*\bor\b[^?]*\b(?:quick|brief)\b"
            r"|\b(?:quick|brief)\b[^?]*\bor\b[^?]*\b(?:long|lengthy|drag|dragged)\b"
        ),
    ),
    (AnswerType.FREQUENCY, re.compile(r"\bhow\s+(?:often|frequently)\b")),
    (
        AnswerType.QUANTITY,
        re.compile(
            r"\bhow\s+(?:much|far|big|large|high|tall|fast|soon|deep|wide|heavy|quickly|"
            r"rapidly)\b"
            r"|\bwhat\s+(?:share|amount|size|speed|distance|score)\b"
            r"|\bwhat(?:'s|\u2019s|\s+is|\s+was|\s+are|\s+were|\s+did)?\s+(?:[\w'\u2019-]+\s+){0,4}?"
            r"(?:height|speed|ranking|population|temperature|distance|weight|length|depth|"
            r"capacity|attendance|majority|margin|score|magnitude|ranked)\b"
            r"|\bwhere\b.*\b(?:rank|ranks|ranked|ranking|rankings|standings)\b"
        ),
    ),
    (AnswerType.YEAR, re.compile(r"\b(?:what|which)\s+years?\b")),
    (
        AnswerType.DAY,
        re.compile(r"\b(?:what|which)\s+(?:day|date)\b|\bweekday\b|\bday\s+of\s+the\s+week\b"),
    ),
    (
        AnswerType.TIME,
        re.compile(
            r"\bwhen\b|\bwhat\s+(?:years?|time|date|day|month|season)\b|\bhow\s+long\s+ago\b"
            r"|\bwhich\s+(?:year|day|month|date)\b|\bsince\s+when\b"
        ),
    ),
    (
        AnswerType.PERSON,
        re.compile(
            r"\bwho(?:m|se)?\b|\b(?:which|what)\s+(?:(?!(?:is|was|are|were|did|does|do|has|have|had|"
            r"will|would|can|could|should|the|a|an)\b)[\w'\u2019-]+\s+){0,2}?(?:person|official|leader|"
            r"scientist|researcher|player|footballer|striker|midfielder|defender|goalkeeper|"
            r"captain|coach|manager|minister|politician|mp|actor|actress|singer|musician|star|"
            r"artist|author|writer|director|producer|presenter|judge|lawyer|officer|detective|"
            r"spokesman|spokeswoman|chairman|executive|boss|economist|analyst|driver|rider|"
            r"prosecutor|attorney|investigator|official|councillor|mayor|governor|"
            r"man|woman|boy|girl)\b"
        ),
    ),
    (
        AnswerType.PLACE,
        re.compile(
            r"\bwhere\b|\b(?:which|what)\s+(?:city|country|place|region|town|building|island|"
            r"stadium|venue|hotel|airport|capital)\b|\b(?:venue|location)\b"
        ),
    ),
    (
        AnswerType.NAME,
        re.compile(
            r"\bwhich\b|\bwhat(?:\s+is|\s+was|'s|\u2019s)\s+(?:the\s+|its\s+|their\s+)?name\b"
            r"|\bcalled\W*$|\bnamed\W*$"
        ),
    ),
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|several|"
    r"few|a\s+couple|single|double|twice|triple"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS_TITLE = "|".join(m.capitalize() for m in _MONTHS.split("|"))
_DAYS_TITLE = "|".join(d.capitalize() for d in _DAYS.split("|"))
_TIME_UNITS = (
    r"seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies)"
)
_NUMBER = rf"(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS})\b|\ban?\b)"
_STREAK = r"successive|consecutive|straight"
"""Words after an ordinal that make it a count: "a ninth successive game without a win"."""
_ORDINALS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
)

_SENTENCE_CUES: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.AGE: re.compile(
        r"\b\d{1,3}[\s-]+years?[\s-]+old\b|\baged?\s+\d{1,3}\b"
        r"|,\s*\d{1,3}\s*,(?!\d)|\(\d{1,3}\)|\bage\s+(?:of|to|from)\s+\d{1,3}\b"
        r"|\bage\b[^.?!]{0,40}?\bto\s+\d{1,3}\b(?!\s*(?:%|percent|per\s+cent|[a-z]))"
        r"|\b(?:he|she|who)\s+(?:was|is)\s+\d{1,3}\b(?!\s*(?:%|percent|per\s+cent|[a-z]))"
        r"|\bat\s+\d{1,3}\b(?!\s*(?:%|percent|per\s+cent|[:.\u2013-]\s*\d|[a-z]))",
        re.IGNORECASE,
    ),
    AnswerType.MONEY: re.compile(
        r"[$€£¥]\s?\d|\b\d[\d,.]*\s*bn\b"
        r"|\b(?:dollars?|euros?|pounds?|yuan|yen|francs?|cents?|pence|rupees?)\b"
        r"|\b\d[\d,.]*\s*(?:million|billion|thousand|trillion)\b",
        re.IGNORECASE,
    ),
    AnswerType.COUNT: re.compile(
        rf"\d|\b(?:{_NUMBER_WORDS}|no|none|all)\b|\b(?:{_ORDINALS})\s+(?:{_STREAK})\b",
        re.IGNORECASE,
    ),
    AnswerType.DURATION: re.compile(
        rf"{_NUMBER}[\s-]+(?:{_TIME_UNITS})\b(?<!\ba\ssecond)"
        r"|\b(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)\b"
        rf"|{_NUMBER}[\s-]+(?:match|game)(?:es|s)?\s+(?:ban|suspension)\b",
        re.IGNORECASE,
    ),
    AnswerType.RATE: re.compile(
        r"\d[\d,.]*\s*(?:%|percent\b|per\s+cent\b|p\b|pence\b|basis\s+points?\b)",
        re.IGNORECASE,
    ),
    AnswerType.QUANTITY: re.compile(
        rf"\d|\b(?:{_NUMBER_WORDS})\b|[$€£¥%]|\bpercent\b", re.IGNORECASE
    ),
    AnswerType.RANK: re.compile(
        rf"\b(?:{_ORDINALS})\b|\b\d+(?:st|nd|rd|th)\b"
        rf"|\b(?:number|no\.?)\s*(?:\d+|(?:{_NUMBER_WORDS})\b)|\b(?:top|bottom)\s+(?:of|spot)\b",
        re.IGNORECASE,
    ),
    AnswerType.SCORE: re.compile(
        r"(?<![\d.,:/-])\b\d{1,3}\s?[-\u2013]\s?\d{1,3}\b(?![.,:/]?\d|[-\u2013])"
        r"|\b(?:goalless|scoreless|nil-nil)\b",
        re.IGNORECASE,
    ),
    AnswerType.FREQUENCY: re.compile(
        rf"\d|\b(?:{_NUMBER_WORDS})\b|\b(?:repeatedly|regularly|daily|weekly|monthly|annually|"
        r"yearly|hourly|nightly|often|frequently|rarely|seldom|always|never|once|every|each|"
        r"per)\b",
        re.IGNORECASE,
    ),
    AnswerType.YEAR: re.compile(
        r"\b(?:1[89]|20)\d\d\b|\b(?:last|this|next|that|the\s+same)\s+year\b|\byears?\s+ago\b",
        re.IGNORECASE,
    ),
    AnswerType.DAY: re.compile(
        rf"\b(?:{_DAYS})\b|\b(?:yesterday|today|tomorrow|tonight)\b"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b"
        rf"|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
        re.IGNORECASE,
    ),
    AnswerType.TIME: re.compile(
        rf"\b(?:1[89]|20)\d\d\b|\b(?:{_MONTHS})\b|\b(?:{_DAYS})\b|"
        r"\b(?:yesterday|today|tomorrow|tonight|ago|last|next|earlier|later|since|until|"
        r"morning|afternoon|evening|night|weekend|decades?|years?|spring|summer|autumn|fall|"
        r"winter|noon|midnight|dawn|week|month|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?)\b",
        re.IGNORECASE,
    ),
    AnswerType.PERSON: re.compile(
        r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'\u2019-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w'\u2019-]+)+"
        r"|(?<=\b(?:Dr|Mr|Ms|St)\.\s)[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*"
        r"|(?<=\b(?:Mrs)\.\s)[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*"
        r"|(?<=\b(?:Prof)\.\s)[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*"
    ),
    AnswerType.PLACE: re.compile(
        r"\b(?:in|at|near|from|to|across|outside|inside)\s+(?:the\s+)?"
        rf"(?!(?:{_MONTHS_TITLE}|{_DAYS_TITLE})\b)[A-Z][\w'\u2019-]+"
    ),
}


# The word after "how"/"what" that names the kind of answer ("how *long*") says
# nothing about the topic; it is dropped from the question's search terms.
_TYPE_WORD = re.compile(
    r"\b(how)\s+(?:many|much|long|old|far|often|frequently|big|large|high|tall|fast|soon)\b"
    r"|\b(what|which)\s+(?:number|percentage|percent|amount|year|time|date|day|month)\b",
    re.IGNORECASE,
)


# Phrases that only say "an event happened" ("where was it *held*", "when did it
# *take place*"): the article reports the event, rarely with these verbs.
_EVENT_PHRASE = re.compile(
    r"\b(?:take|takes|took|taken|taking)\s+place\b|\bheld\b"
    r"|\b(?:happen|happens|happened|occur|occurs|occurred)\b",
    re.IGNORECASE,
)


_COUNTED = re.compile(r"\bhow\s+many\s+((?:[^\W\d_][\w'-]*\s*){1,3})", re.IGNORECASE)
_COUNTED_ENDS = frozenset(
    """
    are is was were be been do does did have has had will would can could should may
    might must of in on at for to from by with there they he she it we you i
    """.split()
)
GENERIC_COUNTED = frozenset("people persons person individuals times".split())
"""Counted words any number may stand for ("1.2 million affected", "seven breaks")."""
_NUMERAL = re.compile(rf"^(?:\d[\d,.]*|{_NUMBER_WORDS}|no)$", re.IGNORECASE)
_ORDINAL = re.compile(rf"^(?:{_ORDINALS}|\d+(?:st|nd|rd|th))$", re.IGNORECASE)
_STREAK_AFTER = re.compile(rf"\s+(?:{_STREAK})\b", re.IGNORECASE)


def counted_words(question: str) -> tuple[str, ...]:
    """The words a "how many" question counts ("how many parking spaces" -> both).

    At most three words, up to the first verb or preposition ("how many Nirvana songs
    are on the box set" -> Nirvana, songs).
    """
    match = _COUNTED.search(question)
    if not match:
        return ()
    words: list[str] = []
    for word in match.group(1).split():
        if word.casefold() in _COUNTED_ENDS:
            break
        words.append(word)
    return tuple(words)


def is_numeral(token: str, after: str = "") -> bool:
    """Whether a token is a number, in digits or words, or an ordinal counting a streak
    (``after`` is the text that follows it: "ninth" before "successive games")."""
    if _NUMERAL.match(token):
        return True
    return bool(_ORDINAL.match(token)) and _STREAK_AFTER.match(after) is not None


def topic_of(question: str) -> str:
    """The question without the words that only name the kind of answer or an event."""
    question = _EVENT_PHRASE.sub(" ", question)
    return _TYPE_WORD.sub(lambda m: m.group(1) or m.group(2), question)


_INTERROGATIVE = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b")
_CLAUSE_WORD = re.compile(r"\b(?:who|whom|whose|when|where)\b")


def _main_clause(text: str) -> str:
    """The question with the who/when/where of later clauses blanked: "what does she
    do *when* she's not running" asks what, "who was in charge *when*…" asks who."""
    first = _INTERROGATIVE.search(text)
    if first is None:
        return text
    return text[: first.end()] + _CLAUSE_WORD.sub("_", text[first.end() :])


_AUX = r"(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|might|must)"
_FOCUS = re.compile(rf"^\W*(?:and\s+|so\s+)?(?:which|what)\s+((?:[a-z-]+\s+)?[a-z-]+)\s+{_AUX}\b")


def focus_words(question: str) -> tuple[str, ...]:
    """The words naming what a *which/what* question asks for ("which *club* did he
    join"): a name answers them, and a quote need not hold them."""
    match = _FOCUS.match(question.casefold())
    return tuple(match[1].split()) if match else ()


def answer_type(question: str) -> AnswerType:
    """The kind of answer the question asks for (OTHER when it names none)."""
    text = _main_clause(question.casefold())
    for kind, pattern in _QUESTION_TYPES:
        if pattern.search(text):
            return kind
    return AnswerType.OTHER


# Last words of a capitalized run that make it a place, team or organisation,
# not a person ("Harlow Stadium", "Bellmont City", "Selva River").
_NOT_PERSON = frozenset(
    """
    city town village county state province country republic kingdom island islands
    river lake sea ocean bay valley mountain mountains hill hills park street road
    avenue square bridge station airport port harbour harbor trench coast beach
    stadium arena ground centre center hall hospital school college university
    academy museum gallery theatre theater church cathedral court prison
    council parliament assembly senate congress ministry department office agency
    authority commission committee board service services police army navy party
    union association federation league cup trophy championship tournament games
    festival awards prize bank group company corporation corp inc ltd plc foods
    motors airways airlines media news times post journal herald gazette
    athletic united rovers rangers wanderers city fc club team liga league division
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    """.split()
)


def carries(kind: AnswerType, sentence: str, asked: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence holds something of the kind asked for.

    ``asked`` holds the question's words, case-folded: a "who" question is not
    answered by a name it already holds, nor by a place or an organisation, and a
    question asking for a building or a venue by the name of one ("the Great Hall of
    the People"), not by a city.
    """
    if kind is AnswerType.PERSON:
        return any(
            _is_new_person(m.group(), asked) and not _PLACE_BEFORE.search(sentence, 0, m.start())
            for m in _PERSON.finditer(sentence)
        )
    if kind is AnswerType.PLACE and not asked.isdisjoint(FACILITY_WORDS):
        return bool(_FACILITY.search(sentence))
    if kind is AnswerType.NAME:
        return bool(_DUBBED.search(sentence)) or any(
            _is_new_name(m.group(), asked) for m in _NAME.finditer(sentence)
        )
    cue = _SENTENCE_CUES.get(kind)
    return bool(cue and cue.search(sentence))


_PERSON = _SENTENCE_CUES[AnswerType.PERSON]
FACILITY_WORDS = frozenset(
    """
    building buildings venue venues stadium stadiums arena hotel hotels airport hall
    palace ground museum theatre theater church
    """.split()
)
"""Words of a *where* question asking for a building or a venue ("which building")."""
_FACILITY = re.compile(
    r"\b[A-Z][\w'\u2019-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*)*\s+"
    r"(?:Hall|Stadium|Arena|Centre|Center|Palace|House|Building|Hotel|Airport|Park|Museum|"
    r"Theatre|Theater|Gallery|Square|Tower|Church|Cathedral|Abbey|Castle|Court|Ground|"
    r"Field|Studios?|Street|Road|Lane|Dome|Bowl|Gardens?|Club|Institute|Library|Hospital|"
    r"School|College|University|Station|Parliament|Assembly|Senate|Capitol)\b"
)
"""A named building or venue: capitalized words ending in what it is ("Wembley Stadium",
"the Great Hall of the People", "10 Downing Street")."""
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|to|across|outside|inside)\s+(?:the\s+)?$")
_NAME = re.compile(r"(?<![.!?:\"\u201c]\s)(?<!^)\b[A-Z][\w'\u2019&-]*(?:\s+[A-Z][\w'\u2019&-]*)*")
_DUBBED = re.compile(r"\b(?:dubbed|nicknamed|christened|known\s+as|so-called)\s+\S", re.IGNORECASE)
CALENDAR_WORDS = frozenset(
    """
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    """.split()
)


def _words_of(name: str) -> list[str]:
    """A name's words, case-folded, without possessive endings or dots."""
    words = (w.strip(".").casefold() for w in name.split())
    return [w.removesuffix("'s").removesuffix("\u2019s").rstrip("'\u2019") for w in words]


def _is_new_name(name: str, asked: frozenset[str]) -> bool:
    """Whether a capitalized run names something the question does not (not a date)."""
    words = [w for w in _words_of(name) if w not in CALENDAR_WORDS]
    return bool(words) and not asked.issuperset(words)


def _is_new_person(name: str, asked: frozenset[str]) -> bool:
    """Whether a capitalized run looks like a person the question does not name."""
    words = _words_of(name)
    if words[-1] in _NOT_PERSON:
        return False
    return not asked.issuperset(words)
