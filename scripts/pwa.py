#!/usr/bin/env python3
"""Trunk post-build hook, the last one: writes the service worker dist/sw.js (release only).

The worker precaches every file of the build, so the app opens offline after a first visit,
and names its cache by a version that hashes every byte of the build: any change to any file
(the wasm, a chunk that scripts/split.py wrote, the CSP that scripts/csp.py put into
index.html) makes a new sw.js, which browsers notice and install beside the running version.
The page then offers "A new version is ready" (src/ui/update.rs). Debug builds get no worker:
nothing from `trunk serve` is ever cached.

Runs with the project root as the working directory. Trunk sets TRUNK_STAGING_DIR (the dist/
being built) and TRUNK_PROFILE (debug or release). By hand, on a copy of a built dist/:
    python3 scripts/pwa.py /tmp/pwa-dist
which writes the worker whatever the profile.
"""
import hashlib
import json
import os
import sys
import urllib.parse

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "static", "sw.js.in")
WORKER = "sw.js"


def files_of(dist: str) -> list[str]:
    """Every file of `dist` as a relative URL path, sorted, except the worker itself.

    Dot files (editor or OS litter) are left out: many CDNs refuse to serve them, and one
    missing file fails the whole install.
    """
    found = []
    for root, dirs, files in os.walk(dist):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            rel = os.path.relpath(os.path.join(root, name), dist).replace(os.sep, "/")
            if rel != WORKER:
                found.append(rel)
    return sorted(found)


def version_of(dist: str, files: list[str], template: bytes) -> str:
    """A hash of the template and of every file's name and bytes."""
    digest = hashlib.sha256(template)
    for rel in files:
        with open(os.path.join(dist, rel), "rb") as f:
            body = f.read()
        digest.update(f"\0{rel}\0{len(body)}\0".encode("utf-8"))
        digest.update(body)
    return digest.hexdigest()[:20]


def worker(template: str, version: str, files: list[str]) -> str:
    for mark in ("@VERSION@", "@FILES@"):
        if mark not in template:
            sys.exit(f"pwa.py: {TEMPLATE} lost its {mark} mark")
    # "./" is the page itself, as navigations ask for it.
    urls = ["./"] + [urllib.parse.quote(rel) for rel in files]
    return template.replace("@VERSION@", version).replace("@FILES@", json.dumps(urls, indent=2))


def main() -> None:
    if len(sys.argv) > 1:
        dist = sys.argv[1]
    else:
        dist = os.environ.get("TRUNK_STAGING_DIR")
        if not dist:
            sys.exit("pwa.py: run as a Trunk hook (TRUNK_STAGING_DIR) or pass the dist directory")
        if os.environ.get("TRUNK_PROFILE") != "release":
            return
    if not os.path.isfile(os.path.join(dist, "index.html")):
        sys.exit(f"pwa.py: {dist} holds no index.html; is it a built dist?")
    with open(TEMPLATE, "rb") as f:
        template = f.read()
    files = files_of(dist)
    text = worker(template.decode("utf-8"), version_of(dist, files, template), files)
    with open(os.path.join(dist, WORKER), "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
