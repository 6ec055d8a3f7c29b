"""Write the 1.0.1 extractor's facts on the dev articles (run at commit d03c5bd, from the repo
root: the extractor API it calls is that commit's)."""

import gzip
import json
from pathlib import Path

from tasks.facts import extract_facts, load_entity_catalog

split = json.loads(Path("tests/fixtures/facts/split.json").read_text())
with gzip.open("tests/fixtures/article-extraction/ground-truth.json.gz", "rt") as fh:
    bodies = json.load(fh)
catalog = load_entity_catalog()
with open("bench/facts_baselines/extractor-1.0.1-dev.jsonl", "w") as out:
    for article_id in split["dev"]:
        found = extract_facts(bodies[article_id]["articleBody"], published_at=None, catalog=catalog)
        facts = []
        for f in found.facts:
            if f.kind == "date":
                continue
            number = f.kind == "count"
            facts.append(
                {
                    "kind": f.kind,
                    "text": f.text,
                    "start_char": f.start_char,
                    "end_char": f.end_char,
                    "value": float(f.value) if number and f.value else None,
                    "value_max": float(f.value_max) if number and f.value_max else None,
                    "qualifier": f.qualifier,
                    "unit": f.unit,
                    "subject": f.subject_key,
                    "predicate": f.predicate,
                    "source": f.source,
                }
            )
        out.write(json.dumps({"id": article_id, "facts": facts}) + "\n")
