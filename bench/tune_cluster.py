"""Fit the story clusterer's logistic model on ECB+ train (the tuning set) and print the coefficients.

Teacher forcing: articles arrive in file order and always join their gold story, and each is
compared with the stories its index look-up finds, labelled by whether it is the gold one. The
printed tuple goes into Settings.coefficients in storyline/link/stories.py by hand (one set of
numbers in code for every corpus); dev and BASIL stay for checking.

usage: .venv/bin/python bench/tune_cluster.py [--c 1.0]
"""

from __future__ import annotations

import argparse

from benchlib import data_dir, read_rows
from sklearn.linear_model import LogisticRegression

from storyline.link.stories import FEATURE_NAMES, StoryClusterer, _Story


def pairs(rows: list[dict]) -> tuple[list[list[float]], list[int]]:
    """Pair features and labels of every (article, candidate story) met in a teacher-forced run."""
    engine = StoryClusterer()
    gold_story: dict[str, _Story] = {}
    xs, ys = [], []
    for row in rows:
        art = engine.prepare(row["text"], row.get("title"), row.get("date"))
        for story in engine._candidates(list(art.query_keys), engine.index, engine.active):
            xs.append(engine.pair_features(art, story))
            ys.append(int(gold_story.get(row["story"]) is story))
        story = gold_story.get(row["story"])
        if story is None:
            story = gold_story[row["story"]] = _Story(row["id"], engine.n_docs)
            engine.active[story.id] = story
        engine._absorb(story, art)
    return xs, ys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args()
    rows = read_rows(data_dir() / "ecbplus" / "train.jsonl")
    xs, ys = pairs(rows)
    model = LogisticRegression(C=args.c, max_iter=2000).fit(xs, ys)
    print(f"{len(ys)} pairs, {sum(ys)} positive, train accuracy {model.score(xs, ys):.4f}")
    for name, coef in zip(FEATURE_NAMES, model.coef_[0]):
        print(f"  {name:24s} {coef:+.3f}")
    print("coefficients =", tuple(round(float(c), 3) for c in [model.intercept_[0], *model.coef_[0]]))


if __name__ == "__main__":
    main()
