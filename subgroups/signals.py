"""Signals of the Board's groups, for the apps above to listen to (a lower app never calls a
higher one). Sent once the change is committed (transaction.on_commit)."""

from django.dispatch import Signal

paper_changed = Signal()
"""An agenda item's paper was added or replaced. Sent with ``meeting`` (Meeting) and
``item`` (AgendaItem), so that a meeting's agenda pack, once sent, can go out again."""
