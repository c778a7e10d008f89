"""The reports' pure rules (no Django): when a month's report goes out (``schedule``: the N-th working day),
what a draft narrative says (``narrative``: facts as codes and params, worded by the services) and what a
logo upload is (``logo``: the type read from its first bytes)."""
