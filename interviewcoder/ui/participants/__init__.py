"""The Participants wing: the people table and each source's speaker mapping."""
