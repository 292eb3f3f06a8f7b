"""Every change to folders, documents, versions, locks, the trash and uploads.

Each action takes a keyword-only actor, checks what the caller's Access
allows, changes the data and records an audit entry in the same transaction.
"""
