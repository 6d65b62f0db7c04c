"""The project package and shared kernel of the Corporate Parenting Board portal."""

from cpboard.celery import app as celery_app

__all__ = ["celery_app"]
