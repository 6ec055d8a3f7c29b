"""Pipeline logic without Prefect or DuckDB, one package per stage.

Stages, in the order an article meets them:
- `inputs/`: finding input files, reading web archives, news-database exports and manifests, and
  the raw store of every input's bytes (file-system I/O);
- `fetch/`: all network I/O (the SSRF-guarded httpx client, politeness and robots.txt, fetching,
  feed and sitemap discovery) plus URL canonicalisation, the key fetched pages dedupe on;
- `extract/`: bytes to text (decoding, HTML extraction and layout, language);
- `clean/`: the article located in a page dump and the chrome cleaned off it;
- `dedupe/`: near-duplicate copies and story clusters;
- `facts/`: facts, quotes and entities read from a cleaned body with spaCy (loads its model from
  the installed package).

`extract/`, `clean/` and `dedupe/` do no I/O beyond reading their own word lists (package data in
`data/`, `clean/text/words.toml`). Only `fetch/` touches the network; `inputs/` and the batch
modules below read and write files.

Shared by several stages, so they stay at the top: `records` (the typed frozen records the stages
hand each other, one definition each), `dates` (the one date grammar), `normalise` (text folding
and the content hash), `topic` (is an article about the followed story?) and `data/` (word lists).

One batch across the stages, also at the top because each spans several packages: `process`
(one input's bytes to an Article or a Reject: decode, extract, locate, clean, hash; shared by
files, archives, exports and fetched pages), `batch` (a batch of input files, reading them and
keeping their raw bytes), `pages` (a batch of fetched pages, with their fetch records and the topic
filter) and `reprocess` (stored inputs cleaned and extracted again from their raw bytes).
"""
