"""REFI-QDA exchange in the app: File → Export → REFI-QDA project / codebook."""
