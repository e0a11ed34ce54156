"""Step 7, explain: one plain sentence or three per suggestion.

Which interests of each partner an activity matches (in their own words), whether it
fits both budgets and comfort levels, and which liked activity it resembles. Reasons
never mention the machinery (scores, vectors).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from recommender.catalog.columns import Columns
from recommender.profiles import PARTNER_KEYS, Couple, Partner
from recommender.ranking.history import LIKED, History
from recommender.ranking.items import Items
from recommender.ranking.learner import Similar
from recommender.ranking.scoring import InterestLookup
from recommender.ranking.serving import match_vocabulary
from recommender.wording import interest_words, money, risk_name

_WORD = re.compile(r"[^\W_]+")
_RESEMBLES = 0.35  # content similarity above which a reason names a liked activity
#: Graded meaning match (1 = the catalog's closest) from which a reason may say an activity
#: fits a partner's own phrase: only the clearly closest, never a loose association.
MEANING_CLAIM = 0.8
#: Least predicted enjoyment (0..1) for which a reason may say a partner loves something.
CLAIM_AT_LEAST = 0.5
#: Tags and categories that read as adjectives, said as the thing loved ("love of romance").
_NOUNS = {
    "romantic": "romance",
    "competitive": "competition",
    "social": "meeting people",
    "at-home": "evenings at home",
    "outdoors": "the outdoors",
    "night": "the night",
    "community": "community",
    "diy": "DIY",
}
_TEXTS_KEPT = 20_000  # activities' plain words kept per set of items (a few MB at most)
_ENJOYED, _LOOKED = "enjoyed", "liked the look of"

# How a risk level within both comfort levels is said.
_RISK_FITS = {
    1: "and with no real risk it suits you both",
    2: "and it is gentle enough for both of you",
    3: "and it takes some nerve, but no more than you are both happy with",
    4: "and it is bold, but within both your comfort levels",
    5: "and it is thrilling, but within both your comfort levels",
}


def reasons(
    couple: Couple,
    chosen: np.ndarray,
    items: Items,
    history: History,
    stretch: int,
    lookup: InterestLookup,
    enjoy: dict[str, np.ndarray] | None = None,
    similar: Similar | None = None,
) -> list[str]:
    """The reason for each chosen item, in order.

    With ``enjoy`` (each partner's predicted enjoyment of every item), an interest is
    never claimed for a card that partner is predicted to enjoy less than
    :data:`CLAIM_AT_LEAST`: the reason would contradict the engine. ``similar`` (the
    chosen items' similarity to every rated item) saves working out their likeness to
    the liked activities again.
    """
    texts = item_texts(items, chosen)
    present = present_columns(items.vectors, chosen)
    matched = {
        key: matched_interests(couple.partner(key), present, lookup, texts) for key in PARTNER_KEYS
    }
    by_meaning = {
        key: meant_interests(couple.partner(key), items, chosen, lookup, matched[key])
        for key in PARTNER_KEYS
    }
    if enjoy is not None:
        for key in PARTNER_KEYS:
            doubtful = enjoy[key][chosen] < CLAIM_AT_LEAST
            for row in np.flatnonzero(doubtful):
                matched[key][row] = []
                by_meaning[key][row] = []
    liked: dict[int, list[str]] = {}  # item -> the partners who rated it 4-5
    for key in PARTNER_KEYS:
        for item, (rating, _) in history.ratings[key].items():
            if rating >= LIKED:
                liked.setdefault(item, []).append(key)
    liked_ids = list(liked)
    resemble = similar.to(liked_ids) if similar is not None and liked_ids else None
    if resemble is None:  # liked items outside the ratings learned from (cited_feedback)
        resemble = (
            (items.vectors[chosen] @ items.vectors[liked_ids].T).toarray()
            if liked_ids
            else np.zeros((0, 0))
        )
    out = []
    for row, item in enumerate(chosen):
        parts = []
        if item >= items.n_catalog:
            parts.append("One of your own ideas.")
        parts.append(
            interest_sentence(
                couple,
                matched["a"][row],
                matched["b"][row],
                by_meaning["a"][row],
                by_meaning["b"][row],
            )
        )
        parts.append(limits_sentence(couple, items.cost[item], int(items.risk[item]), stretch))
        if liked_ids:
            close = resemble[row].copy()
            close[np.asarray(liked_ids) == item] = -1.0  # not "like itself"
            best = int(np.argmax(close))
            if close[best] >= _RESEMBLES:
                like_item = liked_ids[best]
                fans = _fans(couple, liked[like_item], like_item, history)
                parts.append(
                    f"It is in the same spirit as “{items.titles[like_item]}”, which {fans}."
                )
        out.append(" ".join(p for p in parts if p))
    return out


def claimed(
    couple: Couple,
    rows: np.ndarray,
    items: Items,
    lookup: InterestLookup,
    enjoy: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Per partner, whether the reason for each of ``rows`` would name an interest of theirs.

    The same rules as :func:`reasons`: a tag or category carried, the whole phrase, or
    the meaning model with a clear margin, and only where that partner is predicted to
    enjoy the activity at least :data:`CLAIM_AT_LEAST`.
    """
    texts = item_texts(items, rows)
    present = present_columns(items.vectors, rows)
    out = {}
    for key in PARTNER_KEYS:
        partner = couple.partner(key)
        matched = matched_interests(partner, present, lookup, texts)
        meant = meant_interests(partner, items, rows, lookup, matched)
        said = np.asarray([bool(m or n) for m, n in zip(matched, meant, strict=True)], dtype=bool)
        out[key] = said & (enjoy[key][rows] >= CLAIM_AT_LEAST)
    return out


def item_texts(items: Items, rows: np.ndarray) -> list[tuple[str, str]]:
    """Each row's title and description as plain words (what a whole phrase is found in).

    Kept on ``items`` once worked out (a bounded number): the same activities are looked
    at again and again, by the top-six rule and the reasons, call after call.
    """
    known = items.plain_texts
    wanted = [int(row) for row in rows]
    # Read into a local table first: a server's other sessions share ``known`` and may
    # add to it or clear it meanwhile.
    got = {row: known.get(row) for row in wanted}
    new = [row for row, texts in got.items() if texts is None]
    if new:
        descriptions = items.columns.get(Columns.DESCRIPTION)
        # One take of the rows, not an Arrow scalar per row.
        said = descriptions.take(new).tolist() if descriptions is not None else [None] * len(new)
        for row, text in zip(new, said, strict=True):
            got[row] = (
                plain_words(str(items.titles[row])),
                plain_words(str(text)) if descriptions is not None else " ",
            )
        if len(known) + len(new) > _TEXTS_KEPT:
            known.clear()
        known.update((row, got[row]) for row in new)
    return [got[row] for row in wanted]


def present_columns(vectors: sparse.csr_matrix, rows: np.ndarray) -> list[set[int]]:
    """The non-zero columns (words, tags, category...) of each of ``rows``, read in place."""
    starts, ends = vectors.indptr[rows], vectors.indptr[rows + 1]
    return [set(vectors.indices[a:b].tolist()) for a, b in zip(starts, ends, strict=True)]


# The same activities come back call after call: their words are kept (a few MB at most).
@lru_cache(maxsize=4096)
def plain_words(text: str) -> str:
    """Lower-cased words with single spaces around each: " cakes and bread " (any punctuation)."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def matched_interests(
    partner: Partner,
    present: Sequence[set[int]],
    lookup: InterestLookup,
    texts: Sequence[tuple[str, str]],
) -> list[list[str]]:
    """Per row, the partner's interests (in their words) the activity plainly matches.

    An interest naming a tag or category matches only rows carrying it. A phrase of the
    partner's own matches where it appears whole: in the title, or, when it has two or
    more words, in the description. One word of a description is never enough ("love of
    reading" for a salsa class whose description mentions reading the steps).
    """
    out: list[list[str]] = [[] for _ in range(len(present))]
    if not partner.interests:
        return out
    for interest in partner.interests:
        named, _ = lookup.terms(interest)
        if named:
            for row, columns in enumerate(present):
                if any(c in columns for c in named):
                    out[row].append(interest)
            continue
        phrase = plain_words(interest)
        if not phrase.strip():
            continue
        several = phrase.count(" ") > 2
        for row, (title, description) in enumerate(texts):
            if phrase in title or (several and phrase in description):
                out[row].append(interest)
    return out


def meant_interests(
    partner: Partner,
    items: Items,
    chosen: np.ndarray,
    lookup: InterestLookup,
    matched: list[list[str]],
) -> list[list[str]]:
    """Per row, the partner's own phrases the activity fits by meaning, with a clear margin.

    Only phrases that name no tag or category, only where the phrase did not already match,
    and only for activities among the closest in meaning to that phrase in the catalog.
    """
    out: list[list[str]] = [[] for _ in range(len(chosen))]
    for interest in partner.interests:
        if match_vocabulary(interest) != (None, None):
            continue
        fit = lookup.meaning_match(interest, items, chosen)
        if fit is None:
            continue
        for row in np.flatnonzero(fit >= MEANING_CLAIM):
            if interest not in matched[row]:
                out[row].append(interest)
    return out


def _fans(couple: Couple, who: list[str], item: int, history: History) -> str:
    """Who liked ``item``: "you both enjoyed", "Ana liked the look of"...

    "Enjoyed" is said only of an outing they did; a thumbs up to a suggestion only
    says they liked the look of it.
    """
    if len(who) == 2:
        did = [item in history.did[key] for key in who]
        if all(did):
            return f"you both {_ENJOYED}"
        if not any(did):
            return f"you both {_LOOKED}"
    return " and ".join(
        f"{couple.partner(key).name} {_ENJOYED if item in history.did[key] else _LOOKED}"
        for key in who
    )


def _said(interest: str) -> str:
    """An interest as said after "love of": nouns for adjective-like tags ("romance")."""
    tag, category = match_vocabulary(interest)
    named = tag or category
    if named in _NOUNS:
        return _NOUNS[named]
    return interest_words(interest)


def _join(words: Sequence[str]) -> str:
    return _and([_said(w) for w in words])


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def interest_sentence(
    couple: Couple,
    a: list[str],
    b: list[str],
    meant_a: Sequence[str] = (),
    meant_b: Sequence[str] = (),
) -> str:
    """What each partner's matched interests say about an activity.

    ``a`` and ``b`` matched by a tag, a category or the words; ``meant_a`` and
    ``meant_b`` fit by meaning only, and are quoted as the partner wrote them
    ("it fits Lena's “the sea”").
    """
    if (meant_a and not a) or (meant_b and not b):
        return _meaning_sentence(couple, a, b, list(meant_a), list(meant_b))
    name_a, name_b = couple.a.name, couple.b.name
    a, b = a[:2], b[:2]
    shared = [w for w in a if w.lower() in {x.lower() for x in b}]
    if shared and len(shared) == len(a) == len(b):
        return f"It is something you both love: {_join(shared)}."
    if a and b:
        return f"It matches {name_a}'s love of {_join(a)} and {name_b}'s love of {_join(b)}."
    if a:
        return f"It matches {name_a}'s love of {_join(a)}, and it is something new for {name_b}."
    if b:
        return f"It matches {name_b}'s love of {_join(b)}, and it is something new for {name_a}."
    return "Something neither of you has tried, to discover together."


def _meaning_sentence(
    couple: Couple, a: list[str], b: list[str], meant_a: list[str], meant_b: list[str]
) -> str:
    def clause(name: str, exact: list[str], meant: list[str]) -> str:
        if exact:
            return f"{name}'s love of {_join(exact[:2])}"
        return f"{name}'s " + " and ".join(f"“{m}”" for m in meant[:2])

    parts = [
        (pt.name, exact, meant)
        for pt, exact, meant in ((couple.a, a, meant_a), (couple.b, b, meant_b))
        if exact or meant
    ]
    if len(parts) == 2:
        return f"It fits {clause(*parts[0])} and {clause(*parts[1])}."
    other = couple.b.name if parts[0][0] == couple.a.name else couple.a.name
    return f"It fits {clause(*parts[0])}, and it is something new for {other}."


def limits_sentence(couple: Couple, cost: float, risk: int, stretch: int) -> str:
    """How the price and the risk fit both partners (and a stretch, when asked for)."""
    price = (
        "It is free, so it fits both budgets"
        if cost == 0
        else f"At about {money(cost)} for two it fits both budgets"
    )
    if risk <= couple.risk_comfort or not stretch:
        return f"{price}, {_RISK_FITS[risk]}."
    stretched = [pt.name for pt in (couple.a, couple.b) if risk > pt.risk_comfort]
    return (
        f"{price}; being {risk_name(risk)} it is one step past {_and(stretched)}'s"
        " comfort zone, the small stretch you asked for."
    )
