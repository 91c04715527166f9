"""interviewcoder: code interviews and survey answers to journey evidence."""

__version__ = "0.1.0"
