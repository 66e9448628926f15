"""Settings for the test suite: same as production, with fast hashing and tasks run in-process."""

import os

os.environ.setdefault("COOPHUB_DEBUG", "true")

from .settings import *  # noqa: E402,F403
from .settings import VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# SQLite tests run in memory (each process its own database); PostgreSQL tests use test_<name>.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
(VAR_DIR / "static").mkdir(exist_ok=True)
