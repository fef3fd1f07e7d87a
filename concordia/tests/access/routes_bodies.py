"""Access matrix entries: bodies, pages and API."""

from concordia.tests.access.support import Route

BODIES_PAGE_ROUTES: dict[str, Route] = {}
BODIES_API_ROUTES: dict[str, Route] = {}
