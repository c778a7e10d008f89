"""The budget of an engagement (seed 002's template): lines by category and channel, planned and actual
amounts month by month, actuals kept per source (manual, imported)."""
