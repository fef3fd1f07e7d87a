"""Access matrix entries: the management model (handbook) pages and API.

The pages are public (the product's front door, docs/access.md "Public pages"); the API keeps
its authentication like every other operation."""

from concordia.tests.access.support import ACTORS, PEOPLE, Check, Route, no_kwargs

EVERYONE = frozenset(ACTORS)

MODEL_PAGE_ROUTES: dict[str, Route] = {
    "handbook_index": Route(no_kwargs, (Check("get", ok=EVERYONE),)),
    "handbook_kind": Route(lambda ctx: {"kind": "pillars"}, (Check("get", ok=EVERYONE),)),
    "handbook_pillar": Route(lambda ctx: {"key": "trust"}, (Check("get", ok=EVERYONE),)),
    "handbook_building_block": Route(lambda ctx: {"key": "board"},
                                     (Check("get", ok=EVERYONE),)),
    "handbook_dimension": Route(lambda ctx: {"key": "cultural"}, (Check("get", ok=EVERYONE),)),
}
MODEL_API_ROUTES: dict[str, Route] = {
    **{f"api:{name}": Route(no_kwargs, (Check("get", ok=PEOPLE),)) for name in (
        "get_model", "list_model_pillars", "list_model_building_blocks", "list_model_dimensions",
        "list_model_collaboration_forms", "list_model_stages", "list_model_escalation_rungs",
        "list_model_rationales", "list_model_resistances", "list_model_features",
        "list_model_concepts")},
    "api:get_model_pillar": Route(lambda ctx: {"key": "trust"}, (Check("get", ok=PEOPLE),)),
    "api:get_model_building_block": Route(lambda ctx: {"key": "board"},
                                          (Check("get", ok=PEOPLE),)),
}
