return 0; // Replaced by the runtime benchmarks (issue 2).
