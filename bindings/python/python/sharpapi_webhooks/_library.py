"""Finds and opens the native library: the one file in ``_native/`` that the wheel carries for its
platform, or the file named by ``SHARPAPI_WEBHOOKS_LIBRARY``.

Each wheel carries one platform's library under that platform's own name (see hatch_build.py,
which also writes ``_native/PLATFORM``, the wheel's tag and RID). When the library is missing or
will not load, the error names this platform (OS, CPU, C library) and the one the installed
library was built for, instead of the loader's bare message.
"""

from __future__ import annotations

import ctypes
import glob
import os
import platform
import sys
from pathlib import Path
from typing import Optional

__all__ = ["LIBRARY_ENV", "library_file_name", "load_library", "this_platform"]

LIBRARY_ENV = "SHARPAPI_WEBHOOKS_LIBRARY"
"""The environment variable that names a library file to load instead of the packaged one."""

NATIVE_DIR = Path(__file__).with_name("_native")

_WHEELS = (
    "manylinux2014 (glibc 2.17+) or musllinux_1_2 on x86_64 and aarch64, macOS on x86_64 and "
    "arm64, Windows on x86-64"
)


def library_file_name(system: str = sys.platform) -> str:
    """The library's file name on an OS (``sys.platform``), as every package of the project ships it."""
    if system == "darwin":
        return "libsharpapi_webhooks.dylib"
    if system in ("win32", "cygwin"):
        return "sharpapi_webhooks.dll"
    return "libsharpapi_webhooks.so"


def this_platform() -> str:
    """This process's platform, as an error message names it: OS, CPU and, on Linux, C library."""
    system = platform.system() or sys.platform
    machine = platform.machine() or "unknown CPU"
    bits = "64-bit" if sys.maxsize > 2**32 else "32-bit"
    if system == "Linux":
        libc, libc_version = platform.libc_ver()
        if libc == "glibc":
            c_library = f"glibc {libc_version}"
        elif glob.glob("/lib/ld-musl-*.so.1"):
            c_library = "musl"
        else:
            c_library = "an unknown C library"
        return f"Linux {machine} ({bits} Python), {c_library}"
    if system == "Darwin":
        return f"macOS {platform.mac_ver()[0] or '?'} {machine} ({bits} Python)"
    release = f" {platform.release()}" if platform.release() else ""
    return f"{system}{release} {machine} ({bits} Python)"


def _packaged_platform() -> Optional[str]:
    """The tag and RID of the wheel this installation came from, if it says (``_native/PLATFORM``)."""
    try:
        return (NATIVE_DIR / "PLATFORM").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _remedy() -> str:
    return (
        f"install the wheel built for this platform (wheels exist for {_WHEELS}; pip picks the "
        "right one), build it from source (pip installs the sdist where Rust 1.88+ is present), "
        f"or set {LIBRARY_ENV} to the path of a sharpapi-webhooks native library built for it"
    )


def load_library() -> ctypes.CDLL:
    """Opens the library: ``$SHARPAPI_WEBHOOKS_LIBRARY`` when set, else the packaged one."""
    override = os.environ.get(LIBRARY_ENV)
    if override:
        path = Path(override)
        origin = f"{LIBRARY_ENV}={override}"
    else:
        path = NATIVE_DIR / library_file_name()
        if not path.is_file():
            packaged = _packaged_platform()
            present = sorted(p.name for p in NATIVE_DIR.glob("*sharpapi_webhooks*")) if NATIVE_DIR.is_dir() else []
            held = (
                f"this installation holds the library for {packaged} ({', '.join(present) or 'no file'})"
                if packaged
                else f"this installation holds {', '.join(present) or 'no native library'}"
            )
            raise ImportError(
                f"sharpapi_webhooks: no native library for this platform, {this_platform()}: "
                f"{path.name} is not in {NATIVE_DIR} ({held}); {_remedy()}"
            )
        origin = str(path)
    try:
        return ctypes.CDLL(str(path))
    except OSError as error:
        built_for = _packaged_platform() if not override else None
        made = f", built for {built_for}," if built_for else ""
        raise ImportError(
            f"sharpapi_webhooks: the native library {origin}{made} does not load on this platform, "
            f"{this_platform()}: {error}; {_remedy()}"
        ) from error
