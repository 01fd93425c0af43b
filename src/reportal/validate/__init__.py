"""2 Validation: every check returns list[Issue] and never raises for bad input."""
