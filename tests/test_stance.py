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

from shared_paths import SEEDS  # noqa: E402

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


def _synthetic_rows() -> tuple[dict[str, str], list[dict[str, str]]]:
    """Small FNC-style data written here: three topics, each body related to its own headlines."""
    topics = {
        "1": ("Marlow council approves new bridge", BRIDGE_BODY),
        "2": ("Actor Daniel Farrow killed in car crash", ACTOR_HOAX_BODY),
        "3": ("Central bank keeps interest rate at 4.5 percent", RATE_BODY),
    }
    stance_of = {"1": "agree", "2": "disagree", "3": "discuss"}
    bodies, rows = {}, []
    for copy in range(4):
        for tid, (headline, body) in topics.items():
            bid = str(int(tid) + 10 * copy)
            bodies[bid] = body + f" Update {copy}."
            rows.append({"Headline": headline, "Body ID": bid, "Stance": stance_of[tid]})
            other = topics[str(int(tid) % 3 + 1)][0]
            rows.append({"Headline": other, "Body ID": bid, "Stance": "unrelated"})
    return bodies, rows


def test_training_round_trip_through_plain_files(tmp_path: Path) -> None:
    from storyline.compare.stance_train import save, train

    bodies, rows = _synthetic_rows()
    meta, arrays = train(bodies, rows, log=lambda msg: None)  # also checks exported trees against sklearn
    save(meta, arrays, tmp_path / "m")
    loaded = StanceModel.from_files(tmp_path / "m")
    pairs = [(r["Headline"], bodies[r["Body ID"]]) for r in rows]
    assert np.allclose(loaded.predict_proba(pairs), StanceModel(meta, arrays).predict_proba(pairs), atol=1e-5)
    assert len(loaded.predict(pairs)) == len(pairs)


def test_splits_keep_bodies_and_topics_apart(tmp_path: Path) -> None:
    from storyline.compare.stance_train import dev_bodies, read_fnc, split_rows, topic_split, write_split

    bodies, rows = _synthetic_rows()
    assert dev_bodies(list(bodies)) == dev_bodies(list(bodies))  # fixed seed
    train_rows, dev_rows = split_rows(bodies, rows)
    assert dev_rows and not {r["Body ID"] for r in train_rows} & {r["Body ID"] for r in dev_rows}
    fit, held = topic_split(rows, fraction=0.34)
    assert held and not {r["Headline"] for r in fit if r["Stance"] != "unrelated"} & {
        r["Headline"] for r in held if r["Stance"] != "unrelated"
    }
    bpath, spath = write_split(bodies, dev_rows, tmp_path / "dev")
    again_bodies, again_rows = read_fnc(bpath, spath)
    assert again_rows == [{"Headline": r["Headline"], "Body ID": r["Body ID"], "Stance": r["Stance"]} for r in dev_rows]
    assert set(again_bodies) == {r["Body ID"] for r in dev_rows}


def test_seed_contradiction_reads_as_disagree_sentence_to_sentence(model: StanceModel) -> None:
    """The two seed outlets differ on whether the envoy is expected to meet the foreign minister."""
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [s for s in sentences(path.read_text(encoding="utf-8")) if "expected to meet" in s]
    assert len(found) == 2
    proba = model.predict_proba([(found[0], found[1]), (found[1], found[0])])
    assert (proba.argmax(axis=1) == LABELS.index("disagree")).all()


def test_model_file_missing_a_key_is_a_configuration_error(tmp_path: Path) -> None:
    meta = json.loads((MODEL_DIR / f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
    del meta["tf_vocab"]
    (tmp_path / "m.json").write_text(json.dumps(meta), encoding="utf-8")
    (tmp_path / "m.npz").write_bytes((MODEL_DIR / f"{MODEL_NAME}.npz").read_bytes())
    with pytest.raises(ConfigError, match="tf_vocab"):
        StanceModel.from_files(tmp_path / "m")
