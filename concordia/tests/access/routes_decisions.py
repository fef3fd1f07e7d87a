"""Access matrix entries: decisions, pages and API."""

from concordia.tests.access.support import Route

DECISIONS_PAGE_ROUTES: dict[str, Route] = {}
DECISIONS_API_ROUTES: dict[str, Route] = {}
