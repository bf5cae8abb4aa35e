#!/usr/bin/env python3
"""Trunk post-build hook: writes the Content-Security-Policy into the built index.html.

Trunk starts the app with an inline <script type="module"> whose text names the hashed file
names of this build, so the policy can only be written after the build: this hook hashes every
inline script (SHA-256, as CSP Level 3 compares them) and puts a <meta http-equiv> policy at the
top of <head>, before anything it governs. A meta policy travels with the static files to any
CDN, which may add no headers at all.

What the page may do:
  script-src  its own files, the hashed bootstrap, and WebAssembly compilation
  style-src   its own stylesheet (no inline style attributes or <style> elements)
  connect-src its own origin (the .wasm files: the first load and its chunks) and MQTT over ws:/wss:
  worker-src  its own files: the service worker sw.js (scripts/pwa.py)
  manifest-src its own files: manifest.webmanifest
  img-src     its own files: the icons the page links (its tab icon, apple-touch-icon)
  everything else (other images, fonts, frames, objects, <base>, forms) is refused.
"""
import base64
import hashlib
import os
import re
import sys

POLICY = (
    "default-src 'none'; "
    "script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self'; "
    "connect-src 'self' ws: wss:; "
    "worker-src 'self'; "
    "manifest-src 'self'; "
    "img-src 'self'; "
    "base-uri 'none'; "
    "form-action 'none'"
)

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
OLD_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def policy_for(html: str) -> str:
    scripts = INLINE_SCRIPT.findall(html)
    if not scripts:
        sys.exit("csp.py: the built index.html has no inline bootstrap script; has Trunk changed?")
    hashes = sorted(
        {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
         for s in scripts}
    )
    return POLICY.format(hashes=" ".join(hashes))


def with_policy(html: str) -> str:
    html = OLD_META.sub("", html)
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}" />'
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        sys.exit("csp.py: the built index.html has no <head>")
    return html[: anchor.end()] + meta + html[anchor.end():]


def main() -> None:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    path = sys.argv[1] if len(sys.argv) > 1 else staging and os.path.join(staging, "index.html")
    if not path:
        sys.exit("csp.py: run as a Trunk hook (TRUNK_STAGING_DIR) or pass the index.html path")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(with_policy(html))


if __name__ == "__main__":
    main()
