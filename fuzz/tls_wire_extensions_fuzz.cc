// The generic extensions block parser for each message kind (first input
// byte), with the same encode / re-parse / re-encode stability check.
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

std::vector<uint8_t> encode(const Extensions& e, MessageKind kind) {
  Writer w;
  encode_extensions(e, kind, w);
  auto out = std::move(w).finish();
  check(out.has_value());
  return std::move(*out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto kind = static_cast<MessageKind>(data[0] % 7);
  Reader r(std::span<const uint8_t>(data + 1, size - 1));
  auto e = parse_extensions(r, kind);
  if (!e) return 0;
  const std::vector<uint8_t> first = encode(*e, kind);
  Reader r2(first);
  auto again = parse_extensions(r2, kind);
  check(again.has_value() && r2.empty());
  check(again->order.size() == e->order.size());
  check(encode(*again, kind) == first);
  return 0;
}
