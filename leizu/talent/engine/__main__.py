"""``python -m leizu.talent.engine IN.jsonl OUT.jsonl [--workers N]``, or
``--input PATTERN --output DIR [--dask ADDRESS|local]`` (``scaleout``)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
