"""Signals the Board's services send once a change is committed (transaction.on_commit),
for the apps above to act on (reports sends a meeting's agenda pack again, the alerts app
e-mails people); this app never imports them."""

from django.dispatch import Signal

paper_changed = Signal()
"""An agenda item's paper was added or replaced. Sent with ``meeting`` (Meeting) and
``item`` (AgendaItem), so that a meeting's agenda pack, once sent, can go out again."""

challenge_raised = Signal()
"""A challenge was raised. Sent with ``challenge`` (subgroups.Challenge)."""

challenge_answered = Signal()
"""A challenge was answered. Sent with ``challenge`` (subgroups.Challenge)."""

inspection_logged = Signal()
"""An inspection was added to the log. Sent with ``inspection`` (subgroups.Inspection)."""
