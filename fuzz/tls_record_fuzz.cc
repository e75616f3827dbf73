// Fuzzes record deprotection (RFC 8446 §5.2, §5.4) with a fixed key: the
// input is the record stream from the peer. Nearly every record fails its
// tag, so the input's first byte may ask to seal the rest first, which sends
// valid ciphertext through the inner-plaintext parsing. The first byte also
// sets the size of the chunks the stream is fed in.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/provider.h"
#include "tls/record/deframer.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/io_buffer.h"
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
    IoBuffer sealed;
    if (!write_records(type, rest, &writer, sealed)) return 0;
    wire.assign(sealed.data().begin(), sealed.data().end());
  } else {
    wire.assign(rest.begin(), rest.end());
  }

  Deframer deframer;
  HandshakeReassembler reassembler;
  deframer.install_read_protection(make_protection(), std::move(reassembler.at_key_change_boundary()).value());
  IoBuffer plaintext;
  // Fed in chunks, so records also arrive split across feeds.
  const size_t chunk = size_t{data[0]} * 67 + 1;
  std::span<const uint8_t> in(wire);
  while (!in.empty()) {
    std::span<const uint8_t> fed = in.first(std::min(chunk, in.size()));
    in = in.subspan(fed.size());
    for (;;) {
      const size_t unread = plaintext.size();
      auto rec = deframer.next(fed, plaintext);
      if (!rec) {
        if (plaintext.size() != unread) __builtin_trap();  // a failed record leaves no plaintext
        return 0;
      }
      if (!rec->has_value()) break;
      const Record& r = **rec;
      if (r.fragment.size() > kMaxPlaintext) __builtin_trap();
      // Decrypted content, and only it, was appended to the plaintext buffer.
      if (r.encrypted && (plaintext.size() != unread + r.fragment.size() ||
                          (!r.fragment.empty() && r.fragment.data() != plaintext.data().data() + unread))) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
