"""The Reader wing: one source laid out with its highlights, find, sentence snapping."""
