"""Pure pipeline logic: no Prefect, no DuckDB. Each module is one stage or one helper."""
