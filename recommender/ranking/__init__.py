"""How activities are ranked for a couple.

The content model and its cache, per-partner scoring and learning, combining two people,
novelty and variety, reasons; :mod:`recommender.ranking.engine` wires these steps in order.
Import from the modules themselves: this package imports nothing, so that reading the
catalog never pays for scikit-learn.
"""
