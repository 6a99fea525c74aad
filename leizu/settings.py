"""Leizu settings: one file, driven by environment variables.

Every variable is read through a small typed helper that raises ImproperlyConfigured on a bad
value, so a typo fails at start-up instead of at the first request.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_redis_url(name: str, default: str) -> str:
    # The message names only the scheme: the rest of the URL may hold a password.
    value = env_str(name, default)
    scheme, separator, rest = value.partition("://")
    if scheme not in ("redis", "rediss", "unix") or not separator or not rest:
        raise ImproperlyConfigured(
            f"{name} must be a redis://, rediss:// or unix:// URL, got one starting {scheme[:10]!r}"
        )
    return value


DEBUG = env_bool("LEIZU_DEBUG", False)
# pytest sets PYTEST_VERSION; the test settings differ only in what follows from TESTING.
TESTING = env_bool("LEIZU_TESTING", False) or "PYTEST_VERSION" in os.environ
# Demo mode: the seeded demo users may log in without two-factor authentication.
DEMO_MODE = env_bool("LEIZU_DEMO", False)
SECRET_KEY = env_str("LEIZU_SECRET_KEY", "")
if not SECRET_KEY:
    # A deployment behind TLS must bring its own key, demo and debug ones too: they face the
    # internet as well. Elsewhere (development, tests, management commands) a fixed development
    # key is used, and `check --deploy` flags it.
    if env_bool("LEIZU_HTTPS", False) and not TESTING:
        raise ImproperlyConfigured("LEIZU_SECRET_KEY must be set when LEIZU_HTTPS=1")
    SECRET_KEY = "django-insecure-leizu-development-key-not-for-production"
ALLOWED_HOSTS = env_list("LEIZU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("LEIZU_CSRF_TRUSTED_ORIGINS", "")
DATA_DIR = Path(env_str("LEIZU_DATA_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",
    "leizu.core",
    "leizu.accounts",
    "leizu.institutions",
    "leizu.visits",
    "leizu.talent",
    "leizu.agreements",
    "leizu.programmes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "leizu.core.middleware.ApiErrorShapeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "leizu.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leizu.urls"
# Form widgets render from the project's templates too (the multilingual widget lives there).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "leizu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leizu.core.context_processors.leizu",
            ],
        },
    },
]

# Database: SQLite in DATA_DIR by default; PostgreSQL (or any) through DATABASE_URL.
_default_sqlite = f"sqlite:///{DATA_DIR / 'leizu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", "") or _default_sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
    # of a transaction so two writers queue on the busy timeout instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if TESTING:
        # Tests run on a file, as deployments do: several connections (the live server's, a
        # worker thread's) then share WAL and the busy timeout. An in-memory database shared
        # between connections answers "table is locked" at once instead of waiting.
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("LEIZU_DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): 5 failures for one e-mail address, from one network address or
# spread over many, pause logging in with it for 15 minutes. Axes applies the one limit to every
# combination listed, so the e-mail alone decides; the pair stays for axes' check W006, which
# wants the network address among the parameters.
AXES_FAILURE_LIMIT = env_int("LEIZU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

OTP_TOTP_ISSUER = "Leizu"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("zh-hans", "中文"),
    ("en", "English"),
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("uz", "Oʻzbekcha"),
]
# Fallback chain when multilingual content lacks the active language: Kazakh and Uzbek readers
# mostly also read Russian; Chinese readers English.
LEIZU_LANGUAGE_FALLBACKS = {
    "zh-hans": ["zh-hans", "en", "ru", "kk", "uz"],
    "en": ["en", "ru", "zh-hans", "kk", "uz"],
    "ru": ["ru", "en", "kk", "uz", "zh-hans"],
    "kk": ["kk", "ru", "en", "uz", "zh-hans"],
    "uz": ["uz", "ru", "en", "kk", "zh-hans"],
}
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["leizu.formats"]
LANGUAGE_COOKIE_NAME = "leizu_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# No script reads the language; LANGUAGE_COOKIE_SECURE follows LEIZU_HTTPS below.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("LEIZU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
LEIZU_UPLOAD_MAX_BYTES = env_int("LEIZU_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = LEIZU_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = env_str("LEIZU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("LEIZU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LEIZU_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("LEIZU_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("LEIZU_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LEIZU_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("LEIZU_FROM_EMAIL", "Leizu <noreply@localhost>")
LEIZU_BASE_URL = env_str("LEIZU_BASE_URL", "http://127.0.0.1:8000")

# Background tasks. The embedded default keeps them in the database (django-tasks-db and its
# worker command); LEIZU_TASKS=rq puts them on Redis (django-tasks-rq, run by
# `manage.py rqworker`), so that several app servers and workers share one queue. Both
# backends accept the queues listed here, the ones the code enqueues to.
TASK_QUEUES = ["default"]
LEIZU_TASKS = env_choice("LEIZU_TASKS", "db", ("db", "rq"))
LEIZU_REDIS_URL = env_redis_url("LEIZU_REDIS_URL", "redis://127.0.0.1:6379/0")
if LEIZU_TASKS == "rq":
    # django_rq brings the rqworker command and a queue dashboard in the admin.
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    # RQ stops a job after DEFAULT_TIMEOUT (its own default is 3 minutes): an import of a large
    # file or a classification run takes longer than that.
    RQ_QUEUES = {name: {"URL": LEIZU_REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

# Background jobs (leizu.core.jobs): a task holds its job's lease this long past each progress
# write; the recurring sweep restarts jobs whose lease ran out and finishes leftover work.
LEIZU_JOB_LEASE_SECONDS = env_int("LEIZU_JOB_LEASE_SECONDS", 60)
LEIZU_SWEEP_SECONDS = env_int("LEIZU_SWEEP_SECONDS", 300)

# Imports (leizu.core.imports): limits checked before a file is parsed. A file up to
# LEIZU_IMPORT_SMALL_BYTES is queued before larger ones.
LEIZU_IMPORT_MAX_BYTES = env_int("LEIZU_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
LEIZU_IMPORT_MAX_ROWS = env_int("LEIZU_IMPORT_MAX_ROWS", 200_000)
LEIZU_IMPORT_MAX_COLUMNS = env_int("LEIZU_IMPORT_MAX_COLUMNS", 200)
LEIZU_IMPORT_MAX_CELL_CHARS = env_int("LEIZU_IMPORT_MAX_CELL_CHARS", 32_767)
LEIZU_IMPORT_MAX_UNPACKED_BYTES = env_int("LEIZU_IMPORT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)
LEIZU_IMPORT_MAX_PACKING_RATIO = env_int("LEIZU_IMPORT_MAX_PACKING_RATIO", 100)
LEIZU_IMPORT_SMALL_BYTES = env_int("LEIZU_IMPORT_SMALL_BYTES", 1024 * 1024)

# The cache holds rate limits (password-reset e-mails). In memory it is one per process, so
# several app servers each count on their own; LEIZU_CACHE_URL (Redis) shares one among them.
LEIZU_CACHE_URL = env_str("LEIZU_CACHE_URL", "")
if LEIZU_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_redis_url("LEIZU_CACHE_URL", ""),
            "KEY_PREFIX": "leizu",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script, no eval; templates keep behaviour in static/leizu.js through data- attributes.
# data: images are Pico's and Swagger UI's inline SVG icons (select arrows, checkboxes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Permissions-Policy (django-permissions-policy): the platform uses none of these features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Production hardening: on whenever the platform runs behind TLS (LEIZU_HTTPS=1).
if env_bool("LEIZU_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("LEIZU_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("LEIZU_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LEIZU_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50


if TESTING:
    # Fast hashing in tests only; real deployments keep Django's default (PBKDF2).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Django's test client builds the middleware chain for every new client; WhiteNoise would
    # scan every static file each time (about 50 ms). In tests it looks a file up when asked.
    WHITENOISE_AUTOREFRESH = True
