// Fuzzes record deprotection (RFC 8446 §5.2, §5.4) with a fixed key: the
// input is the record stream from the peer. Nearly every record fails its
// tag, so the input's first byte may ask to seal the rest first, which sends
// valid ciphertext through the inner-plaintext parsing.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/provider.h"
#include "tls/record/deframer.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/record_protection.h"
#include "tls/record/record_writer.h"

using namespace parley::tls::record;

namespace {

RecordProtection make_protection() {
  const auto& aead = *parley::crypto::openssl_provider().aead(parley::crypto::AeadAlg::aes_128_gcm);
  const std::vector<uint8_t> key(16, 0x11), iv(12, 0x22);
  return std::move(RecordProtection::create(aead, key, iv)).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::vector<uint8_t> wire;
  std::span<const uint8_t> rest(data + 1, size - 1);
  if (data[0] & 1) {
    // Seal the input as records of the type the second byte names (inner
    // type and padding are then the fuzzer's), so opening always authenticates.
    auto writer = make_protection();
    writer.set_padding({.multiple = size_t{data[0]} >> 1});
    const auto type = static_cast<ContentType>(rest.empty() ? 23 : rest[0]);
    if (!write_records(type, rest, &writer, wire)) return 0;
  } else {
    wire.assign(rest.begin(), rest.end());
  }

  Deframer deframer;
  HandshakeReassembler reassembler;
  deframer.install_read_protection(make_protection(), std::move(reassembler.at_key_change_boundary()).value());
  std::span<const uint8_t> in(wire);
  while (!in.empty()) {
    in = in.subspan(deframer.feed(in));
    for (;;) {
      auto rec = deframer.next();
      if (!rec) return 0;
      if (!rec->has_value()) break;
      if ((*rec)->fragment.size() > kMaxPlaintext) __builtin_trap();
    }
  }
  return 0;
}
