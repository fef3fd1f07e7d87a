"""Access matrix entries: notifications, pages and API."""

from concordia.tests.access.support import Route

NOTIFICATIONS_PAGE_ROUTES: dict[str, Route] = {}
NOTIFICATIONS_API_ROUTES: dict[str, Route] = {}
