"""spaCy assistance: sentence snapping, pattern and learned suggestions, NER for redaction.

Nothing here imports spaCy at import time: the GUI imports this package at start-up, and spaCy
takes about a second to load. Each module imports it inside the functions that need it.
"""
