"""Readers that turn files into plain parsed values (``ParsedTranscript`` / ``ParsedSurvey``).

One module per format; ``registry`` lists them and picks one for a file.
"""
