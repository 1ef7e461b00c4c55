"""Extract stage: pure functions from article text to typed, dated, evidenced events."""

from __future__ import annotations

from pipeline.extract.engine import EXTRACTOR_VERSION, extract_article, extract_text, load_models

__all__ = ["EXTRACTOR_VERSION", "extract_article", "extract_text", "load_models"]
