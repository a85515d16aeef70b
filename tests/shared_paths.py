"""Where the tests find the project's example corpus and the seed articles in ../shared/seeds
(STORYLINE_SEEDS overrides the latter; tests that need the seeds are skipped when they are absent)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = Path(os.environ.get("STORYLINE_SEEDS", ROOT.parent / "shared" / "seeds"))
