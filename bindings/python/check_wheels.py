"""Checks the folder scripts/build_python.sh writes: one wheel per platform, each as it should be,
and the sdist. Lists the wheels' platform tags and fails when one of the seven platforms is missing.

    target/python/build-venv/bin/python bindings/python/check_wheels.py target/python/wheels

Run with the build environment (auditwheel and macholib, from PyPI), from the repository's root.
For every wheel: its file name's tags are its WHEEL file's; it is ``py3-none``, not pure Python;
it holds the package, ``_native/PLATFORM`` naming its tag and RID, and exactly one library, under
its OS's name, which is target/dist/<rid>'s (byte for byte, SHA256SUMS; a musl one differs only
in the name of libc it needs, see hatch_build.py); its version is the workspace's (Cargo.toml).
``auditwheel show`` must find each manylinux/musllinux wheel consistent with its own tag; macholib
must read each macOS library's CPU and minimum macOS version as its tag says.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {  # RID -> the platform tag's pattern (a macOS version is the dylib's own)
    "linux-x64": r"manylinux_2_17_x86_64\.manylinux2014_x86_64",
    "linux-arm64": r"manylinux_2_17_aarch64\.manylinux2014_aarch64",
    "linux-musl-x64": r"musllinux_1_2_x86_64",
    "linux-musl-arm64": r"musllinux_1_2_aarch64",
    "osx-x64": r"macosx_(\d+)_(\d+)_x86_64",
    "osx-arm64": r"macosx_(\d+)_(\d+)_arm64",
    "win-x64": r"win_amd64",
}
LIBRARY = {"osx": "libsharpapi_webhooks.dylib", "win": "sharpapi_webhooks.dll", "linux": "libsharpapi_webhooks.so"}
MODULES = {
    "__init__.py", "_cabi.py", "_library.py", "_vocabulary.py", "_integration.py", "idempotency.py",
    "flask.py", "django.py", "drf.py", "starlette.py", "fastapi.py", "py.typed",
}


def library_name(rid: str) -> str:
    return LIBRARY[rid.split("-")[0]]


def macos_minimum(library: bytes) -> tuple[str, int, int, str]:
    """(CPU, major, minor, install name) of a dylib, read by macholib."""
    from macholib.mach_o import CPU_TYPE_NAMES, LC_BUILD_VERSION, LC_ID_DYLIB, LC_VERSION_MIN_MACOSX
    from macholib.MachO import MachO

    with tempfile.NamedTemporaryFile(suffix=".dylib") as file:
        file.write(library)
        file.flush()
        header = MachO(file.name).headers[0]
        cpu = {"x86_64": "x86_64", "ARM64": "arm64"}.get(CPU_TYPE_NAMES.get(header.header.cputype, "?"), "?")
        minimum, name = None, ""
        for command, body, data in header.commands:
            if command.cmd == LC_BUILD_VERSION:
                minimum = body.minos
            elif command.cmd == LC_VERSION_MIN_MACOSX:
                minimum = body.version
            elif command.cmd == LC_ID_DYLIB:
                name = data.split(bytes(1))[0].decode()  # the name, without its padding
        if minimum is None:
            raise ValueError("no minimum macOS version")
        return cpu, minimum >> 16, (minimum >> 8) & 0xFF, name


def main(folder: Path) -> int:
    problems: list[str] = []
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    version = cargo["workspace"]["package"]["version"]
    sums = {}
    for line in (ROOT / "target" / "dist" / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, path = line.split(maxsplit=1)
        sums[path.removeprefix("./")] = digest
    wheels = sorted(folder.glob("*.whl"))
    found: dict[str, Path] = {}
    for wheel in wheels:
        match = re.fullmatch(rf"sharpapi_webhooks-{re.escape(version)}-py3-none-(.+)\.whl", wheel.name)
        if not match:
            problems.append(f"{wheel.name}: not sharpapi_webhooks-{version}-py3-none-<platform>.whl")
            continue
        platform = match.group(1)
        rids = [rid for rid, pattern in EXPECTED.items() if re.fullmatch(pattern, platform)]
        if len(rids) != 1:
            problems.append(f"{wheel.name}: {platform} is none of the seven platforms")
            continue
        rid = rids[0]
        if rid in found:
            problems.append(f"{wheel.name}: a second wheel for {rid} (besides {found[rid].name})")
        found[rid] = wheel
        problems += [f"{wheel.name}: {problem}" for problem in check_wheel(wheel, rid, platform, version, sums)]
    print("python wheels:")
    for rid in EXPECTED:
        print(f"  {rid:17} {found[rid].name if rid in found else 'MISSING'}")
    missing = [rid for rid in EXPECTED if rid not in found]
    if missing:
        problems.append(f"no wheel for {', '.join(missing)}")
    sdists = sorted(folder.glob("*.tar.gz"))
    if [s.name for s in sdists] != [f"sharpapi_webhooks-{version}.tar.gz"]:
        problems.append(f"expected one sdist sharpapi_webhooks-{version}.tar.gz, found {[s.name for s in sdists]}")
    else:
        with tarfile.open(sdists[0]) as sdist:
            names = set(sdist.getnames())
        prefix = f"sharpapi_webhooks-{version}/"
        for needed in ("pyproject.toml", "hatch_build.py", "PKG-INFO", "python/sharpapi_webhooks/_cabi.py",
                       "rust/Cargo.toml", "rust/Cargo.lock", "rust/core/src/lib.rs", "rust/bindings/ffi/src/lib.rs"):
            if prefix + needed not in names:
                problems.append(f"{sdists[0].name}: {needed} is missing")
        print(f"  sdist             {sdists[0].name} ({len(names)} files, with the Rust workspace in rust/)")
    for problem in problems:
        print(f"FAIL {problem}")
    good = len([rid for rid in found if not any(found[rid].name in problem for problem in problems)])
    print(f"python wheels: {good} passed, {len(problems)} failed (of the {len(EXPECTED)} platforms and the sdist)")
    return 1 if problems else 0


def check_wheel(wheel: Path, rid: str, platform: str, version: str, sums: dict[str, str]) -> list[str]:
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        wheel_file = archive.read(f"sharpapi_webhooks-{version}.dist-info/WHEEL").decode()
        metadata = archive.read(f"sharpapi_webhooks-{version}.dist-info/METADATA").decode()
        native = sorted(n for n in names if n.startswith("sharpapi_webhooks/_native/"))
        library = f"sharpapi_webhooks/_native/{library_name(rid)}"
        marker = archive.read("sharpapi_webhooks/_native/PLATFORM").decode().split() if native else []
        data = archive.read(library) if library in names else b""
    tags = sorted(re.findall(r"^Tag: (.+)$", wheel_file, re.M))
    if tags != sorted(f"py3-none-{p}" for p in platform.split(".")):
        problems.append(f"WHEEL's tags {tags} are not the file name's")
    if "Root-Is-Purelib: false" not in wheel_file:
        problems.append("WHEEL says pure Python")
    if f"\nVersion: {version}\n" not in metadata:
        problems.append(f"METADATA's version is not the workspace's {version}")
    if not MODULES <= {n.removeprefix("sharpapi_webhooks/") for n in names}:
        problems.append(f"modules missing: {sorted(MODULES - {n.removeprefix('sharpapi_webhooks/') for n in names})}")
    if native != sorted([library, "sharpapi_webhooks/_native/PLATFORM"]):
        problems.append(f"_native/ holds {native}, not just {library_name(rid)} and PLATFORM")
    if marker != [platform, rid]:
        problems.append(f"_native/PLATFORM says {marker}, not {platform} {rid}")
    if not data:
        return problems
    digest = hashlib.sha256(data).hexdigest()
    if rid.startswith("linux-musl-"):
        with tempfile.NamedTemporaryFile() as file:
            file.write(data)
            file.flush()
            dynamic = subprocess.run(["readelf", "-d", file.name], capture_output=True, text=True, check=True).stdout
        wanted = f"libc.musl-{'x86_64' if rid.endswith('x64') else 'aarch64'}.so.1"
        if re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic) != [wanted]:
            problems.append(f"the musl library needs {re.findall(r'NEEDED.*', dynamic)}, not just {wanted}")
    elif digest != sums.get(f"{rid}/{library_name(rid)}"):
        problems.append(f"the library is not target/dist/{rid}/{library_name(rid)} (SHA256SUMS)")
    if rid.startswith("linux"):
        show = subprocess.run(
            [str(Path(sys.executable).with_name("auditwheel")), "show", str(wheel)],
            capture_output=True, text=True,
        )  # fmt: skip
        consistent = re.search(r'consistent\s+with\s+the\s+following\s+platform\s+tag:\s+"([^"]+)"', show.stdout)
        first = platform.split(".")[0]
        if show.returncode or not consistent or consistent.group(1) != first:
            problems.append(f"auditwheel show does not find it consistent with {first}: {show.stdout}{show.stderr}")
        else:
            print(f"  auditwheel show: {wheel.name} is consistent with {consistent.group(1)}")
    if rid.startswith("osx"):
        cpu, major, minor, name = macos_minimum(data)
        tagged = re.fullmatch(EXPECTED[rid], platform)
        assert tagged
        rounded = (major + 1, 0) if major >= 11 and minor else (major, minor)
        if (tagged.group(1), tagged.group(2)) != tuple(map(str, rounded)) or cpu != ("x86_64" if rid == "osx-x64" else "arm64"):
            problems.append(f"macholib reads {cpu}, macOS {major}.{minor}: not {platform}")
        elif name != "@rpath/libsharpapi_webhooks.dylib":
            problems.append(f"the dylib's install name is {name!r}")
        else:
            print(f"  macholib: {wheel.name}: {cpu}, minimum macOS {major}.{minor}, install name {name}")
    return problems


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
