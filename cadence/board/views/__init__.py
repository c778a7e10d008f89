"""Board screens, split by feature."""
