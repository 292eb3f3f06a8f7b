"""Background work: django-tasks' database queue plus registered periodic loops."""
