"""How rare a word is in the language at large."""

from __future__ import annotations

import pytest

from retrieval.rarity import MAX_RARITY, rarity


def test_an_everyday_word_is_less_rare_than_a_specialist_one() -> None:
    see, hotline = rarity("see", "english"), rarity("hotline", "english")
    assert see is not None and hotline is not None
    assert see < hotline


def test_a_word_the_dictionary_does_not_know_is_as_rare_as_can_be() -> None:
    assert rarity("blinkenxyz", "english") == MAX_RARITY


def test_a_language_without_a_dictionary_has_no_rarity() -> None:
    assert rarity("kuka", "finnish") is None


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("favour", "favor"),
        ("behaviour", "behavior"),
        ("organised", "organized"),
        ("defence", "defense"),
        ("centre", "center"),
        ("programme", "program"),
    ],
    ids=["our", "behaviour", "ise", "ence", "tre", "amme"],
)
def test_a_british_spelling_is_as_rare_as_the_american_one(british: str, american: str) -> None:
    assert rarity(british, "english") == rarity(american, "english") < MAX_RARITY


@pytest.mark.parametrize("word", ["four", "hour", "tour"], ids=str)
def test_a_known_word_is_not_read_as_a_british_spelling(word: str) -> None:
    assert rarity(word, "english") != rarity(word.replace("our", "or"), "english")


@pytest.mark.parametrize(("form", "word"), [("voicing", "voice"), ("downed", "down")], ids=str)
def test_an_inflected_form_is_no_rarer_than_its_word(form: str, word: str) -> None:
    assert rarity(form, "english") == rarity(word, "english")
