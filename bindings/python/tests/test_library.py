"""Which native library the package loads: the one its wheel carries for this platform, or the one
SHARPAPI_WEBHOOKS_LIBRARY names; and the error, naming this platform, when none fits."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional

import pytest

import sharpapi_webhooks
from sharpapi_webhooks import _cabi, _library

PACKAGE = Path(sharpapi_webhooks.__file__).parent
THIS_OS = {"darwin": "libsharpapi_webhooks.dylib", "win32": "sharpapi_webhooks.dll"}.get(
    sys.platform, "libsharpapi_webhooks.so"
)
PROGRAM = "import sharpapi_webhooks as w, sharpapi_webhooks._cabi as c; print(c._lib._name); print(w.sign(b'x', 's'))"


def run(env: Dict[str, str], path: Optional[Path] = None) -> "subprocess.CompletedProcess[str]":
    """Imports the package in a new interpreter: the copy in ``path`` when given, else the installed
    one; SHARPAPI_WEBHOOKS_LIBRARY only as ``env`` sets it."""
    environment = {k: v for k, v in os.environ.items() if k != _library.LIBRARY_ENV}
    environment.update(env)
    if path is not None:
        environment["PYTHONPATH"] = str(path)
    command = [sys.executable, "-c", PROGRAM]
    return subprocess.run(command, env=environment, capture_output=True, text=True, check=False)


def test_the_wheel_holds_one_library_named_for_this_os_and_loads_it() -> None:
    native = sorted(p.name for p in (PACKAGE / "_native").iterdir())
    assert native == sorted([THIS_OS, "PLATFORM"])
    assert Path(_cabi._lib._name) == PACKAGE / "_native" / THIS_OS
    assert _library.library_file_name() == THIS_OS
    # The wheel's platform tag and RID (or "built from source"), which errors name.
    assert (PACKAGE / "_native" / "PLATFORM").read_text(encoding="utf-8").strip()


def test_this_platform_names_the_os_cpu_and_c_library() -> None:
    described = _library.this_platform()
    assert platform.machine() in described
    if sys.platform == "linux":
        assert described.startswith("Linux ") and ("glibc" in described or "musl" in described)


def test_the_variable_names_the_library_to_load(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / THIS_OS
    copy.parent.mkdir()
    shutil.copyfile(PACKAGE / "_native" / THIS_OS, copy)
    result = run({_library.LIBRARY_ENV: str(copy)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(copy)


def test_a_library_that_does_not_load_is_an_error_naming_this_platform(tmp_path: Path) -> None:
    junk = tmp_path / THIS_OS
    junk.write_bytes(b"not a library")
    result = run({_library.LIBRARY_ENV: str(junk)})
    assert result.returncode != 0
    assert f"the native library {_library.LIBRARY_ENV}={junk} does not load on this platform" in result.stderr
    assert _library.this_platform() in result.stderr
    result = run({_library.LIBRARY_ENV: str(tmp_path / "missing" / THIS_OS)})
    assert _library.this_platform() in result.stderr and "does not load" in result.stderr


@pytest.mark.parametrize("other", ["win-x64", "linux-musl-arm64"])
def test_a_wheel_for_another_platform_is_an_error_naming_both(tmp_path: Path, other: str) -> None:
    """The package as another platform's wheel installs it: its library under that OS's name."""
    package = tmp_path / "sharpapi_webhooks"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "_native" / THIS_OS).unlink()
    name = "sharpapi_webhooks.dll" if other == "win-x64" else "libsharpapi_webhooks.so"
    (package / "_native" / name).write_bytes(b"MZ another platform's library")
    tag = "win_amd64" if other == "win-x64" else "musllinux_1_2_aarch64"
    (package / "_native" / "PLATFORM").write_text(f"{tag} {other}\n", encoding="utf-8")
    result = run({}, tmp_path)
    assert result.returncode != 0
    assert _library.this_platform() in result.stderr, result.stderr
    if name == THIS_OS:  # the same file name, another CPU or C library: it does not load
        assert f"built for {tag} {other}, does not load on this platform" in result.stderr
    else:
        assert f"no native library for this platform, {_library.this_platform()}" in result.stderr
        assert f"holds the library for {tag} {other} ({name})" in result.stderr
    assert "SHARPAPI_WEBHOOKS_LIBRARY" in result.stderr and "install the wheel built for this platform" in result.stderr
