"""Us: both partners' profiles side by side (and the first-run welcome)."""

import contextlib

import streamlit as st

from app_pages import _auth, _couple, _messages, _pairing, _store
from recommender.catalog.columns import CATEGORIES, RISK_NAMES, TAGS
from recommender.planning.demo import DEMO_NAME, create_demo_couple
from recommender.planning.forms import (
    BUDGET_CONFIRM_ABOVE,
    MAX_NAME,
    MONEY_MAX,
    FormError,
    couple_from_form,
    default_couple_name,
    partner_field,
)
from recommender.profiles import PARTNER_KEYS, Couple, Partner
from recommender.store.store import CoupleScope, StoreError
from recommender.wording import HEMISPHERE_WORDS, Hemisphere, pretty_label, risk_description
from recommender.wording import escape_markdown as escape

LOADED = "us_loaded_for"
#: The couple whose deletion waits for a confirmation.
DELETING = "us_deleting"
NEW = "us_new_couple"
SUGGESTED = sorted(set(CATEGORIES) | set(TAGS))
FIELDS = ("name", "interests", "risk", "budget")
TAKEN_HINT = (
    "A couple's name is made from the two first names: if that couple is you, you are already "
    "saved here; otherwise add an initial to one of the names (like 'Ana B.') to tell you apart."
)


def _key(partner: str, field: str) -> str:
    return f"us_{partner}_{field}"


def _load(couple: Couple | None, marker: object) -> None:
    """Put the saved profile into the form when the couple shown changes, or when coming back.

    Streamlit forgets the fields' values once another page is shown, while ``LOADED`` (a
    plain key) stays: so the saved profile is loaded again whenever a field's value is gone.
    """
    fields = [_key(key, field) for key in PARTNER_KEYS for field in FIELDS]
    if st.session_state.get(LOADED) == marker and all(f in st.session_state for f in fields):
        return
    for key in PARTNER_KEYS:
        p = couple.partner(key) if couple else Partner(name="x")
        st.session_state[_key(key, "name")] = p.name if couple else ""
        st.session_state[_key(key, "interests")] = list(p.interests) if couple else []
        st.session_state[_key(key, "risk")] = p.risk_comfort
        st.session_state[_key(key, "budget")] = float(p.budget)
    st.session_state[LOADED] = marker


def _start_demo() -> None:
    store = _store.store()
    _couple.set_couple(create_demo_couple(store, _store.catalog()))
    st.session_state.pop(NEW, None)
    _messages.flash(
        "This is Maya and Sam, a demo couple with a few outings already logged. Look around; "
        "when you are ready, set up your own profile on the Us page.",
        "info",
    )


def _ask_delete(couple_id: int) -> None:
    st.session_state[DELETING] = couple_id


def _cancel_delete() -> None:
    st.session_state.pop(DELETING, None)


@_messages.safe_callback
def _delete(couple_id: int, name: str) -> None:
    st.session_state.pop(DELETING, None)
    _store.store().delete_couple(couple_id)
    _couple.forget_couple()
    st.session_state.pop(LOADED, None)
    _messages.flash(f"Deleted {escape(name)} and everything of theirs.", "info")


def _delete_section(couple_id: int) -> None:
    """Delete the couple shown, after a confirmation that says what goes with it."""
    name = _couple.couple_name(couple_id)
    st.header("Delete this couple")
    if st.session_state.get(DELETING) != couple_id:
        st.button(
            f"Delete {escape(name)}...",
            key="us_delete",
            icon=":material/delete:",
            on_click=_ask_delete,
            args=(couple_id,),
            help="Removes this couple's profile, thumbs, outings, plans and own ideas.",
        )
        return
    st.warning(
        f"Delete **{escape(name)}** for good? Their profile, thumbs, outings, plans and own "
        "ideas go with it, and this cannot be undone. (A backup from 'Our ideas' keeps a copy.)",
        icon=":material/warning:",
    )
    row = st.container(horizontal=True)
    row.button(
        f"Yes, delete {escape(name)}",
        key="us_delete_yes",
        type="primary",
        on_click=_delete,
        args=(couple_id, name),
    )
    row.button("No, keep them", key="us_delete_no", on_click=_cancel_delete)


@_messages.safe_callback
def _save_hemisphere(scope: CoupleScope, key: str) -> None:
    value = st.session_state[key]
    scope.set_hemisphere(value)
    _messages.flash(
        f"Saved: {HEMISPHERE_WORDS[value]}. Seasons on every page now follow it.",
    )


def _where_section(scope: CoupleScope) -> None:
    """Which hemisphere the couple lives in, saved as soon as it is picked."""
    st.header("Where you live")
    current = scope.hemisphere()
    options = list(Hemisphere)
    key = f"us_hemisphere_{scope.couple_id}"
    st.radio(
        "Which half of the world are you in?",
        options,
        index=options.index(current),
        format_func=HEMISPHERE_WORDS.get,
        key=key,
        on_change=_save_hemisphere,
        args=(scope, key),
        help="Seasons are flipped in the south: late November is spring there. Suggestions "
        "and dates use the season where you live.",
    )


#: Each field's label names whose it is (a screen reader reads the label, not the column).
WHOSE = {
    "a": ("Your", "you"),
    "b": ("Your partner's", "your partner"),
}


def _partner_fields(key: str, heading: str, whose_seat: dict[str, tuple[str, str]]) -> dict:
    whose, who = whose_seat[key]
    st.header(heading)
    st.text_input(
        f"{whose} name", key=_key(key, "name"), max_chars=MAX_NAME, placeholder="First name"
    )
    slots = {"name": st.empty()}
    own = [i for i in st.session_state.get(_key(key, "interests"), []) if i not in SUGGESTED]
    st.multiselect(
        f"{whose} interests",
        SUGGESTED + own,
        key=_key(key, "interests"),
        format_func=pretty_label,
        accept_new_options=True,
        placeholder="Pick some, or type your own words and press Enter",
        help="Things this person enjoys. Pick from the list or type your own, like 'the sea'.",
    )
    slots["interests"] = st.empty()
    level = st.select_slider(
        f"How much risk is fun for {who}?",
        options=list(RISK_NAMES),
        key=_key(key, "risk"),
        format_func=lambda v: f"{v} · {RISK_NAMES[v]}",
        help="We never suggest more than the lower of your two levels, unless you ask for "
        "'a little out of our comfort zone' (one level more).",
    )
    st.caption(risk_description(level))
    slots["risk_comfort"] = st.empty()
    # No min_value: a number below it would be silently put back; the form says what is wrong.
    st.number_input(
        f"{whose} budget per outing, for the two of you ($)",
        step=10.0,
        format="%.0f",
        key=_key(key, "budget"),
        help="The most this person wants to spend on one outing. Suggestions stay within the "
        "lower of your two budgets; 0 means free things only.",
    )
    slots["budget"] = st.empty()
    return slots


def _seats() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Whose each column is: in hosted mode the signed-in person's own seat is "You"."""
    seat = _couple.member()
    if seat is None or seat.partner == "a":
        return WHOSE, {"a": "You", "b": "Your partner"}
    return {"a": WHOSE["b"], "b": WHOSE["a"]}, {"a": "Your partner", "b": "You"}


def _hosted_intro(couple_id: int | None) -> None:
    """Hosted mode, above the form: joining (no couple yet) or who is signed in."""
    _pairing.greeting()
    if couple_id is None:
        _pairing.join_offer()
        st.markdown(
            "**Welcome!** Start your couple here and invite your partner, or join your "
            "partner if they have started it already."
        )
        _pairing.join_with_code()
        st.subheader("Start our couple")
        st.caption("Tell us a little about each of you; your partner can change their part.")
    else:
        st.markdown(
            "What each of you likes, how adventurous you feel and what you want to spend. "
            "Change anything, then press **Save our profile**."
        )


def _create(store: object, new_couple: Couple) -> int:
    """Save a new couple: in hosted mode with the signed-in person in it (seat a)."""
    if _auth.hosted():
        who = _auth.identity()
        if who is None:
            raise StoreError("you are signed out; sign in again to save")
        name = default_couple_name(new_couple)
        seat = store.create_couple_for(who.issuer, who.subject, new_couple, name)  # type: ignore[attr-defined]
        return int(seat.couple_id)
    return int(store.create_couple(new_couple))  # type: ignore[attr-defined]


def body() -> None:
    store = _store.store()
    hosted = _auth.hosted()
    scope = _couple.scope()
    couple_id = scope.couple_id if scope is not None else None
    creating = couple_id is None or (not hosted and st.session_state.get(NEW, False))

    if hosted:
        _hosted_intro(couple_id)
    elif couple_id is None:
        st.markdown(
            "**Welcome!** This app suggests new things for the two of you to do together, "
            "explains why each one fits, and learns from how you rate what you tried. "
            "Start by telling it a little about each of you."
        )
        if st.button(
            "Just looking? Explore with a demo couple",
            icon=":material/visibility:",
            help=f"Adds a made-up couple, {DEMO_NAME}, with a few outings, so you can look around.",
        ):
            _start_demo()
            st.switch_page("app_pages/weekend.py")
    elif creating:
        st.markdown("**A new profile.** Fill in both of you; the current couple is kept.")
        if st.button("Cancel, keep the current couple"):
            st.session_state.pop(NEW, None)
            st.rerun()
    else:
        name = _couple.couple_name(couple_id)
        st.markdown(
            f"The profile of **{escape(name)}**: what each of you likes, how adventurous "
            "you feel and what you want to spend. Change anything, then press "
            "**Save our profile**."
        )
        if name == DEMO_NAME:
            st.info("You are looking at the demo couple. Ready to make it yours?")
        if st.button("Set up a new couple profile", icon=":material/person_add:"):
            st.session_state[NEW] = True
            st.rerun()

    couple = None if creating or scope is None else scope.get_couple()
    _load(couple, "new" if creating else couple_id)

    whose, headings = _seats()
    left, right = st.columns(2, gap="large")
    with left:
        slots_a = _partner_fields("a", headings["a"], whose)
    with right:
        slots_b = _partner_fields("b", headings["b"], whose)
    budgets = [st.session_state.get(_key(k, "budget")) or 0 for k in PARTNER_KEYS]
    confirm = False
    if any(isinstance(b, int | float) and BUDGET_CONFIRM_ABOVE < b <= MONEY_MAX for b in budgets):
        confirm = st.checkbox(
            f"Yes, we mean it: more than ${BUDGET_CONFIRM_ABOVE:,} for one outing",
            key="us_confirm_budget",
        )
    form_slot = st.empty()

    if st.button("Save our profile", type="primary", icon=":material/save:"):
        values = {
            key: {
                "name": st.session_state[_key(key, "name")],
                "interests": st.session_state[_key(key, "interests")],
                "risk_comfort": st.session_state[_key(key, "risk")],
                "budget": st.session_state[_key(key, "budget")],
            }
            for key in PARTNER_KEYS
        }
        try:
            new_couple = couple_from_form(values["a"], values["b"], confirm_budget=confirm)
        except FormError as exc:
            for key, slots in (("a", slots_a), ("b", slots_b)):
                for field, slot in slots.items():
                    _messages.field_error(slot, exc, partner_field(key, field))
            form_slot.warning("Nothing was saved yet: please fix the fields marked above.")
            return
        if creating:
            try:
                new_id = _create(store, new_couple)
            except StoreError as exc:
                # Said by the form: the data was refused (a couple of that name already exists).
                hint = "" if hosted else f" {TAKEN_HINT}"
                form_slot.error(f"Nothing was saved: {escape(exc)}.{hint}")
                return
            if not hosted:  # hosted mode finds the couple from the sign-in, never the URL
                _couple.set_couple(new_id)
            st.session_state.pop(NEW, None)
            st.session_state[LOADED] = new_id
            _messages.flash(
                f"Welcome, {escape(new_couple.a.name)} and {escape(new_couple.b.name)}! "
                "Here are your first suggestions."
            )
            st.switch_page("app_pages/weekend.py")
        assert scope is not None  # not creating: there is a couple
        scope.save_profile(new_couple)
        # A name made from the partners' names follows them (a chosen name stays).
        if couple is not None and scope.name() == default_couple_name(couple):
            new_name = default_couple_name(new_couple)
            if hosted or new_name not in {n for _, n in store.list_couples()}:
                # Taken by another couple: the name stays as it was.
                with contextlib.suppress(StoreError):
                    scope.rename(new_name)
        _messages.flash("Saved. Your suggestions now follow your new profile.")
        st.rerun()
    if scope is not None and not creating:
        _where_section(scope)
    if hosted and not creating:
        seat = _couple.member()
        if seat is not None:
            _pairing.invite_section(seat)
            _pairing.leave_and_delete()
    elif not creating:
        _delete_section(couple_id)  # type: ignore[arg-type]


st.title("Us")
_messages.show_callback_error()
_messages.show_flash()
_messages.guarded(body)
