"""The committee's year in Word: the naming decision, the assessment bulletin, the members'
ballot with the supervision group's tally sheet and its import."""
