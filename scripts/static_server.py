"""Serves a directory on 127.0.0.1 with the right MIME types for what the page needs: .wasm
(Python 3.11's table lacks it, and browsers then fall back to a slower, warned-about
instantiation), .js (a service worker, sw.js, is refused unless it comes as JavaScript, and a
system's mime.types may say otherwise) and the web app manifest.

Usage: python3 scripts/static_server.py PORT DIRECTORY
"""
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
        ".png": "image/png",
    }

    def end_headers(self):
        # Always fetch fresh files while developing; a CDN sets its own policy.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    handler = functools.partial(Handler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
