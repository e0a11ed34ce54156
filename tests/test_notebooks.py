"""The catalog notebook runs from top to bottom, so its tour never rots."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def test_catalog_notebook_runs_and_draws_its_charts() -> None:
    nb = nbformat.read(NOTEBOOKS / "catalog.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "expected the category, cost/risk and tag charts"
    text = "".join(o.get("text", "") for o in outputs)
    assert "activities in" in text and "free" in text
