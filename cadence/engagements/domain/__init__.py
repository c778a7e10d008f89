"""The pure schedule engine (the domain package): turns a process template, monthly hours and a country
into dated phases.

No Django in here (``cadence schedule`` runs without a database, and the engine is tested on its own;
tests/domain/test_domain_no_django.py checks it).

How it works, in short:

* Engagement month *k* is ``[start + (k-1) months, start + k months)``. Its working days are Monday to
  Friday less the country's public holidays, and its hours are spread evenly over them, in whole
  minutes (the remainder goes one minute each to the first days), so a month never gets more than its
  hours.
* Days before ``today`` are history: only the hours actually logged count. From ``today`` on, each
  working day's capacity is handed out: the current one-off phase of the chain (template order), the
  phases running alongside it, and the continuous phases (each keeps its own guaranteed share while a
  one-off phase runs, scaled down only if the shares add up past the whole day, and together they
  take every hour nobody else needs).
* Gates pass on their recorded date, or are assumed to pass the day their phase ends; a gate whose
  phase ended before today but is still unrecorded is "holding": it is assumed to pass today.
* The same template from the start, with estimates only (the *baseline*), explains why each phase moved.

Modules: ``spec`` (templates, validation, inputs), ``calendar`` (months, working days), ``results``
(the returned dataclasses), ``simulation`` (the day-by-day allocation), ``explain`` (reasons, contract
warnings) and ``engine`` (``compute_schedule``, ``daily_allocation``). ``cadence.engagements.schedule``
re-exports the public names. Beside the engine, the same package holds the app's other pure rules:
``rollover`` (each month's one set of figures: contracted, carried over, extra hours, the limit check,
closed months), ``timesheet`` (the weekly grid: parsing a week and its cells, what a save changes) and
``limits`` (the bounds every entry point shares).
"""
