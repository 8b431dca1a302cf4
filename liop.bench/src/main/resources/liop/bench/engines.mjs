// The Node.js side of liop.bench's EngineReport: the same .wasm under V8 and node:wasi (preview1),
// with LIOP's shape of a run: no arguments beyond the name, no environment, stdin from the request,
// a fresh WASI context and instance per execution. Prints one line of key=value results.
//
//   node --expose-gc engines.mjs cold <guest.wasm> <stdin file>
//   node --expose-gc engines.mjs warm <guest.wasm> <stdin file> <warmup iterations> <iterations> <iteration ms>
//   node --expose-gc engines.mjs throughput <guest.wasm> <stdin file> <threads> <warmup iterations> <iterations> <iteration ms>
//   node --expose-gc engines.mjs memory <guest.wasm> <stdin file> <instances>
//
// Times are taken inside the process (performance.now()), so they leave out Node's own start; the
// report times whole processes for the cold numbers too. Node's WASI reads stdin from a file
// descriptor (a pipe would fail reads that block), so each execution opens the request's file;
// stdout goes to a file for the output check and to /dev/null when timing.
import { closeSync, openSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argv, exit, memoryUsage } from 'node:process';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { WASI } from 'node:wasi';

// Node 20 dies (SIGSEGV or abort) after a few hundred instances in a tight loop unless the garbage
// collector frees their memories in time: a full collection every 10 executions prevents it. Its
// time is counted in the results, and reported on its own (gcMsPerRun) by the warm loop.
const GC_EVERY = 10;
let executions = 0;
let gcMs = 0;

function execute(module, stdinPath, stdoutFd) {
  if (++executions % GC_EVERY === 0) {
    const started = performance.now();
    globalThis.gc();
    gcMs += performance.now() - started;
  }
  const stdinFd = openSync(stdinPath, 'r');
  try {
    const wasi = new WASI({ version: 'preview1', args: ['guest'], env: {}, stdin: stdinFd, stdout: stdoutFd, returnOnExit: true });
    const instance = new WebAssembly.Instance(module, wasi.getImportObject());
    const exitCode = wasi.start(instance);
    if (exitCode !== 0) throw new Error(`the guest exited with ${exitCode}`);
    return instance;
  } finally {
    closeSync(stdinFd);
  }
}

// One timed loop: warm-up iterations, then measured ones, each at least one execution long.
function iterations(module, stdinPath, warmup, measured, iterationMs) {
  const nullFd = openSync('/dev/null', 'w');
  const msPerRun = [];
  const gcMsPerRun = [];
  for (let i = 0; i < warmup + measured; i++) {
    const started = performance.now();
    const gcBefore = gcMs;
    let runs = 0;
    do {
      execute(module, stdinPath, nullFd);
      runs++;
    } while (performance.now() - started < iterationMs);
    if (i >= warmup) {
      msPerRun.push((performance.now() - started) / runs);
      gcMsPerRun.push((gcMs - gcBefore) / runs);
    }
  }
  closeSync(nullFd);
  return { msPerRun, gcMsPerRun };
}

if (!isMainThread) {
  // A throughput caller: runs until told to stop, counting its executions in shared memory.
  const { wasmPath, stdinPath, counters, index } = workerData;
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const nullFd = openSync('/dev/null', 'w');
  const shared = new Int32Array(counters);
  while (Atomics.load(shared, 0) === 0) {
    execute(module, stdinPath, nullFd);
    Atomics.add(shared, 1 + index, 1);
  }
  closeSync(nullFd);
  parentPort.postMessage('done');
} else {
  const [mode, wasmPath, stdinPath, ...rest] = argv.slice(2);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  if (mode === 'cold') {
    const scratch = mkdtempSync(join(tmpdir(), 'liop-bench-'));
    const outPath = join(scratch, 'stdout');
    const bytes = readFileSync(wasmPath);
    const outFd = openSync(outPath, 'w');
    const started = performance.now();
    const module = new WebAssembly.Module(bytes); // compile: Liftoff now, TurboFan for hot functions later
    const compiled = performance.now();
    execute(module, stdinPath, outFd);
    const firstRun = performance.now();
    closeSync(outFd);
    const output = readFileSync(outPath);
    const nullFd = openSync('/dev/null', 'w');
    const secondStarted = performance.now();
    execute(module, stdinPath, nullFd);
    const secondRun = performance.now();
    closeSync(nullFd);
    rmSync(scratch, { recursive: true });
    const sha256 = createHash('sha256').update(output).digest('hex');
    console.log(`engineStartMs=0 compileMs=${(compiled - started).toFixed(3)} firstRunMs=${(firstRun - compiled).toFixed(3)}`
      + ` coldMs=${(firstRun - started).toFixed(3)} secondRunMs=${(secondRun - secondStarted).toFixed(3)} outputSha256=${sha256}`
      + ` description=Node.js_${process.version}_(V8_${process.versions.v8})`);
  } else if (mode === 'warm') {
    const [warmup, measured, iterationMs] = rest.map(Number);
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const { msPerRun, gcMsPerRun } = iterations(module, stdinPath, warmup, measured, iterationMs);
    console.log(`msPerRun=${median(msPerRun).toFixed(4)} gcMsPerRun=${median(gcMsPerRun).toFixed(4)}`
      + ` iterations=${msPerRun.map((v) => v.toFixed(4)).join(',')}`);
  } else if (mode === 'throughput') {
    const [threads, warmup, measured, iterationMs] = rest.map(Number);
    const counters = new SharedArrayBuffer(4 * (1 + threads));
    const shared = new Int32Array(counters);
    const workers = [];
    for (let index = 0; index < threads; index++) {
      workers.push(new Worker(new URL(import.meta.url), { workerData: { wasmPath, stdinPath, counters, index } }));
    }
    const total = () => { let sum = 0; for (let i = 0; i < threads; i++) sum += Atomics.load(shared, 1 + i); return sum; };
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const perSecond = [];
    // Warm-up lasts until every caller has finished one execution and the warm-up iterations are over.
    const warmStarted = performance.now();
    while (performance.now() - warmStarted < warmup * iterationMs || [...Array(threads).keys()].some((i) => Atomics.load(shared, 1 + i) === 0)) {
      await sleep(20);
    }
    for (let i = 0; i < measured; i++) {
      const before = total();
      const started = performance.now();
      await sleep(iterationMs);
      while (total() === before) await sleep(5); // at least one execution per iteration
      perSecond.push((total() - before) / ((performance.now() - started) / 1000));
    }
    Atomics.store(shared, 0, 1);
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    await Promise.all(workers.map((worker) => worker.terminate()));
    console.log(`opsPerSecond=${median(perSecond).toFixed(3)} iterations=${perSecond.map((v) => v.toFixed(3)).join(',')}`);
  } else if (mode === 'memory') {
    const [instances] = rest.map(Number);
    const module = new WebAssembly.Module(readFileSync(wasmPath));
    const nullFd = openSync('/dev/null', 'w');
    execute(module, stdinPath, nullFd);
    execute(module, stdinPath, nullFd);
    const settled = () => { for (let i = 0; i < 3; i++) globalThis.gc(); const m = memoryUsage(); return m; };
    const before = settled();
    const alive = [];
    for (let i = 0; i < instances; i++) alive.push(execute(module, stdinPath, nullFd));
    const after = settled();
    closeSync(nullFd);
    // Retained: V8's heap plus memory outside it (wasm memories are ArrayBuffers, counted in external).
    const retained = (m) => m.heapUsed + m.external;
    console.log(`instances=${instances} heapPerInstanceKiB=${((retained(after) - retained(before)) / 1024 / instances).toFixed(1)}`
      + ` rssPerInstanceKiB=${((after.rss - before.rss) / 1024 / instances).toFixed(1)} alive=${alive.length}`);
  } else {
    console.error('usage: node --expose-gc engines.mjs cold|warm|throughput|memory <guest.wasm> <stdin file> ...');
    exit(64);
  }
}
