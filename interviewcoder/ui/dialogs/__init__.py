"""Small stand-alone dialogs (new study)."""
