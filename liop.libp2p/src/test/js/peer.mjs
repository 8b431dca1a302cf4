// The js-libp2p peer of the interop tests (liop.libp2p's JsPeer starts it).
//
// It listens on loopback with TCP, Noise, yamux, identify, ping and the echo protocol
// /liop/echo/1.0.0, prints one JSON line {"event":"ready","peerId":...,"addrs":[...]}, then
// answers one JSON command per stdin line with one JSON line on stdout, matched by "id":
//   {"id":1,"cmd":"ping","addr":"/ip4/.../p2p/..."}        -> {"id":1,"ok":true,"rttMs":3}
//   {"id":2,"cmd":"identify","addr":"..."}                  -> {"id":2,"ok":true,"peerId":...,"agentVersion":...,"protocols":[...],...}
//   {"id":3,"cmd":"echo","addr":"...","bytes":1048576}      -> {"id":3,"ok":true,"bytes":1048576} (random bytes, compared here)
//   {"id":4,"cmd":"hangUp","addr":"..."}                    -> {"id":4,"ok":true}
// Failures answer {"id":...,"ok":false,"name":...,"error":...}. EOF on stdin stops the peer.
import './polyfill.mjs'
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'

const ECHO = '/liop/echo/1.0.0'

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})

await node.handle(ECHO, async (stream) => {
  for await (const chunk of stream) {
    if (!stream.send(chunk)) {
      await new Promise((resolve, reject) => {
        stream.addEventListener('drain', resolve, { once: true })
        stream.addEventListener('close', reject, { once: true })
      })
    }
  }
  await stream.close()
})

function answer (message) {
  process.stdout.write(JSON.stringify(message) + '\n')
}

async function echo (addr, size) {
  const data = randomBytes(size)
  const stream = await node.dialProtocol(multiaddr(addr), ECHO)
  const chunks = []
  const reading = (async () => {
    for await (const chunk of stream) {
      chunks.push(Buffer.from(chunk.subarray()))
    }
  })()
  for (let offset = 0; offset < size; offset += 65536) {
    if (!stream.send(data.subarray(offset, Math.min(size, offset + 65536)))) {
      await new Promise((resolve) => stream.addEventListener('drain', resolve, { once: true }))
    }
  }
  await stream.close()
  await reading
  const received = Buffer.concat(chunks)
  if (!received.equals(data)) {
    throw new Error(`echo returned ${received.length} bytes that differ from the ${size} sent`)
  }
  return { bytes: received.length }
}

const commands = {
  async ping ({ addr }) {
    return { rttMs: await node.services.ping.ping(multiaddr(addr)) }
  },
  async identify ({ addr }) {
    const connection = await node.dial(multiaddr(addr))
    const result = await node.services.identify.identify(connection)
    return {
      peerId: result.peerId.toString(),
      agentVersion: result.agentVersion,
      protocolVersion: result.protocolVersion,
      protocols: result.protocols,
      listenAddrs: result.listenAddrs.map((a) => a.toString()),
      observedAddr: result.observedAddr?.toString()
    }
  },
  async echo ({ addr, bytes }) {
    return echo(addr, bytes)
  },
  async hangUp ({ addr }) {
    await node.hangUp(multiaddr(addr))
    return {}
  }
}

answer({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map((a) => a.toString()) })

const lines = createInterface({ input: process.stdin })
lines.on('line', async (line) => {
  let request
  try {
    request = JSON.parse(line)
    const result = await commands[request.cmd](request)
    answer({ id: request.id, ok: true, ...result })
  } catch (err) {
    answer({ id: request?.id, ok: false, name: err.name, error: err.message })
  }
})
lines.on('close', async () => {
  await node.stop()
  process.exit(0)
})
