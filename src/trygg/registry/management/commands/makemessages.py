"""``makemessages`` that also collects the deferred texts of the pure layers.

Rules, analysis and formats may not import Django, so they mark their texts with
``trygg.text.N_`` (and ``NP_`` with a context) instead of ``gettext_lazy``; these
are the extra keywords xgettext needs to find them.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=N_",
        "--keyword=NP_:1c,2",
    ]
