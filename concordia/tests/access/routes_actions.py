"""Access matrix entries: actions, pages and API."""

from concordia.tests.access.support import Route

ACTIONS_PAGE_ROUTES: dict[str, Route] = {}
ACTIONS_API_ROUTES: dict[str, Route] = {}
