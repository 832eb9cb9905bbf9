"""Resumable jobs: a real SIGKILL and resume, sharding, results reading, refusals (digits, tiny widths)."""

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from mixup_nb_utils.training.images import train_images
from mixup_nb_utils.training.jobs import JobGrid, load_training_set, main, read_results, run_job, select_shard

REPO = Path(__file__).resolve().parents[1]
TINY = dict(datasets=("digits",), alphas=(1.0,), runs=2, epochs=2, width=2, limit=160)




def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    return [sys.executable, "-m", "mixup_nb_utils.training.jobs", *args], env


def _without_seconds(path):
    rec = json.loads(Path(path).read_text())
    assert len(rec.pop("seconds")) == len(rec["train_error"])
    return rec


def test_killed_job_resumes_to_exactly_the_uninterrupted_result(tmp_path):
    grid = ["--datasets", "digits", "--alphas", "1", "--runs", "2", "--epochs", "3", "--width", "4",
            "--limit", "256", "--threads", "1"]
    job = "digits-authors-mixup-a1"
    assert main(["--job", job, *grid, "--quiet", "--results", str(tmp_path / "straight")]) == 0   # uninterrupted

    killed = tmp_path / "killed"
    ckpt = killed / "checkpoints" / "digits" / "authors" / f"{job}.pt"
    last = killed / "digits" / "authors" / "mixup-a1" / "run1.json"
    cmd, env = _cli("--job", job, *grid, "--results", str(killed))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while not ckpt.exists():
        assert proc.poll() is None and time.time() - t0 < 240, "the job ended before its first checkpoint"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL and not last.exists()     # killed mid-job

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "resumed after run" in done.stderr
    for r in (0, 1):
        a = _without_seconds(tmp_path / "straight" / "digits" / "authors" / "mixup-a1" / f"run{r}.json")
        b = _without_seconds(killed / "digits" / "authors" / "mixup-a1" / f"run{r}.json")
        assert a == b and len(a["loss"]) == 3


def test_jobs_equal_the_python_api_and_read_results(tmp_path):
    X, y, k = load_training_set("digits", limit=160)
    for protocol in ("authors", "independent"):
        grid = JobGrid(**TINY, protocol=protocol)
        for job in grid.jobs():
            if job.method == "mixup":
                report = run_job(job, tmp_path, cpu_threads=1)
                assert not report.skipped and report.resumed_after is None
                assert run_job(job, tmp_path).skipped
        api = train_images(X, y, grid.config("mixup", 1.0, cpu_threads=1), num_classes=k)
        res = read_results("digits", tmp_path, grid)
        assert res.curves.labels == ("ERM", "Mixup α=1") and res.curves.runs == (0, 2)
        np.testing.assert_array_equal(res.curves.train_error[1], api.train_error)
        assert np.isnan(res.curves.mean[0]).all() and not res.complete
        erm_jobs = [j for j in grid.jobs() if j.method == "erm"]
        assert [m.name for m in res.missing] == [j.name for j in erm_jobs]
        # each missing job's command makes it
        for m in res.missing:
            argv = shlex.split(m.command)
            assert argv[:3] == ["python", "-m", "mixup_nb_utils.training.jobs"] and "--limit" in argv
            assert main(argv[3:] + ["--quiet", "--threads", "1"]) == 0
        res = read_results("digits", tmp_path, grid)
        assert res.complete and res.curves.runs == (2, 2)
    assert {p.name for p in (tmp_path / "checkpoints" / "digits" / "independent").glob("*")} == set()
    assert len(list((tmp_path / "checkpoints" / "digits" / "authors").glob("*.pt"))) == 2   # kept: chains can grow


def test_authors_chain_extends_and_refuses_without_its_adam_state(tmp_path):
    grid = JobGrid(**TINY | {"runs": 1})
    job = grid.jobs()[0]
    run_job(job, tmp_path, cpu_threads=1)
    longer = JobGrid(**TINY | {"runs": 2})
    report = run_job(longer.jobs()[0], tmp_path, cpu_threads=1)
    assert report.written == (1,) and report.resumed_after == (0, 2)
    X, y, k = load_training_set("digits", limit=160)
    api = train_images(X, y, longer.config("erm", None, cpu_threads=1), num_classes=k)
    rec = json.loads(job.result_path(tmp_path, 1).read_text())
    assert rec["train_error"] == api.train_error[1].tolist() and rec["loss"] == api.loss[1].tolist()
    # without the checkpoint, run 2 cannot continue run 1's Adam state: refused, never restarted
    job.checkpoint_path(tmp_path).unlink()
    with pytest.raises(ValueError, match="Adam state"):
        run_job(JobGrid(**TINY | {"runs": 3}).jobs()[0], tmp_path)
    # results made with other settings are not mixed in
    with pytest.raises(ValueError, match="other settings"):
        run_job(JobGrid(**TINY | {"width": 3}).jobs()[0], tmp_path)
    assert read_results("digits", tmp_path, JobGrid(**TINY | {"width": 3})).conflicts


@pytest.mark.parametrize("protocol,count", [("authors", 15), ("independent", 75)])
def test_paper_grid_and_shards_cover_every_job_once(protocol, count):
    jobs = JobGrid(protocol=protocol).jobs()
    names = [j.name for j in jobs]
    assert len(names) == count == len(set(names))
    for n in (1, 2, 3, 4, 7, 16, 100):
        shards = [select_shard(jobs, k, n) for k in range(n)]
        flat = [j.name for s in shards for j in s]
        assert sorted(flat) == sorted(names) and len(flat) == len(names)


def test_cli_shards_from_slurm_list_and_errors(monkeypatch, tmp_path, capsys):
    seen = []
    for k in range(4):
        monkeypatch.setenv("SLURM_ARRAY_TASK_ID", str(k))
        assert main(["--list", "--shards", "4", "--results", str(tmp_path)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[-1].startswith("0 of ")
        seen += [line.split()[-1] for line in lines[:-1]]
    assert sorted(seen) == sorted(j.name for j in JobGrid().jobs())
    assert main(["--list", "--shard", "1/4", "--results", str(tmp_path)]) == 0
    assert [line.split()[-1] for line in capsys.readouterr().out.splitlines()[:-1]] == seen[4:8]
    monkeypatch.delenv("SLURM_ARRAY_TASK_ID")
    for argv, message in ((["--shards", "4"], "SLURM_ARRAY_TASK_ID"), (["--shard", "4/4"], "does not exist"),
                          (["--shard", "x"], "k/n"), (["--job", "CIFAR10-authors-cutmix"], "no job"),
                          (["--all", "--shard", "0/2"], "one way"), ([], "nothing to do"),
                          (["--list", "--datasets", "ImageNet"], "unknown dataset"),
                          (["--list", "--alphas", "0"], "alpha"),
                          (["--dataset", "MNIST", "--alpha", "3"], "no job of the grid")):
        assert main(argv + ["--results", str(tmp_path)]) == 2
        assert message in capsys.readouterr().err


def test_missing_dataset_names_the_fetch_command(tmp_path, capsys):
    assert main(["--dataset", "MNIST", "--method", "erm", "--results", str(tmp_path), "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "train-images-idx3-ubyte" in err and f"--download --datasets MNIST --data {tmp_path}" in err
