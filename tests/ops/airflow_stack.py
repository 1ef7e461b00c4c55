"""A production-like Airflow on this machine: PostgreSQL 15 from Debian's binaries for the
metadata database, and the scheduler (LocalExecutor), DAG processor and API server (task runners
talk to its execution API) as subprocesses. Every process started here is stopped by ``stop``."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

log = logging.getLogger(__name__)
PG_BIN = Path("/usr/lib/postgresql/15/bin")
AIRFLOW = Path(sys.executable).with_name("airflow")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, check: Callable[[], Any], timeout: float, every: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            result = check()
            if result:
                return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class Postgres:
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1 (run as a non-root user when root)."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="communique-pg-"))
        self.base.chmod(0o755)
        self.data = self.base / "data"
        self.port = free_port()
        self.user = self._os_user()
        self.started = False

    @staticmethod
    def _os_user() -> str | None:
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "communique-pg"):
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                return name
        added = subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                "communique-pg",
            ],
            capture_output=True,
        )
        if added.returncode != 0:
            pwd.getpwnam("communique-pg")  # a parallel test worker added it first
        return "communique-pg"

    def _run(self, *cmd: str) -> None:
        argv = [*cmd]
        if self.user:
            argv = ["runuser", "-u", self.user, "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self.user:
            shutil.chown(self.base, self.user)
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "airflow",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.base / "postgres.log"),
            "-o",
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c max_connections=200",
            "-w",
            "start",
        )
        self.started = True
        self._run(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "airflow",
            "airflow",
        )
        return f"postgresql+psycopg2://airflow@127.0.0.1:{self.port}/airflow"

    def connect(self) -> Any:
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user="airflow", dbname="airflow")
        con.autocommit = True
        return con

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        con = self.connect()
        try:
            with con.cursor() as cur:
                cur.execute(sql, params)
                return list(cur.fetchall())
        finally:
            con.close()

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(Exception):
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
            self.started = False
        shutil.rmtree(self.base, ignore_errors=True)


class AirflowStack:
    """Scheduler, DAG processor and API server over one metadata database and AIRFLOW_HOME."""

    def __init__(self, home: Path, db_url: str) -> None:
        self.home = home
        self.api_port = free_port()
        self.env: dict[str, str] = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
            "PATH": f"{AIRFLOW.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": (
                f"http://127.0.0.1:{self.api_port}/execution/"
            ),
            "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{self.api_port}",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            # only backfills and manual runs: no scheduled run of "yesterday" on unpause
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            # a short idle sleep: the next task of a run is queued sooner after the last ends
            "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.1",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        }
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self._token: str | None = None

    def cli(self, *args: str, timeout: float = 180) -> str:
        t0 = time.monotonic()
        out = subprocess.run(
            [str(AIRFLOW), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.home,
        )
        if out.returncode:
            raise RuntimeError(f"airflow {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        log.info("airflow %s: %.1f s", " ".join(args[:2]), time.monotonic() - t0)
        return out.stdout

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the REST API (a CLI call pays ~10 s of start-up; this is what the UI does)."""
        base = f"http://127.0.0.1:{self.api_port}"
        if self._token is None:
            with urllib.request.urlopen(f"{base}/auth/token", timeout=30) as resp:
                self._token = str(json.loads(resp.read())["access_token"])
        request = urllib.request.Request(
            base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path}: {exc.code} {exc.read()[:2000]!r}") from exc

    def start(self, name: str, *args: str, **env: str) -> None:
        logfile = open(self.home / f"{name}.log", "ab")  # noqa: SIM115 - closed by the process
        self.procs[name] = subprocess.Popen(
            [str(AIRFLOW), *args],
            env={**self.env, **env},
            stdout=logfile,
            stderr=subprocess.STDOUT,
            cwd=self.home,
            start_new_session=True,  # its own process group: stopped with its task processes
        )
        logfile.close()

    def start_api_server(self) -> None:
        self.start("api-server", "api-server", "--port", str(self.api_port), "--host", "127.0.0.1")
        url = f"http://127.0.0.1:{self.api_port}/api/v2/monitor/health"
        wait_for("the API server", lambda: urllib.request.urlopen(url, timeout=2).status == 200, 90)

    def stop_one(self, name: str, grace: float = 20.0) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        # task processes of the group that outlived their parent
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    def stop(self) -> None:
        for name in list(self.procs):
            self.stop_one(name)

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.home / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
