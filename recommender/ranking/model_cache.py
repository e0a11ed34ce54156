"""The fitted content model, cached on disk with skops' secure persistence.

A cache file is named by a key: a hash of the catalog's content, the model's
parameters and the versions of the libraries that made it. The file also
carries those versions, so a file from another scikit-learn (or another
catalog) is never trusted. A missing, corrupt or stale file is rebuilt; a
folder that cannot be written to only means the model is not cached. Files are
written to a temporary name and moved into place, so a crash mid-write never
leaves a half-written cache behind.

Loading cannot run someone else's code. The name of a cache file is predictable,
so in a folder another user can write to (a shared ``RECOMMENDER_CACHE_DIR``) a
file could be planted before the app starts. Two defences:

- the format is skops' (a zip of JSON and ``.npy`` arrays, no pickle): loading
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
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
import skops
import skops.io
from scipy import sparse

from recommender.catalog.columns import Columns
from recommender.ranking import meaning
from recommender.ranking.features import ContentModel

log = logging.getLogger(__name__)

#: Bumped when the content model's code changes in a way that alters its output.
MODEL_FORMAT = 4
_PREFIX = "content-model-"
_APP_NAME = "couples-recommender"


def package_version() -> str:
    """This package's installed version (``"0+unknown"`` when not installed)."""
    try:
        return metadata.version(_APP_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def library_versions() -> dict[str, str]:
    """The versions a cached model depends on; a difference means a stale cache."""
    return {
        "model_format": str(MODEL_FORMAT),
        "couples-recommender": package_version(),
        "scikit-learn": sklearn.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "skops": skops.__version__,
        "wordllama": meaning.package_version(),
    }


def catalog_hash(catalog: pd.DataFrame) -> str:
    """A SHA-256 of the catalog's content (its columns, in order; the index ignored)."""
    frame = catalog[list(Columns.ALL)].reset_index(drop=True)
    digest = hashlib.sha256()
    digest.update(json.dumps(list(frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def cache_key(catalog: pd.DataFrame, model: ContentModel) -> str:
    """The key a fitted model is saved under: catalog content + parameters + versions."""
    payload = {
        "catalog": catalog_hash(catalog),
        "params": {k: repr(v) for k, v in sorted(model.get_params().items())},
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


@dataclass(frozen=True)
class FittedModel:
    """A fitted content model with its catalog's vectors.

    Attributes
    ----------
    model : ContentModel
    vectors : scipy.sparse.csr_matrix
        One L2-normalised row per catalog row, in catalog order.
    embeddings : numpy.ndarray
        One semantic unit vector per catalog row (see :meth:`ContentModel.embed`).
    key : str
        The cache key it was stored under.
    loaded : bool
        True when it came from the cache, False when it was fitted now.
    path : Path or None
        The cache file, or None when caching was not possible.
    """

    model: ContentModel
    vectors: sparse.csr_matrix
    embeddings: np.ndarray
    key: str
    loaded: bool
    path: Path | None


def cache_path(cache_dir: Path, key: str) -> Path:
    """The file a model with ``key`` is stored in."""
    return Path(cache_dir) / f"{_PREFIX}{key[:32]}.skops"


def load_or_fit(
    catalog: pd.DataFrame,
    cache_dir: str | Path | None = None,
    model: ContentModel | None = None,
) -> FittedModel:
    """Load the fitted model for ``catalog`` from the cache, or fit and cache it.

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
    model = model if model is not None else ContentModel()
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = cache_key(catalog, model)
    path = cache_path(folder, key)
    cached = _read(path, key, len(catalog))
    if cached is not None:
        return FittedModel(*cached, key, True, path)
    vectors = model.fit_transform(catalog)
    embeddings = model.embed(catalog, vectors)
    written = _write(path, key, model, vectors, embeddings)
    return FittedModel(model, vectors, embeddings, key, False, path if written else None)


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


def _read(
    path: Path, key: str, n_rows: int
) -> tuple[ContentModel, sparse.csr_matrix, np.ndarray] | None:
    """The cached model and vectors, or None when missing, untrusted, unreadable or stale."""
    # The log lines name the file only, not its folder (which may hold a user's name).
    unsafe = unsafe_reason(path)
    if unsafe is not None:
        log.warning(
            "not using the model cache file %s: %s; fitting the model instead", path.name, unsafe
        )
        return None
    if not path.is_file():
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
        or not sparse.issparse(payload.get("vectors"))
        or payload["vectors"].shape[0] != n_rows
        or not isinstance(payload.get("embeddings"), np.ndarray)
        or payload["embeddings"].shape != (n_rows, meaning.DIMENSIONS)
    ):
        log.warning("rebuilding the content model: cache file %s is stale", path.name)
        return None
    embeddings = np.ascontiguousarray(payload["embeddings"], dtype=np.float32)
    return payload["model"], sparse.csr_matrix(payload["vectors"]), embeddings


def _write(
    path: Path,
    key: str,
    model: ContentModel,
    vectors: sparse.csr_matrix,
    embeddings: np.ndarray,
) -> bool:
    """Save atomically (temp file + rename); False when the folder is not writable or safe."""
    payload = {
        "key": key,
        "versions": library_versions(),
        "model": model,
        "vectors": sparse.csr_matrix(vectors),
        "embeddings": embeddings,
    }
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        unsafe = unsafe_reason(path)
        if unsafe is not None:
            log.warning("not caching the content model in %s: %s", path.name, unsafe)
            return False
        fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        skops.io.dump(payload, tmp_name)
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
