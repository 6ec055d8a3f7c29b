-- Every table and view an analyst can query, in a stable order; bookkeeping tables left out.
SELECT table_name, table_type
FROM information_schema.tables
WHERE table_schema = 'main' AND table_name NOT IN ('schema_migrations')
ORDER BY table_type DESC, table_name;
