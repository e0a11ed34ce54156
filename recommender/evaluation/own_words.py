"""Tags said the way people say them: the harder simulation's stated interests.

People rarely type a tag name; they write "the sea" or "long walks in the hills". For
each tag this module holds everyday phrases on that topic: the paraphrase benchmark's
phrases labelled with the tag (:data:`recommender.evaluation.paraphrase.PHRASES`) plus
one more written here for every tag, so each tag has at least one and most have two.
"""

from __future__ import annotations

import numpy as np

from recommender.catalog.columns import TAGS
from recommender.evaluation.paraphrase import PHRASES

#: One everyday phrase per tag, none of them a tag or category name.
EXTRA: dict[str, str] = {
    "adrenaline": "thrills and rushes",
    "animals": "furry friends",
    "art": "galleries and paintings",
    "baking": "making pastries",
    "beach": "sand between our toes",
    "board-games": "games around the table",
    "camping": "sleeping under canvas",
    "city": "exploring town streets",
    "climbing": "scrambling up rock faces",
    "coffee": "a good espresso",
    "comedy": "stand-up nights",
    "community": "our neighbourhood",
    "competitive": "winning",
    "cooking": "making dinner from scratch",
    "crafts": "knitting and sewing",
    "cycling": "riding on two wheels",
    "dance": "salsa and swing",
    "diy": "fixing things up around the house",
    "drinks": "cocktails",
    "film": "the cinema",
    "fitness": "the gym",
    "foraging": "picking wild mushrooms and berries",
    "gardening": "growing vegetables",
    "heights": "high places with a view down",
    "hiking": "long walks in the hills",
    "history": "castles and ruins",
    "languages": "learning French",
    "live-music": "concerts",
    "markets": "browsing stalls",
    "mindfulness": "meditation",
    "music": "songs and instruments",
    "nature": "woods and fields",
    "night": "late evenings",
    "painting": "watercolours",
    "photography": "my camera",
    "pottery": "clay and the wheel",
    "puzzles": "riddles and crosswords",
    "reading": "novels",
    "relaxation": "unwinding",
    "road-trip": "driving somewhere new",
    "romantic": "date nights for two",
    "running": "jogging",
    "science": "how things work",
    "singing": "belting out songs",
    "snow": "winter slopes",
    "social": "meeting new people",
    "spa": "saunas and massages",
    "sports": "playing ball games",
    "stargazing": "looking at the stars",
    "technology": "gadgets and coding",
    "theatre": "the stage",
    "water": "paddling and boats",
    "wildlife": "spotting birds",
    "wine": "vineyards",
    "writing": "poetry",
    "yoga": "stretching on a mat",
}


def phrases_for(tag: str) -> list[str]:
    """Everyday phrases for ``tag``: the benchmark's labelled ones, then this module's."""
    if tag not in TAGS:
        raise ValueError(f"unknown tag {tag!r}; expected one of: {', '.join(TAGS)}")
    labelled = [p for p, labels in PHRASES.items() if tag in labels]
    return [*labelled, EXTRA[tag]]


def say(tag: str, rng: np.random.Generator) -> str:
    """One everyday phrase for ``tag``, drawn with ``rng``."""
    options = phrases_for(tag)
    return options[int(rng.integers(len(options)))]
