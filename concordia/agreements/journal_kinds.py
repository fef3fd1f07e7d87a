"""The journal kinds the agreements app appends (listed in docs/journal.md)."""

APP = "agreements"
