// Entry point of the `rugged` command (replaced by the full CLI).
process.exitCode = 0;
