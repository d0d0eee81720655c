// Worker-thread entry for parse-pool.ts: parses the files it is sent and answers with one JSON string per
// file (null when the parse is not JSON-safe; the main thread parses those itself). JSON, because
// JSON.parse on the main thread is several times cheaper than structured-cloning the same object graph.
import { parentPort } from 'node:worker_threads';
import { parseData } from './files';
import { jsonSafe } from './parse-cache';
import type { ParseJob, ParseReply } from './parse-pool';

parentPort?.on('message', (job: ParseJob) => {
  const results: (string | null)[] = [];
  for (const f of job.files) {
    const data = parseData(f, f.text);
    results.push(jsonSafe(data) ? JSON.stringify(data) : null);
  }
  const reply: ParseReply = { id: job.id, results };
  parentPort!.postMessage(reply);
});
