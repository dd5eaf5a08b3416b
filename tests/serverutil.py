"""Run `trygg serve` for real (gunicorn, own database) for browser and reliability tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TRYGG = str(Path(sys.executable).with_name("trygg"))
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_database_url(tmp: Path, name: str) -> str:
    """A new empty database: an SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / (name + '.sqlite3')}"
    import psycopg

    base, _name = url.rsplit("/", 1)
    db = f"trygg_{name}_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    return f"{base}/{db}"


@dataclass
class Server:
    env: dict[str, str]
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, workers: int = 1) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [TRYGG, "serve", "--port", str(self.port), "--workers", str(workers), "--no-migrate"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"trygg serve exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError("trygg serve did not start listening within 30 s")

    def kill(self) -> None:
        """SIGKILL the whole process group: master and workers die at once, mid-request."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)

    def python(self, code: str) -> str:
        """Run library code against the server's database (test setup and checks)."""
        result = subprocess.run([PYTHON, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                                 "'trygg.web.settings'); django.setup()\n" + code],
                                env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"setup code failed: {result.stderr[-3000:]}")
        return result.stdout


def demo_server(tmp: Path, name: str) -> Server:
    env = {**os.environ, "DATABASE_URL": fresh_database_url(tmp, name), "TRYGG_FAST_PASSWORDS": "1"}
    subprocess.run([TRYGG, "load-demo"], env=env, check=True, capture_output=True)
    return Server(env=env, port=free_port(), log=tmp / f"{name}.log")
