"""Stance model: the shipped files load, handwritten pairs come out right, the command contract holds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from storyline.compare.stance import LABELS, MODEL_DIR, MODEL_NAME, StanceModel, load_model
from storyline.compare.stance_features import sentences, stem
from storyline.errors import ConfigError

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

BRIDGE_BODY = (
    "The city council of Marlow voted on Tuesday to approve the construction of a new bridge over the "
    "river Wend, ending a decade of debate. The council approved the plan by seven votes to two, the mayor "
    "said after the meeting. Construction of the bridge will begin in the spring and is expected to cost "
    "40 million euros, officials confirmed. The new bridge will link the old town with the railway station."
)
ACTOR_HOAX_BODY = (
    "Reports that the actor Daniel Farrow died in a car crash in Spain are a hoax, his publicist said on "
    "Monday. A fake news website published the story over the weekend and it spread quickly on social "
    "media. \"Daniel is alive and well and at home with his family,\" the publicist said, denying the "
    "report. Farrow himself posted a photo on Monday morning mocking the false claims about his death. "
    "Police in Spain said no crash involving the actor had taken place."
)
RATE_BODY = (
    "The central bank left its main interest rate unchanged at 4.5 percent on Thursday, saying inflation "
    "was slowing but remained above its target. The governor told reporters that the bank would watch wage "
    "growth closely before deciding on any cut. Economists had expected the decision."
)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return load_model()


def test_model_ships_as_plain_arrays_and_loads_once(model: StanceModel) -> None:
    assert (MODEL_DIR / f"{MODEL_NAME}.json").is_file()
    assert (MODEL_DIR / f"{MODEL_NAME}.npz").is_file()
    size = sum((MODEL_DIR / f"{MODEL_NAME}{s}").stat().st_size for s in (".json", ".npz"))
    assert size < 8_000_000
    with np.load(MODEL_DIR / f"{MODEL_NAME}.npz", allow_pickle=False) as data:
        assert "mlp_w0" in data.files
    assert load_model() is model
    assert model.labels == LABELS


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        ("Marlow council approves new bridge over the river Wend", BRIDGE_BODY, "agree"),
        ("Actor Daniel Farrow killed in car crash in Spain", ACTOR_HOAX_BODY, "disagree"),
        ("Actor Daniel Farrow killed in car crash in Spain", RATE_BODY, "unrelated"),
        ("Marlow council approves new bridge over the river Wend", ACTOR_HOAX_BODY, "unrelated"),
    ],
)
def test_handwritten_pairs(model: StanceModel, headline: str, body: str, expected: str) -> None:
    assert model.predict([(headline, body)]) == [expected]


def test_probabilities_are_a_distribution_over_the_four_labels(model: StanceModel) -> None:
    pairs = [("Central bank holds rates", RATE_BODY), ("Actor alive, publicist says", ACTOR_HOAX_BODY), ("", "")]
    proba = model.predict_proba(pairs)
    assert proba.shape == (3, 4)
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-4)
    assert proba[0, LABELS.index("unrelated")] < 0.5
    assert model.predict([]) == []


def test_seeds_same_event_is_related_other_event_is_not(model: StanceModel) -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    bodies = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    headline = "US envoy for Iran Robert Malley visits Israel ahead of Vienna nuclear talks"
    labels = model.predict([(headline, b) for b in bodies] + [(headline, RATE_BODY)])
    assert all(label != "unrelated" for label in labels[:-1])
    assert labels[-1] == "unrelated"


def test_broken_model_file_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="m"):
        StanceModel.from_files(tmp_path / "m")


def test_feature_helpers() -> None:
    assert stem("denies") == stem("denied") == "deny"
    assert stem("reports") == "report"
    assert sentences("He left. She stayed! Why? Nobody knows.") == ["He left.", "She stayed!", "Why?", "Nobody knows."]


def test_command_contract(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "headline": "Marlow council approves new bridge over the river Wend", "body": BRIDGE_BODY},
        {"id": "b", "headline": "Actor Daniel Farrow killed in car crash", "body": RATE_BODY},
        {"id": "c", "headline": "No body given"},
    ]
    infile, outfile = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    infile.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "storyline.cli", "stance", str(infile), "-o", str(outfile)], check=True)
    out = [json.loads(line) for line in outfile.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert all(r["stance"] in LABELS for r in out)
    assert out[1]["stance"] == "unrelated"


def test_command_rejects_bad_json_naming_the_file(tmp_path: Path) -> None:
    infile = tmp_path / "bad.jsonl"
    infile.write_text('{"id": "a", "headline": "x", "body": "y"}\n{not json\n', encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "storyline.cli", "stance", str(infile)], capture_output=True, text=True)
    assert res.returncode != 0
    assert "bad.jsonl:2" in res.stderr
