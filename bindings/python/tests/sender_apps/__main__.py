"""``python -m tests.sender_apps NAME``: serves a test app on 127.0.0.1:$PORT, in one process (so
that the in-memory idempotency store is shared by every request) with a real server: gunicorn's
threaded worker for the WSGI apps, uvicorn for FastAPI."""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable, Dict, List

from . import behaviour

WSGI_APPS = {"flask": ("flask_app", "app"), "django": ("django_app", "application"), "drf": ("drf_app", "application")}


def serve_wsgi(application: Callable[..., Any]) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def load_config(self) -> None:
            options: Dict[str, object] = {
                "bind": f"127.0.0.1:{behaviour.port()}",
                "workers": 1,
                "worker_class": "gthread",
                "threads": 32,
                "graceful_timeout": 5,
            }
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> Callable[..., Any]:
            return application

    Server().run()


def main(argv: List[str]) -> int:
    names = [*WSGI_APPS, "fastapi"]
    if len(argv) != 2 or argv[1] not in names:
        print(f"usage: python -m tests.sender_apps {'|'.join(names)}", file=sys.stderr)
        return 64
    if argv[1] == "fastapi":
        import uvicorn

        from .fastapi_app import app

        uvicorn.run(app, host="127.0.0.1", port=behaviour.port(), log_level="warning")
        return 0
    module, attribute = WSGI_APPS[argv[1]]
    serve_wsgi(getattr(importlib.import_module(f"{__package__}.{module}"), attribute))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
