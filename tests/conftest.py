"""The shared world of the tests: four personas around one workspace.

- owner: a manager of the workspace, from the owning province;
- colleague: a contributor from the same province;
- partner: from a municipality that is a member as a whole, as reader;
- outsider: from a water board with no part in the workspace.
"""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from samen.organisations import actions as org_actions
from samen.organisations.models import Organisation, User
from samen.workspaces import actions as ws_actions
from samen.workspaces import template_data
from samen.workspaces.access import workspace_for
from samen.workspaces.models import Role, Template, Workspace

PASSWORD = "Correct-Horse-Battery-9"

PROVINCE_OIN = "00000001002220647000"
MUNICIPALITY_OIN = "00000001001172773000"
WATER_BOARD_OIN = "00000001824233753000"


@dataclass
class World:
    province: Organisation
    municipality: Organisation
    water_board: Organisation
    owner: User
    colleague: User
    partner: User
    outsider: User
    workspace: Workspace


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 costs ~50 ms per hash by design; the tests hash hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_person(email: str, name: str, organisation: Organisation) -> User:
    return org_actions.create_user(
        actor=None, email=email, name=name, organisation=organisation, password=PASSWORD
    )


@pytest.fixture
def world(db) -> World:
    # A transactional test before this one may have flushed the rows that
    # migrations load; put the templates back (a no-op when they are there).
    template_data.install(Template)

    province = org_actions.create_organisation(
        actor=None, name="Provincie Overijssel", oin=PROVINCE_OIN, kind="provincie"
    )
    municipality = org_actions.create_organisation(
        actor=None, name="Gemeente Zwolle", oin=MUNICIPALITY_OIN, kind="gemeente"
    )
    water_board = org_actions.create_organisation(
        actor=None,
        name="Waterschap Drents Overijsselse Delta",
        oin=WATER_BOARD_OIN,
        kind="waterschap",
    )

    owner = make_person("olga@overijssel.example", "Olga Eigenaar", province)
    colleague = make_person("coen@overijssel.example", "Coen Collega", province)
    partner = make_person("petra@zwolle.example", "Petra Partner", municipality)
    outsider = make_person("otto@wdodelta.example", "Otto Buitenstaander", water_board)

    workspace = ws_actions.create_workspace(
        actor=owner,
        name="Bodemsanering Zwolle-Zuid",
        template=Template.objects.get(slug="bodemsanering"),
    )
    access = workspace_for(owner, workspace.pk)
    ws_actions.add_member(actor=owner, access=access, user=colleague, role=Role.CONTRIBUTOR)
    ws_actions.add_member(actor=owner, access=access, organisation=municipality, role=Role.READER)

    return World(
        province, municipality, water_board, owner, colleague, partner, outsider, workspace
    )


def api_client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        raw = org_actions.create_token(actor=None, user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def api(world):
    """api(persona) gives an API client authenticated with that persona's token."""
    return api_client_for
