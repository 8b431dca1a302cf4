// Node 20 lacks Promise.withResolvers (Node 22 has it), which js-libp2p 3 uses. Imported first by
// peer.mjs: ES modules run their imports in order, so this runs before libp2p's modules do.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
