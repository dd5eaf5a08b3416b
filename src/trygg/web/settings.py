"""Django settings for trygg: one module, typed helpers that fail loudly.

Every variable is listed in ``.env.example`` at the project root. SQLite in
one file is the default so ``trygg demo`` needs nothing running; set
``DATABASE_URL`` to a ``postgres://`` URL for production and CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from trygg.rules.sot import DEFAULT_VICINITY_M

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/trygg


def env_str(name: str, default: str) -> str:
    """A text setting; a blank value (``NAME=`` as in .env.example) means unset, like everywhere here."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ImproperlyConfigured(f"{name} must be a finite number, got {value!r}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [v.strip() for v in value.split(",") if v.strip()] if value else default


def default_data_dir() -> Path:
    return Path(env_str("TRYGG_DATA_DIR", str(Path.cwd() / "var")))


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TRYGG_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A stable development key; `trygg serve` refuses to start without SECRET_KEY
    # unless it serves only 127.0.0.1 (see trygg.cli.web).
    SECRET_KEY = "trygg-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{default_data_dir() / 'trygg.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers with one writer; wait for locks instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "trygg.accounts",
    "trygg.registry",
    "trygg.api",
    "trygg.operations",
    "trygg.public",
    "trygg.warnings",
    "trygg.alerts",
    "trygg.screen",
    "trygg.population",  # stored SCB population grids (issue 12, item 1)
    "trygg.harvest",  # other instances' published feeds (docs/dataset.md)
    "trygg.jobs",  # long computations run off the request, with progress (issue 12)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public cache hits before sessions, auth and URL resolution (docs/public.md, "Caching").
    "trygg.public.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trygg.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygg.web.urls"
WSGI_APPLICATION = "trygg.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "trygg.web.context.site",
            ],
        },
    },
]

# django-axes first: it counts failed logins (form and API basic auth) and refuses locked-out ones.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Swedish first, English second (the UI); the public pages add more languages later.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
# Unset by default: WhiteNoise serves straight from the package (WHITENOISE_USE_FINDERS).
# Set it in production and run `django-admin collectstatic` for compressed, cacheable files.
STATIC_ROOT = env_str("STATIC_ROOT", "") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package when collectstatic has not run

# SOT minimum level (R3): largest store-to-fuel-station distance counted as "direct vicinity".
SOT_VICINITY_M = float(env_int("SOT_VICINITY_M", int(DEFAULT_VICINITY_M)))

# Map tiles are optional: no network at run time unless an operator sets a tile URL.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "trygg.api.schema.AutoSchema",  # API (topic api): error answers documented
    "EXCEPTION_HANDLER": "trygg.api.errors.exception_handler",
    # API (topic api): a JSON body is one object, free of NUL characters and non-finite numbers.
    "DEFAULT_PARSER_CLASSES": [
        "trygg.api.validation.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "trygg API",
    "DESCRIPTION": "Registry of trygghetspunkter and SOT-punkter: organisations, sites, points, plans and readiness.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # API (topic api): the log's entry kinds get their own enum name (several models have a "kind").
    "ENUM_NAME_OVERRIDES": {"EntryKindEnum": "trygg.operations.models.EntryKind"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if env_bool("TRYGG_FAST_PASSWORDS", False):
    # Tests only: hashing dominates the suite's run time otherwise.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# ---- uploads (docs/import-export.md, limits): an upload past FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to a
# temporary file, so no upload is held in memory whole; the points import stops reading a file at
# trygg.formats.limits.MAX_IMPORT_BYTES (10 MiB) and says so. Form fields and JSON bodies (files not counted)
# stay within Django's 2.5 MiB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# ---- public (issue 6): settings owned by trygg.public go below this line ----
# Base URL of the public pages as residents reach them: printed on posters and in QR codes,
# and used for links inside feeds and CAP messages (may differ from SITE_URL, e.g. a mirror).
PUBLIC_SITE_URL = env_str("PUBLIC_SITE_URL", SITE_URL)
# How long a worker process serves a rendered public page or feed before rendering it again (s).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 15)
# Several app processes or machines (docs/deploy.md): with REDIS_URL (redis://host:6379/0) Django's cache is
# Redis and a change made through one process empties every process's public cache at once.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "trygg"),  # several installations on one Redis
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},  # a dead Redis costs little
    }}
PUBLIC_CACHE_SHARED = bool(REDIS_URL)
# With the shared generation (REDIS_URL) every change reaches every process at once, so a rendered page may
# live this long in a worker's memory (s); PUBLIC_CACHE_SECONDS stays the bound without Redis and for proxies.
PUBLIC_CACHE_SHARED_SECONDS = env_int("PUBLIC_CACHE_SHARED_SECONDS", 600)
# Live pages pushed through Redis pub/sub (trygg.operations.push, docs/deploy.md): channel prefix, how long one
# stream lasts before the browser reconnects, and how many streams one process holds open (each takes a thread).
PUSH_CHANNEL_PREFIX = env_str("PUSH_CHANNEL_PREFIX", env_str("CACHE_KEY_PREFIX", "trygg"))
PUSH_STREAM_SECONDS = env_int("PUSH_STREAM_SECONDS", 25)
PUSH_MAX_STREAMS = env_int("PUSH_MAX_STREAMS", 2)
# The local Sveriges Radio channel named in the radio text and on the pages.
PUBLIC_P4_CHANNEL = env_str("PUBLIC_P4_CHANNEL", "P4 Jämtland")
# The web address read out on the radio (e.g. trygg.jamtland.se); blank: PUBLIC_SITE_URL.
PUBLIC_WEB_ADDRESS = env_str("PUBLIC_WEB_ADDRESS", "")
# CAP: the sender id's domain (kommun-2309@DOMAIN) and the circle drawn around each point (km).
PUBLIC_CAP_SENDER_DOMAIN = env_str("PUBLIC_CAP_SENDER_DOMAIN", "")
PUBLIC_CAP_RADIUS_KM = env_float("PUBLIC_CAP_RADIUS_KM", 2.0)
# The licence of the published points, named in the DCAT-AP-SE description (/feeds/dcat.jsonld, docs/dataset.md).
PUBLIC_DATA_LICENSE = env_str("PUBLIC_DATA_LICENSE", "http://creativecommons.org/publicdomain/zero/1.0/")
# Where the public pages get each point's live state and the public messages: dotted paths of
# functions (see trygg.public.status). The live state comes from operations' running real events
# (exercises never); messages (CAP, Atom, radio) are for operations to provide. Blank: the default.
PUBLIC_LIVE_STATE = env_str("PUBLIC_LIVE_STATE", "trygg.public.operations_state.live_states")
PUBLIC_MESSAGES = env_str("PUBLIC_MESSAGES", "trygg.public.operations_messages.messages")
# The released public text of each running real event, shown on the municipality and county pages.
PUBLIC_NOTICES = env_str("PUBLIC_NOTICES", "trygg.public.operations_state.notices")

# ---- warnings (SMHI, CAP 1.2): fetched by `trygg warnings poll`; nothing is contacted when blank ----
# SMHI's impact-based warnings, e.g. https://opendata-download-warnings.smhi.se/ibww/api/version/1/warning.json
WARNINGS_SMHI_URL = env_str("WARNINGS_SMHI_URL", "")
# CAP 1.2 alert addresses (comma-separated), e.g. a VMA feed.
WARNINGS_CAP_URLS = env_list("WARNINGS_CAP_URLS", [])

# ---- harvest (docs/dataset.md): other trygg instances' /feeds/points.geojson, read by `trygg harvest poll` ----
# Comma-separated feed addresses; blank: nothing is fetched.
HARVEST_URLS = env_list("HARVEST_URLS", [])

# Road network for the coverage and access pages (docs/needs-analysis.md, "Vägnät"): an OpenStreetMap
# .osm.pbf; built once into TRYGG_ROAD_CACHE_DIR and rebuilt when the file changes. Empty: straight line × 1.3.
TRYGG_ROAD_PBF = env_str("TRYGG_ROAD_PBF", "")
TRYGG_ROAD_FERRY_KMH = env_float("TRYGG_ROAD_FERRY_KMH", 0.0)  # 0: ferries are not used
TRYGG_ROAD_CACHE_DIR = env_str("TRYGG_ROAD_CACHE_DIR", str(default_data_dir() / "road-cache"))

# Long computations (trygg.jobs): true runs a started job in a thread of the app process (the demo
# and a one-machine install need nothing more); false leaves it to `trygg jobs work` (docs/deploy.md).
TRYGG_JOBS_IN_PROCESS = env_bool("TRYGG_JOBS_IN_PROCESS", True)

# ---- alerts (docs/alerts.md): e-mail goes through Django's EMAIL_* settings; SMS only when configured ----
# Below this many hours of fuel at the planned load, a status report alerts the point's subscribers.
ALERTS_FUEL_HOURS = env_float("ALERTS_FUEL_HOURS", 12.0)
# The same alert (same point and kind) to the same person is sent at most once in this window.
ALERTS_THROTTLE_MINUTES = env_int("ALERTS_THROTTLE_MINUTES", 30)
# A failed delivery is retried with growing pauses (2, 4, 8 … minutes) this many times in all.
ALERTS_MAX_ATTEMPTS = env_int("ALERTS_MAX_ATTEMPTS", 5)
# Exercises alert too (marked ÖVNING) unless this is false.
ALERTS_FOR_EXERCISES = env_bool("ALERTS_FOR_EXERCISES", True)
# SMS through 46elks (https://46elks.se/docs): blank username or password means no SMS is ever sent.
SMS_46ELKS_USERNAME = env_str("SMS_46ELKS_USERNAME", "")
SMS_46ELKS_PASSWORD = env_str("SMS_46ELKS_PASSWORD", "")
SMS_API_URL = env_str("SMS_API_URL", "https://api.46elks.com/a1/sms")
SMS_FROM = env_str("SMS_FROM", "trygg")

# ---- accounts (docs/accounts.md): login throttling, e-mail, sessions, second factor ----
# django-axes: a (username, address) pair is locked after this many failed logins, on the login
# form and on the API's basic auth, for the cool-off time. Locking the pair, not the user alone,
# keeps a stranger from locking a coordinator out and lets colleagues behind one office address in.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 30) / 60  # hours, as django-axes reads a number
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "trygg.accounts.throttling.lockout_response"
# Behind nginx or another proxy every request comes from the proxy: with this many trusted proxies
# the client's address is read from X-Forwarded-For (trygg.accounts.throttling.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:  # the proxy terminates TLS and always sets X-Forwarded-Proto (docs/deploy.md)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
AXES_CLIENT_IP_CALLABLE = "trygg.accounts.throttling.client_address"
# The API's basic auth goes through the same lockout, answered in the API's JSON error shape.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "trygg.accounts.throttling.LockoutAwareBasicAuthentication",
]

# E-mail (password reset, new users' invitations, alerts). Without EMAIL_HOST, DEBUG prints
# messages on the console and production refuses password reset with a clear message.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trygg <noreply@localhost>")
if not EMAIL_HOST and DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Sessions end this many hours after login (one long shift), or when the browser closes if set.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

# Roles that must confirm a TOTP code after their password: county_officer, coordinator,
# point_manager, staff, partner, and "admin" for superusers. Blank: the second factor is optional.
TRYGG_REQUIRE_2FA_ROLES = env_list("TRYGG_REQUIRE_2FA_ROLES", [])
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "trygg")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
                  "trygg.accounts.middleware.SecondFactorMiddleware")
