"""The points ledger in Word: the monthly declaration and review form (generated, filled in,
imported back as `points/YYYY-MM.yaml`) and the year's grading table."""
