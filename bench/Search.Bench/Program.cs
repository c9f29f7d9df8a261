return 0; // Replaced by the search benchmarks (issue 3).
