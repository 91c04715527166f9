"""The Search dock: full-text search over every source."""
