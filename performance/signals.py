"""Signals the performance app's services send once a change is committed
(transaction.on_commit), for higher apps to act on (the alerts app e-mails people)."""

from django.dispatch import Signal

figure_returned = Signal()
"""A submitted figure was returned to its officer. Sent with ``measurement``
(performance.Measurement)."""
