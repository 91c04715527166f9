"""The Saturation tab: what each added interview contributed, in interview order."""
