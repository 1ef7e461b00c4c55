"""Tests that share a costly fixture run on one xdist worker (tests/conftest.py).

When the grouping silently stops, each worker builds the shared fixture itself: the Airflow
database and the demo warehouse are then built twice at once and clash."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT


def test_a_module_fixture_keeps_its_tests_on_one_worker() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    env.pop("PYTEST_CURRENT_TEST", None)
    target = "tests/dags/test_dag_integrity.py"
    args = ["-v", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup", target]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ran = re.findall(r"\[(gw\d)\].*PASSED (\S+)", done.stdout)
    grouped = {worker for worker, test in ran if test.endswith(f"@{target}")}
    # the two tests on the module's DagBag carry the group in their id and share a worker; the
    # test without it does not
    assert sum(test.endswith(f"@{target}") for _, test in ran) >= 2, done.stdout[-3000:]
    assert len(grouped) == 1, ran
    assert any("@" not in test for _, test in ran), ran
