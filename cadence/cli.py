"""The ``cadence`` console script: manage.py's commands, plus ``cadence schedule`` which needs no database
and ``cadence import FILE --engagement UUID`` (an ad or analytics export, ``cadence.metrics.import_cli``)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "schedule":
        from cadence.engagements.schedule_cli import main as schedule_main

        try:
            return schedule_main(args[1:])
        except BrokenPipeError:  # `cadence schedule ... | head`: the reader left; that is not an error
            sys.stderr.close()
            return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.settings")
    if args and args[0] == "import":  # an ad or analytics export into an engagement (cadence.metrics)
        from cadence.metrics.import_cli import main as import_main

        return import_main(args[1:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadence", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
