"""Signals other domains listen to.

workspace_created is sent inside the creating transaction, so that a
receiver's work (the documents app creates the template's folders) commits or
rolls back together with the workspace.
"""

from django.dispatch import Signal

workspace_created = Signal()  # sender=Workspace, workspace, template, actor
