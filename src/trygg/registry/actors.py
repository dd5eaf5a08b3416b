"""The actor directory's import: the database side of :mod:`trygg.formats.actors`.

Who may import what: a municipality's coordinator keeps the actors of their
own municipality; the county officer the county-level actors (police, rescue
service, SOS Alarm, the region…) and those of the county's municipalities;
an administrator everything. A row outside the importer's scope refuses the
whole file, like every other import.

What an import changes (the same rule as the points import): a row names an
actor by its name; an actor that exists is updated in the fields the file has
a column for, and an empty cell leaves the field as it is unless ``replace``
is given. Municipalities and the county are reference data: a row of kind
*kommun* or *länsstyrelse* updates the contact fields of the existing one and
never creates one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from trygg.accounts import permissions as perm
from trygg.accounts.permissions import AnyUser
from trygg.formats.actors import ActorRow, ActorTable
from trygg.formats.errors import ImportRejected, RowError
from trygg.registry import scope
from trygg.registry.choices import OrganisationKind
from trygg.registry.models import Organisation
from trygg.shared.history import acting_as
from trygg.text import N_

CONTACT_FIELDS = ("crisis_role", "phone", "email", "rakel", "reachable")
# The order of the directory, on its page and in the binder: who coordinates first, then who helps.
KIND_ORDER = ("county", "municipality", "authority", "volunteer", "company", "other")
REFERENCE_KINDS = ("municipality", "county")


def directory_order(organisation: Organisation) -> tuple[int, str]:
    kind = organisation.kind
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), organisation.name)


@dataclass(frozen=True)
class ActorChange:
    name: str
    created: bool
    fields: dict[str, tuple[str, str]]  # field: (old, new)


@dataclass
class ActorSummary:
    changes: list[ActorChange] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(c.created for c in self.changes)

    @property
    def updated(self) -> int:
        return sum(bool(not c.created and c.fields) for c in self.changes)

    @property
    def unchanged(self) -> int:
        return sum(bool(not c.created and not c.fields) for c in self.changes)


@dataclass(frozen=True)
class ActorScope:
    """Where an importer may keep actors: the county (or None) and the municipalities."""

    county: Organisation | None
    municipalities: QuerySet[Organisation]

    def allows(self, parent: Organisation) -> bool:
        if self.county is not None and parent.pk == self.county.pk:
            return True
        return self.municipalities.filter(pk=parent.pk).exists()


def actor_scope(user: AnyUser) -> ActorScope:
    """The county and municipalities whose actors ``user`` may keep."""
    if perm.keeps_county_records(user):  # not the national coordinator: it reads, keeps nothing
        municipalities = scope.readable_municipalities(user)
        county = Organisation.objects.filter(kind=OrganisationKind.COUNTY, children__in=municipalities).distinct().first()
        if county is None and getattr(user, "is_superuser", False):
            county = Organisation.objects.filter(kind=OrganisationKind.COUNTY).order_by("pk").first()
        return ActorScope(county, municipalities)
    return ActorScope(None, scope.editable_municipalities(user))


def may_import_actors(user: AnyUser) -> bool:
    scope = actor_scope(user)
    return scope.county is not None or scope.municipalities.exists()


def import_actors(table: ActorTable, user: AnyUser, *, replace: bool = False, dry_run: bool = False,
                  source_name: str = "") -> ActorSummary:
    """Store (or with ``dry_run`` only work out) what the file changes; all or nothing."""
    scope = actor_scope(user)
    summary = ActorSummary()
    errors: list[RowError] = []
    with transaction.atomic(), acting_as(user, "trygg import actors"):
        for row in table.rows:
            outcome = _apply_row(row, table.columns, scope, replace)
            if isinstance(outcome, RowError):
                errors.append(outcome)
            else:
                summary.changes.append(outcome)
        if errors:
            transaction.set_rollback(True)
            raise ImportRejected(errors, source_name)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _apply_row(row: ActorRow, columns: frozenset[str], scope: ActorScope, replace: bool) -> ActorChange | RowError:
    parent = _parent_of(row, scope)
    if isinstance(parent, RowError):
        return parent
    if row.kind in REFERENCE_KINDS:
        actor = _reference_actor(row, parent)
        if isinstance(actor, RowError):
            return actor
        return _update(actor, row, columns - {"name", "kind", "municipality_code"}, replace)
    existing = _find_actor(row.name, scope)
    if existing is None:
        return _create(row, parent)
    if "municipality_code" not in columns:
        parent = existing.parent or parent
    return _update(existing, row, columns - {"name"}, replace, parent=parent)


def _parent_of(row: ActorRow, scope: ActorScope) -> Organisation | RowError:
    """The organisation the actor belongs to: a municipality by code, or the county when the code is blank."""
    if row.municipality_code:
        municipality = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, scb_code=row.municipality_code).first()
        if municipality is None:
            return RowError(row.row, "municipality_code", row.municipality_code,
                            N_("No municipality has that code."))
        if not scope.allows(municipality):
            return RowError(row.row, "municipality_code", row.municipality_code,
                            N_("You may not change the actors of that municipality."))
        return municipality
    if scope.county is None:
        return RowError(row.row, "municipality_code", "",
                        N_("County-level actors (blank municipality code) are kept by the county: give your municipality's code."))
    return scope.county


def _reference_actor(row: ActorRow, parent: Organisation) -> Organisation | RowError:
    if row.kind == OrganisationKind.COUNTY:
        if row.municipality_code:
            return RowError(row.row, "municipality_code", row.municipality_code,
                            N_("A county has no municipality code."))
        return parent
    if not row.municipality_code:
        return RowError(row.row, "municipality_code", "",
                        N_("A municipality is given by its municipality code."))
    return parent


def _find_actor(name: str, scope: ActorScope) -> Organisation | None:
    """The actor of that name in the importer's scope (names are unique there, not nationally)."""
    parents = list(scope.municipalities.values_list("pk", flat=True))
    if scope.county is not None:
        parents.append(scope.county.pk)
    return (Organisation.objects.exclude(kind__in=REFERENCE_KINDS)
            .filter(name__iexact=name, parent__in=parents).order_by("pk").first())


def _create(row: ActorRow, parent: Organisation) -> ActorChange:
    values = {f: getattr(row, f) for f in CONTACT_FIELDS}
    Organisation.objects.create(name=row.name, kind=row.kind or "other", parent=parent, **values)
    return ActorChange(row.name, True, {f: ("", v) for f, v in values.items() if v})


def _update(actor: Organisation, row: ActorRow, columns: Iterable[str], replace: bool,
            parent: Organisation | None = None) -> ActorChange:
    changed: dict[str, tuple[str, str]] = {}
    for name in sorted(set(columns) & {"kind", *CONTACT_FIELDS}):
        new = getattr(row, name)
        old = getattr(actor, name)
        if (new or replace) and new != old:
            changed[name] = (old, new)
            setattr(actor, name, new)
    if parent is not None and actor.parent_id != parent.pk:
        changed["municipality_code"] = (actor.parent.scb_code if actor.parent else "", parent.scb_code)
        actor.parent = parent
    if changed:
        actor.save()
    return ActorChange(actor.name, False, changed)

