"""Words the public pages show for codes, in every public language (gettext, context "public").

Every public string carries the message context ``public`` so the public
catalogues (``trygg/public/locale``) never collide with the staff UI's.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from trygg.rules.public_info import HelpCategory, PointStatus

H = HelpCategory

HELP = {
    H.WARMTH: pgettext_lazy("public", "Warmth"),
    H.CHARGING: pgettext_lazy("public", "Charge your phone"),
    H.WATER: pgettext_lazy("public", "Drinking water"),
    H.FOOD: pgettext_lazy("public", "Food"),
    H.TOILETS: pgettext_lazy("public", "Toilets"),
    H.INFORMATION: pgettext_lazy("public", "Information"),
    H.FIRST_AID: pgettext_lazy("public", "First aid"),
    H.CRISIS_SUPPORT: pgettext_lazy("public", "Someone to talk to"),
    H.OVERNIGHT: pgettext_lazy("public", "Sleep overnight"),
    H.FUEL: pgettext_lazy("public", "Fuel for vehicles"),
}

STATUS = {
    PointStatus.PLANNED: pgettext_lazy("public", "Opens when needed"),
    PointStatus.OPEN: pgettext_lazy("public", "Open now"),
    PointStatus.FULL: pgettext_lazy("public", "Full right now"),
    PointStatus.CLOSED: pgettext_lazy("public", "Closed"),
}

# What the point is, by its registry kind (trygg.rules.catalogue.POINT_KINDS): a poster of
# SOT-punkt Kall must not call it a trygghetspunkt.
POINT_KIND = {
    "trygghetspunkt": pgettext_lazy("public", "Safety point"),
    "sot_punkt": pgettext_lazy("public", "Service and safety point"),
    "varmestuga": pgettext_lazy("public", "Warming hut"),
    "krispunkt": pgettext_lazy("public", "Crisis point"),
    "trygghetsplats": pgettext_lazy("public", "Safety place"),
}

LEVEL = {
    1: pgettext_lazy("public", "Open a few hours in the daytime."),
    2: pgettext_lazy("public", "Open most of the day. No overnight stay."),
    3: pgettext_lazy("public", "Open day and night. You can sleep here."),
}

ACCESSIBLE = {
    True: pgettext_lazy("public", "Accessible with a wheelchair"),
    False: pgettext_lazy("public", "Not accessible with a wheelchair"),
}
