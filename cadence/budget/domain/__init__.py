"""The budget's pure rules: the advertising rollover, totals and variances. No Django imports."""
