"""Talent-demand classifier engine: postings → ISCO-08 unit groups and ISCED-F 2013 fields.

Pure Python + numpy, no Django. Entry points::

    from leizu.talent.engine import Classifier, get_classifier
    get_classifier().classify(title="Швея-мотористка", text="…", lang="ru")

and the streaming CLI ``python -m leizu.talent.engine IN.jsonl OUT.jsonl --workers N``.
"""

from .classifier import Classifier, classify_many, get_classifier
from .taxonomy import load_taxonomy

__all__ = ["Classifier", "classify_many", "get_classifier", "load_taxonomy"]
