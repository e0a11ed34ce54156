"""Activity ids: slugs made from titles, and the ids of a couple's own ideas."""

from __future__ import annotations

import re
import unicodedata

from recommender.catalog.columns import IDEA_PREFIX

#: Longest idea id, prefix included.
MAX_SLUG = 60


def slugify(text: str) -> str:
    """An activity id made from a title: ``"Café crawl!"`` -> ``"cafe-crawl"``.

    Returns an empty string when the title has no letters or digits.
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def idea_id(raw: str) -> str:
    """The stored id of an idea: ``raw`` as a slug, prefixed with :data:`IDEA_PREFIX`.

    At most :data:`MAX_SLUG` characters, and the same when applied again, so an id shown in
    an import's preview is the id that gets saved.
    """
    slug = slugify(str(raw))
    slug = slug.removeprefix(IDEA_PREFIX)
    body = slug[: MAX_SLUG - len(IDEA_PREFIX)].rstrip("-") or "idea"
    return f"{IDEA_PREFIX}{body}"
