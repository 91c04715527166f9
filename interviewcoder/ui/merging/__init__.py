"""File → Merge study…: a coder's study into the open one."""
