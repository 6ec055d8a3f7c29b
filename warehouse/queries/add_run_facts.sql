UPDATE runs SET facts = facts + $facts WHERE run_id = $run_id;
