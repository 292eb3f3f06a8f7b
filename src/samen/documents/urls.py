from django.urls import path

from samen.documents import views

app_name = "documents"

urlpatterns = [
    path("ruimtes/<uuid:pk>/documenten", views.document_list, name="list"),
    path("ruimtes/<uuid:pk>/documenten/uploaden", views.upload, name="upload"),
    path("ruimtes/<uuid:pk>/mappen", views.create_folder, name="create_folder"),
    path("ruimtes/<uuid:pk>/prullenbak", views.trash_list, name="trash"),
    path("mappen/<uuid:pk>/hernoemen", views.rename_folder, name="rename_folder"),
    path("documenten/<uuid:pk>", views.document_detail, name="detail"),
    path("documenten/<uuid:pk>/inhoud", views.download, name="download"),
    path("documenten/<uuid:pk>/bewerken", views.edit_document, name="edit"),
    path("documenten/<uuid:pk>/vergrendelen", views.lock, name="lock"),
    path("documenten/<uuid:pk>/ontgrendelen", views.unlock, name="unlock"),
    path("documenten/<uuid:pk>/verwijderen", views.trash, name="trash_document"),
    path("documenten/<uuid:pk>/herstellen", views.restore, name="restore"),
    path("documenten/<uuid:pk>/vernietigen", views.purge, name="purge"),
]
