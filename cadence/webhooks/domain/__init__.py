"""The outgoing webhooks' pure rules: signing and verifying a delivery, the retry schedule, which URLs and
addresses an endpoint may name (no Django, no network)."""
