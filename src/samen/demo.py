"""Demo data: the partners of the province of Overijssel and three workspaces.

Loading goes through the same actions as real use, so the audit log of a
demo installation looks like that of a real one. Everything is looked up
first by its natural key (OIN, e-mail address, owner and workspace name), so
loading twice creates nothing the second time and writes no audit entries.
"""

from dataclasses import dataclass, field

from django.db import transaction

from samen.organisations import actions as org_actions
from samen.organisations.models import Organisation, User
from samen.workspaces import actions as ws_actions
from samen.workspaces.access import workspace_for
from samen.workspaces.models import Membership, Workspace

# Every demo account shares this password; it is printed by `samen demo`.
DEMO_PASSWORD = "Samen-demo-2026"  # noqa: S105 (public on purpose: a demo log-in)

# OINs follow the register's pattern (00000001 + RSIN + 000 for public
# bodies, 00000003 + KvK number + 0000 for companies). They are illustrative:
# look an organisation up in the OIN register before relying on its number.
PROVINCE = "00000001002220647000"
ZWOLLE = "00000001001172773000"
KAMPEN = "00000001001170305000"
WATER_BOARD = "00000001824233753000"
RIJKSWATERSTAAT = "00000001003214345000"
CONSULTANCY = "00000003612345670000"

ORGANISATIONS: list[tuple[str, str, str]] = [
    (PROVINCE, "Provincie Overijssel", "provincie"),
    (ZWOLLE, "Gemeente Zwolle", "gemeente"),
    (KAMPEN, "Gemeente Kampen", "gemeente"),
    (WATER_BOARD, "Waterschap Drents Overijsselse Delta", "waterschap"),
    (RIJKSWATERSTAAT, "Rijkswaterstaat", "rijk"),
    (CONSULTANCY, "Ingenieursbureau Delta Advies", "private_partij"),
]


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    organisation: str
    title: str
    admin: bool = False


PEOPLE: list[Person] = [
    Person("anne.devries@overijssel.example", "Anne de Vries", PROVINCE, "project leader"),
    Person("joost.hendriks@overijssel.example", "Joost Hendriks", PROVINCE, "programme manager"),
    Person("marieke.bosman@overijssel.example", "Marieke Bosman", PROVINCE, "area developer"),
    Person("sander.kuipers@overijssel.example", "Sander Kuipers", PROVINCE, "information manager"),
    Person("fatima.elamrani@zwolle.example", "Fatima El Amrani", ZWOLLE, "soil advisor"),
    Person("pieter.jansen@zwolle.example", "Pieter Jansen", ZWOLLE, "spatial planner"),
    Person("ellen.visser@kampen.example", "Ellen Visser", KAMPEN, "policy advisor"),
    Person("bram.mulder@kampen.example", "Bram Mulder", KAMPEN, "project manager"),
    Person("henk.dijkstra@wdodelta.example", "Henk Dijkstra", WATER_BOARD, "water advisor"),
    Person("sanne.bakker@wdodelta.example", "Sanne Bakker", WATER_BOARD, "ecologist"),
    Person("karin.smit@rws.example", "Karin Smit", RIJKSWATERSTAAT, "area manager"),
    Person("lotte.meijer@deltaadvies.example", "Lotte Meijer", CONSULTANCY, "soil consultant"),
    Person("thomas.degroot@deltaadvies.example", "Thomas de Groot", CONSULTANCY, "designer"),
    Person(
        "beheer@overijssel.example", "Wim Koster", PROVINCE, "platform administrator", admin=True
    ),
]


@dataclass(frozen=True)
class Member:
    role: str
    email: str | None = None
    organisation: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Space:
    name: str
    template: str
    owner: str
    description: str
    members: list[Member] = field(default_factory=list)


WORKSPACES: list[Space] = [
    Space(
        name="Bodemsanering",
        template="bodemsanering",
        owner="anne.devries@overijssel.example",
        description=(
            "Sanering van verontreinigde bodem op voormalige bedrijfsterreinen in Zwolle, "
            "van historisch onderzoek tot nazorg."
        ),
        members=[
            Member("bijdrager", email="sander.kuipers@overijssel.example"),
            Member("lezer", organisation=ZWOLLE, level="intern"),
            Member("bijdrager", email="fatima.elamrani@zwolle.example", level="zaakvertrouwelijk"),
            Member("bijdrager", email="lotte.meijer@deltaadvies.example", level="intern"),
        ],
    ),
    Space(
        name="Actualisering Omgevingsvisie",
        template="omgevingsvisie",
        owner="joost.hendriks@overijssel.example",
        description=(
            "Actualisering van de Omgevingsvisie Overijssel samen met gemeenten, "
            "waterschap en Rijk."
        ),
        members=[
            Member("bijdrager", email="marieke.bosman@overijssel.example"),
            Member("bijdrager", organisation=ZWOLLE),
            Member("bijdrager", organisation=KAMPEN),
            Member("bijdrager", organisation=WATER_BOARD),
            Member("lezer", email="karin.smit@rws.example", level="beperkt_openbaar"),
        ],
    ),
    Space(
        name="IJsseldelta II",
        template="gebiedsontwikkeling",
        owner="marieke.bosman@overijssel.example",
        description=(
            "Gebiedsontwikkeling in de IJsseldelta: hoogwaterveiligheid, natuur en "
            "bereikbaarheid rond Kampen."
        ),
        members=[
            Member("beheerder", email="bram.mulder@kampen.example", level="zaakvertrouwelijk"),
            Member("bijdrager", organisation=KAMPEN),
            Member("bijdrager", email="henk.dijkstra@wdodelta.example"),
            Member("lezer", organisation=RIJKSWATERSTAAT),
            Member("bijdrager", email="thomas.degroot@deltaadvies.example", level="intern"),
            Member("lezer", email="anne.devries@overijssel.example"),
        ],
    ),
]


@dataclass
class Loaded:
    """How many records this run created; all zero when the demo was there."""

    organisations: int = 0
    people: int = 0
    workspaces: int = 0
    memberships: int = 0

    @property
    def total(self) -> int:
        return self.organisations + self.people + self.workspaces + self.memberships


def load(password: str = DEMO_PASSWORD) -> Loaded:
    loaded = Loaded()
    with transaction.atomic():
        organisations = {
            oin: _organisation(loaded, oin, name, kind) for oin, name, kind in ORGANISATIONS
        }
        people = {
            p.email: _person(loaded, p, organisations[p.organisation], password) for p in PEOPLE
        }
        for space in WORKSPACES:
            _workspace(loaded, space, people, organisations)
    return loaded


def _organisation(loaded: Loaded, oin: str, name: str, kind: str) -> Organisation:
    existing = Organisation.objects.filter(oin=oin).first()
    if existing is not None:
        return existing
    loaded.organisations += 1
    return org_actions.create_organisation(actor=None, name=name, oin=oin, kind=kind)


def _person(loaded: Loaded, person: Person, organisation: Organisation, password: str) -> User:
    existing = User.objects.filter(email=person.email).first()
    if existing is not None:
        return existing
    loaded.people += 1
    return org_actions.create_user(
        actor=None,
        email=person.email,
        name=person.name,
        organisation=organisation,
        password=password,
        admin=person.admin,
    )


def _workspace(
    loaded: Loaded,
    space: Space,
    people: dict[str, User],
    organisations: dict[str, Organisation],
) -> Workspace:
    owner = people[space.owner]
    workspace = Workspace.objects.filter(owner=owner.organisation, name=space.name).first()
    if workspace is None:
        loaded.workspaces += 1
        workspace = ws_actions.create_workspace(
            actor=owner,
            name=space.name,
            template=ws_actions.template_by_slug(space.template),
            description=space.description,
            phase="planuitwerking",
        )

    access = workspace_for(owner, workspace.pk)
    for member in space.members:
        user = people[member.email] if member.email else None
        organisation = organisations[member.organisation] if member.organisation else None
        if Membership.objects.filter(
            workspace=workspace, user=user, organisation=organisation
        ).exists():
            continue
        loaded.memberships += 1
        ws_actions.add_member(
            actor=owner,
            access=access,
            user=user,
            organisation=organisation,
            role=member.role,
            max_confidentiality=member.level,
        )
    return workspace
