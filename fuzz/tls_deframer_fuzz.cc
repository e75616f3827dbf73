// Fuzzes the TLS record deframer and handshake reassembler (RFC 8446 §5.1)
// on plaintext records: arbitrary bytes, fed in chunks whose sizes the input
// chooses, must never crash, hang or read out of bounds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "tls/record/deframer.h"
#include "tls/record/dos_counters.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/io_buffer.h"

using namespace parley::tls::record;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Deframer deframer;
  // As a server that rejected announced 0-RTT: application_data records
  // before the keys are skipped, up to the bound.
  if (data[0] & 1) deframer.skip_early_data(kMaxSkippedEarlyData);
  HandshakeReassembler reassembler(4096);  // a small cap so the limit is reached
  DosCounters counters;
  const size_t chunk = size_t{data[1]} + 1;
  std::span<const uint8_t> in(data + 2, size - 2);

  IoBuffer plaintext;  // no read keys here: nothing is decrypted into it

  while (!in.empty()) {
    std::span<const uint8_t> fed = in.first(std::min(chunk, in.size()));
    in = in.subspan(fed.size());
    for (;;) {
      auto rec = deframer.next(fed, plaintext);
      if (!rec) return 0;  // the connection would send rec.error().alert and stop
      if (!rec->has_value()) break;
      const Record& r = **rec;
      if (!counters.on_record(r)) return 0;
      if (r.type != ContentType::handshake) {
        if (!reassembler.check_other_record_allowed()) return 0;
        if (r.type == ContentType::alert) (void)parse_alert(r.fragment);
        continue;
      }
      if (!reassembler.add(r.fragment)) return 0;
      while (auto m = reassembler.next()) {
        if (m->message.size() != m->body.size() + 4) __builtin_trap();
        if (m->type == parley::tls::wire::HandshakeType::key_update && !counters.on_key_update()) return 0;
      }
      (void)reassembler.at_key_change_boundary();
    }
    if (!fed.empty() || !plaintext.empty()) __builtin_trap();
  }
  return 0;
}
