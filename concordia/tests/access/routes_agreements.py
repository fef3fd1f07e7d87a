"""Access matrix entries: agreements, pages and API."""

from concordia.tests.access.support import Route

AGREEMENTS_PAGE_ROUTES: dict[str, Route] = {}
AGREEMENTS_API_ROUTES: dict[str, Route] = {}
