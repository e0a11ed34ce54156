"""The offline evaluation is fair, and the engine meets issue 3's targets on it."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from recommender import Columns, Couple, Feedback, Partner, Recommender, load_catalog
from recommender.evaluation.simulation import (
    METHODS,
    EvaluationSettings,
    RocchioBaseline,
    engine_method,
    ndcg_at_k,
    play_couple,
    random_baseline,
    run_evaluation,
    simulate_couples,
)

C = Columns
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "evaluation.ipynb"
FAST = EvaluationSettings(n_couples=20)


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


@pytest.fixture(scope="module")
def engine(catalog, tmp_path_factory) -> Recommender:
    return Recommender(catalog, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def result(engine):
    return run_evaluation(settings=FAST, engine=engine)


def test_the_engine_meets_every_target(result) -> None:
    targets = result.targets()
    assert targets == dict.fromkeys(targets, True), (targets, result.figures())
    f = result.figures()
    assert f["violations"] == 0
    assert f["engine_gain_over_round0"] >= 1.15
    assert f["engine_over_rocchio_last"] >= 1.10
    assert f["engine_misery"] < f["rocchio_misery"] < f["random_misery"]


def test_the_engines_top_three_favour_one_partner_less_than_the_baselines(result) -> None:
    imbalance = result.lists.groupby("method")["imbalance"].mean()
    assert imbalance["engine"] < imbalance["rocchio"]
    assert imbalance["engine"] < imbalance["random"]


def test_every_method_serves_the_same_couples_for_every_round(result) -> None:
    lists = result.lists
    assert set(lists["method"]) == set(METHODS)
    per_method = lists.groupby("method")[["couple", "round"]].apply(
        lambda f: sorted(zip(f["couple"], f["round"], strict=True))
    )
    assert all(v == per_method.iloc[0] for v in per_method)
    assert len(lists) == len(METHODS) * FAST.n_couples * (FAST.n_rounds + 1)
    assert lists["ndcg"].between(0, 1).all() and lists["misery"].between(0, 1).all()
    assert (lists["categories"] >= 1).all()
    curve = result.curve("ndcg")
    assert list(curve.index) == list(range(FAST.n_rounds + 1))
    assert curve.loc[FAST.n_rounds, "engine"] > curve.loc[FAST.n_rounds, "random"]


def test_true_tastes_are_only_partly_stated_and_not_the_engines_scores(catalog, engine) -> None:
    couples = simulate_couples(catalog, EvaluationSettings(n_couples=5))
    for sim in couples:
        for key in ("a", "b"):
            partner = sim.couple.partner(key)
            stated = {i.replace(" ", "-") for i in partner.interests}
            assert stated < set(sim.loves[key])  # some loves are left unsaid
            assert sim.true_rating[key].min() >= 1 and sim.true_rating[key].max() <= 5
            assert set(np.unique(sim.reported[key])) <= {1, 2, 3, 4, 5}
        eligible = (catalog[C.COST] <= sim.couple.budget) & (
            catalog[C.RISK] <= sim.couple.risk_comfort
        )
        assert (sim.eligible == eligible.to_numpy()).all()
    # Round 0 from stated interests is far from knowing the truth.
    sim = couples[0]
    recs = engine.recommend(sim.couple, k=len(catalog))
    truth = pd.Series(sim.true_rating["a"], index=catalog[C.ACTIVITY_ID])
    rho = np.corrcoef(recs["score_a"], truth[recs[C.ACTIVITY_ID]].to_numpy())[0, 1]
    assert rho < 0.8


def test_the_same_settings_give_the_same_figures(engine, result) -> None:
    again = run_evaluation(settings=FAST, engine=engine)
    pd.testing.assert_frame_equal(result.lists, again.lists)


def test_ndcg_is_one_for_the_ideal_list_and_lower_otherwise() -> None:
    gains = np.array([7.0, 3.0, 1.0, 0.0])
    assert ndcg_at_k(gains, gains, 3) == pytest.approx(1.0)
    assert ndcg_at_k(gains[::-1][:3], gains, 3) < 0.5
    assert ndcg_at_k(np.array([]), gains, 3) == 0.0
    assert ndcg_at_k(gains, np.zeros(4), 3) == 0.0


def test_rocchio_moves_towards_what_was_liked(catalog) -> None:
    rocchio = RocchioBaseline(catalog)
    sims = simulate_couples(catalog, EvaluationSettings(n_couples=1))
    sim = sims[0]
    allowed = np.arange(len(catalog))
    before = rocchio(sim, [], allowed, 10, 0)
    liked = int(before[-1])
    after = rocchio(sim, [Feedback(catalog[C.ACTIVITY_ID].iloc[liked], "a", 5)], allowed, 10, 1)
    assert list(after).index(liked) < list(before).index(liked)
    assert set(rocchio(sim, [], np.arange(5), 10, 0)) <= set(range(5))


def test_random_baseline_draws_only_allowed_items_repeatably(catalog) -> None:
    sim = simulate_couples(catalog, EvaluationSettings(n_couples=1))[0]
    draw = random_baseline(seed=1)
    allowed = np.arange(20, 60)
    first = draw(sim, [], allowed, 10, 0)
    assert set(first) <= set(allowed) and len(set(first)) == 10
    assert (draw(sim, [], allowed, 10, 0) == first).all()
    assert not (draw(sim, [], allowed, 10, 1) == first).all()


def test_a_couple_with_the_tightest_limits_sees_no_violation(catalog, engine) -> None:
    couple = Couple(Partner("A", ["hiking"], 1, 0), Partner("B", ["art"], 1, 0))
    sim = simulate_couples(catalog, EvaluationSettings(n_couples=1))[0]
    sim.couple = couple
    sim.eligible = ((catalog[C.COST] <= 0) & (catalog[C.RISK] <= 1)).to_numpy()
    rows = play_couple(sim, engine_method(engine), catalog, FAST)
    assert sum(r["violations"] for r in rows) == 0


@pytest.mark.slow
def test_the_evaluation_notebook_runs_and_draws_the_learning_curves(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("EVAL_FAST", "1")
    monkeypatch.setenv("RECOMMENDER_CACHE_DIR", str(tmp_path / "cache"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "expected the NDCG, misery and taking-turns curves"
    text = "".join(o.get("text", "") for o in outputs) + "".join(
        str(o.get("data", {}).get("text/plain", "")) for o in outputs
    )
    assert "fast setting" in text
    assert "NDCG@10 after the last round >= 1.15x round 0: met" in text
    assert os.environ["EVAL_FAST"] == "1"


def test_the_harder_variant_states_one_loved_tag_in_everyday_words(catalog) -> None:
    from recommender.catalog.columns import CATEGORIES, TAGS
    from recommender.evaluation.couples import harder
    from recommender.evaluation.own_words import phrases_for

    plain = simulate_couples(catalog, EvaluationSettings(n_couples=8))
    hard = simulate_couples(catalog, harder(EvaluationSettings(n_couples=8)))
    names = {t.replace("-", " ") for t in (*TAGS, *CATEGORIES)}
    for easy, sim in zip(plain, hard, strict=True):
        for key in ("a", "b"):
            said = sim.couple.partner(key).interests
            assert len(said) == 1 and said[0] not in names
            (tag,) = sim.stated[key]
            assert tag in sim.loves[key] and said[0] in phrases_for(tag)
            # The same people underneath: only what they say differs.
            assert (sim.true_rating[key] == easy.true_rating[key]).all()
    with pytest.raises(ValueError, match="wording must be one of 'tags', 'own words'"):
        EvaluationSettings(wording="emoji")


def test_on_the_harder_variant_the_engine_learns_and_beats_rocchio(engine) -> None:
    from recommender.evaluation.couples import harder

    result = run_evaluation(settings=harder(FAST), engine=engine)
    f = result.figures()
    assert f["violations"] == 0
    # Issue 11's learning target on this variant (the rest of issue11_targets() is not met yet).
    met = result.issue11_targets()
    assert met["zero violations"] and met["NDCG@10 after the last round >= 1.35x round 0"], f
    assert f["engine_over_rocchio_last"] >= 1.1, f
    assert f["engine_misery"] < f["rocchio_misery"], f
