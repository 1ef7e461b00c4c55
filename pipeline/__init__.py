"""Communique: dated diplomatic events from news, as data."""

__version__ = "0.1.0"
