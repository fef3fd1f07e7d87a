"""The pure rules of the building-block design: no database."""


from hypothesis import given
from hypothesis import strategies as st

from concordia.blocks import rules
from concordia.blocks.choices import BlockStatus
from concordia.blocks.rules import Emphasis, Heat, Situation
from concordia.handbook.catalogue import (
    DIMENSION_PILLARS,
    Block,
    Dimension,
    Pillar,
    Strength,
    default_matrix,
)

ALL_UNDECIDED: dict[Block, str] = {}
ALL_IN_PLACE = dict.fromkeys(Block, "in_place")

statuses_st = st.dictionaries(st.sampled_from(list(Block)), st.sampled_from(rules.STATUSES))
adjustments_st = st.lists(st.tuples(st.sampled_from([b.value for b in Block]),
                                    st.sampled_from([p.value for p in Pillar]),
                                    st.sampled_from(["dominant", "secondary", "none"])))


def situation(**overrides):
    base = {"active_partners": 3, "joint_activities": 2, "centralisation": "medium",
            "joint_work_weight": "medium", "origin": "problem", "rationales": (),
            "has_key_alliance_manager": True, "stage": "procedural"}
    return Situation(**{**base, **overrides})


def advice_of(s: Situation) -> set[tuple[str, str, str]]:
    return {(a.block.value, a.emphasis.value, a.reason) for a in rules.contingency_advice(s)}


# --- the effective matrix ---------------------------------------------------------------------


def test_statuses_of_the_rules_are_the_model_statuses() -> None:
    assert set(rules.STATUS_FACTOR) == set(BlockStatus.values)
    assert rules.STATUS_FACTOR == {"in_place": 1.0, "being_built": 0.5, "planned": 0.0,
                                   "not_used": 0.0, "undecided": 0.0}


def test_adjustments_override_the_default_and_none_removes_a_cell() -> None:
    matrix = rules.effective_matrix(default_matrix(), [
        ("board", "mindset", "secondary"),  # was dominant
        ("board", "dialogue", "none"),  # was secondary
        ("financing", "knowledge", "dominant"),  # was no contribution
    ])
    assert matrix[(Block.BOARD, Pillar.MINDSET)] == Strength.SECONDARY
    assert (Block.BOARD, Pillar.DIALOGUE) not in matrix
    assert matrix[(Block.FINANCING, Pillar.KNOWLEDGE)] == Strength.DOMINANT
    assert len(matrix) == len(default_matrix())  # one removed, one added
    assert rules.strength_of(matrix, Block.BOARD, Pillar.DIALOGUE) == "none"


# --- coverage ---------------------------------------------------------------------------------


def test_nothing_decided_carries_nothing_and_every_pillar_is_a_gap() -> None:
    result = rules.coverage(default_matrix(), ALL_UNDECIDED)
    assert [p.score for p in result.pillars] == [0.0] * 8
    assert [g.pillar for g in result.gaps] == list(Pillar)
    structure_gap = next(g for g in result.gaps if g.pillar == Pillar.STRUCTURE)
    assert structure_gap.fillers == (
        (Block.BOARD, "undecided"), (Block.KEY_ALLIANCE_MANAGER, "undecided"),
        (Block.LINE_MANAGERS, "undecided"), (Block.AGENCY, "undecided"),
        (Block.DECISION_MODEL, "undecided"), (Block.MEETING_STRUCTURE, "undecided"),
        (Block.FINANCING, "undecided"))


def test_everything_in_place_scores_one_without_gaps() -> None:
    result = rules.coverage(default_matrix(), ALL_IN_PLACE)
    assert [p.score for p in result.pillars] == [1.0] * 8
    assert [d.score for d in result.dimensions] == [1.0] * 4
    assert result.gaps == ()


def test_being_built_counts_half_and_does_not_close_a_gap() -> None:
    # P2 playing field: autonomous professional (D) and coaching manager (D); maximum 2 + 2.
    result = rules.coverage(default_matrix(), {Block.AUTONOMOUS_PROFESSIONAL: "being_built",
                                               Block.COACHING_MANAGER: "planned"})
    p2 = result.pillar(Pillar.PLAYING_FIELD)
    assert (p2.achieved, p2.maximum, p2.score) == (1.0, 4, 0.25)
    assert [(c.block, c.strength, c.status, c.weight) for c in p2.carriers] == [
        (Block.AUTONOMOUS_PROFESSIONAL, Strength.DOMINANT, "being_built", 1.0),
        (Block.COACHING_MANAGER, Strength.DOMINANT, "planned", 0.0)]
    assert p2.is_gap
    assert Pillar.PLAYING_FIELD in [g.pillar for g in result.gaps]


def test_a_dominant_block_in_place_closes_the_gap() -> None:
    result = rules.coverage(default_matrix(), {Block.AUTONOMOUS_PROFESSIONAL: "in_place",
                                               Block.COACHING_MANAGER: "being_built"})
    p2 = result.pillar(Pillar.PLAYING_FIELD)
    assert (p2.achieved, p2.score, p2.is_gap) == (3.0, 0.75, False)
    assert p2.dominant_in_place == (Block.AUTONOMOUS_PROFESSIONAL,)


def test_secondary_contributions_weigh_one() -> None:
    # P2's secondary carriers: none by default; the mindset pillar (P1) has several.
    result = rules.coverage(default_matrix(), {Block.MEETING_STRUCTURE: "in_place"})
    p1 = result.pillar(Pillar.MINDSET)
    # P1: D board, KAM, conference (3×2) + S meeting structure, coaching manager, soft skills,
    # annual evaluation (4×1) = 10.
    assert (p1.achieved, p1.maximum) == (1.0, 10)
    assert p1.is_gap


def test_a_dimension_adds_up_its_two_pillars() -> None:
    result = rules.coverage(default_matrix(), {Block.AUTONOMOUS_PROFESSIONAL: "in_place"})
    cultural = next(d for d in result.dimensions if d.dimension == Dimension.CULTURAL)
    assert [p.pillar for p in cultural.pillars] == [Pillar.MINDSET, Pillar.PLAYING_FIELD]
    assert (cultural.achieved, cultural.maximum) == (2.0, 14)
    assert cultural.score == 2 / 14


def test_a_pillar_no_block_carries_scores_zero_and_has_no_fillers() -> None:
    matrix = {k: v for k, v in default_matrix().items() if k[1] != Pillar.PLAYING_FIELD}
    result = rules.coverage(matrix, ALL_IN_PLACE)
    p2 = result.pillar(Pillar.PLAYING_FIELD)
    assert (p2.carriers, p2.maximum, p2.score) == ((), 0, 0.0)
    assert list(result.gaps) == [rules.Gap(Pillar.PLAYING_FIELD, ())]


@given(statuses=statuses_st, adjustments=adjustments_st)
def test_coverage_invariants(statuses, adjustments) -> None:
    matrix = rules.effective_matrix(default_matrix(), adjustments)
    result = rules.coverage(matrix, statuses)
    assert [p.pillar for p in result.pillars] == list(Pillar)
    for p in result.pillars:
        assert 0.0 <= p.score <= 1.0
        assert 0.0 <= p.achieved <= p.maximum
        assert p.maximum == sum(2 if s == Strength.DOMINANT else 1
                                for (b, q), s in matrix.items() if q == p.pillar)
        assert {c.block for c in p.carriers} == {b for (b, q) in matrix if q == p.pillar}
    gaps = {g.pillar for g in result.gaps}
    assert gaps == {p for p in Pillar if not any(
        matrix.get((b, p)) == Strength.DOMINANT
        and rules.effective_status(b, statuses.get(b, "undecided")) == "in_place"
        for b in Block)}
    for d in result.dimensions:
        assert tuple(p.pillar for p in d.pillars) == DIMENSION_PILLARS[d.dimension]
        assert 0.0 <= d.score <= 1.0


@given(statuses=statuses_st, block=st.sampled_from(list(Block)))
def test_moving_a_block_forward_never_lowers_a_score(statuses, block) -> None:
    matrix = default_matrix()
    ladder = ["undecided", "being_built", "in_place"]
    before = statuses.get(block, "undecided")
    if before not in ladder[:-1]:
        return
    after = {**statuses, block: ladder[ladder.index(before) + 1]}
    old, new = rules.coverage(matrix, statuses), rules.coverage(matrix, after)
    for p_old, p_new in zip(old.pillars, new.pillars, strict=True):
        assert p_new.score >= p_old.score
        assert p_new.maximum == p_old.maximum
    assert {g.pillar for g in new.gaps} <= {g.pillar for g in old.gaps}


# --- the heat-map -----------------------------------------------------------------------------


def test_heat_is_strength_times_status() -> None:
    assert rules.heat(Strength.DOMINANT, "in_place") == Heat.FULL
    assert rules.heat(Strength.DOMINANT, "being_built") == Heat.STRONG
    assert rules.heat(Strength.SECONDARY, "in_place") == Heat.STRONG
    assert rules.heat(Strength.SECONDARY, "being_built") == Heat.WEAK
    assert rules.heat(Strength.DOMINANT, "planned") == Heat.IDLE
    assert rules.heat(Strength.SECONDARY, "not_used") == Heat.IDLE
    assert rules.heat(None, "in_place") == Heat.NONE


def test_heat_rows_cover_every_block_and_pillar() -> None:
    rows = rules.heat_rows(default_matrix(), {Block.BOARD: "in_place"})
    assert [b for b, _s, _c in rows] == list(Block)
    board, status, cells = rows[0]
    assert (board, status) == (Block.BOARD, "in_place")
    assert [c.heat for c in cells] == [Heat.FULL, Heat.NONE, Heat.NONE, Heat.STRONG, Heat.FULL,
                                       Heat.NONE, Heat.NONE, Heat.STRONG]
    assert rows[1][1] == "undecided"


# --- contingency advice -----------------------------------------------------------------------


def test_a_middle_of_the_road_alliance_gets_only_its_stage_advice() -> None:
    assert advice_of(situation()) == {
        ("reporting", "essential", "stage_procedural"),
        ("learning_circle", "recommended", "stage_procedural"),
        ("annual_evaluation", "essential", "stage_procedural")}


def test_many_partners_need_an_agency_and_a_formal_decision_model() -> None:
    found = advice_of(situation(active_partners=4)) - advice_of(situation())
    assert found == {("agency", "essential", "many_partners"),
                     ("decision_model", "essential", "many_partners"),
                     ("coordinator", "essential", "many_partners"),
                     ("meeting_structure", "recommended", "many_partners")}


def test_heavy_joint_work_needs_an_agency_and_a_formal_decision_model() -> None:
    found = advice_of(situation(joint_work_weight="high")) - advice_of(situation())
    assert found == {("agency", "essential", "heavy_joint_work"),
                     ("decision_model", "essential", "heavy_joint_work"),
                     ("information_infrastructure", "recommended", "heavy_joint_work"),
                     ("financing", "recommended", "heavy_joint_work")}


def test_an_imposed_alliance_invests_early_in_mindset_and_trust() -> None:
    found = advice_of(situation(origin="imposed")) - advice_of(situation())
    assert found == {("board", "essential", "imposed_origin"),
                     ("conference", "essential", "imposed_origin"),
                     ("soft_skills", "essential", "imposed_origin")}


def test_two_partners_around_one_activity_keep_it_light() -> None:
    found = advice_of(situation(active_partners=2, joint_activities=1)) - advice_of(situation())
    assert found == {("agency", "optional", "simple_alliance"),
                     ("decision_model", "light", "simple_alliance"),
                     ("key_alliance_manager", "optional", "simple_alliance"),
                     ("meeting_structure", "light", "simple_alliance")}


def test_without_a_key_alliance_manager_the_directors_must_be_strong() -> None:
    found = advice_of(situation(has_key_alliance_manager=False)) - advice_of(situation())
    assert found == {("board", "essential", "no_key_alliance_manager")}


def test_each_stage_has_its_own_blocks() -> None:
    assert set(advice_of(situation(stage="opportunistic"))) == {
        ("board", "essential", "stage_opportunistic"),
        ("key_alliance_manager", "essential", "stage_opportunistic"),
        ("annual_plan", "essential", "stage_opportunistic")}
    assert advice_of(situation(stage="cultural")) == {
        ("autonomous_professional", "essential", "stage_cultural"),
        ("coaching_manager", "essential", "stage_cultural"),
        ("decision_model", "light", "stage_cultural"),
        ("reporting", "light", "stage_cultural"),
        ("meeting_structure", "light", "stage_cultural")}
    assert advice_of(situation(stage=None)) == {
        ("annual_evaluation", "recommended", "no_stage_assessment")}


def test_rationales_point_at_their_blocks() -> None:
    base = situation(stage=None)
    assert advice_of(situation(stage=None, rationales=("error_reduction",))) - advice_of(base) \
        == {("information_infrastructure", "essential", "rationale_data"),
            ("alliance_map", "recommended", "rationale_data")}
    assert advice_of(situation(stage=None, rationales=("innovation", "efficiency",
                                                       "service_delivery"))) - advice_of(base) \
        == {("learning_circle", "recommended", "rationale_innovation"),
            ("conference", "recommended", "rationale_innovation"),
            ("reporting", "recommended", "rationale_efficiency"),
            ("alliance_map", "recommended", "rationale_service")}


def test_the_strongest_emphasis_is_the_headline_and_every_reason_stays() -> None:
    # Many partners make the agency essential; low centralisation would keep it light.
    advice = rules.contingency_advice(situation(active_partners=5, centralisation="low"))
    agency = [(a.emphasis, a.reason) for a in advice if a.block == Block.AGENCY]
    assert agency == [(Emphasis.ESSENTIAL, "many_partners"), (Emphasis.LIGHT,
                                                               "low_centralisation")]
    assert rules.headline_emphasis(advice)[Block.AGENCY] == Emphasis.ESSENTIAL


situations_st = st.builds(
    Situation, active_partners=st.integers(0, 30), joint_activities=st.integers(1, 999),
    centralisation=st.sampled_from(["low", "medium", "high"]),
    joint_work_weight=st.sampled_from(["low", "medium", "high"]),
    origin=st.sampled_from(["imposed", "opportunity", "problem"]),
    rationales=st.lists(st.sampled_from(["service_delivery", "burden_reduction",
                                         "error_reduction", "efficiency", "innovation"]),
                        unique=True).map(tuple),
    has_key_alliance_manager=st.booleans(),
    stage=st.sampled_from([None, "opportunistic", "procedural", "cultural"]))


@given(s=situations_st)
def test_every_advice_names_its_rule_and_reason(s: Situation) -> None:
    advice = rules.contingency_advice(s)
    assert advice, "every alliance gets some advice: a stage rule always applies"
    for a in advice:
        blocks, text = rules.RULES[a.reason]
        assert (a.block, a.emphasis) in blocks
        assert a.text is text
        assert str(a.text)
    assert len({(a.block, a.reason) for a in advice}) == len(advice)
    order = [(list(Block).index(a.block), rules.EMPHASIS_RANK[a.emphasis]) for a in advice]
    assert order == sorted(order)
    headline = rules.headline_emphasis(advice)
    for block, emphasis in headline.items():
        assert emphasis == min((a.emphasis for a in advice if a.block == block),
                               key=rules.EMPHASIS_RANK.__getitem__)
    assert set(headline) == {a.block for a in advice}


def test_owner_is_a_partner_or_a_person_never_both() -> None:
    assert rules.owner_problem(has_partner=True, has_person=True) == "both_owners"
    assert rules.owner_problem(has_partner=True, has_person=False) is None
    assert rules.owner_problem(has_partner=False, has_person=True) is None
    assert rules.owner_problem(has_partner=False, has_person=False) is None


# --- one source of advice and the next steps ----------------------------------------------------


@given(statuses=statuses_st, adjustments=adjustments_st)
def test_every_block_named_as_filling_a_gap_has_advice(statuses, adjustments) -> None:
    matrix = rules.effective_matrix(default_matrix(), adjustments)
    plan = rules.advice_plan(situation(), matrix, statuses)
    for gap in plan.coverage.gaps:
        for block, _status in gap.fillers:
            assert plan.for_block(block), block
            assert block in plan.headline


@given(statuses=statuses_st, adjustments=adjustments_st,
       stage_dimension=st.sampled_from([None, *[d.value for d in Dimension]]))
def test_next_steps_are_at_most_three_blocks_not_in_place(statuses, adjustments,
                                                          stage_dimension) -> None:
    matrix = rules.effective_matrix(default_matrix(), adjustments)
    plan = rules.advice_plan(situation(weakest_stage_dimension=stage_dimension), matrix,
                             statuses)
    assert len(plan.next_steps) <= 3
    assert len({s.block for s in plan.next_steps}) == len(plan.next_steps)
    for step in plan.next_steps:
        assert rules.effective_status(step.block, statuses.get(step.block, "undecided")) != (
            "in_place")
        assert statuses.get(step.block) != "not_used"
        assert step.pillar_after >= step.pillar_before
        assert step.dimension_after >= step.dimension_before
    # Ranked by the gain on the weakest pillar first.
    gains = [s.pillar_after - s.pillar_before for s in plan.next_steps]
    assert gains == sorted(gains, reverse=True)


def test_the_first_step_fills_the_weakest_pillar() -> None:
    """Everything in place but the two blocks that carry P2 dominantly: P2 is the weakest
    pillar and one of them is the first step."""
    statuses = {b: "in_place" for b in Block
                if b not in (Block.AUTONOMOUS_PROFESSIONAL, Block.COACHING_MANAGER)}
    plan = rules.advice_plan(situation(), default_matrix(), statuses)
    first = plan.next_steps[0]
    assert first.pillar == Pillar.PLAYING_FIELD
    assert first.block in (Block.AUTONOMOUS_PROFESSIONAL, Block.COACHING_MANAGER)
    assert (first.pillar_before, first.gaps_closed) == (0.0, 1)
    assert first.pillar_after > 0


def test_the_stage_breaks_ties_towards_its_weakest_dimension() -> None:
    base = rules.advice_plan(situation(), default_matrix(), ALL_UNDECIDED)
    staged = rules.advice_plan(situation(weakest_stage_dimension="content"), default_matrix(),
                               ALL_UNDECIDED)
    assert all(s.stage_dimension is None for s in base.next_steps)
    assert all(s.stage_dimension == Dimension.CONTENT for s in staged.next_steps)


def test_financing_not_used_is_the_own_costs_settlement_and_counts_as_in_place() -> None:
    used = rules.coverage(default_matrix(), {Block.FINANCING: "in_place"})
    own_costs = rules.coverage(default_matrix(), {Block.FINANCING: "not_used"})
    assert own_costs == used
    assert rules.effective_status(Block.AGENCY, "not_used") == "not_used"
    plan = rules.advice_plan(situation(), default_matrix(), {Block.FINANCING: "not_used"})
    assert Block.FINANCING not in {s.block for s in plan.next_steps}


def test_an_empty_profile_asks_to_be_filled_in_instead_of_assuming() -> None:
    empty = situation(profile_filled=False, origin="imposed", centralisation="high",
                      joint_work_weight="high", joint_activities=9,
                      rationales=("innovation",))
    reasons = set(rules.reasons_that_apply(empty))
    assert not reasons & {"imposed_origin", "high_centralisation", "heavy_joint_work",
                          "many_activities", "simple_alliance", "rationale_innovation"}
    plan = rules.advice_plan(empty, default_matrix(), ALL_UNDECIDED)
    assert plan.fill_in_first == rules.PROFILE_FIELDS
    assert rules.advice_plan(situation(), default_matrix(), ALL_UNDECIDED).fill_in_first == ()
