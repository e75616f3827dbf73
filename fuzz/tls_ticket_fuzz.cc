// The session-ticket opener (parley/session.h, tls/session/session_state.h):
// TicketKeys::open on the fuzzing provider, whose null AEAD opens any tag, so
// mutated tickets reach the session-state parser. What parses must re-encode
// to bytes that parse to the same encoding.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "crypto/testing/fuzzing.h"
#include "parley/session.h"
#include "tls/session/session_state.h"

namespace {

using namespace parley;

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static crypto::testing::FuzzingProvider provider(4);
  static const std::shared_ptr<TicketKeys> keys = TicketKeys::generate(provider.provider(), 1 << 30, 1 << 30);
  // The input follows a key id the keys hold, so that opening gets past the lookup.
  static const std::vector<uint8_t> key_id = [] {
    auto t = keys->seal({}, 0);
    check(t.has_value());
    return std::vector<uint8_t>(t->begin(), t->begin() + 8);
  }();
  std::vector<uint8_t> ticket = key_id;
  ticket.insert(ticket.end(), data, data + size);
  (void)keys->open(std::span<const uint8_t>(data, size), 0);  // as it came: mostly an unknown id
  auto plain = keys->open(ticket, 0);
  if (!plain) return 0;
  auto state = tls::session::parse_session_state(*plain);
  if (!state) return 0;
  auto encoded = tls::session::encode_session_state(*state);
  check(encoded.has_value());
  auto again = tls::session::parse_session_state(encoded->view());
  check(again.has_value());
  auto re_encoded = tls::session::encode_session_state(*again);
  check(re_encoded.has_value());
  check(std::equal(encoded->view().begin(), encoded->view().end(), re_encoded->view().begin(),
                   re_encoded->view().end()));
  return 0;
}
