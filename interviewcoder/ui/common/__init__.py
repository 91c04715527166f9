"""What every wing shares: the open study's session, settings, cached study facts, swatches."""
