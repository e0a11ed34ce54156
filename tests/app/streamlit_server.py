"""Start the app as `make run` does (`streamlit run serve.py`) on loopback, for the browser
tests and the app benchmark.

One helper for both (``benchmarks/bench_app.py`` puts this folder on ``sys.path``): a free
port, the server's own database and model cache through ``env``, ready once
``/_stcore/health`` answers, and stopped cleanly (terminate, then kill after a grace
period). Also the Chromium settings both use, and for the sign-in tests a real OpenID
Connect provider on loopback (:class:`OidcProvider`) and the ``[auth]`` secrets that point
the app at it (:func:`write_auth_secrets`).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]
#: What is served: app.py behind serve.py's start-up warm-up, as `make run` serves it.
APP = ROOT / "serve.py"
#: Debian's Chromium; never a browser downloaded by Playwright.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The app has finished reacting to the last action (its script is not running).
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch_chromium(playwright: object, **kwargs: object) -> object:
    """Headless Debian Chromium through Playwright's ``sync_playwright()`` object."""
    return playwright.chromium.launch(  # type: ignore[attr-defined]
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **kwargs
    )


class StreamlitServer:
    """`streamlit run serve.py` on 127.0.0.1 with ``env``; can be stopped and started again.

    Parameters
    ----------
    env : dict
        The whole environment of the server (DATABASE_URL, RECOMMENDER_CACHE_DIR, ...).
    log : Path, optional
        Where its output goes (appended); discarded when None.
    port : int, optional
        The port to listen on (a free one by default); kept across restarts.
    secrets : Path, optional
        A secrets.toml to read instead of the app folder's (``--secrets.files``): with an
        ``[auth]`` section the app runs in hosted mode. Its ``redirect_uri`` names
        ``localhost``, so :attr:`url` does too (the sign-in cookie is for that host).
    app : Path
        The script to serve: ``serve.py`` (warm, as ``make run``) unless a benchmark
        compares another (``app.py`` alone, cold).
    """

    def __init__(
        self,
        env: dict[str, str],
        log: Path | None = None,
        *,
        port: int | None = None,
        secrets: Path | None = None,
        app: Path = APP,
    ) -> None:
        self.app = app
        self.env = env
        self.log = log
        self.port = port or free_port()
        self.secrets = secrets
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        host = "localhost" if self.secrets else "127.0.0.1"
        return f"http://{host}:{self.port}/"

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else ""

    def start(self, timeout: float = 60.0) -> float:
        """Start the server and wait until it is healthy; returns the seconds that took."""
        began = time.perf_counter()
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(self.app),
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(self.port),
                    "--server.address",
                    "127.0.0.1",
                    "--browser.gatherUsageStats",
                    "false",
                    *(["--secrets.files", str(self.secrets)] if self.secrets else []),
                ],
                cwd=ROOT,
                env={**self.env, "PYTHONUNBUFFERED": "1"},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        finally:
            if self.log:
                out.close()  # type: ignore[union-attr]
        while time.perf_counter() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self._log_tail()}")
            try:
                health = f"http://127.0.0.1:{self.port}/_stcore/health"
                with urllib.request.urlopen(health, timeout=2) as reply:
                    if reply.status == 200:
                        return time.perf_counter() - began
            except OSError:
                time.sleep(0.05)  # polling the health endpoint, not waiting for the app
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout} s:\n{self._log_tail()}")

    def stop(self) -> None:
        """Stop the server: terminate, and kill it if it has not gone after 15 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> StreamlitServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _wait_http(url: str, process: subprocess.Popen[bytes], timeout: float, what: str) -> None:
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.05)  # polling until it answers, not waiting for the app
    raise RuntimeError(f"{what} did not answer at {url} in {timeout} s")


class OidcProvider:
    """A real OpenID Connect provider on loopback: ``python -m oidc_provider_mock``.

    Its sign-in page asks for a ``sub`` (the person) and has an "Authorize" button; any
    client id and secret are accepted. :attr:`metadata_url` is what ``[auth]`` points at.
    """

    def __init__(self, log: Path | None = None) -> None:
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def metadata_url(self) -> str:
        return f"http://localhost:{self.port}/.well-known/openid-configuration"

    def start(self, timeout: float = 30.0) -> None:
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "oidc_provider_mock", "-p", str(self.port)],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        finally:
            if self.log:
                out.close()  # type: ignore[union-attr]
        health = f"http://127.0.0.1:{self.port}/.well-known/openid-configuration"
        try:
            _wait_http(health, self.process, timeout, "oidc_provider_mock")
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> OidcProvider:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def write_auth_secrets(path: Path, provider: OidcProvider, app_port: int) -> Path:
    """A secrets.toml whose ``[auth]`` signs in with ``provider`` (hosted mode)."""
    import secrets

    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "couples-app-test"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
        "\n[app]\n"
        f'base_url = "http://localhost:{app_port}"\n',
        encoding="utf-8",
    )
    return path
