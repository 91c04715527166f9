"""The Map tab: the journey map drawn from the evidence, its export, and the saturation view."""
