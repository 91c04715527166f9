"""The start page: shown when the app opens with no study to reopen."""
