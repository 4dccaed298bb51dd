#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from tests/vectors/*.json.

tests/fuzz/corpus/<target>/seed-<n> for parse, verify, headers and c_abi, in each target's input
framing (fields separated by the two bytes FF FE; see tests/fuzz/src/lib.rs). The corpus is made
at run time and not committed: it follows the vectors, and libFuzzer adds its own finds beside it.
"""
import base64
import glob
import json
import os
import sys

SEP = b"\xff\xfe"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def text(value):
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else b""


def vectors():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "*.json"))):
        with open(path, encoding="utf-8") as file:
            yield from json.load(file)["vectors"]


def seeds():
    out = {"parse": [], "verify": [], "headers": [], "c_abi": []}
    for vector in vectors():
        body = base64.b64decode(vector["body_base64"]) if "body_base64" in vector else text(vector.get("body"))
        secrets = [text(s) for s in vector.get("secrets") or []]
        signature = text(vector.get("signature"))
        headers = [(text(n), text(v)) for n, v in vector.get("headers") or []]
        out["parse"].append(body)
        first = secrets[:1] or [b""]
        out["verify"].append(SEP.join([b"\x01", body, first[0], signature]))
        out["verify"].append(SEP.join([b"\x02", body, first[0], b""]))
        if len(secrets) > 1:
            out["verify"].append(SEP.join([b"\x05", body, secrets[0], secrets[1], signature]))
            out["verify"].append(SEP.join([b"\x0e", body, secrets[0], secrets[1], b"\x04\x02"]))
        if headers:
            out["headers"].append(SEP.join(part for pair in headers for part in pair))
        count = min(len(secrets), 3)
        header_parts = [part for pair in headers for part in pair]
        for flags in (0x00, 0x80):
            control = bytes([flags, 0, 0, count, 0, 0, 0, 65])
            out["c_abi"].append(SEP.join([control, body, *secrets[:count], signature, *header_parts]))
    return out


def main():
    corpus = os.path.join(ROOT, "tests", "fuzz", "corpus")
    total = 0
    for target, inputs in seeds().items():
        folder = os.path.join(corpus, target)
        os.makedirs(folder, exist_ok=True)
        for number, data in enumerate(dict.fromkeys(inputs)):
            with open(os.path.join(folder, f"seed-{number:03}"), "wb") as file:
                file.write(data)
            total += 1
    print(f"seeds: {total} inputs from tests/vectors in tests/fuzz/corpus/", file=sys.stderr)


if __name__ == "__main__":
    main()
