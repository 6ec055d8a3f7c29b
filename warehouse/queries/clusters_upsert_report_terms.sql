INSERT INTO report_terms (term, reports)
SELECT term, reports FROM cl_report_terms
ON CONFLICT (term) DO UPDATE SET reports = excluded.reports;
