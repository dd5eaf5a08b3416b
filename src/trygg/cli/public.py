"""Public information commands: the static site, radio text drafts and posters (issue 6)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trygg.cli import UserError, main
from trygg.cli.language import _, message, ngettext, number
from trygg.cli.web import export_group, setup_django
from trygg.public.languages import PUBLIC_LANGUAGES
from trygg.public.paper import DEFAULT_POSTER_SIZE, POSTER_SIZES


@export_group.command("site")
@click.argument("directory", type=click.Path(file_okay=False, writable=True))
@click.option("--municipality", "-m", help="Only this municipality (4-digit SCB code); default the whole county.")
@click.option("--posters", is_flag=True, help="Also render every poster PDF (A4 and A3, every language; slow).")
@click.option("--base-url", help="The address the copy will be served from, for links inside feeds and QR codes "
                                 "(default PUBLIC_SITE_URL).")
def export_site_cmd(directory: str, municipality: str | None, posters: bool, base_url: str | None) -> None:
    """Write the public site as static files (HTML, CSS, GeoJSON, CSV, CAP, Atom) into DIRECTORY."""
    setup_django()
    from django.conf import settings
    from tqdm import tqdm

    from trygg.public import paths, status
    from trygg.public.export import ExportError, export_site

    # What a user can get wrong is checked here, in the user's language (the public app's own
    # catalogues are not the staff one, so public.export's messages stay English).
    if municipality is not None and status.municipality(municipality) is None:
        raise UserError(_("No municipality with SCB code {municipality!r} (give 4 digits, e.g. 2309).")
                        .format(municipality=municipality))
    if posters and paths.is_local_address(base_url or settings.PUBLIC_SITE_URL):
        raise UserError(_("The posters' QR codes would lead to {url}, which only works on this computer: set "
                          "PUBLIC_SITE_URL or give --base-url with the public address.")
                        .format(url=base_url or settings.PUBLIC_SITE_URL))

    def progress(jobs, total):
        return tqdm(jobs, total=total, desc="export", unit="file", file=sys.stderr, leave=False)

    try:
        summary = export_site(directory, municipality, posters=posters, base_url=base_url, progress=progress)
    except ExportError as error:
        raise UserError(message(error)) from None
    click.echo(_("Wrote {files} ({pages}, {points}, {megabytes} MB) to {directory}. "
                 "Open index.html or serve the folder.").format(
        files=ngettext("{n} file", "{n} files", summary.files).format(n=summary.files),
        pages=ngettext("{n} page", "{n} pages", summary.pages).format(n=summary.pages),
        points=ngettext("{n} point", "{n} points", summary.points).format(n=summary.points),
        megabytes=number(summary.bytes / 1e6, ".1f"), directory=summary.directory))


@main.group()
def radio() -> None:
    """Radio text for Sveriges Radio P4: what a presenter reads when points open."""


@radio.command("draft")
@click.option("--municipality", "-m", required=True, help="The municipality (4-digit SCB code).")
@click.option("--point", "refs", multiple=True, help="Only this point (reference or id); repeat for several.")
@click.option("--language", "-l", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the text.")
@click.option("--reason", default="", help="Why the points open, one sentence (in the chosen language).")
@click.option("--exercise", is_flag=True, help="Mark it as an exercise at the start and the end.")
def radio_draft_cmd(municipality: str, refs: tuple[str, ...], language: str, reason: str, exercise: bool) -> None:
    """Print the announcement for opening a municipality's planned public points (a draft to adapt)."""
    setup_django()
    from dataclasses import replace

    from django.utils import timezone

    from trygg.formats.radio import radio_text
    from trygg.public import status
    from trygg.public.feeds import radio_settings
    from trygg.rules.public_info import MessageKind, PointStatus, PublicMessage

    area = status.municipality(municipality)
    if area is None:
        raise UserError(_("No municipality with SCB code {municipality!r} (give 4 digits, e.g. 2309).").format(municipality=municipality))
    points = status.public_points(municipality)
    if refs:
        points = [p for p in points if p.ref in refs or str(p.id) in refs]
    if not points:
        raise UserError((_("No public points in {area} match {refs}.") if refs else _("No public points in {area}."))
                        .format(area=area.name, refs=", ".join(refs)))
    message = PublicMessage(
        identifier="draft", kind=MessageKind.OPENING, sender=status.cap_sender(municipality), sent=timezone.now(),
        municipality_code=municipality, municipality_name=area.name,
        reason=reason if language == "sv" else "", reason_en=reason if language == "en" else "",
        points=tuple(replace(p, status=PointStatus.OPEN) for p in points), exercise=exercise,
    )
    click.echo(radio_text(message, language, radio_settings()), nl=False)


@main.command("poster")
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--point", "point_id", type=int, help="A point's poster (its id, as in /p/ID/).")
@click.option("--municipality", "-m", help="A municipality's poster listing its points (4-digit SCB code).")
@click.option("--language", "-l", default="sv", show_default=True,
              help=", ".join(language.code for language in PUBLIC_LANGUAGES) + ".")
@click.option("--size", type=click.Choice(list(POSTER_SIZES)), default=DEFAULT_POSTER_SIZE, show_default=True,
              help="Paper size.")
@click.option("--base-url", help="The public address printed under the QR code (default PUBLIC_SITE_URL).")
def poster_cmd(output: str, point_id: int | None, municipality: str | None, language: str, size: str,
               base_url: str | None) -> None:
    """Render a poster PDF with a QR code to the point's or municipality's page."""
    if (point_id is None) == (municipality is None):
        raise UserError(_("Give either --point ID or --municipality CODE."))
    setup_django()
    from django.conf import settings
    from django.test.utils import override_settings

    with override_settings(PUBLIC_SITE_URL=base_url or settings.PUBLIC_SITE_URL):
        body = _poster_pdf(point_id, municipality, language, size)
    Path(output).write_bytes(body)
    click.echo(_("Wrote {output} ({kilobytes} KB).").format(output=output, kilobytes=len(body) // 1024), err=True)


def _poster_pdf(point_id: int | None, municipality: str | None, language: str, size: str) -> bytes:
    from django.conf import settings

    from trygg.public import languages, paths, pdf, status

    if paths.is_local_address(settings.PUBLIC_SITE_URL):
        raise UserError(_("The poster's QR code would lead to {url}, which only works on this computer: set PUBLIC_SITE_URL or give --base-url with the public address.").format(url=settings.PUBLIC_SITE_URL))
    lang = languages.get(language)
    if lang is None:
        raise UserError(_("Unknown language {language!r}: use one of {items}.").format(language=language, items=', '.join(x.code for x in languages.PUBLIC_LANGUAGES)))
    if point_id is not None:
        point = status.public_point(point_id)
        if point is None:
            raise UserError(_("No public point with id {point_id} (only published, decided or ready points).").format(point_id=point_id))
        return pdf.point_poster_pdf(point, lang, size)
    area = status.municipality(municipality or "")
    if area is None:
        raise UserError(_("No municipality with SCB code {municipality!r}.").format(municipality=municipality))
    return pdf.municipality_poster_pdf(area, status.public_points(area.code), lang, size)
