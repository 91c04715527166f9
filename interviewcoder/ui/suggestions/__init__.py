"""The Suggestions wing: spaCy's proposals to accept or reject, and training."""
