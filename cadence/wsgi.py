import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from django.conf import settings

    if not settings.DEBUG:  # production: each worker loads what its first request would (cadence/warmup.py)
        from cadence.warmup import warm_up

        warm_up()


_warm_up()
