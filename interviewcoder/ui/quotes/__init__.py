"""The Quotes wing: the quotes dock and its table model."""
