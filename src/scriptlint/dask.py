"""Lint on a Dask cluster: files, or transcript records, spread over the workers, one report.

    from dask.distributed import Client
    from scriptlint import Config
    from scriptlint.dask import lint_bag, render

    client = Client("tcp://scheduler:8786")
    config = Config(industry=("finance",))
    result = lint_bag(["/shared/scripts"], config, client)
    with open("report.sarif", "w", encoding="utf-8") as report:
        render(result, config, "sarif", report)

The gathered findings, errors and report are those `scriptlint check` gives for the same
files. The workers read the files at the paths given and each builds the Linter once
(`scriptlint.cluster` says what that asks of the cluster). Dask is an optional extra:
`pip install 'scriptlint[dask]'`; `import scriptlint` never loads it.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

try:
    import dask
    import dask.bag as dask_bag
except ImportError as missing:  # the message is the point: which extra to install
    raise ImportError("scriptlint.dask needs Dask and its distributed scheduler: "
                      "pip install 'scriptlint[dask]'") from missing

from .api import Linter
from .cluster import (
    CallResult,
    SharedLinter,
    builds_in_this_process,
    calls_result,
    gather_files,
    lint_files,
    lint_records,
    plan_files,
    render,
)
from .config import Config
from .model import LintResult

if TYPE_CHECKING:
    from distributed import Client


def lint_bag(paths: Iterable[str] | dask_bag.Bag, linter: Linter | Config | SharedLinter,
             client: Client | None = None, npartitions: int | None = None) -> LintResult:
    """Every file of `paths` linted on the cluster, gathered into one result in path order, as
    `Linter.check_paths` gives it: the same findings in the same order, the same errors.

    `paths`: files and folders, walked here as `check_paths` walks them (a folder that cannot
    be listed is a result with its error, the walk's notices are in the result); or a Bag
    whose elements are file paths, taken as they are. `linter`: a Config travels as itself
    and each worker builds `Linter(config)`; a Linter travels pickled, with its own registry
    and lexicon. `client`: the cluster (None: Dask's default scheduler). `npartitions`: how
    many tasks (default: four per worker thread, for balance)."""
    shared = SharedLinter.of(linter)
    plan = None
    if isinstance(paths, dask_bag.Bag):
        bag = paths
    else:
        plan = plan_files(paths, shared)
        if not plan.files:
            return gather_files([], plan)
        count = npartitions or _partitions(client, len(plan.files))
        bag = dask_bag.from_sequence(plan.files, npartitions=count)  # type: ignore[no-untyped-call]
    tasks = bag.map_partitions(lint_files, _once(shared))  # type: ignore[no-untyped-call]
    return gather_files(_compute(tasks, client), plan)


def lint_transcripts(records: dask_bag.Bag, linter: Linter | Config | SharedLinter, client: Client | None = None,
                     source: str = "<transcript>") -> list[CallResult]:
    """The calls of a Bag of transcript records (see `cluster.lint_records`: a call's turns
    in one partition, in order), each partition checked on a worker, gathered in the Bag's
    order. `calls_result` makes one result of them for `render`.

    Records partitioned otherwise are grouped first, for instance:
    `records.groupby(lambda r: r["call_id"]).map(lambda group: group[1]).flatten()`
    (turns in their order within a call: sort each group by `start` if they may not be)."""
    shared = SharedLinter.of(linter)
    tasks = records.map_partitions(lint_records, _once(shared), source)  # type: ignore[no-untyped-call]
    calls: list[CallResult] = _compute(tasks, client)
    return calls


def _partitions(client: Client | None, count: int) -> int:
    if client is not None:
        threads = sum(client.nthreads().values())  # type: ignore[no-untyped-call]
    else:
        import os

        threads = os.cpu_count() or 1
    return max(1, min(count, 4 * threads))


def _once(shared: SharedLinter) -> Any:
    """The recipe as one key of the graph, not a copy in every task: a worker fetches it once
    per run (half a megabyte for a pickled Linter), not once per partition."""
    return dask.delayed(shared, pure=True)  # type: ignore[attr-defined]


def _compute(tasks: dask_bag.Bag, client: Client | None) -> list[Any]:
    if client is not None:
        return list(client.compute(tasks, sync=True))  # type: ignore[no-untyped-call]
    return list(tasks.compute())  # type: ignore[no-untyped-call]


__all__ = ["CallResult", "SharedLinter", "builds_in_this_process", "calls_result", "lint_bag", "lint_records",
           "lint_transcripts", "render"]
