// Two connections, the second with the first's session: it must be resumed.
const tls = require('tls');
const fs = require('fs');
const [port, ca] = [Number(process.argv[2]), fs.readFileSync(process.argv[3])];
function fetch(session) {
  return new Promise((resolve, reject) => {
    let ticket = null;
    const s = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca, session, minVersion: 'TLSv1.3' });
    s.on('session', (t) => { ticket = t; });
    s.on('secureConnect', () => s.write('GET / HTTP/1.0\r\n\r\n'));
    s.on('data', () => {});
    s.on('end', () => resolve({ reused: s.isSessionReused(), ticket }));
    s.on('error', reject);
  });
}
(async () => {
  const first = await fetch(undefined);
  if (!first.ticket) throw new Error('no session ticket received');
  const second = await fetch(first.ticket);
  if (!second.reused) throw new Error('not resumed');
  console.log('resumed');
})().catch((e) => { console.error(e.message); process.exit(1); });
