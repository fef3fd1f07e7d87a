"""A journal line about a bottleneck says where it stands: the rung and, when it was raised,
the partners it stands between (a bottleneck that is not alliance-wide keeps its title out)."""

from django.utils import translation

from concordia.escalations.journal_kinds import describe_bottleneck


def test_a_raised_bottleneck_names_its_rung_and_partners_not_its_title():
    payload = {"bottleneck_id": 6, "alliance_wide": False, "rung": "horizontal",
               "partners": ["Pension Provider", "Social Security Agency"]}
    with translation.override("en"):
        line = describe_bottleneck(payload)
    assert line.startswith("#6 — ")
    assert line.endswith(" (Pension Provider, Social Security Agency)")


def test_an_entry_without_partners_reads_as_before():
    with translation.override("en"):
        line = describe_bottleneck({"bottleneck_id": 6, "rung": "horizontal"})
    assert "(" not in line


def test_a_horizontal_attempt_that_failed_reads_in_dutch():
    with translation.override("nl"):
        line = describe_bottleneck({"bottleneck_id": 6, "rung": "horizontal",
                                    "resolved": False})
    assert line.endswith(" (niet opgelost)")
