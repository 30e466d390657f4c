"""Synthetic journal entries (no real person's text): deterministic, varied, English-like.

Used by the GPU benchmark (lengths matter, content does not) and the quality run (a style the model
can learn, so test perplexity should fall).
"""

from __future__ import annotations

import random

PEOPLE = ["Mara", "Jonas", "my sister", "Theo", "Grandma Ilse", "the neighbour", "Priya", "Luca", "my boss", "Ana"]
PLACES = [
    "the market",
    "the river path",
    "the office",
    "the bakery on Lindenstrasse",
    "the library",
    "the station",
    "the garden",
    "the old harbour",
]
FEELINGS = ["tired but content", "restless", "oddly calm", "grateful", "a little anxious", "hopeful", "flat", "light"]
WEATHER = ["Rain all morning", "Bright and cold", "Grey again", "Warm wind from the south", "Fog until noon", "First real snow"]
ACTS = [
    "walked to {place} with {person}",
    "finally called {person} back",
    "read forty pages before breakfast",
    "cooked lentil soup and burned the onions",
    "spent the afternoon at {place}",
    "fixed the bike's back brake",
    "wrote three pages of the letter to {person}",
    "argued with {person} about money, then apologised",
    "sat at {place} and watched people for an hour",
    "planted the tulip bulbs {person} gave me",
]
THOUGHTS = [
    "I keep thinking I should sleep earlier.",
    "Note to self: less coffee after four.",
    "It is strange how small things fix a bad day.",
    "I want to remember how the light looked.",
    "Tomorrow I will try to be kinder to {person}.",
    "Work feels heavy, but it is only a season.",
    "{person} said something that stayed with me all evening.",
    "I should write more often, even if it is only a line.",
]


def entry(rng: random.Random, sentences: int) -> str:
    """One diary entry of about `sentences` sentences."""
    out = [f"{rng.choice(WEATHER)}. I feel {rng.choice(FEELINGS)} today."]
    for _ in range(sentences):
        kind = rng.random()
        fill = {"person": rng.choice(PEOPLE), "place": rng.choice(PLACES)}
        if kind < 0.55:
            out.append("Today I " + rng.choice(ACTS).format(**fill) + ".")
        else:
            out.append(rng.choice(THOUGHTS).format(**fill))
    return " ".join(out)


def entries(count: int, seed: int, min_sentences: int = 5, max_sentences: int = 60) -> list[str]:
    rng = random.Random(seed)
    return [entry(rng, rng.randint(min_sentences, max_sentences)) for _ in range(count)]
