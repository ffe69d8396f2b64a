"""A Django site for the benchmarks: Lytt itself plus one bare baseline view."""
