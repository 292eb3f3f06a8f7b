"""All of Samen's configuration, read from SAMEN_* environment variables.

The defaults give a working single-machine installation on SQLite under
./var; production sets SAMEN_SECRET_KEY, SAMEN_ALLOWED_HOSTS, SAMEN_BASE_URL
and usually DATABASE_URL. docs/configuration.md lists every variable.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samen.conf import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR = env_path("SAMEN_DATA_DIR", Path.cwd() / "var")
DEBUG = env_bool("SAMEN_DEBUG", False)
# Demo mode (set by `samen demo` or SAMEN_DEMO) relaxes the secret and e-mail
# requirements so that a fresh machine runs with one command.
DEMO = env_bool("SAMEN_DEMO", False)


def _secret_key() -> str:
    configured = env_str("SAMEN_SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("SAMEN_SECRET_KEY must be at least 32 characters long.")
        return configured
    # `samen demo` leaves a key file in the data folder: that folder is then a
    # demo installation, and `samen serve` runs on it without more set-up.
    key_file = DATA_DIR / "demo-secret-key"
    if not (DEBUG or DEMO or key_file.exists()):
        raise ImproperlyConfigured(
            "SAMEN_SECRET_KEY is required; set it, or SAMEN_DEMO=true for a demo installation."
        )

    # The generated key is kept, so that sessions and password-reset links
    # survive a restart.
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("SAMEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
BASE_URL = env_str("SAMEN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("SAMEN_CSRF_TRUSTED_ORIGINS", [BASE_URL])

INSTALLED_APPS = [
    # django.contrib.admin, with every change in /beheer/ audited (samen.audit.admin_log).
    "samen.audit.apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "samen.api",
    "samen.worker",
    "samen.web",
    "samen.audit",
    "samen.organisations",
    "samen.workspaces",
    "samen.exchange",
    "samen.documents",
    "samen.documents.text",
]

MIDDLEWARE = [
    "samen.api.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samen.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samen.api.middleware.ApiHeadersMiddleware",
    "samen.web.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samen.urls"
WSGI_APPLICATION = "samen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.exchange.context_processors.navigation",
            ],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("DATABASE_URL")
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=env_int("SAMEN_DB_CONN_MAX_AGE", 60))
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
        config["CONN_HEALTH_CHECKS"] = True
        return {"default": dict(config)}

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "samen.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two transactions
                # never both read the audit chain's head and then collide.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

AXES_FAILURE_LIMIT = env_int("SAMEN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAMEN_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/lockout.html"
AXES_VERBOSE = False
# Lock-out is per account on purpose: the account is what is guessed at, and
# counting per address too would let an attacker reset the count by moving.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_HTTPS = BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = 31536000 if _HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _email() -> dict[str, object]:
    host = env_str("SAMEN_EMAIL_HOST")
    if not host:
        # Without a mail server, mails are written to the log: right for the
        # demo, and visible enough that an operator notices in production.
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": env_int("SAMEN_EMAIL_PORT", 587, minimum=1),
        "EMAIL_HOST_USER": env_str("SAMEN_EMAIL_USER"),
        "EMAIL_HOST_PASSWORD": env_str("SAMEN_EMAIL_PASSWORD"),
        "EMAIL_USE_TLS": env_bool("SAMEN_EMAIL_USE_TLS", True),
    }


globals().update(_email())
DEFAULT_FROM_EMAIL = env_str("SAMEN_EMAIL_FROM", "Samen <noreply@samen.localhost>")

INVITATION_DAYS = env_int("SAMEN_INVITATION_DAYS", 14, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samen.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "samen.api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "samen.api.errors.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
API_VERSION = "1.0.0"

SPECTACULAR_SETTINGS = {
    "TITLE": "Samen API",
    "DESCRIPTION": "API van Samen, het samenwerkingsplatform voor overheidsprojecten.",
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Paths are relative to the server URL, which carries the /api/v1.
    "SCHEMA_PATH_PREFIX_TRIM": True,
    # Swagger UI from the sidecar package: no CDN, and within the strict CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "CONTACT": {"name": "Samen", "url": BASE_URL, "email": "beheer@samen.localhost"},
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVERS": [{"url": f"{BASE_URL}/api/v1"}],
    "PREPROCESSING_HOOKS": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "samen.api.schema.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RuimteStatusEnum": "samen.workspaces.models.Status",
        "VertrouwelijkheidaanduidingEnum": "samen.workspaces.confidentiality.Confidentiality",
        "UitnodigingStatusEnum": ["open", "geaccepteerd", "ingetrokken", "verlopen"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SAMEN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"level": "INFO"},
        "samen.security": {"level": "INFO"},
    },
}

# --- background work (worker) ---
# django-tasks on its database backend: a task is a row, written in the same
# transaction as the data it concerns, and claimed by `samen worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still RUNNING after this long lost its worker and is queued again.
WORKER_TASK_TIMEOUT_MINUTES = env_int("SAMEN_WORKER_TASK_TIMEOUT_MINUTES", 60, minimum=1)
TASK_RESULT_DAYS = env_int("SAMEN_TASK_RESULT_DAYS", 14, minimum=1)
# Text kept per document version for search; longer text is cut off.
EXTRACT_MAX_CHARS = env_int("SAMEN_EXTRACT_MAX_CHARS", 1_000_000, minimum=1000)

# --- exchange ---
# The exchange endpoint other installations call, as printed on the contact
# card; requests are signed over this URL, so it must be the public one.
EXCHANGE_URL = env_str("SAMEN_EXCHANGE_URL", f"{BASE_URL}/uitwisseling/v1").rstrip("/")
EXCHANGE_NAME = env_str("SAMEN_EXCHANGE_NAME", "Samen")
# The OINs whose mailbox this installation keeps; empty means every organisation here.
EXCHANGE_ORGANISATIONS = env_list("SAMEN_EXCHANGE_ORGANISATIONS", [])
EXCHANGE_DIR = DATA_DIR / "exchange"
# Digikoppeling's default persist duration: 5 days of retries before "failed".
EXCHANGE_PERSIST_SECONDS = env_int("SAMEN_EXCHANGE_PERSIST_SECONDS", 5 * 24 * 3600, minimum=1)
EXCHANGE_BACKOFF_BASE_SECONDS = env_int("SAMEN_EXCHANGE_BACKOFF_BASE_SECONDS", 1, minimum=1)
EXCHANGE_BACKOFF_MAX_SECONDS = env_int("SAMEN_EXCHANGE_BACKOFF_MAX_SECONDS", 600, minimum=1)
EXCHANGE_BATCH_SIZE = env_int("SAMEN_EXCHANGE_BATCH_SIZE", 200, minimum=1)
# A claim older than this is taken to belong to a dead worker.
EXCHANGE_LEASE_SECONDS = env_int("SAMEN_EXCHANGE_LEASE_SECONDS", 120, minimum=5)
EXCHANGE_TIMEOUT_SECONDS = env_int("SAMEN_EXCHANGE_TIMEOUT_SECONDS", 60, minimum=1)
EXCHANGE_SIGNATURE_WINDOW_SECONDS = env_int(
    "SAMEN_EXCHANGE_SIGNATURE_WINDOW_SECONDS", 300, minimum=5
)
EXCHANGE_MAX_ATTACHMENT_BYTES = env_int(
    "SAMEN_EXCHANGE_MAX_ATTACHMENT_BYTES", 10 * 1024**3, minimum=1
)
EXCHANGE_PART_BYTES = env_int("SAMEN_EXCHANGE_PART_BYTES", 8 * 1024**2, minimum=1024)
# Files no row points at are kept this long (unreferenced blobs and parts the
# persist duration on top): a transaction may not have committed yet.
EXCHANGE_ORPHAN_GRACE_SECONDS = env_int("SAMEN_EXCHANGE_ORPHAN_GRACE_SECONDS", 3600, minimum=60)


def _file_or_empty(name: str) -> str:
    # A typo in a path should stop the start, not the first delivery.
    value = env_str(name, "")
    if value and not Path(value).is_file():
        raise ImproperlyConfigured(f"{name} names {value}, which is not a file.")
    return value


# Outgoing mutual TLS (Digikoppeling, PKIoverheid): the client certificate
# (PEM, with its chain; the key may be in the same file) shown to peers, and
# the roots their server certificates must chain to instead of the defaults.
EXCHANGE_CLIENT_CERT = _file_or_empty("SAMEN_EXCHANGE_CLIENT_CERT")
EXCHANGE_CLIENT_KEY = _file_or_empty("SAMEN_EXCHANGE_CLIENT_KEY")
EXCHANGE_CA_BUNDLE = _file_or_empty("SAMEN_EXCHANGE_CA_BUNDLE")
if EXCHANGE_CLIENT_KEY and not EXCHANGE_CLIENT_CERT:
    raise ImproperlyConfigured(
        "SAMEN_EXCHANGE_CLIENT_KEY is set without SAMEN_EXCHANGE_CLIENT_CERT."
    )

# --- documents ---
# Uploads are spooled to this folder (on the data disk, so that moving a file
# into local storage is a rename) and never held in memory: document
# endpoints use samen.documents.uploads.HashingUploadHandler, and Django's
# own handlers keep at most FILE_UPLOAD_MAX_MEMORY_SIZE in memory.
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "tmp")
# Made here because Django's system checks refuse a missing folder before
# any command (even `samen migrate` on a fresh data folder) can make it.
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
MAX_UPLOAD_BYTES = env_int("SAMEN_MAX_UPLOAD_BYTES", 10 * 1024**3, minimum=1)
# Resumable uploads: the size of each part, and how long an unfinished one is kept.
UPLOAD_PART_BYTES = env_int("SAMEN_UPLOAD_PART_BYTES", 8 * 1024**2, minimum=1024)
UPLOAD_EXPIRY_HOURS = env_int("SAMEN_UPLOAD_EXPIRY_HOURS", 24, minimum=1)
TRASH_DAYS = env_int("SAMEN_TRASH_DAYS", 30, minimum=1)


def _content_storage() -> dict[str, object]:
    bucket = env_str("SAMEN_S3_BUCKET")
    if not bucket:
        return {
            "BACKEND": "samen.documents.storage.DurableFileSystemStorage",
            "OPTIONS": {"location": str(DATA_DIR / "files")},
        }
    # S3-compatible object storage; needs the optional extra: pip install samen[s3].
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("SAMEN_S3_ENDPOINT_URL") or None,
            "region_name": env_str("SAMEN_S3_REGION") or None,
            "access_key": env_str("SAMEN_S3_ACCESS_KEY") or None,
            "secret_key": env_str("SAMEN_S3_SECRET_KEY") or None,
            "location": env_str("SAMEN_S3_PREFIX"),
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }


STORAGES["default"] = _content_storage()

# --- web ---
# Failed log-ins count against the address as the log-in form normalises it.
AXES_USERNAME_CALLABLE = "samen.web.auth.lockout_username"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
