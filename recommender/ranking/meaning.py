"""The semantic space: activities and a partner's own words placed by meaning.

Static word embeddings from ``wordllama`` (its 256-dimension weights ship inside the
wheel; nothing is downloaded at run time). A text's vector is the L2-normalised mean of
its tokens' vectors, so "the sea" lands near "beach" and "coastal walk" even when no word
is shared. Loaded once per process (about 0.2 s) and only when first needed.

Two views of an activity are averaged: its title with its tags and category in words
(what it *is*), and the same with its description (what you *do*). An interest is also
compared with the names of the tags and categories (:data:`LABEL_WORDS`), so "cakes and
bread" finds every activity tagged ``baking``, however its description reads.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from recommender.catalog.columns import LIST_SEPARATOR, Columns

#: Width of the semantic vectors.
DIMENSIONS = 256
#: How tags and categories whose slug reads badly are said, for embedding them.
LABEL_WORDS: dict[str, str] = {
    "at-home": "evenings at home",
    "arts-crafts": "arts and crafts",
    "food-drink": "food and drink",
    "games-puzzles": "games and puzzles",
    "music-performance": "music and performance",
    "travel-daytrips": "travel and day trips",
    "adventure-sport": "adventure sport",
    "live-music": "live music",
    "board-games": "board games",
    "road-trip": "road trip",
}
#: Below this best cosine to any activity, a phrase is taken as not placed by meaning
#: (made-up words score 0.13-0.17 on the bundled catalog; "cafes" 0.26, "the sea" 0.38).
PLACED_AT = 0.2


def package_version() -> str:
    """The installed ``wordllama`` version (part of the model cache key)."""
    from importlib import metadata

    return metadata.version("wordllama")


@lru_cache(maxsize=1)
def _embedder():
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=DIMENSIONS
    )


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors of ``texts``, shape ``(len(texts), DIMENSIONS)``, float32."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_embedder().embed(list(texts), norm=True), dtype=np.float32)
    return np.nan_to_num(vectors)


def label_words(label: str) -> str:
    """A tag or category in words: ``"live-music"`` -> ``"live music"``."""
    return LABEL_WORDS.get(label, label.replace("-", " "))


def embed_activities(frame: pd.DataFrame, batch: int = 4096) -> np.ndarray:
    """One unit vector per activity (catalog columns), averaging its two views."""
    c = Columns
    labels = (
        frame[c.TAGS]
        .astype(str)
        .map(lambda cell: ", ".join(label_words(t) for t in cell.split(LIST_SEPARATOR) if t))
        + ", "
        + frame[c.CATEGORY].astype(str).map(label_words)
    )
    what = (frame[c.TITLE].astype(str) + ". " + labels).tolist()
    full = frame[c.TITLE].astype(str) + ". " + frame[c.DESCRIPTION].astype(str) + " " + labels
    full_list = full.tolist()
    out = np.empty((len(frame), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(frame), batch):
        stop = start + batch
        both = embed(what[start:stop]) + embed(full_list[start:stop])
        norms = np.linalg.norm(both, axis=1, keepdims=True)
        out[start:stop] = both / np.where(norms > 0, norms, 1.0)
    return out
