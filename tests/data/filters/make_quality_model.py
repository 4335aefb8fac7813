"""Train the tiny fastText quality model the tests ship (``quality_model.ftz``).

Run with the fastText package dataprep depends on (``fasttext-community``), from the
repository root:

    python tests/data/filters/make_quality_model.py

Labels: ``__label__hq`` (well-formed prose) and ``__label__lq`` (SEO spam, shop listings,
navigation). The training text is generated here from fixed phrase lists with a fixed seed, and
training uses one thread and a fixed seed, so the model is reproducible. ``good`` and ``spam``
also generate the corpora of ``tests/filters/test_train_classifier.py``.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import fasttext

OUT = Path(__file__).with_name("quality_model.ftz")

_SUBJECTS = ["the researchers", "the city council", "the teacher", "our neighbours",
             "the museum", "the author", "the committee", "farmers in the valley",
             "the engineers", "the doctors", "the students", "the orchestra"]
_VERBS = ["explained", "described", "studied", "discussed", "measured", "presented",
          "questioned", "reviewed", "documented", "compared"]
_OBJECTS = ["the history of the old bridge", "how rivers change after a flood",
            "the results of a careful experiment", "the causes of the long drought",
            "a new method for teaching reading", "the life of a medieval village",
            "the effect of sleep on memory", "the design of the new library",
            "the migration of birds across the sea", "the costs of public transport"]
_CLAUSES = ["because the evidence was clear", "although several questions remain",
            "after many months of work", "which surprised many readers",
            "while the public followed closely", "so that others could repeat it"]
_SPAM = ["buy now", "cheap", "free shipping", "best price", "click here", "limited offer",
         "discount", "casino bonus", "win big", "hot deals", "sale", "order today",
         "100% free", "no prescription", "earn money fast", "top rated", "lowest price",
         "sign up", "subscribe", "download free"]
_NAV = ["home", "login", "register", "contact", "about us", "cart", "checkout", "menu",
        "next", "previous", "search", "share", "tweet", "privacy policy", "terms"]


def good(rng: random.Random) -> str:
    sentences = [
        f"{rng.choice(_SUBJECTS).capitalize()} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
        f"{rng.choice(_CLAUSES)}."
        for _ in range(rng.randint(2, 6))
    ]
    return " ".join(sentences)


def spam(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return " ".join(rng.choice(_SPAM) for _ in range(rng.randint(5, 25)))
    words = [rng.choice(_NAV + _SPAM) for _ in range(rng.randint(5, 25))]
    return " | ".join(words)


def main() -> None:
    rng = random.Random(20240601)
    lines = [f"__label__hq {good(rng)}" for _ in range(400)]
    lines += [f"__label__lq {spam(rng)}" for _ in range(400)]
    rng.shuffle(lines)
    with tempfile.TemporaryDirectory() as tmp:
        train = Path(tmp) / "train.txt"
        train.write_text("\n".join(lines) + "\n", encoding="utf-8")
        model = fasttext.train_supervised(
            input=str(train), dim=16, epoch=20, lr=0.5, wordNgrams=2, minCount=1,
            bucket=20_000, thread=1, seed=1, verbose=0,
        )
        model.quantize(input=str(train), qnorm=True, retrain=False, cutoff=2_000)
        model.save_model(str(OUT))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes), labels {model.get_labels()}")


if __name__ == "__main__":
    main()
