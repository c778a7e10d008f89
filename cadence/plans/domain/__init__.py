"""The marketing plan's pure rules (issue 7): no Django, no database, typed inputs and outputs.

Modules:

* ``findings``: ``Finding(code, params)``, what every rule reports (the app translates the codes);
* ``metrics``: the stable KPI metric keys, each with its unit kind, better direction and source;
* ``tree``: the goal tree as plain dataclasses (objective -> SMM tasks -> KPI, actions -> metrics);
* ``smart``: the SMART check of an SMM task with its KPI against its objective;
* ``seven_steps``: seed 004's 7-step view of an objective and what is incomplete at each step;
* ``completeness``: the completeness meter per SOSTAC section and for the whole plan;
* ``snapshot``: a frozen plan version as canonical JSON with its SHA-256, and the diff of two;
* ``versions``: the version state machine (draft, in review, approved, superseded) and who may act.
"""
