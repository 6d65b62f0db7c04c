"""Signals the Board's services send once a change is committed (transaction.on_commit),
for higher apps to act on (the alerts app e-mails people); this app never imports them."""

from django.dispatch import Signal

challenge_raised = Signal()
"""A challenge was raised. Sent with ``challenge`` (subgroups.Challenge)."""

challenge_answered = Signal()
"""A challenge was answered. Sent with ``challenge`` (subgroups.Challenge)."""

inspection_logged = Signal()
"""An inspection was added to the log. Sent with ``inspection`` (subgroups.Inspection)."""
