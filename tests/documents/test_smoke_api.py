from tests.conftest import api_client_for
from tests.documents.conftest import PDF, post_document, sha256


def test_owner_uploads_a_document_and_downloads_it(world):
    client = api_client_for(world.owner)

    response = post_document(client, world.workspace)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["integriteit"]["waarde"] == sha256(PDF)
    assert body["formaat"] == "application/pdf"
    download = client.get(f"/api/v1/documenten/{body['id']}/inhoud")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
