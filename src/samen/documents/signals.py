"""Receivers for other domains' signals."""

from typing import Any

from django.dispatch import receiver

from samen.workspaces.models import Template, Workspace
from samen.workspaces.signals import workspace_created


@receiver(workspace_created, dispatch_uid="documents.template_folders")
def create_template_folders(
    sender: Any, workspace: Workspace, template: Template, actor: Any, **kwargs: Any
) -> None:
    # Imported here: actions imports models, which must not load before the
    # app registry is ready.
    from samen.documents.actions.folders import create_template_folders as create

    create(actor=actor, workspace=workspace, paths=list(template.folders or []))
