"""Entry point for `python -m booklet`."""

import sys

from .cli import main

sys.exit(main())
