"""The semantic space: activities and a partner's own words placed by meaning.

Static word embeddings from ``wordllama`` (its 256-dimension weights ship inside the
wheel; nothing is downloaded at run time). A text's vector is the L2-normalised mean of
its tokens' vectors, so "the sea" lands near "beach" and "coastal walk" even when no word
is shared. Loaded once per process (about 0.2 s) and only when first needed.

Two views of an activity are averaged: its title with its tags and category (what it
*is*), and its words weighted by the content model's TF-IDF (what you *do*; common words
count little, and the catalog's text is tokenized once, by that TF-IDF). An interest is also
compared with the names of the tags and categories (:data:`LABEL_WORDS`), so "cakes and
bread" finds every activity tagged ``baking``, however its description reads.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

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
#: Words that carry grammar rather than meaning. A static embedding averages its words, so
#: "the", "to", "my" would pull every phrase towards the same generic spot ("moving to a
#: beat" towards food and home); they are left out unless a text has nothing else.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet of to in on at by for from with into onto about as than
    then that this these those there here is am are was were be been being do does did
    doing have has had having will would shall should can could may might must i me my mine
    we us our ours you your yours he him his she her hers it its they them their theirs
    some any each every all both either neither such what which who whom whose very just
    really quite too also not no get gets getting got
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
#: Everyday expressions whose meaning is not the sum of their words, said in plain words
#: (general English, not the catalog's labels): "eating out" is a restaurant meal. None may
#: come from the paraphrase benchmark (a test checks), or the benchmark would be tuned on.
EXPRESSIONS: dict[str, str] = {
    "eating out": "restaurant meal",
    "eat out": "restaurant meal",
    "chilling out": "relaxing",
    "chill out": "relaxing",
    "hanging out": "socialising with friends",
    "hang out": "socialising with friends",
    "day out": "day trip",
}
_EXPRESSION = re.compile(
    r"\b(" + "|".join(re.escape(e) for e in sorted(EXPRESSIONS, key=len, reverse=True)) + r")\b"
)
#: Below this best cosine to any activity, a phrase is taken as not placed by meaning
#: (on the bundled catalog most made-up words score 0.12-0.27, a few that sound like words,
#: "snarfle", up to 0.33; the benchmark's everyday phrases 0.33 and up: "cafes" 0.33,
#: "the sea" 0.49).
PLACED_AT = 0.30


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


def load() -> None:
    """Load the word vectors now (once per process) rather than at the first new phrase.

    A server calls this while it starts, so its first visitor does not wait for it.
    """
    _embedder()


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # a word, apostrophe inside ("farmers'" -> farmers)
_WORD_CACHE_SIZE = 200_000
_FEW = 32  # texts (or new words) handled one by one rather than as a batch
_word_vectors: dict[str, tuple[np.ndarray, int]] = {}


def base_forms(word: str) -> list[str]:
    """Candidate dictionary forms of an inflected word, most likely first.

    A light English lemmatiser: plurals ("stalls", "parties", "boxes"), "-ing" and "-ed"
    forms ("beating", "baking", "jogging", "carved"). Which candidate is a real word is
    left to the caller (here: the one the embedding's vocabulary knows whole).
    """
    out: list[str] = []
    if len(word) > 4 and word.endswith("ies"):
        out.append(word[:-3] + "y")
    sibilant = word.endswith(("ches", "shes")) or (
        len(word) > 3 and word[-3:] in ("ses", "xes", "zes")
    )
    if sibilant:
        out.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.append(word[:-1])
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if len(stem) >= 3 and word.endswith(suffix):
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                out.append(stem[:-1])  # jogging -> jog
            out += [stem, stem + "e"]  # beating -> beat, baking -> bake
    return out


def _ids(encoded) -> list[int]:
    return [i for i, m in zip(encoded.ids, encoded.attention_mask, strict=True) if m]


def _words(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each word's summed token vectors (as in running text, after a space) and token count.

    An inflected word the vocabulary splits into pieces ("evenings": "even" + "ings") is
    read as its base form when that has fewer pieces ("evening" is one token): static
    subword vectors place the pieces of a split word by their spelling, not its meaning.
    """
    missing = [w for w in words if w not in _word_vectors]
    if missing:
        model = _embedder()
        if len(_word_vectors) + len(missing) > _WORD_CACHE_SIZE:
            _word_vectors.clear()
        tokenizer = model.tokenizer
        texts = [" " + w for w in missing]
        # A few words (a partner's new phrase): one by one, since the batch call wakes a
        # thread pool that costs milliseconds on a busy machine; a catalog: in one batch.
        encoded = (
            [tokenizer.encode(t, add_special_tokens=False) for t in texts]
            if len(texts) <= _FEW
            else tokenizer.encode_batch(texts, add_special_tokens=False)
        )
        table = model.embedding
        for word, enc in zip(missing, encoded, strict=True):
            ids = _ids(enc)
            if len(ids) > 2:  # the leading space is a token of its own; split into pieces
                for form in base_forms(word):
                    shorter = _ids(tokenizer.encode(" " + form, add_special_tokens=False))
                    if len(shorter) < len(ids):
                        ids = shorter
            ids = np.clip(np.asarray(ids, dtype=np.int64), 0, table.shape[0] - 1)
            _word_vectors[word] = (table[ids].sum(axis=0), len(ids))
    sums = np.empty((len(words), DIMENSIONS), dtype=np.float32)
    counts = np.empty(len(words), dtype=np.float32)
    for row, word in enumerate(words):
        sums[row], counts[row] = _word_vectors[word]
    return sums, counts


def pieces(words: list[str]) -> np.ndarray:
    """How many pieces the embedding's vocabulary reads each word in (1: a whole word)."""
    _, counts = _words(words)
    return counts - 1  # less the leading space, a token of its own


def text_words(text: str) -> list[str]:
    """The words a text is embedded from: expressions spelled out, function words left out."""
    lowered = _EXPRESSION.sub(lambda m: EXPRESSIONS[m.group(1)], str(text).lower())
    words = _WORD.findall(lowered)
    content = [w for w in words if w not in FUNCTION_WORDS]
    return content or words


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors of ``texts``, shape ``(len(texts), DIMENSIONS)``, float32.

    A static embedding is the mean of a text's token vectors, and the tokenizer never
    merges across words, so the mean is computed from a bag of words: each distinct word
    is tokenized once (and remembered), then a sparse count matrix sums them. This gives
    wordllama's own average pooling (up to case and punctuation, which are left out) at a
    fraction of the cost on a large catalog, where words repeat.
    """
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if len(texts) <= _FEW:  # a partner's phrases: summing a few word vectors directly is faster
        for row, text in enumerate(texts):
            words = text_words(text)
            if not words:
                continue
            sums, n_tokens = _words(words)
            total = sums.sum(axis=0)
            norm = float(np.linalg.norm(total))
            if n_tokens.sum() > 0 and norm > 0:
                out[row] = total / norm
        return out
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, text in enumerate(texts):
        words = text_words(text)
        cols.extend(columns.setdefault(w, len(columns)) for w in words)
        rows.extend([row] * len(words))
    if not columns:  # not one word in any text
        return out
    # Repeated (row, word) pairs are summed: a bag of words without scikit-learn's import.
    counts = sparse.csr_matrix(
        (np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=(len(texts), len(columns))
    )
    sums, n_tokens = _words(list(columns))
    total = counts @ n_tokens
    summed = np.asarray(counts @ sums, dtype=np.float32)
    norms = np.linalg.norm(summed, axis=1)
    ok = (total > 0) & (norms > 0)
    out[ok] = summed[ok] / norms[ok, None]
    return out


def label_words(label: str) -> str:
    """A tag or category in words: ``"live-music"`` -> ``"live music"``."""
    return LABEL_WORDS.get(label, label.replace("-", " "))


#: Share of a tag's or category's own name in its vector; the rest is what its activities say.
NAME_SHARE = 0.5


def label_vectors(names: list[str], members: sparse.spmatrix, views: np.ndarray) -> np.ndarray:
    """Vectors of the tags and categories: each name, and the words of the rows carrying it.

    A name alone is one or two words ("markets"); the activities tagged with it say what it
    means in this catalog (stalls, farmers, produce), so an interest in other words finds it.

    Parameters
    ----------
    names : list of str
        The labels in words (see :func:`label_words`), one per column of ``members``.
    members : scipy.sparse matrix
        Rows x labels; non-zero where a row carries the label.
    views : numpy.ndarray
        One semantic vector per row (its words, TF-IDF weighted).
    """
    named = embed(names)
    carriers = sparse.csc_matrix(members != 0, dtype=np.float32)
    # What sets a label's rows apart: their mean less the whole catalog's (every text shares
    # a common direction, which would pull made-up words towards every label alike).
    views = unit_rows(views)
    centroids = unit_rows(np.asarray(carriers.T @ (views - views.mean(axis=0))))
    return unit_rows(NAME_SHARE * named + (1 - NAME_SHARE) * centroids)


def context_vectors(text: sparse.spmatrix, views: np.ndarray) -> np.ndarray:
    """Each vocabulary word as the catalog uses it: the centred mean of the rows saying it.

    A word the embedding splits into pieces ("stalls", "farmers") is placed by its spelling;
    the activities whose text holds it say what it means here (markets, produce).

    Parameters
    ----------
    text : scipy.sparse matrix
        Rows x vocabulary words (the content model's TF-IDF text block).
    views : numpy.ndarray
        One semantic vector per row.
    """
    views = unit_rows(views)
    weights = sparse.csc_matrix(text, dtype=np.float32)
    return unit_rows(np.asarray(weights.T @ (views - views.mean(axis=0))))


def word_vectors(words: list[str]) -> np.ndarray:
    """One unit vector per word (the mean of its tokens' vectors), shape ``(len(words), D)``."""
    if not words:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    sums, _ = _words([w.lower() for w in words])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.where(norms > 0, sums / np.where(norms > 0, norms, 1.0), 0.0).astype(np.float32)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` with each non-zero row scaled to length 1 (float32)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
