#!/usr/bin/env python3
"""Packs a .nuspec into a .nupkg as `nuget pack` does, where no NuGet client runs (Mono machines).

    pack.py NUSPEC OUT_DIR NAME=VALUE...   # writes OUT_DIR/<id>.<version>.nupkg, prints its path

Each $NAME$ token of the nuspec is replaced by its VALUE. Every <file src target> lands in its target
folder under its own name, src relative to the nuspec's folder. The package is a zip in NuGet's
layout: the nuspec at the root without its <files> list, and the Open Packaging Conventions parts
([Content_Types].xml, _rels/.rels) that NuGet clients read. The zip is the same for the same inputs.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries carry no build time, so a rebuild gives the same bytes
MANIFEST_RELATIONSHIP = "http://schemas.microsoft.com/packaging/2010/07/manifest"


def fill_tokens(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise SystemExit(f"pack: the nuspec uses ${name}$, which no NAME=VALUE gives")
        return values[name]

    return re.sub(r"\$(\w+)\$", value, text)


def content_types(extensions: set[str]) -> bytes:
    defaults = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />']
    defaults += [f'<Default Extension="{ext}" ContentType="application/octet" />' for ext in sorted(extensions)]
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(defaults) + "</Types>").encode()


def relationships(nuspec_name: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Type="{MANIFEST_RELATIONSHIP}" Target="/{nuspec_name}" Id="Rmanifest" />'
            "</Relationships>").encode()


def add(package: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    entry = zipfile.ZipInfo(name, FIXED_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = mode << 16
    package.writestr(entry, data)


def main() -> int:
    if len(sys.argv) < 3 or any("=" not in arg for arg in sys.argv[3:]):
        print(__doc__, file=sys.stderr)
        return 2
    nuspec_path, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    values = dict(arg.split("=", 1) for arg in sys.argv[3:])

    ElementTree.register_namespace("", "http://schemas.microsoft.com/packaging/2012/06/nuspec.xsd")
    root = ElementTree.fromstring(fill_tokens(nuspec_path.read_text("utf-8"), values))
    namespace = root.tag[: root.tag.index("}") + 1]
    metadata = root.find(f"{namespace}metadata")
    files = root.find(f"{namespace}files")
    if metadata is None or files is None:
        raise SystemExit(f"pack: {nuspec_path} needs <metadata> and <files>")
    package_id = metadata.findtext(f"{namespace}id")
    version = metadata.findtext(f"{namespace}version")
    if not package_id or not version:
        raise SystemExit(f"pack: {nuspec_path} needs an <id> and a <version>")

    entries: dict[str, Path] = {}
    for file in files.findall(f"{namespace}file"):
        source = nuspec_path.parent / file.get("src", "")
        if not source.is_file():
            raise SystemExit(f"pack: {source} is not a file")
        target = file.get("target", "").strip("/")
        name = f"{target}/{source.name}" if target else source.name
        if name in entries:
            raise SystemExit(f"pack: two files land at {name}")
        entries[name] = source
    root.remove(files)
    metadata.tail = "\n"

    nuspec_name = f"{package_id}.nuspec"
    extensions = {Path(name).suffix.lstrip(".").lower() for name in [nuspec_name, *entries]}
    if "" in extensions:
        raise SystemExit("pack: [Content_Types].xml types files by extension; every file needs one")
    out_dir.mkdir(parents=True, exist_ok=True)
    nupkg = out_dir / f"{package_id}.{version}.nupkg"
    with zipfile.ZipFile(nupkg, "w") as package:
        add(package, "_rels/.rels", relationships(nuspec_name))
        add(package, nuspec_name, ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))
        for name, source in sorted(entries.items()):
            add(package, name, source.read_bytes(), 0o755 if name.endswith((".so", ".dylib")) else 0o644)
        add(package, "[Content_Types].xml", content_types(extensions))
    print(nupkg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
