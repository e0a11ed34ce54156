"""recommender/catalog/ids.py: activity ids made from titles, and idea ids."""

from recommender.catalog.ids import idea_id


def test_idea_ids_are_stable_when_made_again_even_for_long_titles() -> None:
    long_title = "A very long idea title " * 5
    once = idea_id(long_title)
    assert len(once) <= 60 and once.startswith("ours-")
    assert idea_id(once) == once  # the id previewed is the id saved
    assert idea_id("ours-picnic") == "ours-picnic"
    assert idea_id("!!!") == "ours-idea"
