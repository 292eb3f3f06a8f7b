"""Samen: a collaboration platform for public-sector projects."""

__version__ = "0.1.0"
