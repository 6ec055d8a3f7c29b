-- The catalogue is small and config-owned: replaced whole whenever facts are re-extracted.
DELETE FROM entities;
INSERT INTO entities (entity_id, name, type, aliases)
SELECT entity_id, name, type, aliases FROM batch_entities;
