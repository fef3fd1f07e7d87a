"""Decisions of a body: proposals put in a meeting or in a written procedure, votes counted per
partner (or per seat, or per person) under the body's decision rule, the outcome computed by
pure rules and journaled, and the alliance's decisions register."""
