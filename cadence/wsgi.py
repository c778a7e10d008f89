import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from django.conf import settings

    if not settings.DEBUG:  # production: load what a first request would (cadence/warmup.py)
        from django.core.cache import caches
        from django.db import connections

        from cadence.warmup import warm_up

        warm_up()
        # gunicorn --preload (scripts/serve-prod.sh) runs this once in its master and forks the workers from
        # it: no database or cache connection may be shared by the forked workers, each opens its own.
        connections.close_all()
        for cache in caches.all(initialized_only=True):
            cache.close()
        # What the master loaded lives as long as the workers: out of the garbage collector's sight, so that a
        # worker's full collections do not walk it (a pause of a tenth of a second in the middle of a request)
        # and its pages stay shared with the master instead of being copied on the first collection.
        gc.collect()
        gc.freeze()


_warm_up()
