// Runs one guest under Node's WASI (preview1), to try a guest without a LIOP node:
//   node --no-warnings run.mjs target/classes/guests/echo.wasm < input.json
//   node --no-warnings run.mjs target/classes/guests/logsearch.wasm --dir /var/log/app < input.json
// --dir <path> preopens a host directory under the same path, --dir <guest>=<host> under another.
// Node's WASI is not a sandbox (see its documentation): use it only with guests you trust.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argv, exit, stdin } from 'node:process';
import { WASI } from 'node:wasi';

const [wasmPath, ...options] = argv.slice(2);
if (!wasmPath) {
  console.error('usage: node --no-warnings run.mjs <guest.wasm> [--dir <path>[=<host path>]]... < input.json');
  exit(64);
}
const preopens = {};
for (let i = 0; i < options.length; i++) {
  if (options[i] !== '--dir' || i + 1 >= options.length) {
    console.error(`unknown option ${options[i]}`);
    exit(64);
  }
  const [guestPath, hostPath = guestPath] = options[++i].split('=');
  preopens[guestPath] = hostPath;
}

// The guest gets its stdin from a file: handed a pipe, Node's WASI fails reads that would block.
const input = [];
for await (const chunk of stdin) input.push(chunk);
const scratch = mkdtempSync(join(tmpdir(), 'liop-guest-'));
writeFileSync(join(scratch, 'stdin'), Buffer.concat(input));
const stdinFd = openSync(join(scratch, 'stdin'), 'r');

// Like a LIOP node: no arguments, no environment, only the directories asked for.
const wasi = new WASI({ version: 'preview1', args: [wasmPath], env: {}, preopens, stdin: stdinFd, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const exitCode = wasi.start(instance);
closeSync(stdinFd);
rmSync(scratch, { recursive: true });
exit(exitCode);
