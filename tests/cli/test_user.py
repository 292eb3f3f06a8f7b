import pytest

from samen.audit.models import AuditEntry
from samen.organisations import actions
from samen.organisations.models import User
from tests.cli.conftest import fails, run

OIN = "00000001002220647000"
PASSWORD = "Lang-en-sterk-wachtwoord-7"


@pytest.fixture
def province(db):
    return actions.create_organisation(
        actor=None, name="Provincie Overijssel", oin=OIN, kind="provincie"
    )


def create(*extra: str) -> str:
    return run(
        "user", "create", "--email", "Anne@Overijssel.example", "--name", "Anne de Vries", *extra
    )


def test_create_user_with_password_can_log_in(province):
    out = create("--organisation", OIN, "--password", PASSWORD)

    assert "anne@overijssel.example" in out
    user = User.objects.get(email="anne@overijssel.example")
    assert user.organisation == province
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert AuditEntry.objects.filter(action="user.created", object_id=str(user.pk)).exists()


def test_admin_flag_makes_a_platform_administrator(province):
    create("--organisation", OIN, "--password", PASSWORD, "--admin")

    user = User.objects.get(email="anne@overijssel.example")
    assert user.is_staff
    assert user.is_superuser


def test_without_password_it_asks_twice(province, monkeypatch):
    prompts = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr("getpass.getpass", fake_getpass)

    create("--organisation", OIN)

    assert len(prompts) == 2
    assert User.objects.get(email="anne@overijssel.example").check_password(PASSWORD)


def test_differing_passwords_store_nothing(province, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    error = fails(
        "user", "create", "--email", "a@overijssel.example", "--name", "A", "--organisation", OIN
    )

    assert "differ" in str(error)
    assert not User.objects.exists()


def test_weak_password_is_refused(province):
    error = fails(
        "user",
        "create",
        "--email",
        "a@overijssel.example",
        "--name",
        "A",
        "--organisation",
        OIN,
        "--password",
        "12345",
    )

    assert error.returncode == 1
    assert "too short" in str(error)
    assert not User.objects.exists()


def test_unknown_organisation_is_refused(province):
    error = fails(
        "user",
        "create",
        "--email",
        "a@overijssel.example",
        "--name",
        "A",
        "--organisation",
        "00000001999999999000",
        "--password",
        PASSWORD,
    )

    assert "No organisation with OIN 00000001999999999000" in str(error)
    assert not User.objects.exists()


def test_duplicate_email_is_refused(province):
    create("--organisation", OIN, "--password", PASSWORD)

    error = fails(
        "user",
        "create",
        "--email",
        "anne@overijssel.example",
        "--name",
        "Another Anne",
        "--organisation",
        OIN,
        "--password",
        PASSWORD,
    )

    assert "exists already" in str(error)
    assert list(User.objects.values_list("name", flat=True)) == ["Anne de Vries"]


def test_invalid_email_is_refused(province):
    error = fails(
        "user",
        "create",
        "--email",
        "not-an-address",
        "--name",
        "A",
        "--organisation",
        OIN,
        "--password",
        PASSWORD,
    )

    assert "valid e-mail" in str(error)
    assert not User.objects.exists()
