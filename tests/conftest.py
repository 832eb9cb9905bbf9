import os

# The tests run at the default scale and on the CPU unless the caller says otherwise.
os.environ.setdefault("MIXUP_SCALE", "default")
