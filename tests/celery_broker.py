"""kombu's in-memory transport for the tests' Celery worker threads when no REDIS_URL is set,
with its waits shortened.

A worker asks the broker for a message for up to two seconds at a time, and a worker started
by `celery.contrib.testing.worker.start_worker` looks at its stop flag only between two such
waits, then waits once more: stopping it took four seconds, once per module with a worker.
The in-memory transport also looks for a new message once a second. Here a wait lasts at most
a tenth of a second and a new message is seen within a hundredth: the same broker, the same
queues (kombu keeps them on the channel class, shared with the plain transport), answered
sooner."""

from kombu.transport import TRANSPORT_ALIASES, memory

ALIAS = "cpboard-tests-memory"
LONGEST_WAIT = 0.1


class Transport(memory.Transport):
    polling_interval = 0.01

    def drain_events(self, connection, timeout=None):
        wait = LONGEST_WAIT if timeout is None else min(timeout, LONGEST_WAIT)
        return super().drain_events(connection, timeout=wait)


def use_for(app) -> None:
    """Send `app`'s tasks through this transport if they would go through kombu's in-memory
    one; a real broker (Redis) is left as it is."""
    if app.conf.broker_url.startswith("memory://"):
        TRANSPORT_ALIASES[ALIAS] = f"{__name__}:Transport"
        app.conf.broker_url = f"{ALIAS}://"
