"""Settings for every pytest run from the repository root (``pytest tests``, ``pytest book --nbval-lax``).

Progress bars off (``mixup_nb_utils.notebook``): nbval's kernels inherit this environment, so no bar
shows up in the outputs that nbval compares.
"""

import os

os.environ["MIXUP_PROGRESS"] = "0"
