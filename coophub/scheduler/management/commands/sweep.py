import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from coophub.scheduler.sweep import sweep
from coophub.scheduler.tasks import run_sweep

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send the task reminders, escalations and agreement expiry alerts that are due, every --interval "
        "seconds (or once). Several can run at once: each due row is claimed by one of them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="sweep once and exit")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="seconds between sweeps (default 60)"
        )
        parser.add_argument("--batch", type=int, default=1000, help="rows claimed per UPDATE (default 1000)")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="enqueue run_sweep for the task worker instead of sweeping here",
        )

    def handle(self, *args, once=False, interval=60.0, batch=1000, enqueue=False, **options):
        stopping = []
        if not once:
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stopping.append(True))
        while True:
            try:
                self._one(enqueue=enqueue, batch=batch, verbose=once or options["verbosity"] > 1)
            except Exception:
                if once:
                    raise
                log.exception("sweep failed; trying again in %s s", interval)
            if once:
                return
            close_old_connections()  # a long-running loop must not hold a broken or expired connection
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
            if stopping:
                return

    def _one(self, *, enqueue: bool, batch: int, verbose: bool) -> None:
        stamp = f"{timezone.now():%Y-%m-%d %H:%M:%S}"
        if enqueue:
            result = run_sweep.enqueue()
            if verbose:
                self.stdout.write(f"{stamp} enqueued sweep {result.id}")
            return
        result = sweep(batch=batch)
        if result.claimed or verbose:
            self.stdout.write(
                f"{stamp} claimed {result.claimed}, reminders {result.sent}, escalations {result.escalated}, "
                f"expiry alerts {result.alerts}, failed {result.failed}"
            )
