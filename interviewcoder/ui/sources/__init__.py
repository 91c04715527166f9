"""The Sources wing: the sources dock and its tree model."""
