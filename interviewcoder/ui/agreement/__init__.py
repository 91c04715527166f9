"""The Agreement tab: inter-coder agreement per code, and the Disagreements view."""
