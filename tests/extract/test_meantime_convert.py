"""The committed MEANTIME dev set is what scripts/convert_meantime.py makes of the corpus."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _converter() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "convert_meantime", ROOT / "scripts" / "convert_meantime.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("convert_meantime", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _shared_data() -> Path | None:
    env = os.environ.get("COMMUNIQUE_SHARED_DATA_DIR")
    candidates = [Path(env)] if env else [p / "shared" / "data" for p in ROOT.parents]
    return next((p for p in candidates if (p / "meantime-en").is_dir()), None)


def test_token_spacing_is_restored() -> None:
    module = _converter()
    tokens = [
        module._Token(str(i), 2, text)
        for i, text in enumerate(
            [
                "Ford",
                "'s",
                "sales",
                "(",
                "in",
                "the",
                "U.S.",
                ")",
                "rose",
                "4.5",
                "%",
                ",",
                "a",
                '"',
                "record",
                '"',
                ".",
            ]
        )
    ]
    text, spans = module._rebuild(tokens)
    assert text == 'Ford\'s sales (in the U.S.) rose 4.5%, a "record".'
    assert text[slice(*spans["3"])] == "("


@pytest.mark.skipif(_shared_data() is None, reason="the MEANTIME corpus is not on this machine")
def test_committed_dev_set_is_up_to_date() -> None:
    data = _shared_data()
    assert data is not None
    assert _converter().main(["--data", str(data), "--check"]) == 0
