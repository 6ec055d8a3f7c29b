SELECT origin, size, mtime_ns, next_offset, complete FROM archive_progress;
