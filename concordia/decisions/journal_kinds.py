"""The journal kinds the decisions app appends (listed in docs/journal.md)."""

APP = "decisions"
