"""Grouping reports: near-duplicate copies and story clusters.

Pure, and deterministic given the order articles arrive in; the warehouse keeps what these
indexes need between runs (warehouse/clusters.py). `near_duplicates` finds syndicated copies and
light rewrites of one text (MinHash LSH over word shingles: `Signer`, `NearDuplicateIndex`);
`stories` groups reports about the same event (`StoryIndex`: weighted terms, cosine similarity,
a date window). Exact copies need neither: they share a content hash (tasks/normalise.py).
"""
