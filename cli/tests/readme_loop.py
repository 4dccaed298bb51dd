#!/usr/bin/env python3
"""Runs the top-level README's two-minute loop as written: the app, the listener and the sender,
each a `skip` block of README.md (they need terminals of their own), together, on free ports.

    python3 cli/tests/readme_loop.py

The blocks are the README's `sh` blocks whose skip reason names scripts/test_cli.sh, in order:
the app, the listener, the sender. Each runs with `bash -euo pipefail`, ports 5000 and 8787
replaced by free ones, in a fresh folder, with SHARPAPI_WEBHOOKS_REPO set. The caller's PATH
must hold `flask` and `sharpapi-webhooks`, and PYTHONPATH (or an installed package) the Python
package `sharpapi_webhooks`. Waits are readiness checks on the ports, never fixed sleeps.
Prints `readme loop: ...` lines and exits non-zero on any failure, showing every process's output.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import readme_examples  # noqa: E402

DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    started = time.monotonic()
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode}) before listening on {port}")
        if time.monotonic() - started > DEADLINE:
            raise RuntimeError(f"{what} never listened on {port}")
        time.sleep(0.05)


def main() -> int:
    blocks = [b for b in readme_examples.parse(ROOT / "README.md")
              if b.kind == "skip" and "scripts/test_cli.sh runs this block" in b.argument]
    if len(blocks) != 3:
        print(f"readme loop: expected 3 blocks (app, listener, sender), found {len(blocks)}")
        return 1
    app_port, listen_port = free_port(), free_port()

    def script(block: readme_examples.Block) -> str:
        return block.text.replace("5000", str(app_port)).replace("8787", str(listen_port))

    app_block, listen_block, send_block = (script(block) for block in blocks)
    environment = dict(os.environ, SHARPAPI_WEBHOOKS_REPO=str(ROOT))
    environment.pop("SHARPAPI_WEBHOOK_SECRET", None)
    folder = Path(tempfile.mkdtemp(prefix="readme-loop-"))
    logs = {name: open(folder / f"{name}.log", "w+", encoding="utf-8") for name in ("app", "listen")}
    processes = []
    failed = False
    try:
        for name, text, port in (("app", app_block, app_port), ("listen", listen_block, listen_port)):
            process = subprocess.Popen(["bash", "-euo", "pipefail", "-c", text], cwd=folder, env=environment,
                                       stdout=logs[name], stderr=subprocess.STDOUT, start_new_session=True)
            processes.append(process)
            wait_for(port, process, name)
        sender = subprocess.run(["bash", "-euo", "pipefail", "-c", send_block], cwd=folder, env=environment,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=DEADLINE)
        print(sender.stdout, end="")
        checks = {
            "send and replay exit 0": sender.returncode == 0,
            "send got the app's 200": ": 200 OK" in sender.stdout.split("delivery 1/")[0],
            "replay got a 2xx": "delivery 1/1" in sender.stdout and sender.stdout.count(": 200 OK") >= 2,
        }
        # The listener flushes each line before it answers, so its log is complete by now.
        logs["listen"].seek(0)
        listened = logs["listen"].read()
        checks["the listener verified it and shows the app's 200"] = "valid; app: 200 OK" in listened
        checks["the listener recorded it"] = (folder / "deliveries.jsonl").is_file()
        for name, passed in checks.items():
            print(f"readme loop: {'ok' if passed else 'FAILED'}: {name}")
            failed |= not passed
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"readme loop: FAILED: {error}")
        failed = True
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, 15)
            except ProcessLookupError:
                pass
            process.wait(timeout=10)
        if failed:
            for name, log in logs.items():
                log.seek(0)
                print(f"--- {name} log:\n{log.read()}")
        for log in logs.values():
            log.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
