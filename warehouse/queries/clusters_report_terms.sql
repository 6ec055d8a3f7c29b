SELECT term, reports FROM report_terms;
