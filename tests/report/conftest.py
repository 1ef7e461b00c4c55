"""The report tests read the same seeded warehouse as the warehouse tests."""

from __future__ import annotations

from tests.warehouse.conftest import seed_data, seeded_warehouse

__all__ = ["seed_data", "seeded_warehouse"]
