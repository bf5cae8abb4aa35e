#!/usr/bin/env python3
"""Trunk's post-build hook: finishes dist/ in order (Trunk runs separate hooks of one stage at
the same time, and each step here needs the files the one before wrote).

  split.py  release only: the wasm cut into a first load and chunks fetched on first use
  csp.py    the Content-Security-Policy, with the hash of Trunk's inline bootstrap script
  pwa.py    release only: the service worker, listing every file of the finished dist/
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for step in ("split.py", "csp.py", "pwa.py"):
    script = HERE / step
    if not script.exists():
        continue
    status = subprocess.run([sys.executable, str(script)]).returncode
    if status != 0:
        sys.exit(f"post_build.py: {step} failed (status {status})")
