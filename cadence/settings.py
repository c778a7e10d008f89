"""Django settings for Cadence.

Everything that differs between a laptop and production comes from environment
variables read through the strict helpers in ``cadence.env``. With no variables
set, Cadence runs in debug mode on SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cadence.env import ConfigError, envbool, envchoice, envint, envlist, envstr

# Django's generic classes subscriptable at run time (``admin.ModelAdmin[Client]``), as django-stubs types them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("CADENCE_DEBUG", True)
SECRET_KEY = envstr("CADENCE_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("CADENCE_SECRET_KEY must be set when CADENCE_DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = envlist("CADENCE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CADENCE_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("CADENCE_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "cadence.core.admin_site.StaffAdminConfig",  # django.contrib.admin, with its scopes disabled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "cadence.accounts",
    "cadence.core",
    "cadence.engagements",
    "cadence.plans",
    "cadence.files",
    "cadence.board",
    "cadence.links",
    "cadence.content",
    "cadence.budget",
    "cadence.metrics",
    "cadence.kpis",
    "cadence.reports",
    "cadence.dashboard",
    "cadence.meetings",
    "cadence.portal",
    "cadence.overview",
    "cadence.comments",
    "cadence.webhooks",
    "cadence.notifications",
    "cadence.api",
]

MIDDLEWARE = [
    "cadence.core.scoping.RequestScopeMiddleware",  # every request starts outside any workspace's scope
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cadence.api.errors.ApiErrorMiddleware",  # JSON errors under /api/ even where Django answers itself
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cadence.accounts.middleware.UserLanguageMiddleware",
    "cadence.accounts.middleware.PrivateNoStoreMiddleware",
]

ROOT_URLCONF = "cadence.urls"
WSGI_APPLICATION = "cadence.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cadence" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cadence.core.context_processors.workspace",
            ],
        },
    },
]

# SQLite needs no configuration; DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{envstr('CADENCE_SQLITE_PATH', str(BASE_DIR / 'cadence.sqlite3'))}",
        # Production keeps connections open between requests (57 -> 88 requests per second on the
        # demo); debug mode closes them after each request.
        conn_max_age=envint("CADENCE_DB_CONN_MAX_AGE", 0 if DEBUG else 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read for solid-state disks (PostgreSQL's default, 4, is a spinning
    # disk's): with it an engagement's period is read through the (engagement, day) range instead of all the
    # engagement's facts (the dashboard's spend of a month: 84 -> 8 ms on 1,000,000 facts). CADENCE_PG_OPTIONS
    # replaces these session settings ("" for the server's own).
    DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options = envstr("CADENCE_PG_OPTIONS", "-c random_page_cost=1.1")
    if _pg_options:
        DATABASES["default"]["OPTIONS"].setdefault("options", _pg_options)
    del _pg_options

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The cache holds the rate limits (sign-in and API), so every app process must share it in production
# (the deploy check cadence.E001 refuses an in-process cache there): Redis with REDIS_URL, else
# CADENCE_CACHE=database for Django's database cache (table created by `manage.py createcachetable`).
REDIS_URL = envstr("REDIS_URL", "")
CACHE_KIND = envchoice("CADENCE_CACHE", ("redis", "database", "memory"), "redis" if REDIS_URL else "memory")
CACHES: dict[str, dict[str, Any]]
if CACHE_KIND == "redis":
    if not REDIS_URL:
        raise ConfigError("CADENCE_CACHE=redis needs REDIS_URL")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          # several deployments (or CI runs) can share one Redis database apart
                          "KEY_PREFIX": envstr("CADENCE_CACHE_KEY_PREFIX", "")}}
elif CACHE_KIND == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "cadence_cache"}}
else:
    # Django's default of 300 entries would drop a board's card fragments (200 cards) while it is drawn.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": 10_000}}}
# Sessions are stored in the database; with Redis every request reads its session from the cache (written
# through to the database, read from it when the cache lost it). Not with a per-process cache: a sign-out
# in one process would leave the session alive in the others' memory.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if CACHE_KIND == "redis"
                  else "django.contrib.sessions.backends.db")

# Outgoing webhooks (cadence/webhooks): in production an endpoint is an https:// URL whose host resolves to
# public addresses only (checked when it is saved and again at every delivery, server-side request forgery).
# CADENCE_WEBHOOKS_ALLOW_PRIVATE (default: on with CADENCE_DEBUG, off without) also allows http:// and local
# or private addresses, for development and tests. CADENCE_WEBHOOKS_TIMEOUT: seconds to connect and to read.
WEBHOOKS_ALLOW_PRIVATE = envbool("CADENCE_WEBHOOKS_ALLOW_PRIVATE", DEBUG)
WEBHOOKS_TIMEOUT = envint("CADENCE_WEBHOOKS_TIMEOUT", 10)
if WEBHOOKS_TIMEOUT < 1 or WEBHOOKS_TIMEOUT > 60:
    raise ConfigError(f"CADENCE_WEBHOOKS_TIMEOUT must be from 1 to 60 seconds; got {WEBHOOKS_TIMEOUT}")

# Background tasks (Django's django.tasks): stored in the database by django-tasks-db and run by
# `manage.py db_worker` (`make run` and `scripts/serve-prod.sh` start one). The same backend serves at
# scale: every worker process takes tasks from the shared database (PostgreSQL's SKIP LOCKED).
# CADENCE_TASKS_BACKEND=immediate runs each task in the process that enqueues it (no worker needed).
# CADENCE_TASKS_BACKEND=redis queues them in Redis (django-tasks-redis: Redis Streams, REDIS_URL or
# CADENCE_TASKS_REDIS_URL) for many workers at scale; the worker is `manage.py run_redis_tasks`.
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "redis": "django_tasks_redis.RedisTaskBackend",
}
_task_backend = envstr("CADENCE_TASKS_BACKEND", "db")
if _task_backend not in _TASK_BACKENDS:
    raise ConfigError(f"CADENCE_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {_task_backend!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}
if _task_backend == "redis":
    _tasks_redis_url = envstr("CADENCE_TASKS_REDIS_URL", REDIS_URL)
    if not _tasks_redis_url:
        raise ConfigError("CADENCE_TASKS_BACKEND=redis needs REDIS_URL (or CADENCE_TASKS_REDIS_URL)")
    INSTALLED_APPS.append("django_tasks_redis")  # its worker command and its admin page
    TASKS["default"]["OPTIONS"] = {  # type: ignore[assignment]
        "REDIS_URL": _tasks_redis_url,
        "REDIS_KEY_PREFIX": envstr("CADENCE_TASKS_REDIS_PREFIX", "cadence_tasks"),
        "REDIS_SOCKET_CONNECT_TIMEOUT": 5,
        "REDIS_HEALTH_CHECK_INTERVAL": 30,
        # an import of a large file runs for minutes: another worker claims it again only after this long
        "REDIS_CLAIM_TIMEOUT": envint("CADENCE_TASKS_REDIS_CLAIM_TIMEOUT", 1800),
    }
    del _tasks_redis_url
del _task_backend

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email login, no usernames, TOTP two-factor sign-in, rate limits.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = envstr("CADENCE_EMAIL_VERIFICATION", "optional")
ACCOUNT_ADAPTER = "cadence.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": envstr("CADENCE_LOGIN_FAILED_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
# Sign-up never tells whether an address has an account: a new address and a known one both get
# "we sent you an email" (the known one a note that the account exists; see accounts/forms.py).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "cadence.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # in the browser that signed up
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cadence"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Outgoing email (Django 6.1 mailers). In debug mode mail is printed to the console unless
# CADENCE_EMAIL_HOST is set; in production it goes over SMTP (localhost:25 by default).
EMAIL_HOST = envstr("CADENCE_EMAIL_HOST", "" if DEBUG else "localhost")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": envint("CADENCE_EMAIL_PORT", 25),
                "username": envstr("CADENCE_EMAIL_HOST_USER", ""),
                "password": envstr("CADENCE_EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("CADENCE_EMAIL_USE_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = envstr("CADENCE_DEFAULT_FROM_EMAIL", "Cadence <cadence@localhost>")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ro", _("Romanian")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "cadence" / "static"]
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"

# --- files (cadence/files): where engagement files are stored, and how large they may be -------------------
# Local disk by default (CADENCE_MEDIA_ROOT, like CADENCE_SQLITE_PATH next to the code unless set); an
# S3-compatible bucket when CADENCE_S3_BUCKET is set (django-storages). Files are never served from a public
# URL: the app streams them after checking access, so the bucket stays private and no signed URLs are needed.
MEDIA_ROOT = Path(envstr("CADENCE_MEDIA_ROOT", str(BASE_DIR / "media")))
CADENCE_S3_BUCKET = envstr("CADENCE_S3_BUCKET", "").strip()
if CADENCE_S3_BUCKET:
    _s3_endpoint = envstr("CADENCE_S3_ENDPOINT_URL", "").strip()
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": CADENCE_S3_BUCKET,
            "endpoint_url": _s3_endpoint or None,
            "access_key": envstr("CADENCE_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": envstr("CADENCE_S3_SECRET_ACCESS_KEY", "") or None,
            "region_name": envstr("CADENCE_S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": True,  # every stored name is a fresh UUID: no existence check per upload
            # S3-compatible servers (MinIO, Garage, moto) address buckets by path, not by host name
            "addressing_style": "path" if _s3_endpoint else None,
        },
    }
    del _s3_endpoint
# Upload limits in MB: videos, and every other kind.
CADENCE_FILE_MAX_MB = envint("CADENCE_FILE_MAX_MB", 25)
CADENCE_VIDEO_MAX_MB = envint("CADENCE_VIDEO_MAX_MB", 100)
# comments: how long after writing a comment its author may still change it (minutes)
CADENCE_COMMENT_EDIT_MINUTES = envint("CADENCE_COMMENT_EDIT_MINUTES", 15)
# Imports of ad and analytics exports (cadence.metrics): the largest file accepted, and the size up to which
# a file is read and written in the request (larger ones go to the background worker).
CADENCE_IMPORT_MAX_MB = envint("CADENCE_IMPORT_MAX_MB", 100)
CADENCE_IMPORT_INLINE_KB = envint("CADENCE_IMPORT_INLINE_KB", 512)
# A file at least this large (on the local disk) is read by a second process while the write job writes
CADENCE_IMPORT_PARALLEL_KB = envint("CADENCE_IMPORT_PARALLEL_KB", 4096)
if CADENCE_FILE_MAX_MB < 1 or CADENCE_VIDEO_MAX_MB < 1:
    raise ConfigError("CADENCE_FILE_MAX_MB and CADENCE_VIDEO_MAX_MB must be at least 1")
# --- end of files ---------------------------------------------------------------------------------------

# Content Security Policy (Django's own middleware): nothing inline, nothing third-party.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_SECURE = envbool("CADENCE_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("CADENCE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("CADENCE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("CADENCE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The client's IP address (for the sign-in and API rate limits) behind a reverse proxy: the header the
# proxy sets and, for X-Forwarded-For, how many proxies of ours append to it. Unset: REMOTE_ADDR, and
# any forwarded header is ignored (a client could forge it). Read by cadence.accounts.client_ip only;
# allauth gets the same values and asks our account adapter.
CADENCE_TRUSTED_PROXY_HEADER = envstr("CADENCE_TRUSTED_PROXY_HEADER", "").strip()
CADENCE_TRUSTED_PROXY_COUNT = envint("CADENCE_TRUSTED_PROXY_COUNT", 1 if CADENCE_TRUSTED_PROXY_HEADER else 0)
if CADENCE_TRUSTED_PROXY_COUNT < 0:
    raise ConfigError("CADENCE_TRUSTED_PROXY_COUNT must be 0 or more")
if CADENCE_TRUSTED_PROXY_COUNT and not CADENCE_TRUSTED_PROXY_HEADER:
    raise ConfigError("CADENCE_TRUSTED_PROXY_COUNT needs CADENCE_TRUSTED_PROXY_HEADER (e.g. X-Forwarded-For)")
if CADENCE_TRUSTED_PROXY_HEADER and CADENCE_TRUSTED_PROXY_COUNT == 0:
    raise ConfigError("CADENCE_TRUSTED_PROXY_COUNT must be at least 1 when CADENCE_TRUSTED_PROXY_HEADER is set")
if CADENCE_TRUSTED_PROXY_HEADER.lower() == "x-forwarded-for":
    ALLAUTH_TRUSTED_PROXY_COUNT = CADENCE_TRUSTED_PROXY_COUNT
elif CADENCE_TRUSTED_PROXY_HEADER:
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = CADENCE_TRUSTED_PROXY_HEADER

# JSON API rate limit per token (requests per minute), and for requests with a bad token, per client IP.
CADENCE_API_RATE_LIMIT = envint("CADENCE_API_RATE_LIMIT", 120)
CADENCE_API_BAD_TOKEN_LIMIT = envint("CADENCE_API_BAD_TOKEN_LIMIT", 30)
# Personal API tokens: how many active tokens one user may hold.
CADENCE_API_TOKENS_PER_USER = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("CADENCE_LOG_LEVEL", "WARNING")},
}
