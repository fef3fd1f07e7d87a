"""The escalation ladder: bottlenecks raised by anyone with a role, a horizontal attempt between
the people concerned first, then rungs up to the coordinators, the key alliance manager, the
board and an optional top rung, each with an owner and a response deadline."""
