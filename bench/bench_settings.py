"""Settings for the API benchmark's gunicorn: the production settings plus one trivial view (bench_urls)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
