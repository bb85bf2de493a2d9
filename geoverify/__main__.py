"""``python -m geoverify`` runs the command line."""

import sys

from geoverify.cli import main

sys.exit(main())
