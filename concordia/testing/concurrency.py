"""Running two service calls at the same moment, each on its own database connection (for the
PostgreSQL lock-order and concurrency tests)."""

import threading
from collections.abc import Callable

from django.db import connection


def run_pair(first: Callable[[], object], second: Callable[[], object]) -> list[object]:
    """Start both calls at the same moment (a barrier), each on its own connection; return what
    each returned or raised, in the order given."""
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def work(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if any(thread.is_alive() for thread in threads):
        raise AssertionError("a pair did not finish")
    return outcomes
