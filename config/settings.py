"""coophub settings, driven by environment variables (see README, "Configuration").

Bad configuration fails loudly at start-up rather than silently falling back.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("COOPHUB_DEBUG", default=False)
SECRET_KEY = env.str("COOPHUB_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("COOPHUB_SECRET_KEY must be set when COOPHUB_DEBUG is off.")
    SECRET_KEY = "coophub-insecure-development-key"
ALLOWED_HOSTS = env.list("COOPHUB_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("COOPHUB_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "django_tasks_db",
    "coophub.core",
    "coophub.accounts",
    "coophub.access",
    "coophub.audit",
    "coophub.search",
    "coophub.timeline",
    "coophub.documents",
    "coophub.partners",
    "coophub.scheduler",
    "coophub.notifications",
    "coophub.overlaps",
    "coophub.reports",
    "coophub.agreements",
    "coophub.assignments",
    "coophub.engagements",
    "coophub.imports",
    "coophub.api",
    "coophub.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coophub.web.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "coophub.audit.middleware.RequestIdMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coophub" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coophub.web.context.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'coophub.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("COOPHUB_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["coophub.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("COOPHUB_MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Imports refuse files with more data rows than this.
COOPHUB_IMPORT_MAX_ROWS = env.int("COOPHUB_IMPORT_MAX_ROWS", default=20_000)
# Text → record extraction refuses longer texts (characters, after HTML is stripped).
COOPHUB_EXTRACTION_MAX_CHARS = env.int("COOPHUB_EXTRACTION_MAX_CHARS", default=100_000)
# Days before an international conference opens by which the request to host it must be filed
# (Decision 06/2020/QĐ-TTg: 40 when the Prime Minister decides, 30 when the Minister does).
COOPHUB_CONFERENCE_LEAD_DAYS = {
    "prime_minister": env.int("COOPHUB_CONFERENCE_LEAD_DAYS_PM", default=40),
    "minister": env.int("COOPHUB_CONFERENCE_LEAD_DAYS_MINISTER", default=30),
}

# Uploads (imports, documents) above this size are refused with a message naming the limit.
COOPHUB_MAX_UPLOAD_BYTES = env.int("COOPHUB_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = COOPHUB_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# SMTP in production (COOPHUB_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend); the console by
# default; `make demo` writes the messages to files (filebased.EmailBackend, COOPHUB_EMAIL_FILE_PATH).
MAILERS = {
    "default": {
        "BACKEND": env.str("COOPHUB_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {},
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("COOPHUB_EMAIL_HOST", default="localhost"),
        "port": env.int("COOPHUB_EMAIL_PORT", default=25),
        "username": env.str("COOPHUB_EMAIL_USER", default=""),
        "password": env.str("COOPHUB_EMAIL_PASSWORD", default=""),
        "use_tls": env.bool("COOPHUB_EMAIL_USE_TLS", default=False),
    }
elif MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "file_path": env.str("COOPHUB_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")),
    }
DEFAULT_FROM_EMAIL = env.str("COOPHUB_FROM_EMAIL", default="coophub@mae.gov.vn")
# The site's address as users reach it; links in e-mails are made absolute with it.
COOPHUB_BASE_URL = env.str("COOPHUB_BASE_URL", default="http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("COOPHUB_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

DJANGO_TABLES2_TEMPLATE = "web/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("COOPHUB_LOG_LEVEL", default="WARNING")},
}
