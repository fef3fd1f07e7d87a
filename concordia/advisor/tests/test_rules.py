"""The advisor's rules: pure, no database."""

import dataclasses

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from concordia.advisor import rules
from concordia.advisor.choices import Direction, Duration, Intensity, Scope
from concordia.handbook.catalogue import FORM_CONTINUUM, CollaborationForm

F = CollaborationForm


def answers(**changes):
    """A neutral starting point: moderate, supporting, separable, medium, one-way, all no."""
    base = rules.Answers(
        intensity=Intensity.MODERATE, scope=Scope.SUPPORTING, separable=True,
        duration=Duration.MEDIUM, direction=Direction.ONE_WAY, shared_ownership_wanted=False,
        public_sector_constraints=False, product_unambiguous=False, predictable_future=False)
    return dataclasses.replace(base, **changes)


def scores(advice):
    return {item.form: item.score for item in advice.ranking}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- the cases of the domain -----------------------------------------------------------------


def test_wage_tax_case_is_an_alliance_with_covenants_in_front_and_supply_at_the_back():
    advice = rules.advise(rules.WAGE_TAX_CASE)

    assert advice.form == F.ALLIANCE
    assert (advice.score, advice.fit) == (100, rules.Fit.GOOD)
    assert [c.code for c in advice.met] == [
        "intensive", "core_sub_area", "inseparable", "joint_responsibility", "long_term",
        "independence_kept", "dynamic_environment"]
    assert advice.unmet == ()
    assert advice.combination is not None
    assert [(layer.position, layer.form) for layer in advice.combination.layers] == [
        (rules.Position.FRONT, F.COVENANT), (rules.Position.CORE, F.ALLIANCE),
        (rules.Position.BACK, F.CUSTOMER_SUPPLIER)]
    assert str(advice.combination.layers[1].text) == (
        "Alliance at the core, for the partners who share responsibility towards the end users.")
    assert [n.code for n in advice.notes] == ["public_sector_rules_out"]
    assert str(advice.summary) == "Best fit: Alliance. It meets 7 of its 7 conditions."
    assert scores(advice) == {F.ALLIANCE: 100, F.COVENANT: 33, F.SHARED_SERVICE_CENTRE: 29,
                              F.CUSTOMER_SUPPLIER: 12, F.JOINT_VENTURE: 0, F.MERGER: 0}


def test_goodwill_declaration_outside_core_activities_is_a_covenant():
    advice = rules.advise(answers(intensity=Intensity.LIGHT, scope=Scope.OUTSIDE_CORE,
                                  duration=Duration.SHORT, direction=Direction.JOINT))

    assert advice.form == F.COVENANT
    assert advice.score == 100
    assert [c.code for c in advice.met] == [
        "goodwill_intent", "outside_core", "no_defined_product", "no_shared_ownership"]
    assert advice.combination is None  # a covenant is no core of joint responsibility


def test_one_way_unambiguous_supply_with_predictable_future_is_customer_supplier():
    advice = rules.advise(answers(intensity=Intensity.LIGHT, scope=Scope.OUTSIDE_CORE,
                                  product_unambiguous=True, predictable_future=True))

    assert advice.form == F.CUSTOMER_SUPPLIER
    assert advice.score == 100
    assert advice.ranking[1].form == F.COVENANT
    assert [c.code for c in advice.ranking[1].unmet] == ["no_defined_product"]


def test_equal_scores_go_to_the_lighter_form_and_are_called_close():
    # Outsourcing supporting work fits as well as bundling it: advise the lighter form.
    advice = rules.advise(answers(product_unambiguous=True, predictable_future=True))

    assert [(i.form, i.score) for i in advice.ranking[:2]] == [
        (F.CUSTOMER_SUPPLIER, 100), (F.SHARED_SERVICE_CENTRE, 100)]
    assert [n.code for n in advice.notes] == ["close_call"]
    assert str(advice.notes[0].text) == (
        "Shared service centre comes close with a score of 100: weigh both before you choose.")


def test_separable_supporting_processes_are_a_shared_service_centre():
    advice = rules.advise(answers(duration=Duration.LONG, direction=Direction.JOINT))

    assert advice.form == F.SHARED_SERVICE_CENTRE
    assert advice.score == 100
    assert [c.code for c in advice.met] == [
        "supporting_processes", "separable", "enough_to_bundle", "lasting"]


NEW_BUSINESS = {"intensity": Intensity.INTENSIVE, "scope": Scope.PART_OF_CORE,
                "separable": True, "duration": Duration.LONG, "direction": Direction.JOINT,
                "shared_ownership_wanted": True}


def test_separable_new_business_with_shared_ownership_is_a_joint_venture():
    advice = rules.advise(answers(**NEW_BUSINESS))

    assert advice.form == F.JOINT_VENTURE
    assert scores(advice)[F.JOINT_VENTURE] == 100
    assert advice.notes == ()


def test_public_sector_constraints_rule_the_joint_venture_out():
    advice = rules.advise(answers(**NEW_BUSINESS, public_sector_constraints=True))

    assert advice.form == F.ALLIANCE
    assert advice.fit == rules.Fit.PARTIAL
    joint_venture = next(i for i in advice.ranking if i.form == F.JOINT_VENTURE)
    assert (joint_venture.score, joint_venture.ruled_out) == (0, True)
    assert [c.code for c in joint_venture.unmet] == ["no_public_constraints"]
    assert [i.form for i in advice.ranking[-2:]] == [F.JOINT_VENTURE, F.MERGER]
    assert [n.code for n in advice.notes] == ["public_sector_rules_out"]
    assert "minister" in str(advice.notes[0].text)


MOST_OF_CORE = {"intensity": Intensity.INTENSIVE, "scope": Scope.MOST_OF_CORE,
                "separable": False, "duration": Duration.LONG, "direction": Direction.JOINT,
                "shared_ownership_wanted": True}


def test_most_core_activities_overlapping_is_a_merger():
    advice = rules.advise(answers(**MOST_OF_CORE))

    assert advice.form == F.MERGER
    assert scores(advice)[F.MERGER] == 100


def test_most_core_activities_overlapping_under_public_constraints_is_no_merger():
    advice = rules.advise(answers(**MOST_OF_CORE, public_sector_constraints=True))

    assert advice.form == F.ALLIANCE
    assert scores(advice)[F.MERGER] == 0


# --- the combination rule --------------------------------------------------------------------


@pytest.mark.parametrize(("goodwill", "receiving", "layers"), [
    (True, False, [F.COVENANT, F.ALLIANCE]),
    (False, True, [F.ALLIANCE, F.CUSTOMER_SUPPLIER]),
    (False, False, None),
])
def test_combination_layers_follow_the_parties_named(goodwill, receiving, layers):
    advice = rules.advise(dataclasses.replace(
        rules.WAGE_TAX_CASE, goodwill_parties=goodwill, receiving_parties=receiving))

    assert advice.form == F.ALLIANCE
    found = [la.form for la in advice.combination.layers] if advice.combination else None
    assert found == layers


def test_no_combination_without_joint_responsibility():
    advice = rules.advise(dataclasses.replace(
        rules.WAGE_TAX_CASE, direction=Direction.ONE_WAY))

    assert advice.form == F.ALLIANCE  # still the best fit, but not one of shared responsibility
    assert advice.combination is None


def test_combination_around_a_joint_venture_names_it_at_the_core():
    advice = rules.advise(answers(**NEW_BUSINESS, receiving_parties=True))

    assert advice.form == F.JOINT_VENTURE
    assert advice.combination is not None
    assert [la.form for la in advice.combination.layers] == [
        F.JOINT_VENTURE, F.CUSTOMER_SUPPLIER]


# --- fit, texts, snapshots -------------------------------------------------------------------


def test_poor_fit_says_no_form_fits_well():
    # Light yet most of the core, separable, short, joint, shared ownership, public
    # constraints, a defined product: the answers pull every form apart.
    advice = rules.advise(answers(
        intensity=Intensity.LIGHT, scope=Scope.MOST_OF_CORE, duration=Duration.SHORT,
        direction=Direction.JOINT, shared_ownership_wanted=True, public_sector_constraints=True,
        product_unambiguous=True))

    assert advice.fit == rules.Fit.POOR
    assert str(advice.summary).startswith("No form fits well. Closest: ")


def test_texts_are_translated_when_shown():
    advice = rules.advise(rules.WAGE_TAX_CASE)

    with translation.override("nl"):
        dutch = str(advice.summary)
    assert dutch != str(advice.summary)
    assert "Alliantie" in dutch


def test_snapshot_is_plain_json():
    snapshot = rules.advise(rules.WAGE_TAX_CASE).as_dict()

    assert snapshot["form"] == "alliance"
    assert snapshot["rules_version"] == rules.RULES_VERSION
    assert [row["form"] for row in snapshot["ranking"]] == [
        "alliance", "covenant", "shared_service_centre", "customer_supplier", "joint_venture",
        "merger"]
    assert [layer["position"] for layer in snapshot["combination"]["layers"]] == [
        "front", "core", "back"]
    assert all(isinstance(c["text"], str) for c in snapshot["met"])


def test_answers_round_trip_through_plain_values():
    plain = rules.WAGE_TAX_CASE.as_dict()

    assert plain["intensity"] == "intensive"
    assert type(plain["intensity"]) is str
    assert rules.Answers.from_dict(plain) == rules.WAGE_TAX_CASE


def test_optional_questions_default_to_no():
    plain = rules.WAGE_TAX_CASE.as_dict()
    del plain["goodwill_parties"], plain["receiving_parties"]

    parsed = rules.Answers.from_dict(plain)

    assert (parsed.goodwill_parties, parsed.receiving_parties) == (False, False)


def test_bad_answers_name_every_bad_field():
    plain = rules.WAGE_TAX_CASE.as_dict()
    plain.update(intensity="huge", separable="yes", colour="blue")
    del plain["scope"]

    with pytest.raises(rules.InvalidAnswers) as caught:
        rules.Answers.from_dict(plain)

    assert caught.value.errors == {"intensity": "invalid_choice", "scope": "required",
                                   "separable": "not_boolean", "colour": "unknown"}


def test_every_form_has_conditions_that_exist():
    assert set(rules.FORM_CONDITIONS) == set(FORM_CONTINUUM)
    for requirements in rules.FORM_CONDITIONS.values():
        codes = [r.code for r in requirements]
        assert len(codes) == len(set(codes))
        assert set(codes) <= set(rules.CONDITIONS)
    blocked = {form for form, reqs in rules.FORM_CONDITIONS.items()
               if any(r.blocking for r in reqs)}
    assert blocked == {F.JOINT_VENTURE, F.MERGER}


# --- properties ------------------------------------------------------------------------------

any_answers = st.builds(
    rules.Answers,
    intensity=st.sampled_from(Intensity), scope=st.sampled_from(Scope),
    separable=st.booleans(), duration=st.sampled_from(Duration),
    direction=st.sampled_from(Direction), shared_ownership_wanted=st.booleans(),
    public_sector_constraints=st.booleans(), product_unambiguous=st.booleans(),
    predictable_future=st.booleans(), goodwill_parties=st.booleans(),
    receiving_parties=st.booleans(),
)


@given(any_answers)
def test_advice_always_ranks_all_six_forms_best_first(a):
    advice = rules.advise(a)

    assert sorted(i.form for i in advice.ranking) == sorted(FORM_CONTINUUM)
    assert advice.ranking[0].form == advice.form
    assert advice.score == max(i.score for i in advice.ranking)
    assert all(0 <= i.score <= 100 for i in advice.ranking)
    keys = [(i.ruled_out, -i.score) for i in advice.ranking]
    assert keys == sorted(keys)
    assert not advice.best.ruled_out
    assert set(advice.met) | set(advice.unmet) == set(advice.best.conditions)
    assert advice.fit == rules.fit_of(advice.score)
    assert str(advice.summary)
    assert rules.Answers.from_dict(a.as_dict()) == a
    assert advice.as_dict()["form"] == advice.form.value


@given(any_answers)
def test_public_constraints_never_advise_joint_venture_or_merger(a):
    advice = rules.advise(dataclasses.replace(a, public_sector_constraints=True))

    assert advice.form not in {F.JOINT_VENTURE, F.MERGER}
    assert {i.form for i in advice.ranking if i.ruled_out} == {F.JOINT_VENTURE, F.MERGER}


@given(any_answers)
def test_combination_only_around_a_core_of_joint_responsibility(a):
    advice = rules.advise(a)

    if advice.combination is None:
        assert (advice.form not in rules.JOINT_FORMS or a.direction != Direction.JOINT
                or not (a.goodwill_parties or a.receiving_parties))
    else:
        layers = advice.combination.layers
        assert [la.position for la in layers if la.position == rules.Position.CORE] == [
            rules.Position.CORE]
        assert next(la.form for la in layers if la.position == rules.Position.CORE) == (
            advice.form)
        assert (rules.Position.FRONT in [la.position for la in layers]) == a.goodwill_parties
        assert (rules.Position.BACK in [la.position for la in layers]) == a.receiving_parties


@given(any_answers)
def test_edge_parties_change_no_score(a):
    plain = rules.advise(dataclasses.replace(a, goodwill_parties=False,
                                             receiving_parties=False))
    assert scores(rules.advise(a)) == scores(plain)


def test_form_names_are_the_handbooks():
    texts = pytest.importorskip("concordia.handbook.texts")

    assert {f: str(label) for f, label in rules.FORM_LABELS.items()} == {
        f: str(text.title) for f, text in texts.COLLABORATION_FORMS.items()}
