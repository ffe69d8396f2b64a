"""Small shared helpers: typed environment, problem JSON, hashing, navigation."""
