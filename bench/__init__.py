"""CloudMart benchmarks (`make bench`): figures, not tests; see bench/README.md."""
