"""Signals the alerts app listens to. Sent by services once the change is committed
(transaction.on_commit), never from inside a transaction that could still roll back."""

from django.dispatch import Signal

agenda_pack_published = Signal()
"""A meeting's agenda pack, first version or a new one, is ready to read. Sent with
``meeting`` (subgroups.Meeting), ``version`` (int, 1 for the first) and ``url`` (the path of
the pack's page, for a link in an e-mail)."""
