#!/usr/bin/env python3
"""A recording TCP proxy for fuzz seeds: forwards 127.0.0.1:LISTEN to 127.0.0.1:TARGET
and writes what each side sent, one pair of files per connection:
OUT/NNNNNN.c2s (client to server) and OUT/NNNNNN.s2c (server to client).

Bounded on every axis: connections (--max-connections, then it stops accepting),
total run time (--max-seconds), bytes recorded per direction (--max-bytes; the rest
is still forwarded) and a silent connection is dropped after --idle-seconds.
Connections that carried no data at all (port probes) leave no files.

  record_proxy.py --listen 4444 --target 4443 --out DIR [--max-connections N] ...
Stops on SIGTERM/SIGINT; prints the count of recorded connections at exit.
"""
import argparse
import asyncio
import os
import signal

HOST = "127.0.0.1"


class Recorder:
    def __init__(self, args):
        self.args = args
        self.accepted = 0
        self.recorded = 0
        self.stop = asyncio.Event()

    async def pump(self, reader, writer, sink):
        """Copies one direction until EOF or idle timeout, then half-closes the far side."""
        try:
            while True:
                data = await asyncio.wait_for(reader.read(65536), self.args.idle_seconds)
                if not data:
                    break
                room = self.args.max_bytes - len(sink)
                if room > 0:
                    sink += data[:room]
                writer.write(data)
                await writer.drain()
        except (asyncio.TimeoutError, ConnectionError, OSError):
            pass
        finally:
            try:
                if writer.can_write_eof():
                    writer.write_eof()
            except (ConnectionError, OSError, RuntimeError):
                pass

    async def handle(self, c_reader, c_writer):
        self.accepted += 1
        index = self.accepted
        if index >= self.args.max_connections:
            self.stop.set()
        try:
            s_reader, s_writer = await asyncio.open_connection(HOST, self.args.target)
        except OSError:
            c_writer.close()
            return
        c2s, s2c = bytearray(), bytearray()
        await asyncio.gather(self.pump(c_reader, s_writer, c2s), self.pump(s_reader, c_writer, s2c))
        for w in (c_writer, s_writer):
            w.close()
        if c2s or s2c:
            base = os.path.join(self.args.out, f"{index:06d}")
            for suffix, data in (("c2s", c2s), ("s2c", s2c)):
                with open(f"{base}.{suffix}", "wb") as f:
                    f.write(data)
            self.recorded += 1

    async def run(self):
        server = await asyncio.start_server(self.handle, HOST, self.args.listen)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop.set)
        try:
            await asyncio.wait_for(self.stop.wait(), self.args.max_seconds)
        except asyncio.TimeoutError:
            pass
        server.close()
        # Let connections in flight finish (each is bounded by the idle timeout).
        await asyncio.sleep(0.5)
        print(f"record_proxy: {self.recorded} connections recorded of {self.accepted} accepted", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", type=int, required=True)
    p.add_argument("--target", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--max-connections", type=int, default=20000)
    p.add_argument("--max-seconds", type=float, default=1800)
    p.add_argument("--max-bytes", type=int, default=1 << 20)
    p.add_argument("--idle-seconds", type=float, default=30)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    asyncio.run(Recorder(args).run())


if __name__ == "__main__":
    main()
