#!/usr/bin/env python3
"""Lists every package's platforms, from the built packages themselves, and fails on a gap.

For each package the seven platforms (NuGet's RIDs) are looked up in what a user gets: the C
archives' names, the wheels' tags, the npm tarball's prebuilds/ and its os/cpu fields, the
nupkg's runtimes/, the jar's JNA resource folders, the PHP package's native/ folders, and the
Swift package's generated/lib/ (Linux only: SwiftPM links the library of the machine it builds
on). Run scripts/build_packages.sh first.

    python3 scripts/list_platforms.py
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RIDS = ["linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64",
        "win-x64"]
WHEEL_TAGS = {
    "manylinux_2_17_x86_64": "linux-x64", "manylinux_2_17_aarch64": "linux-arm64",
    "musllinux_1_2_x86_64": "linux-musl-x64", "musllinux_1_2_aarch64": "linux-musl-arm64",
    "x86_64": "osx-x64", "arm64": "osx-arm64", "win_amd64": "win-x64",
}
JNA_FOLDERS = {
    "linux-x86-64": "linux-x64", "linux-aarch64": "linux-arm64",
    "linux-musl-x86-64": "linux-musl-x64", "linux-musl-aarch64": "linux-musl-arm64",
    "darwin-x86-64": "osx-x64", "darwin-aarch64": "osx-arm64", "win32-x86-64": "win-x64",
}
LIBRARY = re.compile(r"(lib)?sharpapi_webhooks\.(so|dylib|dll)$")


def one(pattern: str) -> Path:
    found = sorted(ROOT.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"list_platforms: expected one {pattern}, found {len(found)} "
                         "(run scripts/build_packages.sh)")
    return found[0]


def c_archives() -> dict[str, str]:
    found = {}
    for path in (ROOT / "target" / "release").glob("sharpapi-webhooks-c-*-*.*"):
        for rid in RIDS:
            if path.name.endswith(f"-{rid}.tar.gz") or path.name.endswith(f"-{rid}.zip"):
                found[rid] = path.name
    return found


def wheels() -> dict[str, str]:
    found = {}
    for path in (ROOT / "target" / "python" / "wheels").glob("*.whl"):
        platform_tag = path.stem.split("-")[-1]
        for tag in platform_tag.split("."):
            key = tag.removeprefix("macosx_").split("_", 2)[-1] if tag.startswith("macosx_") else tag
            if key in WHEEL_TAGS:
                found[WHEEL_TAGS[key]] = platform_tag
    return found


def npm() -> dict[str, str]:
    tarball = one("target/node/sharpapi-webhooks-*.tgz")
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
    fields = f"os {','.join(manifest['os'])}; cpu {','.join(manifest['cpu'])}"
    return {rid: f"prebuilds/{rid} ({fields})" for rid in RIDS
            if any(name.startswith(f"package/prebuilds/{rid}/") and LIBRARY.search(name)
                   for name in names)}


def nuget() -> dict[str, str]:
    with zipfile.ZipFile(one("target/dotnet/SharpApi.Webhooks.*.nupkg")) as archive:
        names = archive.namelist()
    return {rid: f"runtimes/{rid}/native" for rid in RIDS
            if any(name.startswith(f"runtimes/{rid}/native/") and LIBRARY.search(name)
                   for name in names)}


def jar() -> dict[str, str]:
    with zipfile.ZipFile(one("bindings/kotlin/target/sharpapi-webhooks-*[0-9].jar")) as archive:
        names = archive.namelist()
    return {rid: f"{folder}/" for folder, rid in JNA_FOLDERS.items()
            if any(name.startswith(f"{folder}/") and LIBRARY.search(name) for name in names)}


def folders(base: str) -> dict[str, str]:
    root = ROOT / base
    return {rid: f"{base}/{rid}" for rid in RIDS
            if root.is_dir() and any(LIBRARY.search(p.name) for p in (root / rid).glob("*"))}


def main() -> int:
    packages = {
        "C archives": (c_archives(), RIDS),
        "Python wheels": (wheels(), RIDS),
        "npm package": (npm(), RIDS),
        "NuGet package": (nuget(), RIDS),
        "JVM jar": (jar(), RIDS),
        "PHP package": (folders("bindings/php/native"), RIDS),
        "Swift package": (folders("bindings/swift/generated/lib"), ["linux-x64", "linux-arm64"]),
    }
    missing = []
    for package, (found, wanted) in packages.items():
        print(f"{package}:")
        for rid in wanted:
            where = found.get(rid)
            print(f"  {rid:<17} {where or 'MISSING'}")
            if where is None:
                missing.append(f"{package}: {rid}")
    for gap in missing:
        print(f"FAIL {gap}")
    print(f"platforms: {len(packages)} packages, {len(missing)} platforms missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
