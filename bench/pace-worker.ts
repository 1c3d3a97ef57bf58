/** One paced window on a worker thread (measure.ts `paceInWorker`): runs `pace` and posts its stats. */
import { parentPort, workerData } from 'node:worker_threads';
import { pace } from './measure.ts';
import type { PaceOptions, PaceTarget, PacedRequest } from './measure.ts';

const { target, requests, options } = workerData as {
  target: PaceTarget;
  requests: PacedRequest[];
  options: PaceOptions;
};
let next = 0;
const stats = await pace(target, () => requests[next++ % requests.length]!, options);
parentPort!.postMessage(stats);
