"""``python -m ppsp_analysis`` is the ``ppsp`` command."""

import sys

from .cli import main

sys.exit(main())
