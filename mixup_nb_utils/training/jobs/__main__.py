"""``python -m mixup_nb_utils.training.jobs``: the jobs' command line (see :mod:`.cli`)."""

import sys

from .cli import main

sys.exit(main())
