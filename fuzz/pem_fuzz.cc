// Decodes arbitrary text as PEM and base64, and checks that what decodes
// round-trips through the encoders. Also exercises the RFC 3339 parser.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "der/pem.h"
#include "der/time.h"

namespace {

using namespace parley::der;

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)looks_like_pem(Input(data, size));

  if (auto blocks = pem_decode_all(text)) {
    check(!blocks->empty());
    for (const auto& block : *blocks) {
      check(is_valid_pem_label(block.label));
      const std::string pem = pem_encode(block.label, block.data);
      auto again = pem_decode_all(pem);
      check(again && again->size() == 1 && (*again)[0].label == block.label && (*again)[0].data == block.data);
      auto one = pem_decode_one(pem, block.label);
      check(one && *one == block.data);
    }
  }

  if (auto bytes = base64_decode(text)) check(base64_encode(*bytes) == text);  // strict base64 is canonical

  if (auto t = parse_rfc3339(text)) {
    auto again = parse_rfc3339(format_rfc3339(*t));
    check(again && *again == *t);
  }
  return 0;
}
