"""Access matrix entries: meetings, pages and API."""

from concordia.tests.access.support import Route

MEETINGS_PAGE_ROUTES: dict[str, Route] = {}
MEETINGS_API_ROUTES: dict[str, Route] = {}
