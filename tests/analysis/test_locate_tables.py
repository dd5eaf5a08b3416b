"""The cost, demand and site-list readers name the file, line and field of every error."""

from __future__ import annotations

import pytest

from trygg.analysis.locate import LocationInputError
from trygg.formats.location_tables import read_cost_table, read_demand_table, read_site_list


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_a_long_form_cost_table(tmp_path):
    path = write(tmp_path, "costs.csv", "demand_id,site_id,cost\nÅs,s1,12.5\nBerg, s2 ,0\n")
    assert read_cost_table(path) == [("Ås", "s1", 12.5), ("Berg", "s2", 0.0)]


def test_a_swedish_spreadsheet_export_reads_like_every_other_table(tmp_path):
    # semicolons, decimal comma, no-break space thousands and the minus sign's cousin: what Excel writes here
    path = write(tmp_path, "costs.csv", "demand_id;site_id;cost\nÅs;s1;12,5\nBerg;s2;1\u00a0234,0\n")
    assert read_cost_table(path) == [("Ås", "s1", 12.5), ("Berg", "s2", 1234.0)]
    weights = write(tmp_path, "demand.csv", "id;weight\nÅs;1 200\n")
    assert read_demand_table(weights) == {"Ås": 1200.0}


def test_it_reads_demand_weights_and_a_bom(tmp_path):
    path = write(tmp_path, "demand.csv", "\ufeffid,weight\nÅs,120\nBerg,0\n")
    assert read_demand_table(path) == {"Ås": 120.0, "Berg": 0.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("demand_id,site,cost\na,s,1\n", "missing column.s. site_id .found: demand_id, site, cost."),
        ("demand_id,site_id,cost\na,s,abc\n", "line 2: cost 'abc' is not a number"),
        ("demand_id,site_id,cost\na,s,1\nb,s,-4\n", "line 3: cost is '-4'; it must be a finite number >= 0"),
        ("demand_id,site_id,cost\na,s,nan\n", "line 2: cost 'nan' is not a number"),
        ("demand_id,site_id,cost\n,s,1\n", "line 2: demand_id is empty"),
        ("demand_id,site_id,cost\n", "no cost rows"),
    ],
)
def test_it_rejects_bad_cost_rows(tmp_path, text, message):
    path = write(tmp_path, "costs.csv", text)
    with pytest.raises(LocationInputError, match=message) as caught:
        read_cost_table(path)
    assert "costs.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,population\na,1\n", "missing column.s. weight"),
        ("id,weight\na,-1\n", "line 2: weight is '-1'"),
        ("id,weight\na,\n", "line 2: weight '' is not a number"),
        ("id,weight\na,1\na,2\n", "line 3: demand id 'a' appears more than once"),
        ("id,weight\n", "no demand rows"),
    ],
)
def test_it_rejects_bad_demand_rows(tmp_path, text, message):
    path = write(tmp_path, "demand.csv", text)
    with pytest.raises(LocationInputError, match=message):
        read_demand_table(path)


def test_site_lists_are_plain_lines_or_a_csv_column(tmp_path):
    assert read_site_list(write(tmp_path, "a.txt", "s1\n\ns2\n")) == ["s1", "s2"]
    assert read_site_list(write(tmp_path, "b.csv", "name,site_id\nx,s1\ny,s2\n")) == ["s1", "s2"]
    with pytest.raises(LocationInputError, match="no site ids"):
        read_site_list(write(tmp_path, "c.txt", "\n"))


def test_a_missing_file_is_reported_by_name(tmp_path):
    with pytest.raises(LocationInputError, match="nowhere.csv: cannot read the file"):
        read_cost_table(tmp_path / "nowhere.csv")
