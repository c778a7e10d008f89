"""The comments' plain rules: mention tokens, excerpts, the edit window (no Django)."""
