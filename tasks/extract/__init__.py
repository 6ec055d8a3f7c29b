"""Extraction: one input's bytes to text, before any cleaning.

Pure functions, no I/O. `decode` turns bytes into text (`decode_bytes`: BOMs, declared and sniffed
charsets, `DecodeError` when nothing fits); `html` takes an HTML page's article body and metadata
out with trafilatura (`extract_html`, `declared_charset`); `layout` reads the page's structure for
what trafilatura leaves in or out (split bodies, teaser lists, credit lines, embedded posts);
`language` names the text's language (`detect_language`, py3langid, no download).
"""
