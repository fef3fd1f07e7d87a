"""The journal kinds the escalations app appends (listed in docs/journal.md)."""

APP = "escalations"
