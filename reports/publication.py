"""Signals sent when a compiled report is published, once the publication is committed
(transaction.on_commit), for higher apps to act on (the alerts app e-mails people). Kept
apart from reports/signals.py, whose content is shared with the agenda packs' work."""

from django.dispatch import Signal

report_published = Signal()
"""A board pack, annual report or young people's summary was published. Sent with
``report`` (reports.Report)."""
