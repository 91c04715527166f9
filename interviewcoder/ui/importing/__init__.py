"""The Importing wing: the import dialog, its worker, and the study's menu actions."""
