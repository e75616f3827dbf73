// The pre_shared_key extension (RFC 8446 §4.2.11): the input is its body,
// in the ClientHello form (OfferedPsks) or, when the first byte is odd, the
// ServerHello form (selected_identity). Beyond not crashing: identities and
// binders pair up, and the binders list is exactly the encoding's last
// binders_size() bytes, the suffix the §4.2.11.2 Truncated ClientHello
// leaves out (both the client's binder and the server's check rely on it).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "tls/wire/extensions.h"

namespace {

using namespace parley;
using namespace parley::tls::wire;

void check(bool ok) {
  if (!ok) std::abort();
}

constexpr uint16_t kPreSharedKey = static_cast<uint16_t>(ExtensionType::pre_shared_key);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 0xfff0) return 0;
  const MessageKind kind = data[0] & 1 ? MessageKind::server_hello : MessageKind::client_hello;
  const std::span<const uint8_t> body(data + 1, size - 1);
  // The block: one extension, pre_shared_key, with `body`.
  Writer w;
  {
    auto block = w.prefixed(2);
    w.u16(kPreSharedKey);
    auto ext = w.prefixed(2);
    w.bytes(body);
  }
  const auto block = std::move(w).finish();
  check(block.has_value());
  Reader r(*block);
  auto e = parse_extensions(r, kind);
  if (!e) return 0;
  check(r.empty());
  if (kind == MessageKind::server_hello) {
    check(e->selected_psk.has_value() && body.size() == 2);
    return 0;
  }
  check(e->pre_shared_key.has_value());
  const auto& psks = *e->pre_shared_key;
  check(!psks.identities.empty() && psks.identities.size() == psks.binders.size());
  for (const auto& b : psks.binders) check(b.size() >= 32 && b.size() <= 255);
  for (const auto& id : psks.identities) check(!id.identity.empty());
  // The encoded binders list is the block's suffix.
  Writer again;
  encode_extensions(*e, kind, again);
  const auto encoded = std::move(again).finish();
  check(encoded.has_value() && *encoded == *block);
  const size_t n = psks.binders_size();
  check(n <= encoded->size());
  Reader binders(std::span<const uint8_t>(*encoded).last(n));
  Reader list;
  check(binders.prefixed(2, list) && binders.empty());
  for (const auto& b : psks.binders) {
    std::span<const uint8_t> got;
    check(list.prefixed_bytes(1, got) && std::ranges::equal(got, b));
  }
  check(list.empty());
  return 0;
}
