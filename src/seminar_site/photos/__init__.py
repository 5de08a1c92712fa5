"""Photo renditions: the pure plan, the one side-effecting function per photo, the cached stage."""
