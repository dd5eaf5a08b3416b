"""Long computations as jobs: a row per run, worked off the request (issue 12).

A coordinator starts a computation (the fuel plan over a long outage, …); a
:class:`~trygg.jobs.models.Job` row records who started it, for which
municipality or county, with which parameters, and then its state, progress
(fraction and phase) and its result or error. A worker runs it: a thread in
the app process started when the job is committed (``TRYGG_JOBS_IN_PROCESS``,
the default, so ``trygg demo`` needs nothing more), or ``trygg jobs work`` as
its own service (docs/deploy.md). The job page refreshes itself until the
result is there; the result is stored, so the page can be left and opened
again.
"""
