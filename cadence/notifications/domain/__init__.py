"""The notifications' pure rules: the kinds with their default delivery, and who an event is for."""
