"""The journal's labels for a new objective, values statement or definition say what it is: a
proposal (docs/decisions/0011), not a draft. The stored kinds keep their keys (sealed entries
name them); only the label, which the registry supplies at display time, reads "proposed"."""

import pytest
from django.utils import translation

from concordia.journal import registry

PROPOSALS = {
    "ObjectiveDrafted": ("Objective proposed", "Doelstelling voorgesteld"),
    "ValuesDrafted": ("Values statement proposed", "Waardenverklaring voorgesteld"),
    "DefinitionProposed": ("Definition proposed", "Definitie voorgesteld"),
}


@pytest.mark.parametrize(("kind", "labels"), PROPOSALS.items())
def test_a_new_version_is_journaled_as_a_proposal_in_both_languages(kind, labels):
    english, dutch = labels
    with translation.override("en"):
        assert str(registry.get(kind).label) == english
    with translation.override("nl"):
        assert str(registry.get(kind).label) == dutch


def test_no_design_label_calls_a_proposal_a_draft():
    with translation.override("en"):
        labels = [str(k.label) for k in registry.kinds() if k.app == "design"]
    assert labels
    assert not [label for label in labels if "drafted" in label.lower()]
