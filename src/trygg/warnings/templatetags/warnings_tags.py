from django import template

from trygg.warnings.queries import warnings_for

register = template.Library()


@register.inclusion_tag("warnings/_panel.html", takes_context=True)
def warnings_panel(context, municipalities):
    """The warnings in force over ``municipalities``: one municipality, or "readable" for all the user reads."""
    from trygg.registry import scope
    from trygg.registry.models import Organisation

    request = context["request"]
    if municipalities == "readable":
        municipalities = scope.readable_municipalities(request.user)
    elif isinstance(municipalities, Organisation):
        municipalities = Organisation.objects.filter(pk=municipalities.pk)
    return {"shown": warnings_for(request.user, municipalities), "csrf_token": context.get("csrf_token")}
