"""What tests/ and bench/ share, and the product does not ship as a pipeline stage.

The labelled-set scorer behind `newsfacts eval-facts` (evaluate), the benchmark's ground truth
(benchmark), the extraction benchmark's shingle scorer (shingle_score), a real loopback HTTP
server (http_server), a real Prefect server on a free port (prefect_server), the processes below
a process (processes), WARC and article-file writers (warc, articles, corpus). Nothing under
tasks/, flows/ or warehouse/ imports it, except the CLI's eval-facts command; the fixtures it
reads stay under tests/fixtures/, named here.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SEEDS_DIR = REPO_ROOT / "seeds"
