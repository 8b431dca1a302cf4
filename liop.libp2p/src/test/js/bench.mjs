// js-libp2p side of liop.bench's TransportReport (docs/transport-benchmarks.md): two js-libp2p
// peers in this one process, on loopback, with the stack the interop tests use (TCP, Noise, yamux,
// ping), measured as the Java side measures two Java hosts in one JVM.
//
//   node bench.mjs PINGS TRANSFERS
//
// Prints one JSON line: {"pingMicros":[...],"transferMicros":[...],"versions":{...}}
//   pingMicros     wall time of each node.services.ping.ping(addr) (a new stream, 32 bytes there and back)
//   transferMicros wall time of each 1 MiB sent through one yamux stream until the peer's 1-byte ack
import './polyfill.mjs'
import { readFileSync } from 'node:fs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { ping } from '@libp2p/ping'

const SINK = '/liop/bench/sink/1.0.0'
const MIB = 1 << 20
const pings = Number(process.argv[2] ?? 1000)
const transfers = Number(process.argv[3] ?? 64)

async function peer () {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { ping: ping() }
  })
}

const a = await peer()
const b = await peer()

// The sink answers one byte for every MiB it has read.
await b.handle(SINK, async (stream) => {
  let count = 0
  for await (const chunk of stream) {
    count += chunk.byteLength
    while (count >= MIB) {
      count -= MIB
      stream.send(new Uint8Array([1]))
    }
  }
  await stream.close()
})

const target = b.getMultiaddrs()[0]
const micros = (start) => Number(process.hrtime.bigint() - start) / 1000

const pingMicros = []
for (let i = 0; i < pings; i++) {
  const start = process.hrtime.bigint()
  await a.services.ping.ping(target)
  pingMicros.push(micros(start))
}

const stream = await a.dialProtocol(target, SINK)
const acks = stream[Symbol.asyncIterator]()
const block = new Uint8Array(MIB).fill(7)
const transferMicros = []
for (let i = 0; i < transfers; i++) {
  const start = process.hrtime.bigint()
  for (let offset = 0; offset < MIB; offset += 65536) {
    if (!stream.send(block.subarray(offset, offset + 65536))) {
      await new Promise((resolve) => stream.addEventListener('drain', resolve, { once: true }))
    }
  }
  const ack = await acks.next()
  if (ack.done) throw new Error('the sink closed the stream')
  transferMicros.push(micros(start))
}
await stream.close()

const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version
const versions = Object.fromEntries(['libp2p', '@libp2p/tcp', '@chainsafe/libp2p-noise', '@chainsafe/libp2p-yamux', '@libp2p/ping']
  .map((name) => [name, version(name)]))
versions.node = process.versions.node

process.stdout.write(JSON.stringify({ pingMicros, transferMicros, versions }) + '\n')
await a.stop()
await b.stop()
process.exit(0)
