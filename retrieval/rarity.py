"""How rare a word is in the language at large: what a question word weighs when the
articles are too few for their own idf to say.

Over one article, idf turns upside down for coverage: "Blinken" is in every paragraph
and weighs least, while a reader's everyday word the article happens not to use ("see",
"now", "get") weighs most, so a paraphrase looks like a question about something else.
English at large knows better: "Blinken" is rare and "see" is common. The measure is the
word's information in pyspellchecker's word-frequency list, log(total / (count + 1)),
capped so that an unknown word (a name) counts as one of the rarest known ones.
"""

from __future__ import annotations

import math

from retrieval.spelling import dictionary, frequency

EVERYDAY_RARITY = 9.0
"""Words at most this rare are everyday words (about 200,000 or more in the list's 1.6
billion: "see", "talk", "war", not "population"; 8 changed nothing on the bundled
article's read sets, 10 answered one more unanswerable question)."""
MAX_RARITY = 15.0
"""The weight of a word the list does not know, and of any about as rare (fewer than
about 500 in its 1.6 billion words)."""


def rarity(word: str, language: str) -> float | None:
    """How rare the lowercase word is in the language (None without a dictionary)."""
    words = dictionary(language)
    if words is None:
        return None
    count = frequency(word, language)
    return min(MAX_RARITY, math.log(words.word_frequency.total_words / (count + 1)))
