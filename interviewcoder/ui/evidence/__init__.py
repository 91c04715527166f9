"""The Evidence wing: evidence, matrix and paths views, recomputed off the UI thread."""
