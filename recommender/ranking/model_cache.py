"""The fitted content model, cached on disk: skops for the model, plain arrays for ranking.

A cache entry is named by a key: a hash of the catalog's content, the model's
parameters and the versions of the libraries that made it. It is two files:

- ``content-model-<key>.npz``: what ranking needs (the catalog's vectors and meaning
  vectors, and :class:`~recommender.ranking.serving.ServingModel`'s arrays), read with
  ``numpy.load(allow_pickle=False)``. A fresh server reads only this, without importing
  scikit-learn or skops (seconds on a cold process);
- ``content-model-<key>.skops``: the fitted scikit-learn model, read only when it is
  needed (a couple's own ideas to vectorise), with skops' secure persistence.

Each file also carries the key and the versions, so a file from another scikit-learn
(or another catalog) is never trusted. A missing, corrupt or stale file is rebuilt; a
folder that cannot be written to only means the model is not cached. Files are written
to a temporary name and moved into place, so a crash mid-write never leaves a
half-written cache behind.

Loading cannot run someone else's code. The name of a cache file is predictable,
so in a folder another user can write to (a shared ``RECOMMENDER_CACHE_DIR``) a
file could be planted before the app starts. Three defences:

- the arrays file holds plain arrays only: NumPy refuses to build objects from it
  (no pickle), so a planted file can at worst be refused as malformed;
- the model file is skops' (a zip of JSON and ``.npy`` arrays, no pickle): loading
  builds only scikit-learn, NumPy and SciPy objects skops knows to be safe, plus
  the few of this package's own names in :data:`TRUSTED_TYPES`; a file naming any
  other type is refused before anything in it is built;
- a file not owned by the current user, or in a folder others can write to, is
  not read at all (nor written): the model is fitted in memory instead, with one
  plain log line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from recommender.catalog.columns import Columns
from recommender.ranking import meaning
from recommender.ranking.serving import CONTENT_DEFAULTS, ServingModel

if TYPE_CHECKING:
    from recommender.ranking.features import ContentModel

log = logging.getLogger(__name__)

#: Bumped when the content model's code changes in a way that alters its output.
MODEL_FORMAT = 7
_PREFIX = "content-model-"
_APP_NAME = "couples-recommender"
#: The libraries a cached model depends on (versions read without importing them: a fresh
#: server that only ranks never imports scikit-learn or skops).
_LIBRARIES = ("scikit-learn", "pandas", "numpy", "scipy", "skops", "wordllama")


def package_version() -> str:
    """This package's installed version (``"0+unknown"`` when not installed)."""
    try:
        return metadata.version(_APP_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def library_versions() -> dict[str, str]:
    """The versions a cached model depends on; a difference means a stale cache."""
    versions = {"model_format": str(MODEL_FORMAT), "couples-recommender": package_version()}
    versions.update({name: metadata.version(name) for name in _LIBRARIES})
    return versions


def catalog_hash(catalog: pd.DataFrame) -> str:
    """A SHA-256 of the catalog's content (its columns, in order; the index ignored)."""
    frame = catalog[list(Columns.ALL)].reset_index(drop=True)
    digest = hashlib.sha256()
    digest.update(json.dumps(list(frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def cache_key(catalog: pd.DataFrame, model: ContentModel | None = None) -> str:
    """The key a fitted model is saved under: catalog content + parameters + versions.

    ``model=None`` stands for ``ContentModel()`` (its parameters are known without
    importing scikit-learn).
    """
    params = model.get_params() if model is not None else CONTENT_DEFAULTS
    payload = {
        "catalog": catalog_hash(catalog),
        "params": {k: repr(v) for k, v in sorted(params.items())},
        "versions": library_versions(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


#: Environment variable naming the cache folder (tests, containers, the app).
CACHE_DIR_ENV = "RECOMMENDER_CACHE_DIR"

#: The only types outside skops' safe set a cache file may name: this package's own
#: model and the functions its pipeline calls, and SciPy's CSR matrix (plain arrays).
TRUSTED_TYPES: tuple[str, ...] = (
    "recommender.catalog.loading.split_list",
    "recommender.ranking.features.ContentModel",
    "recommender.ranking.features.prepare_frame",
    f"{sparse.csr_matrix.__module__}.{sparse.csr_matrix.__qualname__}",
)


def default_cache_dir() -> Path:
    """``$RECOMMENDER_CACHE_DIR``, else the per-user cache folder (platformdirs)."""
    import platformdirs

    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    return Path(platformdirs.user_cache_dir(_APP_NAME, appauthor=False))


class FittedModel:
    """A fitted content model with its catalog's vectors.

    Attributes
    ----------
    serving : ServingModel
        What ranking needs (interests into the space), as plain arrays.
    vectors : scipy.sparse.csr_matrix
        One L2-normalised row per catalog row, in catalog order.
    embeddings : numpy.ndarray
        One semantic unit vector per catalog row (see :meth:`ContentModel.embed`).
    key : str
        The cache key it was stored under.
    loaded : bool
        True when it came from the cache, False when it was fitted now.
    path : Path or None
        The cache file of the scikit-learn model (skops), or None when caching was not
        possible; its serving arrays sit beside it (:func:`serving_path`).
    """

    def __init__(
        self,
        serving: ServingModel,
        vectors: sparse.csr_matrix,
        embeddings: np.ndarray,
        key: str,
        loaded: bool,
        path: Path | None,
    ) -> None:
        self.serving, self.vectors, self.embeddings = serving, vectors, embeddings
        self.key, self.loaded, self.path = key, loaded, path

    @property
    def model(self) -> ContentModel:
        """The fitted scikit-learn model (read from its skops file on first use)."""
        return self.serving.model


def cache_path(cache_dir: Path, key: str) -> Path:
    """The file a model with ``key`` is stored in (skops)."""
    return Path(cache_dir) / f"{_PREFIX}{key[:32]}.skops"


def serving_path(path: Path) -> Path:
    """The file beside a model's skops file holding its serving arrays (``.npz``)."""
    return path.with_suffix(".npz")


def load_or_fit(
    catalog: pd.DataFrame,
    cache_dir: str | Path | None = None,
    model: ContentModel | None = None,
) -> FittedModel:
    """Load the fitted model for ``catalog`` from the cache, or fit and cache it.

    What ranking needs is read from plain arrays (no scikit-learn, skops or wordllama
    import); the scikit-learn model itself is read from its skops file only when first
    needed (to vectorise a couple's own ideas), and refitted if that file is gone.

    Parameters
    ----------
    catalog : pandas.DataFrame
        The catalog to vectorise.
    cache_dir : str or Path, optional
        Where cache files live; defaults to :func:`default_cache_dir`.
    model : ContentModel, optional
        An unfitted model with the parameters to use; defaults to ``ContentModel()``.

    Returns
    -------
    FittedModel
    """
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = cache_key(catalog, model)
    path = cache_path(folder, key)
    full = _full_loader(path, key, catalog, model)
    cached = _read_serving(serving_path(path), key, len(catalog), full)
    if cached is not None:
        return FittedModel(*cached, key, True, path)
    fitted = model if model is not None else _default_model()
    vectors = fitted.fit_transform(catalog)
    embeddings = fitted.embed(catalog, vectors)
    serving = ServingModel.from_model(fitted)
    written = _write(path, key, fitted) and _write_serving(path, key, serving, vectors, embeddings)
    return FittedModel(serving, vectors, embeddings, key, False, path if written else None)


def _default_model() -> ContentModel:
    from recommender.ranking.features import ContentModel

    return ContentModel()


def _full_loader(
    path: Path, key: str, catalog: pd.DataFrame, model: ContentModel | None
) -> Callable[[], ContentModel]:
    """Reads the scikit-learn model from its skops file; refits (and rewrites) if it cannot."""

    def load() -> ContentModel:
        cached = _read(path, key)
        if cached is not None:
            return cached
        fitted = model if model is not None else _default_model()
        fitted.fit(catalog)
        _write(path, key, fitted)
        return fitted

    return load


def unsafe_reason(path: Path) -> str | None:
    """Why a cache file (or its folder) must not be trusted, or None when it may be.

    A file owned by another user, or a folder others can write to (where a file could be
    planted or swapped), is not trusted. Checked on POSIX systems, where files have owners.
    """
    if not hasattr(os, "getuid"):
        return None
    uid = os.getuid()
    try:
        folder = path.parent.stat()
    except OSError:
        return None  # no folder yet: nothing to read; writing creates it privately
    if folder.st_uid not in (uid, 0) or folder.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "its folder can be written to by other users"
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link"
    if info.st_uid != uid:
        return "it is owned by another user"
    return None


def _read(path: Path, key: str) -> ContentModel | None:
    """The cached scikit-learn model, or None when missing, untrusted, unreadable or stale."""
    import skops.io

    from recommender.ranking.features import ContentModel

    if not _trusted(path):
        return None
    try:
        payload = skops.io.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as exc:  # garbage, truncated, an old pickle, a file naming other types
        log.warning(
            "rebuilding the content model: cache file %s is unreadable (%s)",
            path.name,
            type(exc).__name__,
        )
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("key") != key
        or payload.get("versions") != library_versions()
        or not isinstance(payload.get("model"), ContentModel)
    ):
        log.warning("rebuilding the content model: cache file %s is stale", path.name)
        return None
    return payload["model"]


def _trusted(path: Path) -> bool:
    """Whether a cache file may be read: present, and nobody else could have put it there."""
    # The log lines name the file only, not its folder (which may hold a user's name).
    unsafe = unsafe_reason(path)
    if unsafe is not None:
        log.warning(
            "not using the model cache file %s: %s; fitting the model instead", path.name, unsafe
        )
        return False
    return path.is_file()


def _read_serving(
    path: Path, key: str, n_rows: int, full: Callable[[], ContentModel]
) -> tuple[ServingModel, sparse.csr_matrix, np.ndarray] | None:
    """The serving arrays, vectors and embeddings, or None when not usable.

    ``numpy.load`` with ``allow_pickle=False`` builds nothing but plain arrays: a file
    holding objects is refused, so reading it cannot run anyone's code.
    """
    if not _trusted(path):
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        if str(arrays["key"]) != key or json.loads(str(arrays["versions"])) != library_versions():
            log.warning("rebuilding the content model: cache file %s is stale", path.name)
            return None
        shape = tuple(int(x) for x in arrays["vectors_shape"])
        vectors = sparse.csr_matrix(
            (arrays["vectors_data"], arrays["vectors_indices"], arrays["vectors_indptr"]),
            shape=shape,
        )
        embeddings = np.ascontiguousarray(arrays["embeddings"], dtype=np.float32)
        serving = ServingModel(arrays, full)
        if (
            shape[0] != n_rows
            or shape[1] != serving.n_features_out_
            or embeddings.shape != (n_rows, meaning.DIMENSIONS)
        ):
            log.warning("rebuilding the content model: cache file %s is stale", path.name)
            return None
    except Exception as exc:  # garbage, truncated, objects inside, arrays missing or malformed
        log.warning(
            "rebuilding the content model: cache file %s is unreadable (%s)",
            path.name,
            type(exc).__name__,
        )
        return None
    return serving, vectors, embeddings


def _write(path: Path, key: str, model: ContentModel) -> bool:
    """Save the scikit-learn model (skops); False when the folder is not writable or safe."""
    import skops.io

    payload = {"key": key, "versions": library_versions(), "model": model}
    return _atomic(path, lambda name: skops.io.dump(payload, name))


def _write_serving(
    path: Path,
    key: str,
    serving: ServingModel,
    vectors: sparse.csr_matrix,
    embeddings: np.ndarray,
) -> bool:
    """Save the serving arrays, vectors and embeddings beside the model (``.npz``)."""
    vectors = sparse.csr_matrix(vectors)
    arrays = {
        **serving.to_arrays(),
        "key": np.asarray(key),
        "versions": np.asarray(json.dumps(library_versions(), sort_keys=True)),
        "vectors_data": vectors.data,
        "vectors_indices": vectors.indices,
        "vectors_indptr": vectors.indptr,
        "vectors_shape": np.asarray(vectors.shape, dtype=np.int64),
        "embeddings": np.asarray(embeddings, dtype=np.float32),
    }

    def save(name: str) -> None:
        with open(name, "wb") as out:
            np.savez(out, **arrays)

    return _atomic(serving_path(path), save)


def _atomic(path: Path, save: Callable[[str], None]) -> bool:
    """Write ``path`` through a temp file and a rename; False when not writable or safe."""
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        unsafe = unsafe_reason(path)
        if unsafe is not None:
            log.warning("not caching the content model in %s: %s", path.name, unsafe)
            return False
        fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        save(tmp_name)
        os.replace(tmp_name, path)
        return True
    except OSError as exc:
        log.warning(
            "could not cache the content model in %s (%s); using it uncached",
            path.name,
            exc.strerror or type(exc).__name__,
        )
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        return False
