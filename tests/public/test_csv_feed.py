"""The CSV feed has an HXL hashtag row and keeps staff text from becoming spreadsheet formulas."""

import csv
import io

from trygg.formats.public_points import CSV_COLUMNS
from trygg.registry.models import Point


def _rows(client, url="/feeds/points.csv"):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_second_row_carries_hxl_hashtags(client, db):
    header, hashtags, *rows = _rows(client)
    assert header[:2] == ["id", "name"]
    assert all(tag.startswith("#") for tag in hashtags)
    for expected in ("#loc+name", "#adm2+code", "#geo+lat", "#geo+lon", "#status"):
        assert expected in hashtags
    assert len(rows) == Point.objects.filter(public=True, state__in=["decided", "ready"]).count()
    assert len(header) == len(hashtags) == len(CSV_COLUMNS)


def test_coordinates_and_codes_line_up_with_their_hashtags(client, db):
    _header, hashtags, *rows = _rows(client)
    column = {tag: i for i, tag in enumerate(hashtags)}
    for row in rows:
        assert 55 < float(row[column["#geo+lat"]]) < 70 and 10 < float(row[column["#geo+lon"]]) < 25
        assert len(row[column["#adm2+code"]]) == 4


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(client, point):
    kall = point("SOT-KALL")
    kall.name = '=HYPERLINK("http://evil.example","click")'
    kall.save()
    _header, _tags, *rows = _rows(client)
    names = [row[1] for row in rows]
    assert "'" + kall.name in names and kall.name not in names
