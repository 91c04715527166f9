"""Use cases the CLI and the GUI call: each one transaction, each returning what changed."""
