-- By name: batch_facts carries exactly the table's columns (its schema is generated from the
-- Fact record, warehouse/arrow.py), so a new column needs no edit here.
INSERT INTO facts BY NAME
SELECT * FROM batch_facts
ON CONFLICT DO NOTHING;
