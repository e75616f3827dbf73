// Writes a plaintext stream as records (RFC 8446 §5.1): fragments of at most
// 2^14 bytes, protected (§5.2) when write keys are given, appended to an
// output buffer. Each fragment goes from the caller's bytes straight into
// the output (sealed there, or copied once for TLSPlaintext); no allocation
// per record when the buffer has capacity.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/provider.h"
#include "tls/record/io_buffer.h"
#include "tls/record/record.h"
#include "tls/record/record_protection.h"

namespace parley::tls::record {

struct WriteOptions {
  // §5.1: 0x0303, or 0x0301 for the initial ClientHello's records.
  uint16_t legacy_version = kRecordVersion;
  // Largest content per record, 1..2^14 (record_size_limit, tests).
  size_t max_fragment = kMaxPlaintext;
};

// Appends `plaintext` of content type `type` to `out` as one or more
// records; nothing for empty input. With `protection` null the records are
// TLSPlaintext, otherwise TLSCiphertext (each sealed record advances the
// sequence number). `plaintext` must not lie in `out`. On error `out` is
// restored, but sealed records may have used sequence numbers: the
// connection must stop.
Result<void> write_records(ContentType type, crypto::ByteView plaintext, RecordProtection* protection, IoBuffer& out,
                           WriteOptions options = {});

// Bytes write_records() appends for `plaintext_len` bytes.
size_t records_size(size_t plaintext_len, const RecordProtection* protection, WriteOptions options = {});

}  // namespace parley::tls::record
