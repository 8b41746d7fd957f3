"""Serve the app with gunicorn on a free loopback port, as production would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from tests.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent


class Gunicorn:
    """``gunicorn wsgi:app`` with ``workers`` sync workers on ``database_url``; a context manager.

    ``target`` serves another WSGI app (``module:variable``) the same way.
    """

    def __init__(
        self,
        database_url: str,
        workers: int = 2,
        log: Path | None = None,
        target: str = "wsgi:app",
        **environment: str,
    ):
        self.port = free_port()
        self.workers = workers
        self.target = target
        self.log = log or ROOT / "bench" / "gunicorn.log"
        self.environment = {
            "LEADCAPTURE_ENV": "production",
            "SECRET_KEY": secrets.token_hex(16),
            "DATABASE_URL": database_url,
            **environment,
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        command = [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--worker-class", "sync"]
        command += ["--bind", f"127.0.0.1:{self.port}", self.target]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env={**os.environ, **self.environment}, stdout=log, stderr=log
            )
        try:
            wait_for(self._booted, f"gunicorn (see {self.log})")
        except BaseException:
            self.__exit__()  # a server that never booted is not left running
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def _booted(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
        # The arbiter logs once per worker it has started.
        return self.log.read_text().count("Booting worker") >= self.workers
