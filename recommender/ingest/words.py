"""What the words of an idea's title suggest: its category, tags, setting, and whether it suits two.

Files from elsewhere rarely say which of the catalog's categories or tags an activity
belongs to, so they are guessed from words in the title (first matching category, every
matching tag). The same words flag ideas that do not fit a couple's shared time: chores
and study topics, which the import preview leaves unticked with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from recommender.catalog.columns import LIST_SEPARATOR, Setting

#: Words in a title that suggest a category, tried in order (first match wins).
CATEGORY_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("volunteering", r"volunteer|donat|charity|litter|food bank|food pantry|senior center"),
    (
        "food-drink",
        r"\bcook|\bbak(e|ing)\b|bread|pastr|\bpie\b|recipe|\bmeal|\bdish|ice cream|"
        r"restaurant|lunch|dinner|farmers market|\bwine|\bbeer|coffee|french press",
    ),
    (
        "music-performance",
        r"concert|music|song|album|\bband\b|instrument|erhu|jam session|"
        r"karaoke|beatbox|broadway|theat|festival",
    ),
    (
        "adventure-sport",
        r"sport|basketball|football|tennis|volleyball|swim|skate|\bgym\b|"
        r"\brun\b|scrimmage|climb|kayak|surf|\bski",
    ),
    (
        "outdoors",
        r"\bhik(e|ing)|\bpark\b|garden|\bplant|\btree|compost|\bwalk|stargaz|sunset|"
        r"sunrise|picnic|bonfire|fishing|\blawn|beach",
    ),
    ("wellness", r"yoga|meditat|\bnap\b|bath|nail salon|grateful|\bspa\b|massage"),
    (
        "arts-crafts",
        r"paint|\bdraw(ing)?\b|\bcolou?r\b|calligraphy|origami|craft|tie dye|scrapbook|\bsew|"
        r"lego|woodwork|paper|photo|mandala|decorat|pottery",
    ),
    (
        "games-puzzles",
        r"\bgame|puzzle|rubik|jigsaw|escape room|monopoly|bracket|contest|"
        r"tournament",
    ),
    ("culture", r"museum|movie|film|series|galler"),
    ("nightlife", r"nightlife|\bbar\b|\bclub\b"),
    ("travel-daytrips", r"road trip|\btrip\b|vacation|\bdrive\b"),
    ("learning", r"\blearn|study|memori|research|class\b|lecture|webinar|\bread\b"),
)
#: Words in a title that suggest tags from the vocabulary (every match is used, up to 5).
TAG_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("cooking", r"\bcook|recipe|\bmeal|\bdish|ice cream|cookbook"),
    ("baking", r"\bbak(e|ing)\b|bread|pastr|\bpie\b"),
    ("hiking", r"\bhik(e|ing)"),
    ("nature", r"\bpark\b|\bwalk|sunset|sunrise|\bnature|\btree"),
    ("gardening", r"garden|\bplant|compost|\blawn"),
    ("animals", r"\bdogs?\b|\bcats?\b|\bpets?\b|animal"),
    ("running", r"\brun\b|\bjog"),
    ("fitness", r"\bgym\b|workout|exercise|\brun\b"),
    ("yoga", r"yoga"),
    ("mindfulness", r"meditat|mandala|grateful|journal"),
    ("relaxation", r"\bnap\b|bubble bath|relax"),
    ("spa", r"nail salon|\bspa\b|bubble bath|massage"),
    ("sports", r"sport|basketball|football|tennis|volleyball|skate|scrimmage|bracket"),
    ("water", r"swim|fishing|kayak|\bboat"),
    ("competitive", r"tournament|contest|scrimmage|\bmatch\b|bracket"),
    ("painting", r"paint"),
    ("art", r"\bdraw(ing)?\b|\bcolou?r\b|calligraphy|mandala|\bart\b|museum"),
    ("crafts", r"craft|origami|tie dye|scrapbook|\bsew|lego|paper (airplane|crane)|button"),
    ("diy", r"\bdiy\b|\bfix\b|woodwork|repaint|decorat|\bfort\b"),
    ("music", r"music|song|album|\bband\b|instrument|erhu|jam session|beatbox|podcast"),
    ("live-music", r"concert|festival"),
    ("singing", r"karaoke|\bsing"),
    ("film", r"movie|film|series"),
    ("theatre", r"broadway|theat"),
    ("history", r"museum|history|family tree|capitals"),
    ("reading", r"\bread|\bbooks?\b|library|research paper"),
    ("writing", r"\bwrit|letter|poem|\bblog|story|journal|shorthand|\bnote\b"),
    ("languages", r"(?<!programming )language|greet|phonetic|morse"),
    (
        "technology",
        r"program|\bcod(e|ing)\b|javascript|kotlin|graphql|express\.js|website|"
        r"internet|arduino|alexa|\bgit\b|\bapps?\b|computer|webinar|two-factor|devices|typing",
    ),
    ("science", r"science|periodic table|golden ratio|khan academy|research"),
    ("board-games", r"monopoly|card game|game night|board game"),
    ("puzzles", r"puzzle|rubik|jigsaw|escape room"),
    ("social", r"friend|party|bonfire|picnic|yard sale|neighbo|compliment"),
    (
        "community",
        r"volunteer|donat|charity|litter|community|senior|food bank|pantry|"
        r"open-source",
    ),
    ("stargazing", r"stargaz"),
    ("night", r"stargaz|nightlife|bonfire"),
    ("city", r"nightlife|\bcity\b|restaurant"),
    ("romantic", r"significant other|sunset|sunrise"),
    ("road-trip", r"road trip|\blong drive"),
    ("markets", r"thrift|market|\bshop\b"),
    ("photography", r"photo"),
    ("coffee", r"coffee|french press|caffeine"),
    ("camping", r"bonfire|camp"),
    ("dance", r"\bdanc"),
)
#: The tag a category gets when no word in the title suggests one.
CATEGORY_TAG: Final[dict[str, str]] = {
    "food-drink": "cooking",
    "outdoors": "nature",
    "adventure-sport": "sports",
    "arts-crafts": "crafts",
    "music-performance": "music",
    "learning": "science",
    "wellness": "relaxation",
    "games-puzzles": "board-games",
    "travel-daytrips": "road-trip",
    "volunteering": "community",
    "at-home": "relaxation",
    "nightlife": "night",
    "culture": "history",
}
#: Words that make an activity ``outdoor`` (otherwise the default, ``either``).
OUTDOOR_WORDS: Final = (
    r"\bhik(e|ing)|\bpark\b|garden|\bwalk|outside|beach|\blawn|\btree|bonfire|picnic|stargaz|"
    r"sunset|sunrise|\brun\b|fishing|litter|football|volleyball|basketball|tennis|compost"
)

#: Words of a chore: something to get done, not something to enjoy together.
CHORE_WORDS: Final = (
    r"\bwash\b|\bmow\b|\bclean|laundry|\bdishes\b|vacuum|\bchores?\b|declutter|\borgani[sz]e"
    r"|\brearrange|\btidy|\bfix\b|repair|\bbills?\b|\btaxes\b|resume|\bbudget\b|finances"
    r"|savings plan|to-do list|errand|\bshred|back up|uninstall|two-factor|living will"
    r"|storage containers|72-hour kit|meal plan|putting off"
)
#: Words of a study topic: something one person learns at a desk.
STUDY_WORDS: Final = (
    r"express\.js|javascript|kotlin|graphql|programming|\bcoding\b|\bgit\b|arduino|alexa skill"
    r"|website|how the internet works|\bstudy\b|\bmemori[sz]e|research|webinar|periodic table"
    r"|khan academy|lecture|shorthand|morse code|phonetic alphabet|golden ratio|touch typing"
    r"|world news|business idea"
)
#: Why an idea is left unticked, by what was found.
REASON_ONE_PERSON: Final = "made for one person"
REASON_CHORE: Final = "a chore rather than time together"
REASON_STUDY: Final = "a study topic rather than time together"

_MAX_TAGS = 5
# Compiled once: an import of thousands of rows tries every pattern on every title.
_CATEGORY_PATTERNS: Final = tuple((c, re.compile(p)) for c, p in CATEGORY_WORDS)
_TAG_PATTERNS: Final = tuple((t, re.compile(p)) for t, p in TAG_WORDS)
_OUTDOOR: Final = re.compile(OUTDOOR_WORDS)
_CHORE: Final = re.compile(CHORE_WORDS)
_STUDY: Final = re.compile(STUDY_WORDS)


def guess_category(title: str) -> str | None:
    """The category suggested by words in ``title`` (see :data:`CATEGORY_WORDS`), or None."""
    lowered = title.lower()
    for category, pattern in _CATEGORY_PATTERNS:
        if pattern.search(lowered):
            return category
    return None


def guess_tags(title: str) -> list[str]:
    """Vocabulary tags suggested by words in ``title`` (see :data:`TAG_WORDS`)."""
    lowered = title.lower()
    return [tag for tag, pattern in _TAG_PATTERNS if pattern.search(lowered)]


def tags_for(first: Sequence[str], title: str, fallback: str) -> str:
    """``first`` then the guessed tags (at most five), or ``fallback``, as a tag list cell."""
    tags = list(dict.fromkeys([*first, *guess_tags(title)]))[:_MAX_TAGS]
    return LIST_SEPARATOR.join(tags or [fallback])


def setting_for(title: str, category: str) -> str | None:
    """``outdoor`` when the category or the title's words say so, else None."""
    if category == "outdoors" or _OUTDOOR.search(title.lower()):
        return Setting.OUTDOOR.value
    return None


def flag_reasons(title: str, *, participants: int | None = None, chore: bool = False) -> str:
    """Why an idea may not suit a couple's time together, in words, or ``""`` when it does.

    Parameters
    ----------
    title : str
        The idea's title.
    participants : int, optional
        How many people the source says it is for; 1 flags it.
    chore : bool
        Whether the source itself calls it a chore (the Bored API's ``busywork``).
    """
    lowered = title.lower()
    reasons = []
    if chore or _CHORE.search(lowered):
        reasons.append(REASON_CHORE)
    if _STUDY.search(lowered):
        reasons.append(REASON_STUDY)
    if participants == 1:
        reasons.append(REASON_ONE_PERSON)
    return "; ".join(reasons)
