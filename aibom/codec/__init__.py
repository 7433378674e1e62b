"""Codecs: bytes on the wire ↔ the JSON-shaped document dict."""
