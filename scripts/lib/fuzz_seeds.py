#!/usr/bin/env python3
"""Turns recorded TLS 1.3 connections (record_proxy.py's NNNNNN.c2s/.s2c pairs) into
seeds for parley's connection fuzzers.

The fuzzers run on the fuzzing provider (src/crypto/testing/fuzzing.h): a null AEAD
(a record's "ciphertext" is its TLSInnerPlaintext followed by a zero tag, any tag
opens), Finished verify_data of all zeros and signatures that always verify. A real
peer's encrypted records mean nothing there, so each recorded record is decrypted with
the secrets of an SSLKEYLOGFILE and sealed again the null way:

  --role server   the client's bytes (.c2s), for fuzz/tls_server_fuzz.cc;
  --role client   the server's bytes (.s2c), for fuzz/tls_client_fuzz.cc.

What is changed besides the sealing, so that the fuzzed peer follows the recorded one:
  - every Finished verify_data becomes zeros (its length is kept);
  - server role: the fuzz server always sends a CertificateRequest (optional client
    auth), so a client that sent no Certificate gets an empty one (RFC 8446 4.4.2)
    before its Finished;
  - client role: the fuzz client sends no legacy_session_id (no middlebox
    compatibility), so ServerHello's legacy_session_id_echo is emptied (RFC 8446 4.1.3).
Records that do not decrypt (tlsfuzzer's deliberately broken ones, 0-RTT data the
server skipped) are left out; a seed stops at --max-bytes (default 8 KiB, which keeps
the corpus small and loses almost no coverage), at a record boundary.
Seeds are named by their SHA-1, so identical ones collapse.

With --messages DIR, the handshake messages inside the seeds also become seeds for
the parser fuzzers: DIR/parley_tls_handshake_fuzz (HandshakeType, body),
DIR/parley_tls_extensions_fuzz (MessageKind, extensions block) and
DIR/parley_tls_deframer_fuzz (the seed's records, fed 256 bytes at a time); those
longer than --max-bytes are left out.

  fuzz_seeds.py --role server --keylog KEYLOG --out DIR [--messages DIR] RECORDING_DIR...
"""
import argparse
import hashlib
import hmac
import os
import struct
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM, ChaCha20Poly1305

# RFC 8446 B.4: suite -> (AEAD, key length, hash)
SUITES = {
    0x1301: (AESGCM, 16, "sha256"),
    0x1302: (AESGCM, 32, "sha384"),
    0x1303: (ChaCha20Poly1305, 32, "sha256"),
    0x1304: (AESCCM, 16, "sha256"),
}
TAG_LEN = 16
CHANGE_CIPHER_SPEC, ALERT, HANDSHAKE, APPLICATION_DATA = 20, 21, 22, 23
CLIENT_HELLO, SERVER_HELLO, NEW_SESSION_TICKET, ENCRYPTED_EXTENSIONS = 1, 2, 4, 8
CERTIFICATE, CERTIFICATE_REQUEST, FINISHED, KEY_UPDATE = 11, 13, 20, 24
# src/tls/wire/extensions.h MessageKind, the first byte of an extensions fuzzer input
KIND_CH, KIND_SH, KIND_HRR, KIND_EE, KIND_CR, KIND_NST = 0, 1, 2, 3, 5, 6
# RFC 8446 4.1.3: the ServerHello.random of a HelloRetryRequest
HRR_RANDOM = bytes.fromhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C")
EMPTY_CERTIFICATE = bytes([CERTIFICATE, 0, 0, 4, 0, 0, 0, 0])


def hkdf_expand_label(secret, label, length, hash_name):
    """RFC 8446 7.1 HKDF-Expand-Label with an empty context."""
    full = b"tls13 " + label
    info = struct.pack(">HB", length, len(full)) + full + b"\x00"
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(secret, block + info + bytes([i]), hash_name).digest()
        out += block
        i += 1
    return out[:length]


def split_records(stream):
    """TLSPlaintext records (RFC 8446 5.1); a trailing partial record is dropped."""
    records, pos = [], 0
    while pos + 5 <= len(stream):
        ctype, version, length = struct.unpack(">BHH", stream[pos:pos + 5])
        if pos + 5 + length > len(stream):
            break
        records.append((ctype, version, bytearray(stream[pos + 5:pos + 5 + length])))
        pos += 5 + length
    return records


def handshake_messages(body):
    """Whole handshake messages of one record as (type, offset, length); None if one is cut."""
    out, pos = [], 0
    while pos < len(body):
        if pos + 4 > len(body):
            return None
        length = int.from_bytes(body[pos + 1:pos + 4], "big")
        if pos + 4 + length > len(body):
            return None
        out.append((body[pos], pos, length))
        pos += 4 + length
    return out


def leading_handshake(records):
    """The plaintext handshake bytes before the first encrypted record."""
    out = bytearray()
    for ctype, _, body in records:
        if ctype == APPLICATION_DATA:
            break
        if ctype == HANDSHAKE:
            out += body
    return bytes(out)


def client_random(c2s_records):
    hs = leading_handshake(c2s_records)
    if len(hs) < 4 + 2 + 32 or hs[0] != CLIENT_HELLO:
        return None
    return hs[6:38]


def negotiated_suite(s2c_records):
    """The cipher suite of the last ServerHello that is not a HelloRetryRequest."""
    hs, pos, suite = leading_handshake(s2c_records), 0, None
    while pos + 4 <= len(hs):
        length = int.from_bytes(hs[pos + 1:pos + 4], "big")
        body = hs[pos + 4:pos + 4 + length]
        if hs[pos] == SERVER_HELLO and len(body) >= 35 and body[2:34] != HRR_RANDOM:
            sid_end = 35 + body[34]
            if len(body) >= sid_end + 2:
                suite = int.from_bytes(body[sid_end:sid_end + 2], "big")
        pos += 4 + length
    return suite


def read_keylog(path):
    """SSLKEYLOGFILE: client_random -> [{label: secret}, ...], one dict per connection
    in the order logged (tlsfuzzer sends an all-zero random, so one random may
    stand for thousands of connections)."""
    secrets = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or line.startswith("#"):
                continue
            sets = secrets.setdefault(bytes.fromhex(parts[1]), [{}])
            if parts[0] in sets[-1]:
                sets.append({})
            sets[-1][parts[0]] = bytes.fromhex(parts[2])
    return secrets


class KeyLog:
    """Finds a connection's secrets: the set whose server handshake key opens the
    server's first encrypted record. Connections are logged in the order they were
    recorded, so the search starts after the last match."""

    def __init__(self, path):
        self.sets = read_keylog(path)
        self.next = {}

    def find(self, random, suite, s2c_records):
        candidates = self.sets.get(random, [])
        first = next((r for r in s2c_records if r[0] == APPLICATION_DATA), None)
        if first is None or suite not in SUITES:
            return None
        header = struct.pack(">BHH", first[0], first[1], len(first[2]))
        start = self.next.get(random, 0)
        for k in range(len(candidates)):
            i = (start + k) % len(candidates)
            if Direction(suite, candidates[i], "SERVER").open(header, first[2]) is not None:
                self.next[random] = i + 1
                return candidates[i]
        return None


class Direction:
    """One sender's traffic keys: handshake epoch, then application epochs (RFC 8446 7.2)."""

    def __init__(self, suite, secrets, sender):
        self.aead, self.key_len, self.hash = SUITES[suite]
        self.secret = secrets.get(f"{sender}_HANDSHAKE_TRAFFIC_SECRET")
        self.next_secret = secrets.get(f"{sender}_TRAFFIC_SECRET_0")
        self.handshaking = True
        self._install()

    def _install(self):
        self.seq = 0
        if self.secret is None:
            self.cipher = None
            return
        self.cipher = self.aead(hkdf_expand_label(self.secret, b"key", self.key_len, self.hash))
        self.iv = hkdf_expand_label(self.secret, b"iv", 12, self.hash)

    def open(self, header, body):
        if self.cipher is None:
            return None
        nonce = bytes(a ^ b for a, b in zip(self.iv, (0).to_bytes(4, "big") + self.seq.to_bytes(8, "big")))
        try:
            plain = self.cipher.decrypt(nonce, bytes(body), header)
        except Exception:  # InvalidTag, or a record too short for a tag
            return None
        self.seq += 1
        return plain

    def after_finished(self):
        if self.handshaking:
            self.handshaking = False
            self.secret = self.next_secret
            self._install()

    def after_key_update(self):
        if not self.handshaking and self.secret is not None:
            self.secret = hkdf_expand_label(self.secret, b"traffic upd", len(self.secret), self.hash)
            self._install()


class Record:
    def __init__(self, ctype, version, body, inner_type=None, padding=0):
        self.ctype, self.version, self.body = ctype, version, body
        self.inner_type, self.padding = inner_type, padding

    def wire(self):
        if self.inner_type is None:
            payload = bytes(self.body)
        else:  # null AEAD: TLSInnerPlaintext, then a zero tag
            payload = bytes(self.body) + bytes([self.inner_type]) + bytes(self.padding) + bytes(TAG_LEN)
        return struct.pack(">BHH", self.ctype, self.version, len(payload)) + payload


class HandshakeTracker:
    """Follows the handshake messages of encrypted records across record boundaries,
    zeroes Finished verify_data in place and reports Finished/KeyUpdate per record."""

    def __init__(self):
        self.refs = []  # (record body, index) of the bytes of an incomplete message
        self.types_seen = set()

    def feed(self, body):
        events = []
        starts_at_record = not self.refs
        self.refs.extend((body, i) for i in range(len(body)))
        while len(self.refs) >= 4:
            hdr = [r[i] for r, i in self.refs[:4]]
            length = int.from_bytes(bytes(hdr[1:4]), "big")
            if len(self.refs) < 4 + length:
                break
            if hdr[0] == FINISHED:
                for r, i in self.refs[4:4 + length]:
                    r[i] = 0
            events.append((hdr[0], starts_at_record))
            self.types_seen.add(hdr[0])
            starts_at_record = False
            del self.refs[:4 + length]
        return events


def empty_session_id_echo(records):
    """Client role: ServerHello/HRR with an empty legacy_session_id_echo."""
    for rec in records:
        if rec.ctype != HANDSHAKE or rec.inner_type is not None:
            continue
        msgs = handshake_messages(rec.body)
        if not msgs:
            continue
        out = bytearray()
        for mtype, off, length in msgs:
            msg = rec.body[off:off + 4 + length]
            if mtype == SERVER_HELLO and length >= 35 and msg[4 + 34] > 0:
                body = msg[4:4 + 35] + msg[4 + 35 + msg[4 + 34]:]
                body[34] = 0
                msg = bytearray([SERVER_HELLO]) + len(body).to_bytes(3, "big") + body
            out += msg
        rec.body = out


def convert(c2s, s2c, role, keylog, max_bytes):
    c_records, s_records = split_records(c2s), split_records(s2c)
    sender, records = ("CLIENT", c_records) if role == "server" else ("SERVER", s_records)
    random, suite = client_random(c_records), negotiated_suite(s_records)
    secrets = keylog.find(random, suite, s_records)
    keys = Direction(suite, secrets, sender) if secrets else None
    tracker, out = HandshakeTracker(), []
    for ctype, version, body in records:
        if ctype != APPLICATION_DATA:
            out.append(Record(ctype, version, body))
            continue
        plain = keys.open(struct.pack(">BHH", ctype, version, len(body)), body) if keys else None
        if plain is None:
            continue
        content = plain.rstrip(b"\x00")
        if not content:
            continue
        rec = Record(APPLICATION_DATA, version, bytearray(content[:-1]), content[-1], len(plain) - len(content))
        events = tracker.feed(rec.body) if rec.inner_type == HANDSHAKE else []
        for mtype, at_record_start in events:
            if (mtype == FINISHED and role == "server" and keys.handshaking and at_record_start
                    and CERTIFICATE not in tracker.types_seen):
                out.append(Record(APPLICATION_DATA, version, bytearray(EMPTY_CERTIFICATE), HANDSHAKE))
        out.append(rec)
        for mtype, _ in events:
            if mtype == FINISHED:
                keys.after_finished()
            elif mtype == KEY_UPDATE:
                keys.after_key_update()
    if role == "client":
        empty_session_id_echo(out)
    seed = b""
    for rec in out:
        wire = rec.wire()
        if len(seed) + len(wire) > max_bytes:
            break
        seed += wire
    return seed


def seed_messages(seed):
    """The whole handshake messages of a seed, plaintext or null-sealed, as (type, body)."""
    stream = bytearray()
    for ctype, _, body in split_records(seed):
        if ctype == HANDSHAKE:
            stream += body
        elif ctype == APPLICATION_DATA and len(body) > TAG_LEN:
            inner = body[:-TAG_LEN].rstrip(b"\x00")
            if inner and inner[-1] == HANDSHAKE:
                stream += inner[:-1]
    out, pos = [], 0
    while pos + 4 <= len(stream):
        length = int.from_bytes(stream[pos + 1:pos + 4], "big")
        if pos + 4 + length > len(stream):
            break
        out.append((stream[pos], bytes(stream[pos + 4:pos + 4 + length])))
        pos += 4 + length
    return out


def skip_vectors(body, pos, prefixes):
    """The offset after the length-prefixed vectors at pos (RFC 8446 3.4), or None."""
    for n in prefixes:
        if pos + n > len(body):
            return None
        pos += n + int.from_bytes(body[pos:pos + n], "big")
    return pos if pos <= len(body) else None


def extensions_block(mtype, body):
    """(MessageKind, the extensions block with its length) of a message that has one (RFC 8446 4)."""
    if mtype == CLIENT_HELLO:
        return KIND_CH, skip_vectors(body, 34, (1, 2, 1))
    if mtype == SERVER_HELLO and len(body) >= 34:
        kind = KIND_HRR if body[2:34] == HRR_RANDOM else KIND_SH
        end = skip_vectors(body, 34, (1,))
        return kind, None if end is None else end + 3
    if mtype == ENCRYPTED_EXTENSIONS:
        return KIND_EE, 0
    if mtype == CERTIFICATE_REQUEST:
        return KIND_CR, skip_vectors(body, 0, (1,))
    if mtype == NEW_SESSION_TICKET:
        return KIND_NST, skip_vectors(body, 8, (1, 2))
    return None, None


def parser_seeds(seed):
    """Seeds for the parser fuzzers taken from one connection seed: target -> [input]."""
    out = {"parley_tls_handshake_fuzz": [], "parley_tls_extensions_fuzz": [],
           "parley_tls_deframer_fuzz": [bytes([1, 255]) + seed]}
    for mtype, body in seed_messages(seed):
        out["parley_tls_handshake_fuzz"].append(bytes([mtype]) + body)
        kind, at = extensions_block(mtype, body)
        if kind is not None and at is not None and at <= len(body):
            out["parley_tls_extensions_fuzz"].append(bytes([kind]) + body[at:])
    return out


class SeedDir:
    """Writes inputs named by their SHA-1 (as libFuzzer does), counting the new ones."""

    def __init__(self, path):
        self.path, self.written = path, 0
        os.makedirs(path, exist_ok=True)

    def add(self, data):
        name = os.path.join(self.path, hashlib.sha1(data).hexdigest())
        if data and not os.path.exists(name):
            with open(name, "wb") as f:
                f.write(data)
            self.written += 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--role", choices=("server", "client"), required=True,
                   help="the role of the fuzzed connection (server: keep what the client sent)")
    p.add_argument("--keylog", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--max-bytes", type=int, default=8192)
    p.add_argument("--messages", help="also write seeds for the message parser fuzzers under this directory")
    p.add_argument("recordings", nargs="+")
    args = p.parse_args()
    keylog = KeyLog(args.keylog)
    seeds = SeedDir(args.out)
    parsers = {}
    for d in args.recordings:
        for name in sorted(os.listdir(d)):
            if not name.endswith(".c2s"):
                continue
            base = os.path.join(d, name[:-4])
            with open(base + ".c2s", "rb") as f:
                c2s = f.read()
            with open(base + ".s2c", "rb") as f:
                s2c = f.read()
            seed = convert(c2s, s2c, args.role, keylog, args.max_bytes)
            seeds.add(seed)
            if args.messages and seed:
                for target, inputs in parser_seeds(seed).items():
                    out = parsers.setdefault(target, SeedDir(os.path.join(args.messages, target)))
                    for data in inputs:
                        if len(data) <= args.max_bytes:
                            out.add(data)
    print(f"fuzz_seeds: {seeds.written} new {args.role}-fuzzer seeds in {args.out}", file=sys.stderr)
    for target, out in sorted(parsers.items()):
        print(f"fuzz_seeds: {out.written} new {target} seeds in {out.path}", file=sys.stderr)


if __name__ == "__main__":
    main()
