from django.urls import path

from samen.documents import api, api_lifecycle, api_uploads

app_name = "documents-api"

urlpatterns = [
    path("ruimtes/<uuid:pk>/mappen", api.FolderListView.as_view(), name="workspace-folders"),
    path("mappen/<uuid:pk>", api.FolderDetailView.as_view(), name="folder"),
    path("documenten", api.DocumentListView.as_view(), name="documents"),
    path("documenten/<uuid:pk>", api.DocumentDetailView.as_view(), name="document"),
    path("documenten/<uuid:pk>/versies", api.VersionListView.as_view(), name="versions"),
    path(
        "documenten/<uuid:pk>/versies/<int:versie>",
        api.VersionDetailView.as_view(),
        name="version",
    ),
    path("documenten/<uuid:pk>/inhoud", api.ContentView.as_view(), name="content"),
    path("documenten/<uuid:pk>/lock", api_lifecycle.LockView.as_view(), name="lock"),
    path("documenten/<uuid:pk>/unlock", api_lifecycle.UnlockView.as_view(), name="unlock"),
    path("documenten/<uuid:pk>/herstellen", api_lifecycle.RestoreView.as_view(), name="restore"),
    path("documenten/<uuid:pk>/vernietigen", api_lifecycle.PurgeView.as_view(), name="purge"),
    path("uploads", api_uploads.UploadListView.as_view(), name="uploads"),
    path("uploads/<uuid:pk>", api_uploads.UploadDetailView.as_view(), name="upload"),
    path(
        "uploads/<uuid:pk>/delen/<int:nummer>", api_uploads.PartView.as_view(), name="upload-part"
    ),
    path("uploads/<uuid:pk>/voltooien", api_uploads.CompleteView.as_view(), name="upload-complete"),
]
