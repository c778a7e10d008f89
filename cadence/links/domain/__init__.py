"""The UTM builder's pure rules: the naming rule, the campaign URL, and GA4's default channel grouping."""
