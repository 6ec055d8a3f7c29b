"""The DuckDB warehouse: schema migrations, views and batch loads. SQL lives in .sql files here."""
