"""Settings for the benchmark: the production settings, unchanged, except where the static
files are collected (the benchmark's temporary directory instead of the checkout).

bench/run.py points DJANGO_SETTINGS_MODULE here and sets BENCH_STATIC_ROOT; everything else
(DEBUG off, secure cookies, HSTS, CSP, the manifest static storage) is production's.
"""

import os
from pathlib import Path

from concordia.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
