"""What ranking needs of the fitted content model, as plain arrays (no scikit-learn).

A fresh server process pays seconds to import scikit-learn and skops, yet ranking never
needs them: it reads the catalog's vectors and turns a partner's interests into a row of the
same space. :class:`ServingModel` holds exactly that, as NumPy arrays a cache can store
without pickle (``numpy.load(..., allow_pickle=False)``): the text vocabulary with its
stop words and IDF weights, the tag and category columns, the block layout and weights,
and the meaning vectors of the tags and categories and of the vocabulary's words as the
catalog uses them. It is made from a fitted
:class:`~recommender.ranking.features.ContentModel` (:meth:`ServingModel.from_model`) and
reproduces its interest vectors exactly (the tests compare the two).

Vectorising a couple's own ideas still needs the fitted scikit-learn pipeline; that is
loaded only when ideas are first ranked (``full``, a callable given by the cache).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from recommender.catalog.columns import CATEGORIES, TAGS
from recommender.ranking import meaning

if TYPE_CHECKING:
    import pandas as pd

    from recommender.ranking.features import ContentModel

#: Defaults of :class:`ContentModel`'s parameters, so a cache key can be made without
#: importing scikit-learn (a test keeps them equal to the class's own).
CONTENT_DEFAULTS: dict[str, object] = {
    "category_weight": 0.6,
    "context_share": 0.5,
    "label_share": 0.6,
    "meaning_weight": 0.85,
    "min_df": 1,
    "named_meaning_weight": 0.25,
    "numbers_weight": 0.35,
    "seasons_weight": 0.3,
    "setting_weight": 0.3,
    "tags_weight": 0.8,
    "text_weight": 1.0,
}
#: The blocks an interest can light up, in output order.
INTEREST_BLOCKS = ("text", "tags", "category")
_PARTS_CACHE_SIZE = 4096  # phrases whose parts are kept
#: scikit-learn's default word pattern (TfidfVectorizer's ``token_pattern``).
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"[\s_&/]+")
_TAG_SET = frozenset(TAGS)
_CATEGORY_SET = frozenset(CATEGORIES)
#: The arrays :meth:`ServingModel.to_arrays` writes (all plain dtypes: no pickle needed).
ARRAY_NAMES = (
    "words",
    "idf",
    "stop_words",
    "tags",
    "categories",
    "block_names",
    "block_bounds",
    "weights",
    "shares",
    "label_vectors",
    "context_vectors",
    "n_features_out",
)


# Asked about each interest many times per call (scores, reasons); pure, so kept.
@lru_cache(maxsize=4096)
def match_vocabulary(interest: str) -> tuple[str | None, str | None]:
    """The catalog tag and category an interest names, if any.

    Forgiving about case, spaces for hyphens and a plural ``s``:
    "Live music" -> tag ``live-music``, "board game" -> ``board-games``,
    "Arts and crafts" -> category ``arts-crafts``.
    """
    slug = _SPACES.sub("-", interest.strip().lower()).strip("-")
    slug = slug.replace("-and-", "-")
    variants: Sequence[str] = (slug, slug + "s", slug.removesuffix("s"))
    tag = next((v for v in variants if v in _TAG_SET), None)
    category = next((v for v in variants if v in _CATEGORY_SET), None)
    return tag, category


class ServingModel:
    """The fitted content model's query side: interests into the activities' space.

    Parameters
    ----------
    arrays : dict of str to numpy.ndarray
        As written by :meth:`to_arrays` (checked: a missing or malformed array raises
        ``ValueError``).
    full : callable, optional
        Returns the fitted :class:`ContentModel`, for :meth:`transform` and :meth:`embed`
        (a couple's own ideas); called at most once.
    """

    def __init__(
        self, arrays: dict[str, np.ndarray], full: Callable[[], ContentModel] | None = None
    ) -> None:
        missing = [name for name in ARRAY_NAMES if name not in arrays]
        if missing:
            raise ValueError(f"serving arrays are missing {', '.join(missing)}")
        words = [str(w) for w in arrays["words"]]
        self._column = {w: i for i, w in enumerate(words)}
        self._idf = np.asarray(arrays["idf"], dtype=np.float64)
        self._stop = frozenset(str(w) for w in arrays["stop_words"])
        self._tags = {str(t): i for i, t in enumerate(arrays["tags"])}
        self._categories = {str(c): i for i, c in enumerate(arrays["categories"])}
        names = [str(n) for n in arrays["block_names"]]
        bounds = np.asarray(arrays["block_bounds"], dtype=np.int64).reshape(-1, 2)
        pairs = zip(names, bounds, strict=True)
        self.block_slices_ = {n: slice(int(a), int(b)) for n, (a, b) in pairs}
        self._weights = dict(zip(names, np.asarray(arrays["weights"], dtype=float), strict=True))
        shares = np.asarray(arrays["shares"], dtype=float)
        (self.meaning_weight, self.named_meaning_weight, self.label_share, self.context_share) = (
            map(float, shares)
        )
        self.label_vectors_ = np.asarray(arrays["label_vectors"], dtype=np.float32)
        self.context_vectors_ = np.asarray(arrays["context_vectors"], dtype=np.float32)
        self.n_features_out_ = int(np.asarray(arrays["n_features_out"]).reshape(-1)[0])
        if (
            len(self._idf) != len(words)
            or len(self.context_vectors_) != len(words)
            or set(INTEREST_BLOCKS) - set(names)
        ):
            raise ValueError("serving arrays do not fit together")
        self._arrays = arrays
        self._full = full
        self._model: ContentModel | None = None
        # A new couple's phrase is split into parts for its row and again for its terms.
        self._parts_seen: dict[str, dict[str, dict[int, float]]] = {}

    # Made from, and stored as ---------------------------------------------------------

    @classmethod
    def from_model(cls, model: ContentModel, *, keep: bool = True) -> ServingModel:
        """The serving side of a fitted content model (kept for ideas when ``keep``)."""
        columns = model.pipeline_.named_steps["columns"]
        text = columns.named_transformers_["text"]
        tags = columns.named_transformers_["tags"]
        names = list(model.block_slices_)
        arrays = {
            "words": np.asarray(text.get_feature_names_out(), dtype=str),
            "idf": np.asarray(text.idf_, dtype=np.float64),
            "stop_words": np.asarray(sorted(text.get_stop_words() or ()), dtype=str),
            "tags": np.asarray(tags.get_feature_names_out(), dtype=str),
            "categories": np.asarray(
                columns.named_transformers_["category"].categories_[0], dtype=str
            ),
            "block_names": np.asarray(names, dtype=str),
            "block_bounds": np.asarray(
                [[model.block_slices_[n].start, model.block_slices_[n].stop] for n in names],
                dtype=np.int64,
            ),
            "weights": np.asarray([model._weights()[n] for n in names], dtype=np.float64),
            "shares": np.asarray(
                [
                    model.meaning_weight,
                    model.named_meaning_weight,
                    model.label_share,
                    model.context_share,
                ]
            ),
            "label_vectors": np.asarray(model.label_vectors_, dtype=np.float32),
            "context_vectors": np.asarray(model.context_vectors_, dtype=np.float32),
            "n_features_out": np.asarray([model.n_features_out_], dtype=np.int64),
        }
        serving = cls(arrays)
        serving._model = model if keep else None
        return serving

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to store (plain dtypes; ``numpy.savez`` without pickle)."""
        return dict(self._arrays)

    @property
    def model(self) -> ContentModel:
        """The fitted scikit-learn content model (loaded on first use)."""
        if self._model is None:
            if self._full is None:
                raise ValueError("this serving model was made without its fitted content model")
            self._model = self._full()
        return self._model

    # Ideas: the full pipeline -----------------------------------------------------------

    def transform(self, X: pd.DataFrame) -> sparse.csr_matrix:
        """Content vectors of activities (see :meth:`ContentModel.transform`)."""
        return self.model.transform(X)

    def embed(self, X: pd.DataFrame, vectors: sparse.csr_matrix | None = None) -> np.ndarray:
        """Semantic vectors of activities (see :meth:`ContentModel.embed`)."""
        return self.model.embed(X, vectors)

    # Interests --------------------------------------------------------------------------

    def _text_part(self, interest: str) -> dict[int, float]:
        """What the fitted TF-IDF makes of the interest's words (unnormalised is enough)."""
        words = _SPACES.sub(" ", interest.lower().replace("-", " "))
        counts = Counter(
            self._column[w]
            for w in _TOKEN.findall(words)
            if w not in self._stop and w in self._column
        )
        # sublinear_tf, then the IDF weights, as the fitted vectorizer does
        return {col: (1.0 + np.log(n)) * float(self._idf[col]) for col, n in counts.items()}

    def _parts(self, interest: str) -> dict[str, dict[int, float]]:
        """The text, tag and category parts of one interest (columns within each block).

        Remembered per phrase (callers only read them).
        """
        parts = self._parts_seen.get(interest)
        if parts is None:
            if len(self._parts_seen) > _PARTS_CACHE_SIZE:
                self._parts_seen.clear()
            parts = self._parts_seen[interest] = self._split(interest)
        return parts

    def _split(self, interest: str) -> dict[str, dict[int, float]]:
        """:meth:`_parts`, worked out."""
        tag, cat = match_vocabulary(interest)
        parts = {"text": self._text_part(interest), "tags": {}, "category": {}}
        if tag is not None and tag in self._tags:
            parts["tags"] = {self._tags[tag]: 1.0}
        if cat is not None and cat in self._categories:
            parts["category"] = {self._categories[cat]: 1.0}
        return parts

    def vocabulary_column(self, word: str) -> int | None:
        """The text column of a word, or of its base or plural form ("stall" for "stalls")."""
        for form in (word, *meaning.base_forms(word), word + "s", word + "es"):
            col = self._column.get(form)
            if col is not None and form not in self._stop:
                return col
        return None

    def closed_compounds(self, words: list[str]) -> list[str]:
        """Two neighbouring words joined where the catalog writes them as one ("workout").

        English writes many compounds open or closed ("camp fire", "campfire"); static
        word vectors read the open form word by word, which can change its sense.
        """
        out: list[str] = []
        for word in words:
            if out:
                for first in (out[-1], *meaning.base_forms(out[-1])):
                    joined = first + word
                    if len(first) >= 3 and self.vocabulary_column(joined) is not None:
                        out[-1] = joined
                        break
                else:
                    out.append(word)
            else:
                out.append(word)
        return out

    def phrase_vector(self, interest: str) -> np.ndarray:
        """An interest's semantic unit vector: its words' embeddings and how the catalog uses them.

        The word embeddings place a phrase by general English. A word they read only in
        pieces ("stalls": "st" + "all") is placed by spelling, not meaning; where the catalog
        uses it, where it sits in this catalog is added (IDF-weighted, in proportion to the
        share of the phrase's words so placed), so it is understood when the activities say it.
        """
        words = self.closed_compounds(meaning.text_words(interest))
        vector = meaning.embed([" ".join(words)])[0]
        if self.context_share <= 0 or not words:
            return vector
        split = meaning.pieces(words) > 1
        cols = [
            c
            for w, s in zip(words, split, strict=True)
            if s and (c := self.vocabulary_column(w)) is not None
        ]
        if not cols:
            return vector
        context = self._idf[cols] @ self.context_vectors_[cols]
        norm = float(np.linalg.norm(context))
        if norm == 0:
            return vector
        share = self.context_share * len(cols) / len(words)
        mixed = vector + share * (context / norm).astype(np.float32)
        return (mixed / max(float(np.linalg.norm(mixed)), 1e-12)).astype(np.float32)

    def interest_vector(self, interests: Iterable[str]) -> sparse.csr_matrix:
        """A partner's interests as one L2-normalised row (see ``ContentModel``)."""
        cols, values = self._interest_entries(interests)
        return sparse.csr_matrix((values, cols, [0, len(cols)]), shape=(1, self.n_features_out_))

    def interest_row(self, interests: Iterable[str]) -> np.ndarray:
        """:meth:`interest_vector` as a dense 1-D array (what ranking multiplies by).

        Made straight from its entries: a sparse matrix built to be made dense at once
        cost a new couple a quarter of a millisecond per partner.
        """
        cols, values = self._interest_entries(interests)
        row = np.zeros(self.n_features_out_)
        row[cols] = values
        return row

    def _interest_entries(self, interests: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """The columns (sorted) and values of a partner's interest row."""
        blocks: dict[str, dict[int, float]] = {name: {} for name in INTEREST_BLOCKS}
        for interest in interests:
            interest = str(interest).strip()
            if not interest:
                continue
            for name, part in self._parts(interest).items():
                norm = math.sqrt(sum(v * v for v in part.values()))
                if norm > 0:  # each interest counts about equally, however many words
                    for col, value in part.items():
                        blocks[name][col] = blocks[name].get(col, 0.0) + value / norm
        cols: list[int] = []
        vals: list[float] = []
        for name, block in blocks.items():
            norm = math.sqrt(sum(v * v for v in block.values()))
            if norm == 0:
                continue
            start = self.block_slices_[name].start
            for col, value in block.items():
                cols.append(col + start)
                vals.append(value / norm * self._weights[name])
        values = np.asarray(vals, dtype=np.float64)
        total = np.sqrt(float(values @ values)) if len(values) else 0.0
        if total > 0:
            values = values / total
        order = np.argsort(cols, kind="stable")
        return np.asarray(cols, dtype=np.int64)[order], values[order]

    def interest_columns(self, interest: str) -> np.ndarray:
        """The output columns (text words, tag, category) one interest lights up."""
        named, words = self.interest_terms(interest)
        return np.union1d(named, words)

    def interest_terms(self, interest: str) -> tuple[np.ndarray, np.ndarray]:
        """The tag/category columns an interest names, and its words' text columns."""
        parts = self._parts(str(interest).strip())
        named = [
            col + self.block_slices_[name].start
            for name in ("tags", "category")
            for col in parts[name]
        ]
        start = self.block_slices_["text"].start
        words = sorted(col + start for col in parts["text"])
        return np.unique(np.asarray(named, dtype=np.int64)), np.asarray(words, dtype=np.int64)
