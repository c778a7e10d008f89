"""The budget's pure rules (no Django): the advertising rollover (``rollover``) and the totals and
variances by category and month (``totals``)."""
