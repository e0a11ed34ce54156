"""The content model: activities (and partners' interests) as vectors in one space.

:class:`ContentModel` is a scikit-learn transformer. Fitted on a catalog, it
turns each activity into an L2-normalised sparse vector made of weighted blocks:

- TF-IDF over the title, description and the words of the tags and category,
  so free words a partner types ("the sea", "jazz") match what activities say;
- TF-IDF over the tags and a one-hot category, so named tags and categories
  match exactly;
- one-hot setting and seasons, and scaled cost, risk, duration and energy, so
  two activities that are alike in kind (an outdoor summer afternoon, a cheap
  gentle evening in) sit close together.

:meth:`ContentModel.interest_vector` puts a partner's interests in the same
space; the dot product of two rows is their cosine similarity.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, Normalizer, OneHotEncoder
from sklearn.utils.validation import check_is_fitted, validate_data

from recommender.catalog.columns import LIST_SEPARATOR, Columns
from recommender.catalog.loading import expand_seasons, split_list
from recommender.ranking import meaning
from recommender.ranking.serving import ServingModel, match_vocabulary

__all__ = ["ContentModel", "match_vocabulary", "prepare_frame"]

# Names of the columns of the prepared frame the ColumnTransformer reads.
_TEXT, _TAGS, _CATEGORY, _SETTING, _SEASONS = "text", "tags", "category", "setting", "seasons"
_NUMBERS = ("log_cost", "risk", "log_duration", "energy")
_BLOCKS = (_TEXT, _TAGS, _CATEGORY, _SETTING, _SEASONS, "numbers")


def prepare_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The derived columns the content model vectorises, one row per activity.

    Parameters
    ----------
    frame : pandas.DataFrame
        Activities with the catalog's columns (:attr:`Columns.ALL`).

    Returns
    -------
    pandas.DataFrame
        ``text`` (title, description, tag and category words), ``tags``,
        ``category``, ``setting``, ``seasons`` and four numeric columns.
    """
    c = Columns
    tags = frame[c.TAGS].astype(str)
    category = frame[c.CATEGORY].astype(str)
    text = (
        frame[c.TITLE].astype(str)
        + " . "
        + frame[c.DESCRIPTION].astype(str)
        + " . "
        + tags.str.replace("-", " ", regex=False).str.replace(LIST_SEPARATOR, " ", regex=False)
        + " "
        + category.str.replace("-", " ", regex=False)
    )
    seasons = frame[c.SEASONS].map(lambda cell: LIST_SEPARATOR.join(expand_seasons(cell)))
    return pd.DataFrame(
        {
            _TEXT: text.to_numpy(),
            _TAGS: tags.to_numpy(),
            _CATEGORY: category.to_numpy(),
            _SETTING: frame[c.SETTING].astype(str).str.lower().to_numpy(),
            _SEASONS: seasons.to_numpy(),
            "log_cost": np.log1p(frame[c.COST].to_numpy(dtype=float)),
            "risk": frame[c.RISK].to_numpy(dtype=float),
            "log_duration": np.log1p(frame[c.DURATION_HOURS].to_numpy(dtype=float)),
            "energy": frame[c.ENERGY].to_numpy(dtype=float),
        }
    )


class ContentModel(TransformerMixin, BaseEstimator):
    """Vectorises activities into one L2-normalised sparse space.

    Parameters
    ----------
    text_weight, tags_weight, category_weight : float
        How much the words, the tags and the category count in the similarity
        of two activities.
    setting_weight, seasons_weight, numbers_weight : float
        How much the setting, the seasons and the numbers (cost, risk,
        duration, energy) count.
    min_df : int
        Words in fewer activities than this are left out of the text vocabulary.
    meaning_weight : float
        Share of the semantic space (:mod:`recommender.ranking.meaning`) in how well
        an activity matches a partner's interests in their own words (not a tag or
        category name), against the words/tags space; 0 leaves the semantic space out.
    named_meaning_weight : float
        The same share for interests that name a tag or category.
    label_share : float
        Within the semantic match, the share of the activity's tags and category
        (compared with the interest by meaning) against its own text.
    context_share : float
        How much a phrase's words count by how the catalog uses them (the activities
        saying them, :func:`meaning.context_vectors`) beside their word embeddings.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        prepare -> ColumnTransformer -> L2 normaliser.
    block_slices_ : dict of str to slice
        Where each block sits in the output columns.
    n_features_out_ : int
        Width of the output vectors.
    word_vectors_ : numpy.ndarray
        Semantic vectors of the text vocabulary's words, in its order.
    label_vectors_ : numpy.ndarray
        Semantic vectors of the tags and categories, one row per column of the tags
        and category blocks, in their order (empty when ``meaning_weight`` is 0).
    context_vectors_ : numpy.ndarray
        Semantic vectors of the text vocabulary's words as the catalog uses them.
    """

    def __init__(
        self,
        *,
        text_weight: float = 1.0,
        tags_weight: float = 0.8,
        category_weight: float = 0.6,
        setting_weight: float = 0.3,
        seasons_weight: float = 0.3,
        numbers_weight: float = 0.35,
        min_df: int = 1,
        meaning_weight: float = 0.85,
        named_meaning_weight: float = 0.25,
        label_share: float = 0.6,
        context_share: float = 0.5,
    ) -> None:
        self.text_weight = text_weight
        self.tags_weight = tags_weight
        self.category_weight = category_weight
        self.setting_weight = setting_weight
        self.seasons_weight = seasons_weight
        self.numbers_weight = numbers_weight
        self.min_df = min_df
        self.meaning_weight = meaning_weight
        self.named_meaning_weight = named_meaning_weight
        self.label_share = label_share
        self.context_share = context_share

    def _weights(self) -> dict[str, float]:
        return {
            _TEXT: self.text_weight,
            _TAGS: self.tags_weight,
            _CATEGORY: self.category_weight,
            _SETTING: self.setting_weight,
            _SEASONS: self.seasons_weight,
            "numbers": self.numbers_weight,
        }

    def _check_frame(self, X: object) -> pd.DataFrame:
        if not isinstance(X, pd.DataFrame):
            raise ValueError(
                f"ContentModel needs a pandas DataFrame of activities (got {type(X).__name__})"
            )
        missing = [col for col in Columns.ALL if col not in X.columns]
        if missing:
            raise ValueError(f"activities are missing column(s): {', '.join(missing)}")
        return X[list(Columns.ALL)]

    def fit(self, X: pd.DataFrame, y: object = None) -> ContentModel:
        """Learn the vocabularies, encoders and scales from a catalog.

        Parameters
        ----------
        X : pandas.DataFrame
            A catalog (see :func:`recommender.catalog.load_catalog`).
        y : ignored

        Returns
        -------
        ContentModel
            The fitted model.
        """
        self._fit(X)
        return self

    def fit_transform(
        self, X: pd.DataFrame, y: object = None, **fit_params: object
    ) -> sparse.csr_matrix:
        """Fit on ``X`` and return its vectors (one pass over the text)."""
        return self._fit(X)

    def _fit(self, X: pd.DataFrame) -> sparse.csr_matrix:
        frame = self._check_frame(X)
        if len(frame) == 0:
            raise ValueError("cannot fit the content model on a catalog with no activities")
        validate_data(self, frame, skip_check_array=True, reset=True)
        _SERVING.pop(self, None)  # refitted: its serving side is made again when asked
        columns = ColumnTransformer(
            [
                (
                    _TEXT,
                    TfidfVectorizer(
                        stop_words="english",
                        sublinear_tf=True,
                        min_df=self.min_df,
                        dtype=np.float64,
                    ),
                    _TEXT,
                ),
                (
                    _TAGS,
                    TfidfVectorizer(tokenizer=split_list, token_pattern=None, lowercase=False),
                    _TAGS,
                ),
                (_CATEGORY, OneHotEncoder(handle_unknown="ignore"), [_CATEGORY]),
                (_SETTING, OneHotEncoder(handle_unknown="ignore"), [_SETTING]),
                (
                    _SEASONS,
                    TfidfVectorizer(
                        tokenizer=split_list, token_pattern=None, use_idf=False, lowercase=False
                    ),
                    _SEASONS,
                ),
                ("numbers", MinMaxScaler(clip=True), list(_NUMBERS)),
            ],
            transformer_weights=self._weights(),
            sparse_threshold=1.0,
        )
        self.pipeline_ = Pipeline(
            [
                ("prepare", FunctionTransformer(prepare_frame)),
                ("columns", columns),
                ("normalise", Normalizer(norm="l2")),
            ]
        )
        vectors = sparse.csr_matrix(self.pipeline_.fit_transform(frame))
        fitted = self.pipeline_.named_steps["columns"]
        self.block_slices_ = {name: fitted.output_indices_[name] for name in _BLOCKS}
        self.n_features_out_ = vectors.shape[1]
        labels = [
            *fitted.named_transformers_[_TAGS].get_feature_names_out(),
            *fitted.named_transformers_[_CATEGORY].categories_[0],
        ]
        words = fitted.named_transformers_[_TEXT].get_feature_names_out().tolist()
        if self.meaning_weight > 0:
            self.word_vectors_ = meaning.word_vectors(words)
            blocks = self.block_slices_
            members = vectors[:, np.r_[blocks[_TAGS], blocks[_CATEGORY]]]
            self.label_vectors_ = meaning.label_vectors(
                [meaning.label_words(str(x)) for x in labels],
                members,
                vectors[:, blocks[_TEXT]] @ self.word_vectors_,
            )
            self.context_vectors_ = meaning.context_vectors(
                vectors[:, blocks[_TEXT]], self.embed(frame, vectors)
            )
        else:
            self.label_vectors_ = np.zeros((len(labels), meaning.DIMENSIONS), dtype=np.float32)
            self.word_vectors_ = np.zeros((len(words), meaning.DIMENSIONS), dtype=np.float32)
            self.context_vectors_ = np.zeros_like(self.word_vectors_)
        return vectors

    def embed(self, X: pd.DataFrame, vectors: sparse.csr_matrix | None = None) -> np.ndarray:
        """Semantic unit vectors of activities (zeros when ``meaning_weight`` is 0).

        Parameters
        ----------
        X : pandas.DataFrame
            Activities with the catalog's columns.
        vectors : scipy.sparse.csr_matrix, optional
            Their content vectors, when already made (saves a transform).

        Returns
        -------
        numpy.ndarray
            Shape ``(len(X), meaning.DIMENSIONS)``, float32: the mean of the title and
            tags/category view and the TF-IDF-weighted words view.
        """
        check_is_fitted(self, "pipeline_")
        frame = self._check_frame(X)
        if self.meaning_weight <= 0 or len(frame) == 0:
            return np.zeros((len(frame), meaning.DIMENSIONS), dtype=np.float32)
        if vectors is None:
            vectors = self.transform(frame)
        blocks = self.block_slices_
        text = vectors[:, blocks[_TEXT]]
        taste = vectors[:, np.r_[blocks[_TAGS], blocks[_CATEGORY]]]
        titles = meaning.embed(frame[Columns.TITLE].astype(str).tolist())
        is_view = meaning.unit_rows(titles) + meaning.unit_rows(taste @ self.label_vectors_)
        does_view = meaning.unit_rows(text @ self.word_vectors_)
        return meaning.unit_rows(meaning.unit_rows(is_view) + does_view)

    def transform(self, X: pd.DataFrame) -> sparse.csr_matrix:
        """Vectors of activities (catalog rows or a couple's own ideas).

        Parameters
        ----------
        X : pandas.DataFrame
            Activities with the catalog's columns.

        Returns
        -------
        scipy.sparse.csr_matrix
            One L2-normalised row per activity.
        """
        check_is_fitted(self, "pipeline_")
        frame = self._check_frame(X)
        validate_data(self, frame, skip_check_array=True, reset=False)
        if len(frame) == 0:
            return sparse.csr_matrix((0, self.n_features_out_))
        return sparse.csr_matrix(self.pipeline_.transform(frame))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the output columns, prefixed by their block."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.named_steps["columns"].get_feature_names_out()

    # Interests -------------------------------------------------------------------------
    # One implementation, the serving model's: it is what ranking uses without scikit-learn.

    def _serving(self) -> ServingModel:
        check_is_fitted(self, "pipeline_")
        serving = _SERVING.get(self)
        if serving is None:
            serving = _SERVING[self] = ServingModel.from_model(self, keep=False)
        return serving

    def interest_vector(self, interests: Iterable[str]) -> sparse.csr_matrix:
        """A partner's interests as one L2-normalised row in the activities' space.

        Tags ("live music" or "live-music") and categories ("outdoors") match
        their blocks exactly; every interest, known or free ("the sea", "jazz"),
        also matches the words activities are described with.

        Parameters
        ----------
        interests : iterable of str

        Returns
        -------
        scipy.sparse.csr_matrix
            Shape ``(1, n_features_out_)``; all zeros when nothing matches.
        """
        return self._serving().interest_vector(interests)

    def interest_row(self, interests: Iterable[str]) -> np.ndarray:
        """:meth:`interest_vector` as a dense 1-D array."""
        return self._serving().interest_row(interests)

    def interest_columns(self, interest: str) -> np.ndarray:
        """The output columns (text words, tag, category) one interest lights up."""
        return self._serving().interest_columns(interest)

    def phrase_vector(self, interest: str) -> np.ndarray:
        """An interest's semantic unit vector (see :meth:`ServingModel.phrase_vector`)."""
        return self._serving().phrase_vector(interest)

    def interest_terms(self, interest: str) -> tuple[np.ndarray, np.ndarray]:
        """How to tell whether an activity matches one interest, in its output columns.

        Returns
        -------
        named : numpy.ndarray
            The tag and category columns the interest names; an activity with any
            of them matches.
        words : numpy.ndarray
            The text columns of the interest's words; an activity whose text has
            all of them matches ("live music" needs both words, not just "live").
        """
        return self._serving().interest_terms(interest)


#: Each fitted model's serving side, made once (not an attribute: skops would store it).
_SERVING: weakref.WeakKeyDictionary[ContentModel, ServingModel] = weakref.WeakKeyDictionary()
