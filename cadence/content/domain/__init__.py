"""The content calendar's pure rules: channels and their limits, the post workflow, the posting-frequency
plan's slots and the scheduler CSV formats. No Django imports."""
