"""Deeply nested JSON in a user place file or a control layer is one clear error, never a
RecursionError from inside the json module (issue 10, item 4)."""

from __future__ import annotations

import pytest

from geoverify.errors import DataFileError

DEEP = '{"type": "FeatureCollection", "features": [' + "[" * 600 + "]" * 600 + "]}"


def test_gazetteer_add_of_deeply_nested_geojson_is_refused_with_file_and_line(tmp_path):
    from geoverify.gazetteer.sources import read_user_file

    path = tmp_path / "deep.geojson"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_user_file(path)
    assert "deep.geojson" in str(err.value) and "nested more than" in str(err.value)


def test_control_layer_nested_too_deep_is_refused_with_file(tmp_path):
    from geoverify.checks.control import load_control_layers

    path = tmp_path / "layer.geojson"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_control_layers(str(path))
    assert "layer.geojson" in str(err.value) and "nested more than" in str(err.value)


def test_cli_gazetteer_add_of_deep_json_exits_2_with_one_line(tmp_path, capsys):
    from geoverify.cli import main

    path = tmp_path / "deep.geojson"
    path.write_text(DEEP, encoding="utf-8")
    assert main(["gazetteer", "add", str(path), "--name", "deep"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested more than" in err
