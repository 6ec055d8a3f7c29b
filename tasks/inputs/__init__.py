"""Inputs: finding input files and reading the ones that hold many articles or describe them.

Reads the local file system, nothing from the network. `files` finds input files under a folder
in a stable order and accounts for each (`discover_files`, `unsupported_reason`); `warc` reads web
archives, `nexis` news-database exports and `manifest` metadata manifests; `raw_store` keeps every
input's raw bytes, content-addressed beside the warehouse, so `newsfacts run --reprocess` can work
without the original files (`put_raw`, `get_raw`).
"""
