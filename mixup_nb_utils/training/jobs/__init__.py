"""Resumable paper-scale jobs for the image experiments (paper §2.4, Figures 2 and 9).

The grid at the paper's scale: datasets MNIST, CIFAR10, CIFAR100; ERM and Mixup with
α ∈ {1, 32, 128, 1024}; 5 runs of 50 epochs; ResNet-18 of width 64; batch 128; Adam lr 1e-3.

Jobs. What a job is depends on the protocol (see :mod:`mixup_nb_utils.training.images`):

- ``--protocol authors`` (the default, the authors' protocol): run r continues run r-1's Adam
  state, so the runs of one (dataset, method, α) form a chain. One job = one chain
  (``CIFAR10-authors-mixup-a1024``): 3 datasets × 5 methods = 15 jobs of 5 runs each. The chain
  checkpoints after every epoch, so it is as resumable as a single run, and it needs no job
  dependency in a scheduler. Its last checkpoint is kept after it finishes: it holds the Adam
  state a later run would continue (``--runs 10`` then extends the chain from run 5). A chain
  whose checkpoint is lost while runs are missing is refused with a message, never restarted
  from another state.
- ``--protocol independent``: fresh weights and fresh Adam every run, so one job = one run
  (``CIFAR10-independent-mixup-a1024-run3``): 75 jobs. The checkpoint is deleted when it ends.

Files (under ``--results DIR``, default ``results``):

- ``DIR/<dataset>/<protocol>/<erm | mixup-a<α>>/run<r>.json``: one small result per run, with the
  per-epoch training error (fraction of the training set misclassified, eval mode), the mean
  training loss, the seconds per epoch, the settings and the versions of Python, torch,
  torchvision and numpy;
- ``DIR/checkpoints/<dataset>/<protocol>/<job>.pt``: the checkpoint, rewritten after every epoch
  (weights, Adam, the states of all random streams, the history) by write-then-rename, so a
  kill leaves either the previous or the new checkpoint, never half of one.

A killed job started again continues from its last checkpoint and ends with exactly the numbers
of an uninterrupted one (``tests/training/test_jobs.py`` kills one with SIGKILL and compares; only the
seconds differ). On a GPU this holds with cuDNN's deterministic kernels, which the trainer asks
for (``ImageTrainConfig.deterministic``), on the same machine and software.

The package: ``grid`` (the grid and its jobs), ``running`` (one job, resumably), ``results`` (reading
the result files back), ``cli`` (the command line, also ``__main__``).

Usage (``python -m mixup_nb_utils.training.jobs --help`` lists every option)::

    python -m mixup_nb_utils.training.jobs --download --data data     # fetch MNIST, CIFAR-10, CIFAR-100 (network)
    python -m mixup_nb_utils.training.jobs --list                     # the grid, and which jobs are done
    python -m mixup_nb_utils.training.jobs --job CIFAR10-authors-mixup-a1024
    python -m mixup_nb_utils.training.jobs --dataset CIFAR10 --method mixup --alpha 1024
    python -m mixup_nb_utils.training.jobs --shard 3/8                # jobs 3, 11, 19, … of the grid's list
    python -m mixup_nb_utils.training.jobs --all
    # a small trial of the whole pipeline on a CPU (scikit-learn digits, nothing to download):
    python -m mixup_nb_utils.training.jobs --all --datasets digits --width 8 --epochs 3 --runs 2 --results results/tmp

Grid options (--datasets, --alphas, --runs, --epochs, --width, --batch-size, --lr, --protocol,
--seed, --limit) change the grid; every command that reads or runs it must name the same ones.
Progress goes to stderr (one line per epoch; one line rewritten in place on a terminal);
``--quiet`` silences it. The Python API is quiet unless ``verbose=True``.

On a SLURM cluster, one array task per job (the 15 jobs of the authors' grid), requeued
tasks resuming from their checkpoints::

    #!/bin/bash
    #SBATCH --job-name=mixup-images
    #SBATCH --array=0-14
    #SBATCH --gres=gpu:1
    #SBATCH --cpus-per-task=4
    #SBATCH --time=24:00:00
    #SBATCH --requeue
    #SBATCH --output=logs/%A_%a.out
    python -m mixup_nb_utils.training.jobs --shards 15 --results results --data data

(``--shards n`` reads the task's index k from ``$SLURM_ARRAY_TASK_ID``, 0 ≤ k < n, and runs the
jobs k, k + n, …; with ``--protocol independent`` use ``--array=0-74`` and ``--shards 75``, or
fewer shards, each running several jobs in turn.)

On one machine with n GPUs, one shard per GPU::

    n=8; for k in $(seq 0 $((n - 1))); do
      CUDA_VISIBLE_DEVICES=$k python -m mixup_nb_utils.training.jobs --shard $k/$n --quiet > shard$k.log 2>&1 &
    done; wait

Every job of the grid belongs to exactly one shard; a shard skips the jobs already done.
:func:`read_results` collects whatever result files exist for a dataset into curves, and lists
the missing jobs with the command that makes each.
"""

from .grid import (DATASETS, RESULT_FORMAT, canonical_dataset, JobGrid, Job, select_shard, parse_shard,
                   atomic_write, read_json)
from .running import versions, load_training_set, JobReport, run_job
from .results import MissingJob, DatasetResults, job_command, read_results
from .cli import main

__all__ = ["DATASETS", "RESULT_FORMAT", "canonical_dataset", "JobGrid", "Job", "select_shard", "parse_shard",
           "atomic_write", "read_json", "versions", "load_training_set", "JobReport", "run_job", "MissingJob",
           "DatasetResults", "job_command", "read_results", "main"]
