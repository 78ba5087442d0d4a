"""``python -m ncled``: the same as the ``ncled`` console script."""

import sys

from ncled.cli.main import main

sys.exit(main())
