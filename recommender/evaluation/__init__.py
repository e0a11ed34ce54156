"""How well the ranking learns: simulated couples, baselines and metrics."""
