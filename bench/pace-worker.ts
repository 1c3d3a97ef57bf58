/** One load run on a worker thread (measure.ts `paceInWorker`, `closedLoopInWorker`): runs it and posts its stats. */
import { parentPort, workerData } from 'node:worker_threads';
import { closedLoop, pace } from './pace.ts';
import type { ClosedLoopOptions, PaceOptions, PaceTarget, PacedRequest } from './pace.ts';

const job = workerData as
  | { kind: 'pace'; target: PaceTarget; requests: PacedRequest[]; options: PaceOptions }
  | { kind: 'closed'; target: PaceTarget; requests: PacedRequest[]; options: ClosedLoopOptions };
const stats =
  job.kind === 'pace'
    ? await pace(job.target, job.requests, job.options)
    : await closedLoop(job.target, job.requests, job.options);
parentPort!.postMessage(stats);
