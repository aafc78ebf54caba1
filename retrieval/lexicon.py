"""Word lists the analyzer needs: English stopwords and irregular verb forms."""

from __future__ import annotations

# A standard English stopword list (the NLTK/Snowball one, with contractions),
# minus the negations "no", "not" and "nor", which change what a sentence says.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because
    been before being below between both but by can could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
    most mustn't my myself of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up very was wasn't
    we we'd we'll we're we've were weren't what what's when when's where where's which
    while who who's whom why why's will with won't would wouldn't you you'd you'll
    you're you've your yours yourself yourselves also just s t ll re ve d m o y
    """.split()
)

# Past tenses and participles that a stemmer cannot bring back to their base
# ("met" -> "meet"), so that a question in the present finds a report in the past.
IRREGULAR_VERBS: dict[str, str] = {
    form: base
    for base, forms in {
        "arise": "arose arisen",
        "be": "was were been",
        "bear": "bore borne born",
        "beat": "beaten",
        "become": "became",
        "begin": "began begun",
        "bend": "bent",
        "bet": "bet",
        "bite": "bit bitten",
        "bleed": "bled",
        "blow": "blew blown",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "burn": "burnt",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "cling": "clung",
        "come": "came",
        "creep": "crept",
        "deal": "dealt",
        "dig": "dug",
        "do": "did done",
        "draw": "drew drawn",
        "dream": "dreamt",
        "drink": "drank drunk",
        "drive": "drove driven",
        "eat": "ate eaten",
        "fall": "fell fallen",
        "feed": "fed",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "flee": "fled",
        "fly": "flew flown",
        "forbid": "forbade forbidden",
        "forget": "forgot forgotten",
        "forgive": "forgave forgiven",
        "freeze": "froze frozen",
        "get": "got gotten",
        "give": "gave given",
        "go": "went gone",
        "grow": "grew grown",
        "hang": "hung",
        "have": "had",
        "hear": "heard",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lay": "laid",
        "lead": "led",
        "leave": "left",
        "lend": "lent",
        "lie": "lain",
        "light": "lit",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "overcome": "overcame",
        "pay": "paid",
        "ride": "rode ridden",
        "ring": "rang rung",
        "rise": "rose risen",
        "run": "ran",
        "say": "said says",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "shake": "shook shaken",
        "shine": "shone",
        "shoot": "shot",
        "show": "shown",
        "shrink": "shrank shrunk",
        "sing": "sang sung",
        "sink": "sank sunk",
        "sit": "sat",
        "sleep": "slept",
        "slide": "slid",
        "speak": "spoke spoken",
        "spend": "spent",
        "spin": "spun",
        "stand": "stood",
        "steal": "stole stolen",
        "stick": "stuck",
        "sting": "stung",
        "strike": "struck stricken",
        "strive": "strove striven",
        "swear": "swore sworn",
        "sweep": "swept",
        "swim": "swam swum",
        "swing": "swung",
        "take": "took taken",
        "teach": "taught",
        "tear": "tore torn",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "wake": "woke woken",
        "wear": "wore worn",
        "weep": "wept",
        "win": "won",
        "withdraw": "withdrew withdrawn",
        "write": "wrote written",
    }.items()
    for form in forms.split()
    if form != base
}

# Words that frame a question rather than say what it is about ("who *else*…",
# "*tell* me…", "what *kind* of…"). They are dropped from questions only.
QUESTION_STOPWORDS: frozenset[str] = frozenset(
    """
    else exactly actually really please tell know anything something everything kind
    type sort thing things mention mentioned article articles story stories piece text
    news report say says said happen happens happened happening latest update updates
    detail details whose basically precisely specifically approximately roughly besides
    apart aside
    """.split()
)

# Words that frame what is asked rather than name it ("how much money was she
# *trying* to *get*"): a quote need not hold them to answer, though they still
# count for coverage and ranking.
LIGHT_WORDS: frozenset[str] = frozenset(
    """
    get gets got getting make makes made making take takes took taking give gives gave
    go goes went going come comes came put set keep kept try tries tried trying want
    wants wanted need needs needed use used have has had become became seem look find
    found do does did money amount number figure total much many
    """.split()
)

MONEY_WORDS: frozenset[str] = frozenset(
    """
    pay pays paid paying cost costs costing spend spends spent spending price priced fee
    fees charge charged worth budget
    """.split()
)
"""Words that only say a question asks for money ("how much did they pay"): the amount
answers them, whatever verb the story uses ("a £2.2m move from Chelsea")."""

EVENT_WORDS: frozenset[str] = frozenset(
    """
    start starts started starting begin begins began beginning appear appears appeared
    appearing arrive arrives arrived due
    """.split()
)
"""Words that only say a *when* question asks for a time ("when will it start
appearing"): the date answers them, whatever verb the story uses ("rolled out from
the middle of 2005")."""

PLACE_WORDS: frozenset[str] = frozenset(
    """
    based located situated headquartered venue venues location
    """.split()
)
"""Words that only say a *where* question asks for a place ("where is the firm based"):
the place answers them ("Contrack International, of Arlington, Virginia")."""

# Words for the people of a country or region ("Europeans", "Britons"): "how many
# Europeans" counts people, and "54 million people" answers it.
DEMONYMS: frozenset[str] = frozenset(
    """
    american americans british briton britons english scottish scot scots welsh irish
    french german germans dutch spanish italian italians russian russians chinese
    japanese indian indians australian australians canadian canadians brazilian
    brazilians european europeans african africans asian asians arab arabs israeli
    israelis palestinian palestinians iraqi iraqis iranian iranians afghan afghans
    pakistani pakistanis mexican mexicans korean koreans greek greeks turkish swiss
    swedish norwegian norwegians danish finnish polish portuguese belgian belgians
    austrian austrians ukrainian ukrainians egyptian egyptians nigerian nigerians
    kenyan kenyans saudi saudis syrian syrians lebanese argentine argentinian
    argentinians chilean chileans colombian colombians cuban cubans venezuelan
    venezuelans czech czechs hungarian hungarians romanian romanians serbian serbs
    croatian croats taiwanese vietnamese thai indonesian indonesians filipino filipinos
    """.split()
)

# How news writes two countries most of the time: "the US economy", "UK sales".
_AMERICA = ("america", "american", "americans", "united", "states")
_BRITAIN = ("britain", "british", "briton", "britons", "united", "kingdom")
COUNTRY_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US": _AMERICA,
    "U.S.": _AMERICA,
    "USA": _AMERICA,
    "U.S.A.": _AMERICA,
    "United States": _AMERICA,
    "UK": _BRITAIN,
    "U.K.": _BRITAIN,
    "United Kingdom": _BRITAIN,
    "UN": ("united", "nations"),
    "U.N.": ("united", "nations"),
    "EU": ("european", "union"),
}
"""Abbreviations (written in capitals) and official names of countries, and the words
a reader uses for them: an article saying "the US" mentions America (and the United
States); one saying "the UN" mentions the United Nations."""

SEATS_OF_GOVERNMENT: dict[str, tuple[str, ...]] = {
    "Washington, White House": ("America", "American", "US"),
    "Downing Street, Whitehall, Westminster": ("Britain", "British", "UK"),
    "Beijing, PRC": ("China", "Chinese"),
    "Moscow, Kremlin": ("Russia", "Russian"),
    "Tehran": ("Iran", "Iranian"),
    "Pyongyang, DPRK": ("Korea", "Korean"),
    "Kyiv, Kiev": ("Ukraine", "Ukrainian"),
    "Brussels": ("EU", "European"),
    "Taipei": ("Taiwan", "Taiwanese"),
    "Tokyo": ("Japan", "Japanese"),
    "Delhi": ("India", "Indian"),
}
"""The capitals, seats and short names news writes for a country's government
("Washington wants Beijing to…", "the Kremlin said"), comma-separated, and the words
that name the country: an article naming the country mentions them, and a quote naming
the country holds a one-word seat ("Moscow")."""

RANK_WORDS: frozenset[str] = frozenset(
    """
    table league standings chart charts position place ranking rankings pecking order
    """.split()
)
"""Words that only say a *where in the table* question asks for a position ("where are
Liverpool in the table"): "sixth in the Premiership" answers them."""

SCORE_WORDS: frozenset[str] = frozenset("score scores scoreline final result".split())
"""Words that only say a question asks for a score ("what was the final score"): "a
24-18 win" answers them."""

DAY_WORDS: frozenset[str] = frozenset("day days week weekday weekdays date dates".split())
"""Words that only say a question asks for a day ("what day of the week was the
meeting"): "Monday" answers them."""

DURATION_WORDS: frozenset[str] = frozenset("long lengthy quick brief drag dragged".split())
"""Words that only say a question asks for a duration ("was it long or quick", "how
long was the meeting"): "35 minutes" answers them."""

NAMING_WORDS: frozenset[str] = frozenset(
    "call called calls name named names known dub dubbed nicknamed christened".split()
)
"""Words that only say a question asks for a name ("what's the 7E7 also called"): "also
known as the Dreamliner" answers them."""
