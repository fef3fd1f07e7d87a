"""Access matrix entries: escalations, pages and API."""

from concordia.tests.access.support import Route

ESCALATIONS_PAGE_ROUTES: dict[str, Route] = {}
ESCALATIONS_API_ROUTES: dict[str, Route] = {}
