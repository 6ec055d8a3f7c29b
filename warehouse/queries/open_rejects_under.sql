-- Origins still listed in latest_rejects that lie in a folder (or are that folder / file).
SELECT origin FROM latest_rejects WHERE origin = $root OR starts_with(origin, $prefix);
