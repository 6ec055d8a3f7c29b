SELECT origin, size, mtime_ns, bytes_sha256 FROM inputs;
