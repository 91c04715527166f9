"""The Coding wing: coding actions, the quick picker, the quote editor."""
