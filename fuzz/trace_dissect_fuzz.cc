// The page's byte-level view of a handshake message (src/trace/dissect.cc)
// reads the peer's bytes: the first input byte is the HandshakeType, the rest
// the body. Every field must lie inside the message, and the message's own
// fields must follow each other without gaps or overlaps.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "trace/dissect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size - 1 > 0xffffff) return 0;
  const size_t body = size - 1;
  std::vector<uint8_t> message = {data[0], static_cast<uint8_t>(body >> 16), static_cast<uint8_t>(body >> 8),
                                  static_cast<uint8_t>(body)};
  message.insert(message.end(), data + 1, data + size);
  size_t end = 0;
  for (const auto& f : parley::trace::dissect(message)) {
    if (f.offset + f.length > message.size() || f.offset > message.size()) std::abort();
    if (f.depth == 0) {
      if (f.offset != end) std::abort();
      end = f.offset + f.length;
    }
  }
  if (end != message.size()) std::abort();
  return 0;
}
